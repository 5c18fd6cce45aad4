#include "ranking/allocation.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "engine/stats.h"

namespace cx {

namespace {

constexpr PoolMetricInfo kPoolMetrics[] = {
    {"abandon_rate", false},
    {"ces", true},
    {"ces_share_5plus", true},
    {"csat", true},
    {"fcr", true},
    {"fcr_same_reason", true},
    {"repeat_rate", false},
    {"response_within", true},
    {"service_level", true},
    {"transfer_rate", false},
};

const PoolMetricInfo* FindPoolMetric(std::string_view name) {
  for (const PoolMetricInfo& m : kPoolMetrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

bool Usable(const Sample& s) { return s.mean ? s.n >= 2 : s.n > 0; }

// Two-sided p-value of a difference between two samples of one metric: the pooled
// two-proportion z-test for rates, a Welch statistic read on the normal distribution for means.
double PValue(const Sample& a, const Sample& b) {
  if (!a.mean) return TwoProportionTest(a.successes, a.n, b.successes, b.n).p_value;
  const double se =
      std::sqrt(a.variance / static_cast<double>(a.n) + b.variance / static_cast<double>(b.n));
  if (se == 0) return *a.mean == *b.mean ? 1.0 : 0.0;
  return std::erfc(std::fabs(*a.mean - *b.mean) / se / std::sqrt(2.0));
}

std::string FormatValue(const Sample& s, double v) {
  return s.mean ? fmt::format("{:.2f}", v) : fmt::format("{:.1f}%", 100 * v);
}

std::string FormatP(double p) { return p < 0.0001 ? "p < 0.0001" : fmt::format("p = {:.4f}", p); }

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += i == 0 ? "" : (i + 1 == names.size() ? " and " : ", ");
    out += names[i];
  }
  return out;
}

struct Entry {
  const std::string* partner;
  Sample sample;
};

MetricContest RunContest(const PoolMetricInfo& metric, double alpha,
                         const std::vector<const AllocationCandidate*>& in_queue,
                         std::string* leader_text) {
  MetricContest c;
  c.metric = std::string(metric.name);
  c.alpha = alpha;
  std::vector<Entry> entries;
  for (const AllocationCandidate* cand : in_queue) {
    auto it = cand->samples.find(c.metric);
    if (it != cand->samples.end() && Usable(it->second))
      entries.push_back({&cand->partner, it->second});
  }
  if (entries.empty()) return c;
  std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    const double va = a.sample.value(), vb = b.sample.value();
    if (va != vb) return metric.higher_is_better ? va > vb : va < vb;
    return *a.partner < *b.partner;
  });
  const Entry& leader = entries[0];
  c.leader = *leader.partner;
  c.leader_value = leader.sample.value();
  c.tied_leaders.push_back(c.leader);
  for (size_t i = 1; i < entries.size(); ++i) {
    const double p = PValue(leader.sample, entries[i].sample);
    if (i == 1) {
      c.runner_up = *entries[i].partner;
      c.runner_up_value = entries[i].sample.value();
      c.p_value = p;
      c.significant = p < alpha && c.leader_value != c.runner_up_value;
    }
    if (p >= alpha) c.tied_leaders.push_back(*entries[i].partner);
  }
  *leader_text =
      c.runner_up.empty()
          ? fmt::format("{}: only {} has data", c.metric, c.leader)
          : fmt::format("{}: {} {} against {} {}, {}", c.metric, c.leader,
                        FormatValue(leader.sample, c.leader_value), c.runner_up,
                        FormatValue(entries[1].sample, c.runner_up_value), FormatP(c.p_value));
  return c;
}

// Splits `total` basis points in proportion to integer `weights` by the largest-remainder
// (Hamilton) method in exact integer arithmetic; equal remainders go to the earlier entry.
std::vector<int> SplitLargestRemainder(int total, const std::vector<int64_t>& weights) {
  const int64_t sum = std::accumulate(weights.begin(), weights.end(), int64_t{0});
  std::vector<int> out(weights.size(), 0);
  if (sum <= 0) return out;
  std::vector<int64_t> remainder(weights.size());
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    out[i] = static_cast<int>(total * weights[i] / sum);
    remainder[i] = total * weights[i] % sum;
    given += out[i];
  }
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainder[a] > remainder[b]; });
  for (int64_t k = 0; k < total - given; ++k) ++out[order[static_cast<size_t>(k)]];
  return out;
}

Status CheckSample(const AllocationCandidate& c, const std::string& metric, const Sample& s) {
  const bool bad = s.n < 0 || (s.mean ? !(s.variance >= 0) || !std::isfinite(*s.mean)
                                      : s.successes < 0 || s.successes > s.n);
  if (bad) {
    return InvalidArgument("allocation: {} in queue '{}': bad {} sample (n {}, successes {})",
                           c.partner, c.queue, metric, s.n, s.successes);
  }
  return Status::Ok();
}

QueueAllocation AllocateQueue(const AllocationRule& rule, const std::string& queue,
                              const std::vector<std::string>& eligible,
                              const std::vector<const AllocationCandidate*>& in_queue) {
  QueueAllocation q;
  q.queue = queue;
  for (const std::string& p : eligible) {
    PartnerShare s{p};
    if (p == rule.champion) s.fixed_bp = rule.champion_bp;
    if (!rule.challenger.empty() && p == rule.challenger) s.fixed_bp = rule.challenger_bp;
    q.shares.push_back(s);
  }
  PoolDecision& pool = q.pool;
  pool.pool_bp = kFullBasisPoints;
  for (const PartnerShare& s : q.shares) pool.pool_bp -= s.fixed_bp;

  const double alpha =
      rule.alpha / static_cast<double>(std::max<size_t>(1, rule.pool_metrics.size()));
  std::vector<std::string> texts;  // Each contest's evidence in words, when it has data.
  std::string decided_text;
  for (const std::string& name : rule.pool_metrics) {
    std::string text;
    pool.contests.push_back(RunContest(*FindPoolMetric(name), alpha, in_queue, &text));
    if (pool.contests.back().significant && decided_text.empty()) decided_text = text;
    if (!text.empty()) texts.push_back(text);
  }
  std::vector<int64_t> weights;
  std::string how;
  auto all_equally = [&] {
    pool.recipients = eligible;
    weights.assign(eligible.size(), 1);
    how = "equally among all eligible partners";
  };
  auto decided = std::find_if(pool.contests.begin(), pool.contests.end(),
                              [](const MetricContest& c) { return c.significant; });
  if (decided != pool.contests.end()) {
    pool.winner = decided->leader;
    pool.metric = decided->metric;
    pool.p_value = decided->p_value;
    pool.recipients = {pool.winner};
    weights = {1};
  } else if (rule.no_lead == PoolSplit::kTiedLeaders) {
    auto first = std::find_if(pool.contests.begin(), pool.contests.end(),
                              [](const MetricContest& c) { return !c.leader.empty(); });
    if (first == pool.contests.end()) {
      all_equally();
    } else {
      pool.recipients = first->tied_leaders;
      weights.assign(pool.recipients.size(), 1);
      how = fmt::format("equally among the partners tied for first on {}", first->metric);
    }
  } else {
    for (const PartnerShare& s : q.shares) {
      if (s.fixed_bp > 0) {
        pool.recipients.push_back(s.partner);
        weights.push_back(s.fixed_bp);
      }
    }
    if (pool.recipients.empty())
      all_equally();
    else
      how = "pro rata to the fixed shares";
  }
  const std::vector<int> split = SplitLargestRemainder(pool.pool_bp, weights);
  for (size_t i = 0; i < pool.recipients.size(); ++i) {
    for (PartnerShare& s : q.shares) {
      if (s.partner == pool.recipients[i]) s.pool_bp += split[i];
    }
  }

  const std::string evidence =
      texts.empty() ? "no pool metric has data" : fmt::format("{}", fmt::join(texts, "; "));
  if (pool.pool_bp == 0) {
    pool.summary = "The fixed shares take the whole queue: there is no performance pool.";
  } else if (!pool.winner.empty()) {
    pool.summary =
        fmt::format("{} takes the {} pool on {} ({}, below the per-metric level {}).", pool.winner,
                    FormatBasisPoints(pool.pool_bp), pool.metric, decided_text, alpha);
  } else {
    pool.summary = fmt::format(
        "No significant lead at the per-metric level {} ({}): the {} pool "
        "is split {}: {}.",
        alpha, evidence, FormatBasisPoints(pool.pool_bp), how, JoinNames(pool.recipients));
  }
  return q;
}

}  // namespace

std::span<const PoolMetricInfo> KnownPoolMetrics() { return kPoolMetrics; }

double Sample::value() const {
  if (mean) return *mean;
  return n > 0 ? static_cast<double>(successes) / static_cast<double>(n) : 0.0;
}

std::string FormatBasisPoints(int bp) { return fmt::format("{}.{:02}%", bp / 100, bp % 100); }

Status ValidateAllocationRule(const AllocationRule& r) {
  if (r.champion.empty()) return InvalidArgument("allocation: champion is required");
  if (r.champion == r.challenger) {
    return InvalidArgument("allocation: '{}' cannot be both champion and challenger", r.champion);
  }
  if (r.champion_bp < 0 || r.challenger_bp < 0 ||
      r.champion_bp + r.challenger_bp > kFullBasisPoints) {
    return InvalidArgument(
        "allocation: champion and challenger shares ({} + {}) must be "
        "non-negative and add up to at most 100%",
        FormatBasisPoints(r.champion_bp), FormatBasisPoints(r.challenger_bp));
  }
  if (r.challenger.empty() && r.challenger_bp != 0) {
    return InvalidArgument("allocation: challenger_share is set but no challenger is named");
  }
  if (!(r.alpha > 0 && r.alpha < 1)) {
    return InvalidArgument("allocation: alpha {} must be between 0 and 1", r.alpha);
  }
  if (r.pool_metrics.empty() && r.champion_bp + r.challenger_bp < kFullBasisPoints) {
    return InvalidArgument("allocation: pool_metrics must name at least one metric");
  }
  std::set<std::string> seen;
  for (const std::string& m : r.pool_metrics) {
    if (!FindPoolMetric(m)) {
      std::vector<std::string_view> known;
      for (const PoolMetricInfo& k : kPoolMetrics) known.push_back(k.name);
      return InvalidArgument("allocation: unknown pool metric '{}' (use {})", m,
                             fmt::join(known, ", "));
    }
    if (!seen.insert(m).second)
      return InvalidArgument("allocation: pool metric '{}' is named twice", m);
  }
  for (const auto& [queue, partners] : r.eligible) {
    if (partners.empty()) return InvalidArgument("allocation: queue '{}' lists no partner", queue);
    std::set<std::string> names(partners.begin(), partners.end());
    if (names.size() != partners.size()) {
      return InvalidArgument("allocation: queue '{}' lists a partner twice", queue);
    }
  }
  return Status::Ok();
}

Result<AllocationResult> Allocate(const AllocationRule& rule,
                                  std::span<const AllocationCandidate> candidates) {
  RETURN_IF_ERROR(ValidateAllocationRule(rule));
  // Queue -> partner -> candidate; std::map keeps queues and partners in byte order.
  std::map<std::string, std::map<std::string, const AllocationCandidate*>> by_queue;
  for (const AllocationCandidate& c : candidates) {
    for (const auto& [metric, s] : c.samples) RETURN_IF_ERROR(CheckSample(c, metric, s));
    if (!by_queue[c.queue].emplace(c.partner, &c).second) {
      return InvalidArgument("allocation: partner '{}' appears twice in queue '{}'", c.partner,
                             c.queue);
    }
  }
  for (const auto& [queue, partners] : rule.eligible) by_queue[queue];
  AllocationResult result;
  for (const auto& [queue, with_data] : by_queue) {
    std::vector<std::string> eligible;
    if (auto it = rule.eligible.find(queue); it != rule.eligible.end()) {
      eligible = it->second;
      std::sort(eligible.begin(), eligible.end());
    } else {
      for (const auto& [partner, c] : with_data) eligible.push_back(partner);
    }
    std::vector<const AllocationCandidate*> in_queue;
    for (const auto& [partner, c] : with_data) {
      if (std::binary_search(eligible.begin(), eligible.end(), partner)) in_queue.push_back(c);
    }
    if (!eligible.empty()) result.queues.push_back(AllocateQueue(rule, queue, eligible, in_queue));
  }
  return result;
}

Result<std::vector<AllocationCandidate>> CandidatesFromScore(const ScoreResult& score,
                                                             const AllocationRule& rule,
                                                             std::string_view period) {
  auto index_of = [&](Dimension d) -> std::optional<size_t> {
    auto it = std::find(score.by.begin(), score.by.end(), d);
    if (it == score.by.end()) return std::nullopt;
    return static_cast<size_t>(it - score.by.begin());
  };
  const auto p = index_of(Dimension::kPartner), q = index_of(Dimension::kQueue),
             t = index_of(Dimension::kPeriod);
  if (!p || !q || !t || score.by.size() != 3) {
    return InvalidArgument("allocation needs a score grouped by partner, queue and period");
  }
  std::map<std::pair<std::string, std::string>, AllocationCandidate> out;
  for (const MetricRow& row : score.rows) {
    if (row.keys[*t] != period || row.keys[*q].empty()) continue;
    AllocationCandidate& c = out[{row.keys[*q], row.keys[*p]}];
    c.queue = row.keys[*q];
    c.partner = row.keys[*p];
    for (const std::string& m : rule.pool_metrics) {
      const std::string_view source = m == "ces" ? "ces_share_5plus" : std::string_view(m);
      if (row.metric == source && row.denominator) {
        c.samples[m] = Sample::Rate(row.numerator, *row.denominator);
      }
    }
  }
  std::vector<AllocationCandidate> v;
  for (auto& [key, c] : out) v.push_back(std::move(c));
  return v;
}

}  // namespace cx
