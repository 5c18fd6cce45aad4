#include "metrics/sla_audit_reconcile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "calendar/business_calendar.h"
#include "calendar/time_zone.h"
#include "engine/customer_order.h"
#include "metrics/contact_outcome.h"
#include "metrics/score.h"

namespace cx {

namespace {

// Settings variants: each is one more Score over the dataset, run only when a report needs it.
enum class Tweak {
  kBase,
  kNoShort,
  kShort30,
  kShort60,
  kSl10,
  kSl30,
  kClockArrived,
  kCalendarTime,
  kWindow24h,
  kWindow72h
};

MetricSettings Apply(MetricSettings s, Tweak t) {
  switch (t) {
    case Tweak::kBase:
      break;
    case Tweak::kNoShort:
      s.short_abandon = 0;
      break;
    case Tweak::kShort30:
      s.short_abandon = 30 * kMicrosPerSecond;
      break;
    case Tweak::kShort60:
      s.short_abandon = 60 * kMicrosPerSecond;
      break;
    case Tweak::kSl10:
      s.service_level_threshold = 10 * kMicrosPerSecond;
      break;
    case Tweak::kSl30:
      s.service_level_threshold = 30 * kMicrosPerSecond;
      break;
    case Tweak::kClockArrived:
      s.clock_start = ClockStart::kArrived;
      break;
    case Tweak::kCalendarTime:
      s.response_time = ElapsedTime::kCalendar;
      break;
    case Tweak::kWindow24h:
      s.repeat_window = 24 * kMicrosPerHour;
      break;
    case Tweak::kWindow72h:
      s.repeat_window = 72 * kMicrosPerHour;
      break;
  }
  return s;
}

// Definitions no setting expresses, computed by one scan of the contacts (below).
enum class Scan {
  kNone,
  kSlAnsweredOnly,
  kSlVoiceOnly,
  kAbandonVoiceOnly,
  kResponseAnswered,
  kResponseAnsweredFromArrival,
  kAsaVoiceOnly,
  kAsaWithAbandons
};

struct VariantSpec {
  std::string_view metric;  // The reported metric it may explain.
  std::string_view variant;
  std::string_view cause;
  Tweak tweak;
  std::string_view row;  // The score row to read; empty: `metric`.
  Scan scan;
  std::string_view read() const { return row.empty() ? metric : row; }  // The row it reads.
};

constexpr std::string_view kAbandons = "treatment of abandons";
constexpr std::string_view kUniverse = "universe of data";
constexpr std::string_view kClock = "clock start";

// A variant that reads a score row under other settings, or a scan of the contacts.
constexpr VariantSpec Tweaked(std::string_view metric, std::string_view variant,
                              std::string_view cause, Tweak tweak, std::string_view row = "") {
  return {metric, variant, cause, tweak, row, Scan::kNone};
}
constexpr VariantSpec Scanned(std::string_view metric, std::string_view variant,
                              std::string_view cause, Scan scan) {
  return {metric, variant, cause, Tweak::kBase, "", scan};
}

constexpr VariantSpec kVariants[] = {
    Tweaked("service_level", "short abandons counted as misses", kAbandons, Tweak::kNoShort),
    Tweaked("service_level", "abandons under 30 s left out", kAbandons, Tweak::kShort30),
    Scanned("service_level", "abandoned contacts left out (answered only)", kAbandons,
            Scan::kSlAnsweredOnly),
    Scanned("service_level", "voice only (chat left out)", kUniverse, Scan::kSlVoiceOnly),
    Tweaked("service_level", "threshold 10 s", "threshold", Tweak::kSl10),
    Tweaked("service_level", "threshold 30 s", "threshold", Tweak::kSl30),
    Tweaked("abandon_rate", "short abandons counted", kAbandons, Tweak::kNoShort),
    Tweaked("abandon_rate", "abandons under 30 s left out", kAbandons, Tweak::kShort30),
    Tweaked("abandon_rate", "abandons under 60 s left out", kAbandons, Tweak::kShort60),
    Scanned("abandon_rate", "voice only", kUniverse, Scan::kAbandonVoiceOnly),
    Tweaked("response_within", "clock started at arrival", kClock, Tweak::kClockArrived),
    Tweaked("response_within", "calendar hours instead of business hours", "business time",
            Tweak::kCalendarTime),
    Scanned("response_within", "answered messages only", kUniverse, Scan::kResponseAnswered),
    Scanned("response_within", "clock started at arrival, answered messages only",
            "clock start and universe of data", Scan::kResponseAnsweredFromArrival),
    Scanned("asa_seconds", "voice only", kUniverse, Scan::kAsaVoiceOnly),
    Scanned("asa_seconds", "abandoned contacts' waits included", kAbandons, Scan::kAsaWithAbandons),
    Tweaked("fcr", "repeat window 24 h", "repeat window", Tweak::kWindow24h),
    Tweaked("fcr", "repeat window 72 h", "repeat window", Tweak::kWindow72h),
    Tweaked("fcr", "same-reason repeats only", "definition of a repeat", Tweak::kBase,
            "fcr_same_reason"),
    Tweaked("fcr", "survey satisfaction (CSAT 4-5) reported as FCR", "survey-based definition",
            Tweak::kBase, "csat"),
    Tweaked("repeat_rate", "repeat window 24 h", "repeat window", Tweak::kWindow24h),
    Tweaked("repeat_rate", "repeat window 72 h", "repeat window", Tweak::kWindow72h),
};

constexpr std::string_view kRates[] = {
    "abandon_rate",    "ces_share_5plus", "csat",          "fcr",
    "fcr_same_reason", "nps_detractors",  "nps_promoters", "repeat_rate",
    "response_rate",   "response_within", "service_level", "transfer_rate"};

bool IsRate(std::string_view m) {
  return std::find(std::begin(kRates), std::end(kRates), m) != std::end(kRates);
}

using Key = std::tuple<std::string, std::string, std::string>;  // partner, period, metric.

// Score values by key, one map per settings variant; the per-customer metrics only when asked
// for (ScoreOptions::per_customer: without them a score skips the customer sort and scans, most
// of its time, and most variants are of traffic metrics).
Result<std::map<Key, double>> ScoreValues(const Dataset& data, const MetricSettings& s,
                                          bool per_customer) {
  const Dimension by[] = {Dimension::kPartner, Dimension::kPeriod};
  ASSIGN_OR_RETURN(ScoreResult r, Score(data, s, by, {.per_customer = per_customer}));
  std::map<Key, double> out;
  for (const MetricRow& row : r.rows) {
    if (row.value) out[{row.keys[0], row.keys[1], std::string(row.metric)}] = *row.value;
  }
  return out;
}

// Counters of the scan variants per partner and period.
struct ScanCell {
  int64_t sl_hits = 0, live_answered = 0, voice_hits = 0, voice_n = 0;
  int64_t voice_abandoned = 0, voice_offered = 0;
  int64_t resp_hits = 0, resp_hits_arrival = 0, resp_answered = 0;
  int64_t asa_voice_us = 0, asa_voice_n = 0, wait_us = 0, wait_n = 0;

  std::optional<double> Value(Scan s) const {
    auto ratio = [](double num, int64_t den) {
      return den > 0 ? std::optional(num / static_cast<double>(den)) : std::nullopt;
    };
    constexpr double kUs = kMicrosPerSecond;
    switch (s) {
      case Scan::kNone:
        return std::nullopt;
      case Scan::kSlAnsweredOnly:
        return ratio(sl_hits, live_answered);
      case Scan::kSlVoiceOnly:
        return ratio(voice_hits, voice_n);
      case Scan::kAbandonVoiceOnly:
        return ratio(voice_abandoned, voice_offered);
      case Scan::kResponseAnswered:
        return ratio(resp_hits, resp_answered);
      case Scan::kResponseAnsweredFromArrival:
        return ratio(resp_hits_arrival, resp_answered);
      case Scan::kAsaVoiceOnly:
        return ratio(asa_voice_us / kUs, asa_voice_n);
      case Scan::kAsaWithAbandons:
        return ratio(wait_us / kUs, wait_n);
    }
    return std::nullopt;
  }
};

Result<std::map<std::pair<std::string, std::string>, ScanCell>> ScanContacts(
    const Dataset& data, const MetricSettings& s) {
  const ContactTable& t = data.contacts;
  std::map<std::pair<std::string, std::string>, ScanCell> out;
  if (t.size() == 0) return out;
  ASSIGN_OR_RETURN(const TimeZone* tz, TimeZone::Find(s.time_zone));
  Micros lo = INT64_MAX, hi = INT64_MIN;
  for (size_t i = 0; i < t.size(); ++i) {
    for (Micros v : {t.arrived[i], t.sent[i], t.answered[i], t.ended[i]}) {
      if (v == kNull) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  ASSIGN_OR_RETURN(BusinessCalendar cal,
                   BusinessCalendar::Build(s.calendar, lo - 8 * kMicrosPerDay,
                                           hi + 8 * kMicrosPerDay + s.response_target * 4));
  std::unordered_map<uint64_t, ScanCell> cells;  // (partner id << 32) + month offset.
  const int64_t first_month = PeriodIndex(*tz, PeriodKind::kMonth, lo);
  for (size_t i = 0; i < t.size(); ++i) {
    const int64_t month = PeriodIndex(*tz, PeriodKind::kMonth, t.arrived[i]) - first_month;
    ScanCell& c = cells[(uint64_t{t.partner[i]} << 32) + static_cast<uint64_t>(month)];
    const bool is_short = IsShortAbandon(t, i, s.short_abandon);
    const bool answered = t.answered[i] != kNull;
    const Channel ch = t.channel[i];
    if (ch == Channel::kVoice || ch == Channel::kChat) {
      const bool hit = answered && t.answered[i] - t.arrived[i] <= s.service_level_threshold;
      if (answered) {
        ++c.live_answered;
        c.sl_hits += hit;
        c.wait_us += t.answered[i] - t.arrived[i];
        ++c.wait_n;
      } else if (t.abandoned(i) && t.ended[i] != kNull) {
        c.wait_us += t.ended[i] - t.arrived[i];
        ++c.wait_n;
      }
    }
    if (ch == Channel::kVoice) {
      if (!is_short) {
        ++c.voice_n;
        c.voice_hits += answered && t.answered[i] - t.arrived[i] <= s.service_level_threshold;
        ++c.voice_offered;
        c.voice_abandoned += t.abandoned(i);
      }
      if (answered) {
        c.asa_voice_us += t.answered[i] - t.arrived[i];
        ++c.asa_voice_n;
      }
    }
    if ((ch == Channel::kEmail || ch == Channel::kMessaging) && !is_short && answered) {
      auto within = [&](Micros start) {
        const Micros elapsed = s.response_time == ElapsedTime::kBusiness
                                   ? cal.Between(start, t.answered[i])
                                   : t.answered[i] - start;
        return elapsed <= s.response_target;
      };
      const Micros start = ClockStartOf(s, t, i);
      ++c.resp_answered;
      c.resp_hits += within(start);
      c.resp_hits_arrival += within(t.arrived[i]);
    }
  }
  for (const auto& [key, cell] : cells) {
    const std::string partner(t.partners[static_cast<uint32_t>(key >> 32)]);
    const int64_t month = first_month + static_cast<int64_t>(key & 0xFFFFFFFFu);
    out[{partner, FormatPeriod(PeriodKind::kMonth, month)}] = cell;
  }
  return out;
}

// How far `a` is from `b` in units of the tolerance (<= 1: within it).
double Distance(std::string_view metric, double a, double b, const ReconcileOptions& o) {
  if (IsRate(metric)) return std::fabs(a - b) / o.rate_tolerance;
  const double scale = std::max(std::fabs(b), 1e-9);
  return std::fabs(a - b) / scale / o.relative_tolerance;
}

std::string Show(std::string_view metric, double v) {
  return IsRate(metric) ? fmt::format("{:.2f}%", 100 * v) : fmt::format("{:.4g}", v);
}

}  // namespace

Result<std::vector<ReconcileRow>> Reconcile(const Dataset& data, const MetricSettings& settings,
                                            std::span<const PartnerReport> reports,
                                            const ReconcileOptions& options) {
  if (settings.period != PeriodKind::kMonth) {
    return InvalidArgument("partner reports are monthly: reconcile with period = \"month\"");
  }
  if (!(options.rate_tolerance > 0 && options.relative_tolerance > 0)) {
    return InvalidArgument("reconcile tolerances must be positive");
  }
  // The settings variants some report will read a per-customer metric from: scored with the
  // per-customer scans, the others without. Known before any is scored, so none is scored twice.
  std::set<Tweak> per_customer;
  for (const PartnerReport& report : reports) {
    if (IsPerCustomerMetric(report.metric)) per_customer.insert(Tweak::kBase);
    for (const VariantSpec& v : kVariants) {
      if (v.metric == report.metric && v.scan == Scan::kNone && IsPerCustomerMetric(v.read())) {
        per_customer.insert(v.tweak);
      }
    }
  }
  std::map<Tweak, std::map<Key, double>> scores;
  std::optional<std::map<std::pair<std::string, std::string>, ScanCell>> scan;
  auto score_of = [&](Tweak t) -> Result<const std::map<Key, double>*> {
    auto it = scores.find(t);
    if (it == scores.end()) {
      ASSIGN_OR_RETURN(auto values,
                       ScoreValues(data, Apply(settings, t), per_customer.contains(t)));
      it = scores.emplace(t, std::move(values)).first;
    }
    return &it->second;
  };
  std::vector<ReconcileRow> out;
  for (const PartnerReport& report : reports) {
    ReconcileRow row;
    row.report = report;
    ASSIGN_OR_RETURN(const auto* base, score_of(Tweak::kBase));
    if (auto it = base->find({report.partner, report.period, report.metric}); it != base->end()) {
      row.recomputed = it->second;
    }
    if (!row.recomputed) {
      row.cause = std::string(kCauseNoData);
      row.summary = fmt::format("{} reported {} {} for {}; the data has no such figure.",
                                report.partner, report.metric, report.value, report.period);
      out.push_back(std::move(row));
      continue;
    }
    const std::string& m = report.metric;
    row.difference = report.value - *row.recomputed;
    if (*row.recomputed != 0) row.relative = *row.difference / *row.recomputed;
    double best = INFINITY;
    for (const VariantSpec& v : kVariants) {
      if (v.metric != m) continue;
      Alternative alt{std::string(v.variant), std::string(v.cause), std::nullopt};
      if (v.scan != Scan::kNone) {
        if (!scan) {
          ASSIGN_OR_RETURN(auto cells, ScanContacts(data, settings));
          scan = std::move(cells);
        }
        if (auto it = scan->find({report.partner, report.period}); it != scan->end()) {
          alt.value = it->second.Value(v.scan);
        }
      } else {
        ASSIGN_OR_RETURN(const auto* values, score_of(v.tweak));
        const std::string metric(v.read());
        if (auto it = values->find({report.partner, report.period, metric}); it != values->end()) {
          alt.value = it->second;
        }
      }
      if (alt.value) {
        const double d = Distance(m, report.value, *alt.value, options);
        if (d < best) {
          best = d;
          row.variant = alt.variant;
          row.variant_value = alt.value;
          row.cause = alt.cause;
        }
      }
      row.alternatives.push_back(std::move(alt));
    }
    const std::string head =
        fmt::format("{} reported {} {} for {}; cxpact computes {} ({}{})", report.partner, m,
                    Show(m, report.value), report.period, Show(m, *row.recomputed),
                    *row.difference >= 0 ? "+" : "",
                    IsRate(m) ? fmt::format("{:.2f} points", 100 * *row.difference)
                              : fmt::format("{:.1f}%", 100 * row.relative.value_or(0)));
    if (Distance(m, report.value, *row.recomputed, options) <= 1) {
      row.cause = std::string(kCauseMatches);
      row.variant.clear();
      row.variant_value.reset();
      row.summary = head + ": the figures match.";
    } else if (best <= 1) {
      row.summary = fmt::format("{}: {} gives {}, so the likely cause is the {}.", head,
                                row.variant, Show(m, *row.variant_value), row.cause);
    } else {
      row.cause = std::string(kCauseUnexplained);
      row.variant.clear();
      row.variant_value.reset();
      row.summary = head + ": no alternative definition tried lands on the reported figure.";
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace cx
