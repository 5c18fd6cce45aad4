#include "metrics/drilldown.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

#include "calendar/business_calendar.h"
#include "calendar/period.h"
#include "calendar/time_zone.h"
#include "engine/customer_order.h"
#include "metrics/contact_outcome.h"

namespace cx {

namespace {

// What decides a metric's membership: ContactJudge, RepeatAt, or JudgeSurvey.
enum class Basis { kContact, kRepeat, kSurvey };

enum class Metric {
  kAbandonRate,
  kCesShare5plus,
  kCsat,
  kFcr,
  kFcrSameReason,
  kNps,
  kNpsDetractors,
  kNpsPromoters,
  kRepeatRate,
  kResponseWithin,
  kServiceLevel,
  kTransferRate,
};

struct MetricDef {
  std::string_view name;
  Metric metric;
  Basis basis;
};

// Sorted by name.
constexpr std::array<MetricDef, 12> kMetrics = {{
    {"abandon_rate", Metric::kAbandonRate, Basis::kContact},
    {"ces_share_5plus", Metric::kCesShare5plus, Basis::kSurvey},
    {"csat", Metric::kCsat, Basis::kSurvey},
    {"fcr", Metric::kFcr, Basis::kRepeat},
    {"fcr_same_reason", Metric::kFcrSameReason, Basis::kRepeat},
    {"nps", Metric::kNps, Basis::kSurvey},
    {"nps_detractors", Metric::kNpsDetractors, Basis::kSurvey},
    {"nps_promoters", Metric::kNpsPromoters, Basis::kSurvey},
    {"repeat_rate", Metric::kRepeatRate, Basis::kRepeat},
    {"response_within", Metric::kResponseWithin, Basis::kContact},
    {"service_level", Metric::kServiceLevel, Basis::kContact},
    {"transfer_rate", Metric::kTransferRate, Basis::kContact},
}};

constexpr std::array<std::string_view, kMetrics.size()> kMetricNames = [] {
  std::array<std::string_view, kMetrics.size()> names{};
  for (size_t i = 0; i < kMetrics.size(); ++i) names[i] = kMetrics[i].name;
  return names;
}();

Result<const MetricDef*> FindMetricDef(std::string_view name) {
  for (const MetricDef& m : kMetrics) {
    if (m.name == name) return &m;
  }
  return InvalidArgument("metric '{}' has no drill-down; one of: {}", name,
                         fmt::join(kMetricNames, ", "));
}

// Membership of one contact or response: in the denominator at all, and its weight in the
// numerator (1 counts, 0 does not, -1 subtracts: an nps detractor).
struct Membership {
  bool in_denominator = false;
  int weight = 0;
};

Membership OfContact(Metric m, const ContactOutcome& o) {
  switch (m) {
    case Metric::kAbandonRate:
      return {o.in_abandon_rate(), o.in_abandon_rate() && o.abandoned};
    case Metric::kTransferRate:
      return {o.handled(), o.transferred};
    case Metric::kServiceLevel:
      return {o.service_level == TargetOutcome::kHit || o.service_level == TargetOutcome::kMiss,
              o.service_level == TargetOutcome::kHit};
    case Metric::kResponseWithin:
      return {o.response == TargetOutcome::kHit || o.response == TargetOutcome::kMiss,
              o.response == TargetOutcome::kHit};
    default:
      return {};
  }
}

// fcr and fcr_same_reason count the resolved, repeat_rate the repeated (golden rule 26); the
// denominator is both, pending contacts are out.
Membership OfRepeat(Metric m, RepeatState state) {
  const bool known = state == RepeatState::kResolved || state == RepeatState::kRepeated;
  const RepeatState counted =
      m == Metric::kRepeatRate ? RepeatState::kRepeated : RepeatState::kResolved;
  return {known, known && state == counted};
}

Membership OfSurvey(Metric m, const SurveyOutcome& o) {
  switch (m) {
    case Metric::kNps:
      return {o.has_nps, o.promoter ? 1 : o.detractor ? -1 : 0};
    case Metric::kNpsPromoters:
      return {o.has_nps, o.promoter};
    case Metric::kNpsDetractors:
      return {o.has_nps, o.detractor};
    case Metric::kCsat:
      return {o.has_csat, o.satisfied};
    case Metric::kCesShare5plus:
      return {o.has_ces, o.ces_5plus};
    default:
      return {};
  }
}

// ---- Plain-language reasons -------------------------------------------------------------

// Seconds with up to six decimals, trailing zeros cut: "34 s", "20.001 s".
std::string Seconds(Micros d) {
  std::string out = fmt::format("{}", d / kMicrosPerSecond);
  if (const Micros frac = d % kMicrosPerSecond; frac != 0) {
    std::string digits = fmt::format("{:06}", frac);
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out + " s";
}

// "2 days 3 h", "5 h 12 min", "34 s": the `units` largest units from the first non-zero one
// (zero units not shown), seconds with their fraction. `days`: false counts hours past 24
// (business time has no days).
std::string Duration(Micros d, int units, bool days) {
  if (d < 0) return "-" + Duration(-d, units, days);
  constexpr Micros kMinute = 60 * kMicrosPerSecond;
  if (d < kMinute) return Seconds(d);
  struct Unit {
    Micros size;
    std::string_view one, many;
  };
  const Unit all[] = {
      {kMicrosPerDay, " day", " days"}, {kMicrosPerHour, " h", " h"}, {kMinute, " min", " min"}};
  std::string out;
  int shown = 0;
  for (const Unit& u : all) {
    if (u.size == kMicrosPerDay && !days) continue;
    const Micros n = d / u.size;
    d %= u.size;
    if (n == 0 && shown == 0) continue;
    if (shown++ == units) return out;
    if (n > 0) out += fmt::format("{}{}{}", out.empty() ? "" : " ", n, n == 1 ? u.one : u.many);
  }
  if (shown < units && d > 0) out += " " + Seconds(d);
  return out;
}

class Explainer {
 public:
  Explainer(const ContactTable& t, const MetricSettings& s, const DrilldownRequest& r)
      : t_(t), s_(s), r_(r) {}

  std::string Contact(Metric m, size_t i, const ContactOutcome& o) const {
    const std::string lasted =
        t_.ended[i] != kNull ? " after " + Duration(t_.ended[i] - t_.arrived[i], 2, true) : "";
    switch (m) {
      case Metric::kAbandonRate:
        if (!o.abandoned) {
          return o.answered ? "answered after " + Duration(o.wait, 2, true)
                            : "handled, not abandoned";
        }
        if (t_.ended[i] == kNull) return "abandoned; no end time, so not a short abandon";
        return fmt::format("abandoned{} (short abandons, under {}, are left out)", lasted,
                           Seconds(s_.short_abandon));
      case Metric::kTransferRate:
        return o.transferred ? "handled, then transferred" : "handled without a transfer";
      case Metric::kServiceLevel: {
        const std::string target = "target " + Seconds(s_.service_level_threshold);
        if (o.answered) {
          return fmt::format("answered after {}, {}", Duration(o.wait, 2, true), target);
        }
        if (o.abandoned) return fmt::format("abandoned{} without an answer, {}", lasted, target);
        return "no answer recorded, " + target;
      }
      case Metric::kResponseWithin: {
        const bool business = s_.response_time == ElapsedTime::kBusiness;
        const std::string elapsed =
            Duration(o.response_elapsed, 3, !business) + (business ? " of business time" : "");
        const std::string target = "target " + Duration(s_.response_target, 3, !business) +
                                   (business ? " (business time)" : "");
        if (o.answered) return fmt::format("answered after {}, {}", elapsed, target);
        return fmt::format("no answer by the end of the data ({}), {}", elapsed, target);
      }
      default:
        return "";
    }
  }

  std::string Repeat(Metric m, size_t i, RepeatState state, uint32_t repeat) const {
    const bool same_reason = m == Metric::kFcrSameReason;
    const std::string window = Duration(s_.repeat_window, 2, true);
    if (state == RepeatState::kResolved) {
      if (same_reason) {
        return fmt::format(
            "no other contact from the customer about the same reason ('{}') "
            "within {}",
            t_.reasons[t_.reason[i]], window);
      }
      return "no other contact from the customer within " + window;
    }
    std::string who;
    if (t_.partner[repeat] == t_.partner[i]) {
      who = fmt::format("same partner, contact {}", t_.contact_id[repeat]);
    } else if (r_.name_other_partners) {
      who = fmt::format("{}, contact {}", t_.partners[t_.partner[repeat]], t_.contact_id[repeat]);
    } else {
      who = "another partner";
    }
    return fmt::format("customer contacted again{} {} later ({})",
                       same_reason ? " about the same reason" : "",
                       Duration(t_.arrived[repeat] - t_.arrived[i], 2, true), who);
  }

  // The words follow JudgeSurvey's decision `o`; only the ranges quoted are spelled here.
  static std::string Survey(Metric m, const SurveyTable& sv, size_t k, const SurveyOutcome& o) {
    const int nps = sv.nps[k], csat = sv.csat[k], ces = sv.ces[k];
    switch (m) {
      case Metric::kNps:
        if (o.promoter) return fmt::format("scored {}: a promoter (9-10), counts +1", nps);
        if (o.detractor) return fmt::format("scored {}: a detractor (0-6), counts -1", nps);
        return fmt::format("scored {}: passive (7-8), counts neither way", nps);
      case Metric::kNpsPromoters:
        return fmt::format("scored {}: {}", nps,
                           o.promoter ? "a promoter (9-10)" : "not a promoter (9-10)");
      case Metric::kNpsDetractors:
        return fmt::format("scored {}: {}", nps,
                           o.detractor ? "a detractor (0-6)" : "not a detractor (0-6)");
      case Metric::kCsat:
        return fmt::format(
            "rated {} of 5; {}", csat,
            o.satisfied ? "4-5 counts as satisfied" : "only 4-5 counts as satisfied");
      case Metric::kCesShare5plus:
        return fmt::format("effort score {} of 7; {}", ces,
                           o.ces_5plus ? "5 or more counts" : "only 5 or more counts");
      default:
        return "";
    }
  }

 private:
  const ContactTable& t_;
  const MetricSettings& s_;
  const DrilldownRequest& r_;
};

// One contact or response in the denominator.
struct Item {
  uint32_t row = 0;
  int64_t survey = -1;
  int weight = 0;
  RepeatState state = RepeatState::kNotApplicable;
  uint32_t repeat = 0;
};

// The period's bounds in the store's terms, one day wider on each side: the rows are then
// filtered with PeriodIndex, exactly as Score groups them.
struct PeriodRange {
  int64_t index = 0;
  Micros from = 0, to = 0;
};

Result<PeriodRange> RangeOf(const MetricSettings& s, std::string_view period) {
  ASSIGN_OR_RETURN(const TimeZone* tz, TimeZone::Find(s.time_zone));
  std::optional<int64_t> index = ParsePeriod(s.period, period);
  if (!index) {
    const std::string_view example = s.period == PeriodKind::kMonth  ? "2026-03"
                                     : s.period == PeriodKind::kWeek ? "2026-W10"
                                                                     : "2026-03-02";
    return InvalidArgument("period '{}' is not a {} like {}", period, PeriodKindName(s.period),
                           example);
  }
  return PeriodRange{*index, PeriodStart(*tz, s.period, *index) - kMicrosPerDay,
                     PeriodEnd(*tz, s.period, *index) + kMicrosPerDay};
}

}  // namespace

std::span<const std::string_view> DrilldownMetrics() { return kMetricNames; }

Result<Drilldown> DrillDown(const Dataset& data, Micros horizon, const MetricSettings& s,
                            const DrilldownRequest& r) {
  ASSIGN_OR_RETURN(const MetricDef* def, FindMetricDef(r.metric));
  if (r.offset < 0 || r.limit < 0) return InvalidArgument("offset and limit must be >= 0");
  ASSIGN_OR_RETURN(const TimeZone* tz, TimeZone::Find(s.time_zone));
  ASSIGN_OR_RETURN(PeriodRange range, RangeOf(s, r.period));
  const ContactTable& t = data.contacts;
  const uint32_t partner = t.partners.Find(r.partner);
  std::vector<bool> target(t.size(), false);
  Micros lo = horizon, hi = horizon;
  bool any = false;
  for (size_t i = 0; i < t.size(); ++i) {
    for (Micros v : {t.arrived[i], t.sent[i], t.answered[i], t.ended[i]}) {
      if (v == kNull) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (t.partner[i] == partner && PeriodIndex(*tz, s.period, t.arrived[i]) == range.index) {
      target[i] = true;
      any = true;
    }
  }
  if (partner == kNoId || !any) return NotFound("no contacts of this partner in this period");
  // As Score builds it (every instant judged, and the horizon, inside the table).
  ASSIGN_OR_RETURN(BusinessCalendar cal,
                   BusinessCalendar::Build(s.calendar, lo - 8 * kMicrosPerDay,
                                           hi + 8 * kMicrosPerDay + s.response_target * 4));
  const ContactJudge judge(s, cal, horizon);

  std::vector<Item> items;
  switch (def->basis) {
    case Basis::kContact:
      for (uint32_t i = 0; i < t.size(); ++i) {
        if (!target[i]) continue;
        const Membership m = OfContact(def->metric, judge(t, i));
        if (m.in_denominator) items.push_back({i, -1, m.weight});
      }
      break;
    case Basis::kRepeat: {
      const Column<uint32_t> order = OrderByCustomer(t);
      const bool same_reason = def->metric == Metric::kFcrSameReason;
      for (size_t k = 0; k < order.size(); ++k) {
        if (!target[order[k]]) continue;
        uint32_t repeat = 0;
        const RepeatState state =
            RepeatAt(t, order, k, RepeatOptionsOf(s), horizon, same_reason, &repeat);
        const Membership m = OfRepeat(def->metric, state);
        if (m.in_denominator) items.push_back({order[k], -1, m.weight, state, repeat});
      }
      break;
    }
    case Basis::kSurvey: {
      const SurveyTable& sv = data.surveys;
      for (size_t k = 0; k < sv.size(); ++k) {
        const SurveyOutcome o = JudgeSurvey(sv, k);
        if (!o.linked || !target[static_cast<size_t>(sv.contact[k])]) continue;
        const Membership m = OfSurvey(def->metric, o);
        if (m.in_denominator) {
          items.push_back(
              {static_cast<uint32_t>(sv.contact[k]), static_cast<int64_t>(k), m.weight});
        }
      }
      break;
    }
  }

  Drilldown out;
  out.horizon = horizon;
  out.total = static_cast<int64_t>(items.size());
  for (const Item& it : items) out.in_numerator += it.weight;
  const auto first = items.begin() + std::min<int64_t>(r.offset, out.total);
  const auto last = first + std::min<int64_t>(r.limit, items.end() - first);
  // Only the page is ordered and explained.
  std::partial_sort(items.begin(), last, items.end(), [&](const Item& a, const Item& b) {
    if (t.arrived[a.row] != t.arrived[b.row]) return t.arrived[a.row] < t.arrived[b.row];
    if (a.row != b.row) return t.contact_id[a.row] < t.contact_id[b.row];
    return a.survey < b.survey;
  });
  const Explainer explain(t, s, r);
  for (auto it = first; it != last; ++it) {
    const uint32_t i = it->row;
    DrilldownEntry e;
    e.contact_id = std::string(t.contact_id[i]);
    e.arrived_at = t.arrived[i];
    e.channel = ChannelName(t.channel[i]);
    if (t.queue[i] != kNoId) e.queue = std::string(t.queues[t.queue[i]]);
    e.in_numerator = it->weight > 0;
    e.against_numerator = it->weight < 0;
    switch (def->basis) {
      case Basis::kContact:
        e.why = explain.Contact(def->metric, i, judge(t, i));
        break;
      case Basis::kRepeat:
        e.why = explain.Repeat(def->metric, i, it->state, it->repeat);
        break;
      case Basis::kSurvey: {
        const size_t k = static_cast<size_t>(it->survey);
        e.why = Explainer::Survey(def->metric, data.surveys, k, JudgeSurvey(data.surveys, k));
        break;
      }
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

Result<Drilldown> DrillDownStore(Store& store, const MetricSettings& s, const DrilldownRequest& r) {
  ASSIGN_OR_RETURN(const MetricDef* def, FindMetricDef(r.metric));
  ASSIGN_OR_RETURN(PeriodRange range, RangeOf(s, r.period));
  ContactSliceQuery query;
  query.partner = r.partner;
  query.from = range.from;
  query.to = range.to;
  // A repeat of a contact at t arrives in (t, t + W]: at most W after the period.
  query.follow = def->basis == Basis::kRepeat ? s.repeat_window : 0;
  query.surveys = def->basis == Basis::kSurvey;
  ContactTableBuilder contacts;
  SurveyTableBuilder surveys(&contacts);  // Links while the contacts' key index is live.
  ASSIGN_OR_RETURN(ContactSliceInfo info,
                   store.ScanContactSlice(query, [&](Kind kind, const std::vector<Value>& row) {
                     if (kind == Kind::kContacts) {
                       contacts.Add(row);
                     } else {
                       surveys.Add(row);
                     }
                   }));
  if (!info.horizon) return NotFound("no contacts of this partner in this period");
  Dataset data;
  data.surveys = surveys.Finish();
  data.contacts = contacts.Finish();
  ASSIGN_OR_RETURN(Drilldown out, DrillDown(data, *info.horizon, s, r));
  out.data_version = info.data_version;
  return out;
}

}  // namespace cx
