#include "metrics/score.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <initializer_list>
#include <latch>
#include <optional>
#include <thread>
#include <unordered_map>

#include "calendar/business_calendar.h"
#include "calendar/time_zone.h"
#include "engine/customer_order.h"
#include "engine/stats.h"
#include "metrics/contact_outcome.h"

namespace cx {

namespace {

constexpr std::array<std::pair<std::string_view, Dimension>, 6> kDimensions = {{
    {"partner", Dimension::kPartner},
    {"site", Dimension::kSite},
    {"queue", Dimension::kQueue},
    {"channel", Dimension::kChannel},
    {"reason", Dimension::kReason},
    {"period", Dimension::kPeriod},
}};

// Per-group accumulators. All counts are exact; sums of durations are integer µs.
struct Cell {
  std::array<int64_t, 6> key{};
  int64_t offered = 0, handled = 0, abandoned = 0, short_abandon = 0;
  int64_t asa_us = 0, asa_n = 0, aht_us = 0, aht_n = 0, transferred = 0;
  int64_t sl_hits = 0, sl_n = 0;
  int64_t resp_hits = 0, resp_n = 0, resp_pending = 0;
  int64_t fcr_resolved = 0, fcr_repeated = 0, fcr_pending = 0;
  int64_t fcrsr_resolved = 0, fcrsr_repeated = 0, fcrsr_pending = 0;
  int64_t issues_closed = 0, issue_contacts = 0, issues_open = 0;
  std::vector<double> ttr_hours, ttr_business_hours;
  // Median and p90 of each, set by SettleTimes once every sample is in.
  std::optional<double> ttr_median, ttr_p90, ttr_business_median, ttr_business_p90;
  int64_t nps_n = 0, promoters = 0, detractors = 0;
  int64_t csat_n = 0, csat_good = 0, ces_n = 0, ces_sum = 0, ces_5plus = 0;
  int64_t surveys = 0;
};

// The time-to-resolve percentiles of a cell whose samples are all in.
void SettleTimes(Cell& c) {
  c.ttr_median = SelectPercentile(c.ttr_hours, 0.5);
  c.ttr_p90 = SelectPercentile(c.ttr_hours, 0.9);
  c.ttr_business_median = SelectPercentile(c.ttr_business_hours, 0.5);
  c.ttr_business_p90 = SelectPercentile(c.ttr_business_hours, 0.9);
}

// Adds partial aggregates of the same group: every count sums, and the time-to-resolve samples
// are appended (their percentiles are exact whatever their order).
void Merge(Cell& into, Cell&& from) {
  for (auto [a, b] : std::initializer_list<std::pair<int64_t*, int64_t>>{
           {&into.offered, from.offered}, {&into.handled, from.handled},
           {&into.abandoned, from.abandoned}, {&into.short_abandon, from.short_abandon},
           {&into.asa_us, from.asa_us}, {&into.asa_n, from.asa_n}, {&into.aht_us, from.aht_us},
           {&into.aht_n, from.aht_n}, {&into.transferred, from.transferred},
           {&into.sl_hits, from.sl_hits}, {&into.sl_n, from.sl_n},
           {&into.resp_hits, from.resp_hits}, {&into.resp_n, from.resp_n},
           {&into.resp_pending, from.resp_pending}, {&into.fcr_resolved, from.fcr_resolved},
           {&into.fcr_repeated, from.fcr_repeated}, {&into.fcr_pending, from.fcr_pending},
           {&into.fcrsr_resolved, from.fcrsr_resolved},
           {&into.fcrsr_repeated, from.fcrsr_repeated},
           {&into.fcrsr_pending, from.fcrsr_pending}, {&into.issues_closed, from.issues_closed},
           {&into.issue_contacts, from.issue_contacts}, {&into.issues_open, from.issues_open},
           {&into.nps_n, from.nps_n}, {&into.promoters, from.promoters},
           {&into.detractors, from.detractors}, {&into.csat_n, from.csat_n},
           {&into.csat_good, from.csat_good}, {&into.ces_n, from.ces_n},
           {&into.ces_sum, from.ces_sum}, {&into.ces_5plus, from.ces_5plus},
           {&into.surveys, from.surveys}}) {
    *a += b;
  }
  for (auto [a, b] : {std::pair{&into.ttr_hours, &from.ttr_hours},
                      std::pair{&into.ttr_business_hours, &from.ttr_business_hours}}) {
    if (a->empty()) {
      *a = std::move(*b);
    } else {
      a->insert(a->end(), b->begin(), b->end());
    }
  }
}
// Merge names each field of Cell: one added to Cell and not merged would be lost silently
// whenever the work is split (threads, customer blocks). This fails to compile until both are
// updated (32 counts, the key, 2 sample vectors, 4 percentiles on libstdc++).
static_assert(sizeof(Cell) == 6 * 8 + 32 * 8 + 2 * sizeof(std::vector<double>) +
                                  4 * sizeof(std::optional<double>),
              "a field added to Cell must be merged in Merge, then counted here");

struct KeyHash {
  size_t operator()(const std::array<int64_t, 6>& k) const {
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (int64_t v : k) h = (h ^ static_cast<uint64_t>(v)) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
  }
};

// Assigns every contact to its group.
class Groups {
 public:
  Groups(const ContactTable& t, std::span<const Dimension> by, const TimeZone& tz,
         PeriodKind period)
      : by_(by.begin(), by.end()) {
    of_row_.resize(t.size());
    // Rows come in runs of one group (a partner's file, in time order): look up a run once.
    std::array<int64_t, 6> last{};
    uint32_t last_id = UINT32_MAX;
    for (size_t i = 0; i < t.size(); ++i) {
      std::array<int64_t, 6> key{};
      for (size_t d = 0; d < by_.size(); ++d) key[d] = Value(t, i, by_[d], tz, period);
      if (last_id == UINT32_MAX || key != last) {
        auto [it, fresh] = index_.emplace(key, static_cast<uint32_t>(cells_.size()));
        if (fresh) {
          cells_.emplace_back();
          cells_.back().key = key;
        }
        last = key;
        last_id = it->second;
      }
      of_row_[i] = last_id;
    }
  }

  Cell& of(size_t row) { return cells_[of_row_[row]]; }
  uint32_t id(size_t row) const { return of_row_[row]; }
  const uint32_t* id_address(size_t row) const { return &of_row_[row]; }
  std::vector<Cell>& cells() { return cells_; }

 private:
  static int64_t Value(const ContactTable& t, size_t i, Dimension d, const TimeZone& tz,
                       PeriodKind period) {
    switch (d) {
      case Dimension::kPartner: return t.partner[i];
      case Dimension::kSite: return t.site[i];
      case Dimension::kQueue: return t.queue[i];
      case Dimension::kChannel: return static_cast<int64_t>(t.channel[i]);
      case Dimension::kReason: return t.reason[i];
      case Dimension::kPeriod: return PeriodIndex(tz, period, t.arrived[i]);
    }
    return 0;
  }

  std::vector<Dimension> by_;
  std::vector<Cell> cells_;
  Column<uint32_t> of_row_;
  std::unordered_map<std::array<int64_t, 6>, uint32_t, KeyHash> index_;
};

// Traffic, speed and response metrics: one pass over the contacts, counting the decisions of
// ContactJudge (contact_outcome.h), which the drill-down shares.
void AddTraffic(const ContactTable& t, const ContactJudge& judge, Groups& groups) {
  for (size_t i = 0; i < t.size(); ++i) {
    Cell& c = groups.of(i);
    const ContactOutcome o = judge(t, i);
    ++c.offered;
    if (o.abandoned) ++c.abandoned; else ++c.handled;
    if (o.is_short) ++c.short_abandon;
    if (o.transferred) ++c.transferred;
    if (!o.abandoned && t.handle[i] != kNull) {
      c.aht_us += t.handle[i];
      ++c.aht_n;
    }
    if (o.answered && IsVoiceOrChat(t.channel[i])) {
      c.asa_us += o.wait;
      ++c.asa_n;
    }
    if (o.service_level != TargetOutcome::kNone) {
      ++c.sl_n;
      if (o.service_level == TargetOutcome::kHit) ++c.sl_hits;
    }
    switch (o.response) {
      case TargetOutcome::kNone: break;
      case TargetOutcome::kHit: ++c.resp_hits; [[fallthrough]];
      case TargetOutcome::kMiss: ++c.resp_n; break;
      case TargetOutcome::kPending: ++c.resp_pending; break;
    }
  }
}

// A block of whole customers' contacts in customer order, with what the per-customer rules
// and the issue clock read of them, gathered from the table once, prefetched a few rows ahead.
// The scans then read a block from cache; reading the columns through the order instead made
// random reads of 10M-row columns, four passes over (3 s of a 3.8 s score at 10M contacts).
// A Contacts type for RepeatIn and ChainIssuesIn (engine/customer_order.h).
class CustomerBlock {
 public:
  size_t size() const { return customer_.size(); }
  uint32_t customer(size_t k) const { return customer_[k]; }
  int64_t arrived(size_t k) const { return arrived_[k]; }
  uint32_t reason(size_t k) const { return reason_[k]; }
  bool abandoned(size_t k) const { return flags_[k] & kAbandoned; }
  bool is_short(size_t k) const { return flags_[k] & kShort; }
  uint32_t group(size_t k) const { return group_[k]; }
  // Where an issue's clock starts when this contact opens it, and stops when it closes it.
  Micros clock_start(size_t k) const { return start_[k]; }
  Micros clock_end(size_t k) const { return end_[k]; }

  void Gather(const ContactTable& t, std::span<const uint32_t> rows, const Groups& groups,
              const MetricSettings& s) {
    constexpr size_t kAhead = 16;
    const size_t n = rows.size();
    for (auto* v : {&customer_, &reason_, &group_}) v->resize(n);
    for (auto* v : {&arrived_, &start_, &end_}) v->resize(n);
    flags_.resize(n);
    for (size_t k = 0; k < n; ++k) {
      if (k + kAhead < n) {
        const uint32_t r = rows[k + kAhead];
        __builtin_prefetch(&t.customer[r]);
        __builtin_prefetch(&t.arrived[r]);
        __builtin_prefetch(&t.reason[r]);
        __builtin_prefetch(&t.flags[r]);
        __builtin_prefetch(&t.ended[r]);
        __builtin_prefetch(&t.answered[r]);
        __builtin_prefetch(&t.sent[r]);
        __builtin_prefetch(groups.id_address(r));
      }
      const uint32_t r = rows[k];
      customer_[k] = t.customer[r];
      arrived_[k] = t.arrived[r];
      reason_[k] = t.reason[r];
      group_[k] = groups.id(r);
      flags_[k] = static_cast<uint8_t>((t.abandoned(r) ? kAbandoned : 0) |
                                       (IsShortAbandon(t, r, s.short_abandon) ? kShort : 0));
      start_[k] = ClockStartOf(s, t, r);
      end_[k] = t.ended[r] != kNull ? t.ended[r]
                : t.answered[r] != kNull ? t.answered[r]
                                         : t.arrived[r];
    }
  }

 private:
  enum : uint8_t { kAbandoned = 1, kShort = 2 };
  std::vector<uint32_t> customer_, reason_, group_;
  std::vector<int64_t> arrived_, start_, end_;
  std::vector<uint8_t> flags_;
};

void Count(RepeatState state, int64_t& resolved, int64_t& repeated, int64_t& pending) {
  switch (state) {
    case RepeatState::kNotApplicable: break;
    case RepeatState::kPending: ++pending; break;
    case RepeatState::kResolved: ++resolved; break;
    case RepeatState::kRepeated: ++repeated; break;
  }
}

// Cuts `order` into blocks of about kBlock contacts, each ending where a customer ends: the
// unit of work of the per-customer scans, which both threads take from.
std::vector<size_t> CustomerBlocks(const ContactTable& t, std::span<const uint32_t> order) {
  constexpr size_t kBlock = 4096;
  std::vector<size_t> ends;
  for (size_t end = 0; end < order.size();) {
    end = std::min(order.size(), end + kBlock);
    while (end < order.size() && t.customer[order[end]] == t.customer[order[end - 1]]) ++end;
    ends.push_back(end);
  }
  return ends;
}

// FCR (both variants) and issues with their time to resolve, counted into `cells` (indexed
// like the groups' cells), for the blocks of `order` taken from `next` (shared by the
// threads that scan). `taken`, if not empty, hears after each block this thread scanned how
// many blocks the threads have taken so far.
void AddCustomerScans(const ContactTable& t, std::span<const uint32_t> order,
                      std::span<const size_t> block_ends, std::atomic<size_t>& next,
                      const Groups& groups, const MetricSettings& s, const BusinessCalendar& cal,
                      int64_t horizon, std::vector<Cell>& cells,
                      const std::function<void(size_t taken)>& taken = {}) {
  const RepeatWindowOptions rw = RepeatOptionsOf(s);
  CustomerBlock b;
  for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < block_ends.size();) {
    const size_t begin = i == 0 ? 0 : block_ends[i - 1];
    b.Gather(t, order.subspan(begin, block_ends[i] - begin), groups, s);
    for (size_t k = 0; k < b.size(); ++k) {
      Cell& c = cells[b.group(k)];
      Count(RepeatIn(b, k, rw, horizon, false), c.fcr_resolved, c.fcr_repeated, c.fcr_pending);
      Count(RepeatIn(b, k, rw, horizon, true), c.fcrsr_resolved, c.fcrsr_repeated,
            c.fcrsr_pending);
    }
    ChainIssuesIn(b, rw, horizon, [&](const CustomerIssue& issue) {
      Cell& c = cells[b.group(issue.first)];
      if (!issue.closed) {
        ++c.issues_open;
        return;
      }
      ++c.issues_closed;
      c.issue_contacts += issue.contacts;
      const Micros from = b.clock_start(issue.first), to = b.clock_end(issue.last);
      c.ttr_hours.push_back(static_cast<double>(to - from) / kMicrosPerHour);
      c.ttr_business_hours.push_back(static_cast<double>(cal.Between(from, to)) / kMicrosPerHour);
    });
    if (taken) taken(std::min(next.load(std::memory_order_relaxed), block_ends.size()));
  }
}

void AddSurveys(const SurveyTable& sv, Groups& groups) {
  for (size_t i = 0; i < sv.size(); ++i) {
    if (sv.contact[i] < 0) continue;  // Unlinked: client-level figures only (golden rule 31).
    Cell& c = groups.of(static_cast<size_t>(sv.contact[i]));
    const SurveyOutcome o = JudgeSurvey(sv, i);
    ++c.surveys;
    if (o.has_nps) {
      ++c.nps_n;
      if (o.promoter) ++c.promoters;
      if (o.detractor) ++c.detractors;
    }
    if (o.has_csat) {
      ++c.csat_n;
      if (o.satisfied) ++c.csat_good;
    }
    if (o.has_ces) {
      ++c.ces_n;
      c.ces_sum += sv.ces[i];
      if (o.ces_5plus) ++c.ces_5plus;
    }
  }
}

// The mean of `n` durations summing to `sum_us` µs, in seconds, rounded once (Quotient).
// Dividing twice, sum_us / n / 10^6, rounds twice: it printed 306317092.947877 for an exact
// mean of 306317092.9478764737 s.
double MeanSeconds(int64_t sum_us, int64_t n) { return Quotient(sum_us, n * kMicrosPerSecond); }

// Appends the metric rows of one group (28, or 20 without the per-customer metrics).
class Emitter {
 public:
  Emitter(std::vector<MetricRow>* out, std::vector<std::string> keys, double z)
      : out_(out), keys_(std::move(keys)), z_(z) {}

  void Count(std::string_view m, int64_t n) {
    MetricRow& r = Add(m);
    r.numerator_kind = MetricRow::Numerator::kCount;
    r.numerator = n;
    r.value = static_cast<double>(n);
  }
  void Rate(std::string_view m, int64_t num, int64_t den, std::optional<int64_t> pending = {}) {
    SetRate(Add(m), num, den, pending, z_);
  }
  void MeanMicros(std::string_view m, int64_t sum_us, int64_t n) {
    MetricRow& r = Add(m);
    r.numerator_kind = MetricRow::Numerator::kMicros;
    r.numerator = sum_us;
    r.denominator = n;
    if (n > 0) r.value = MeanSeconds(sum_us, n);
  }
  void Value(std::string_view m, std::optional<int64_t> numerator, int64_t den,
             std::optional<double> value, std::optional<int64_t> pending = {}) {
    MetricRow& r = Add(m);
    if (numerator) {
      r.numerator_kind = MetricRow::Numerator::kCount;
      r.numerator = *numerator;
    }
    r.denominator = den;
    r.value = den > 0 ? value : std::nullopt;
    r.pending = pending;
  }
  double z() const { return z_; }

 private:
  MetricRow& Add(std::string_view m) {
    out_->emplace_back();
    MetricRow& r = out_->back();
    r.keys = keys_;
    r.metric = m;
    return r;
  }
  std::vector<MetricRow>* out_;
  std::vector<std::string> keys_;
  double z_;
};

void EmitPerCustomer(Cell& c, Emitter& e) {
  const int64_t fcr_n = c.fcr_resolved + c.fcr_repeated;
  e.Rate("fcr", c.fcr_resolved, fcr_n, c.fcr_pending);
  e.Rate("repeat_rate", c.fcr_repeated, fcr_n, c.fcr_pending);
  e.Rate("fcr_same_reason", c.fcrsr_resolved, c.fcrsr_resolved + c.fcrsr_repeated,
         c.fcrsr_pending);
  e.Value("contacts_per_issue", c.issue_contacts, c.issues_closed,
          c.issues_closed ? static_cast<double>(c.issue_contacts) / c.issues_closed : 0.0,
          c.issues_open);
  e.Value("time_to_resolve_median_hours", {}, c.issues_closed, c.ttr_median, c.issues_open);
  e.Value("time_to_resolve_p90_hours", {}, c.issues_closed, c.ttr_p90, c.issues_open);
  e.Value("time_to_resolve_median_business_hours", {}, c.issues_closed, c.ttr_business_median,
          c.issues_open);
  e.Value("time_to_resolve_p90_business_hours", {}, c.issues_closed, c.ttr_business_p90,
          c.issues_open);
}

// The metrics of the per-customer scans, as EmitPerCustomer names them.
constexpr std::string_view kPerCustomerMetrics[] = {"fcr",
                                                    "repeat_rate",
                                                    "fcr_same_reason",
                                                    "contacts_per_issue",
                                                    "time_to_resolve_median_hours",
                                                    "time_to_resolve_p90_hours",
                                                    "time_to_resolve_median_business_hours",
                                                    "time_to_resolve_p90_business_hours"};

// `per_customer`: whether the cell holds the per-customer scans' figures (ScoreOptions).
void EmitCell(Cell& c, Emitter& e, bool per_customer) {
  e.Count("offered", c.offered);
  e.Count("handled", c.handled);
  e.Count("abandoned", c.abandoned);
  e.Count("short_abandon", c.short_abandon);
  e.Rate("abandon_rate", c.abandoned - c.short_abandon, c.offered - c.short_abandon);
  e.MeanMicros("asa_seconds", c.asa_us, c.asa_n);
  e.MeanMicros("aht_seconds", c.aht_us, c.aht_n);
  e.Rate("transfer_rate", c.transferred, c.handled);
  e.Rate("service_level", c.sl_hits, c.sl_n);
  e.Rate("response_within", c.resp_hits, c.resp_n, c.resp_pending);
  if (per_customer) EmitPerCustomer(c, e);
  e.Value("nps", c.promoters - c.detractors, c.nps_n,
          c.nps_n ? 100.0 * static_cast<double>(c.promoters - c.detractors) / c.nps_n : 0.0);
  e.Rate("nps_promoters", c.promoters, c.nps_n);
  e.Rate("nps_detractors", c.detractors, c.nps_n);
  e.Value("nps_margin", {}, c.nps_n, NpsMargin(c.promoters, c.detractors, c.nps_n, e.z()));
  e.Rate("csat", c.csat_good, c.csat_n);
  auto w = Wilson(c.csat_good, c.csat_n, e.z());
  e.Value("csat_wilson_low", c.csat_good, c.csat_n, w ? std::optional(w->low) : std::nullopt);
  e.Value("csat_wilson_high", c.csat_good, c.csat_n, w ? std::optional(w->high) : std::nullopt);
  e.Value("ces", c.ces_sum, c.ces_n,
          c.ces_n ? static_cast<double>(c.ces_sum) / c.ces_n : 0.0);
  e.Rate("ces_share_5plus", c.ces_5plus, c.ces_n);
  e.Rate("response_rate", c.surveys, c.handled);
}

std::string KeyText(const ContactTable& t, Dimension d, int64_t v, PeriodKind period) {
  const uint32_t id = static_cast<uint32_t>(v);
  switch (d) {
    case Dimension::kPartner: return std::string(t.partners[id]);
    case Dimension::kSite: return id == kNoId ? "" : std::string(t.sites[id]);
    case Dimension::kQueue: return id == kNoId ? "" : std::string(t.queues[id]);
    case Dimension::kChannel: return std::string(ChannelName(static_cast<Channel>(v)));
    case Dimension::kReason: return id == kNoId ? "" : std::string(t.reasons[id]);
    case Dimension::kPeriod: return FormatPeriod(period, v);
  }
  return "";
}

}  // namespace

void SetRate(MetricRow& r, int64_t num, int64_t den, std::optional<int64_t> pending, double z) {
  r.numerator_kind = MetricRow::Numerator::kCount;
  r.numerator = num;
  r.denominator = den;
  r.pending = pending;
  if (den <= 0) return;
  r.value = static_cast<double>(num) / static_cast<double>(den);
  if (num >= 0 && num <= den) {
    auto w = Wilson(num, den, z);
    r.low = w->low;
    r.high = w->high;
  }
}

std::string_view DimensionName(Dimension d) {
  for (const auto& [name, dim] : kDimensions) {
    if (dim == d) return name;
  }
  return "";
}

Result<std::vector<Dimension>> ParseDimensions(std::string_view text) {
  std::vector<Dimension> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view name = text.substr(start, comma == std::string_view::npos ? text.npos
                                                                                : comma - start);
    auto it = std::find_if(kDimensions.begin(), kDimensions.end(),
                           [&](const auto& p) { return p.first == name; });
    if (it == kDimensions.end()) {
      return InvalidArgument("unknown grouping '{}' (use partner, site, queue, channel, reason, "
                             "period)", name);
    }
    if (std::find(out.begin(), out.end(), it->second) != out.end()) {
      return InvalidArgument("grouping '{}' is named twice", name);
    }
    out.push_back(it->second);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

bool IsPerCustomerMetric(std::string_view metric) {
  return std::find(std::begin(kPerCustomerMetrics), std::end(kPerCustomerMetrics), metric) !=
         std::end(kPerCustomerMetrics);
}

Result<ScoreResult> Score(const Dataset& data, const MetricSettings& s,
                          std::span<const Dimension> by, const ScoreOptions& options) {
  const ScoreProgress& progress = options.progress;
  const ContactTable& t = data.contacts;
  ScoreResult result;
  result.by.assign(by.begin(), by.end());
  result.contacts = static_cast<int64_t>(t.size());
  // The share of the work done, weighed by where a 10M-contact score spends its time: the
  // groups, traffic and surveys (while the other thread sorts) a third, the per-customer scans
  // half, merging and percentiles the rest.
  constexpr double kBeforeScans = 0.3, kAfterScans = 0.85;
  const auto report = [&](double share, size_t contacts) {
    if (progress) progress(share, static_cast<int64_t>(contacts));
  };
  if (t.size() == 0) {
    report(1, 0);
    return result;
  }
  ASSIGN_OR_RETURN(const TimeZone* tz, TimeZone::Find(s.time_zone));
  Micros horizon = INT64_MIN, lo = INT64_MAX, hi = INT64_MIN;
  for (size_t i = 0; i < t.size(); ++i) {
    horizon = std::max(horizon, t.arrived[i]);
    for (Micros v : {t.arrived[i], t.sent[i], t.answered[i], t.ended[i]}) {
      if (v == kNull) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (t.customer[i] == kNoId) ++result.without_customer;
  }
  result.horizon = horizon;
  ASSIGN_OR_RETURN(BusinessCalendar cal,
                   BusinessCalendar::Build(s.calendar, lo - 8 * kMicrosPerDay,
                                           hi + 8 * kMicrosPerDay + s.response_target * 4));
  // Both threads work at once: the second sorts the rows by customer while this one assigns
  // groups, counts traffic and surveys; then both take blocks of the per-customer scans, each
  // into cells of its own (this one's are the groups'), merged after. Without the
  // per-customer metrics, this thread does the rest alone.
  std::optional<Groups> grouped;
  std::latch groups_ready(1), order_ready(1);
  Column<uint32_t> order;
  std::vector<size_t> block_ends;
  std::atomic<size_t> next_block{0};
  std::vector<Cell> customer_cells;
  std::thread customer_scans;
  if (options.per_customer) {
    customer_scans = std::thread([&] {
      order = OrderByCustomer(t);
      block_ends = CustomerBlocks(t, order);
      order_ready.count_down();
      groups_ready.wait();
      customer_cells.resize(grouped->cells().size());
      AddCustomerScans(t, order, block_ends, next_block, *grouped, s, cal, horizon, customer_cells);
    });
  }
  Groups& groups = grouped.emplace(t, by, *tz, s.period);
  groups_ready.count_down();
  AddTraffic(t, ContactJudge(s, cal, horizon), groups);
  AddSurveys(data.surveys, groups);
  if (options.per_customer) {
    report(kBeforeScans, 0);
    order_ready.wait();
    std::function<void(size_t)> scanned;
    if (progress) {
      scanned = [&](size_t taken) {
        // min: the last block's share must not round past kAfterScans, reported next.
        const double share = kBeforeScans + (kAfterScans - kBeforeScans) *
                                                static_cast<double>(taken) /
                                                static_cast<double>(block_ends.size());
        report(std::min(share, kAfterScans), block_ends[taken - 1]);
      };
    }
    AddCustomerScans(t, order, block_ends, next_block, groups, s, cal, horizon, groups.cells(),
                     scanned);
    customer_scans.join();
    report(kAfterScans, t.size());
    // Merging a cell's halves and selecting its percentiles (0.4 s at 10M contacts) is work
    // per cell: both threads again.
    std::vector<Cell>& cells = groups.cells();
    std::atomic<size_t> next_cell{0};
    auto settle = [&] {
      for (size_t i; (i = next_cell.fetch_add(1, std::memory_order_relaxed)) < cells.size();) {
        Merge(cells[i], std::move(customer_cells[i]));
        SettleTimes(cells[i]);
      }
    };
    std::thread settler(settle);
    settle();
    settler.join();
  }
  report(1, t.size());

  for (Cell& c : groups.cells()) {
    std::vector<std::string> keys;
    for (size_t d = 0; d < by.size(); ++d) keys.push_back(KeyText(t, by[d], c.key[d], s.period));
    Emitter e(&result.rows, std::move(keys), s.z);
    EmitCell(c, e, options.per_customer);
  }
  std::sort(result.rows.begin(), result.rows.end(), [](const MetricRow& a, const MetricRow& b) {
    if (a.keys != b.keys) return a.keys < b.keys;
    return a.metric < b.metric;
  });
  return result;
}

}  // namespace cx
