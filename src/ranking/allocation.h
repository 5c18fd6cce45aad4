// Champion/Challenger allocation: next period's volume share per partner and queue. A rule
// gives the champion and the challenger fixed shares; the rest (the performance pool) goes to
// the partner whose lead on a pool metric is statistically significant, or is split when no
// lead is. Shares are integer basis points that sum to exactly 10000 per queue.
// Semantics and their reasons: docs/decisions/0007-allocation-and-sla-audit.md.
// Pure functions over value types; thread-safe.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "metrics/score.h"

namespace cx {

inline constexpr int kFullBasisPoints = 10000;

// What happens to the pool when no partner leads significantly.
enum class PoolSplit {
  kTiedLeaders,  // Equally among the partners tied for first on the first pool metric.
  kProRata,      // In proportion to the fixed shares present in the queue.
};

// The allocation rule, as the `[allocation]` table of a contract or settings file fills it:
//   [allocation]
//   champion = "atlas"
//   challenger = "corvid"
//   champion_share = 0.45        # whole basis points: 0.4525 is fine, 0.45255 is not
//   challenger_share = 0.20
//   pool_metrics = ["fcr", "ces"] # in priority order
//   alpha = 0.05                  # familywise over the pool metrics (Bonferroni)
//   no_lead = "tied_leaders"      # or "pro_rata"
//   [allocation.queues]           # optional: who may take which queue
//   billing = ["atlas", "corvid", "delta"]
struct AllocationRule {
  std::string champion;
  std::string challenger;  // May be empty: no challenger.
  int champion_bp = 4500;
  int challenger_bp = 2000;
  std::vector<std::string> pool_metrics = {"fcr"};
  double alpha = 0.05;
  PoolSplit no_lead = PoolSplit::kTiedLeaders;
  // Queue -> eligible partners. A queue listed here takes exactly these partners; a queue not
  // listed takes every partner that has an observation in it.
  std::map<std::string, std::vector<std::string>> eligible;
};

// The pool metrics an allocation can be decided on, and which way is better. "ces" is read as
// a mean when the observation carries one, else as ces_share_5plus (decision 0007).
struct PoolMetricInfo {
  std::string_view name;
  bool higher_is_better;
};
std::span<const PoolMetricInfo> KnownPoolMetrics();

// Checks the rule's internal consistency (shares, alpha, metric names, partner names).
Status ValidateAllocationRule(const AllocationRule& rule);

// Reads the `[allocation]` table (the table itself, not the file's root). Unknown keys and bad
// values are errors that name `file` and the line.
Result<AllocationRule> ParseAllocationRule(const toml::table& table, std::string_view file);
// Reads the `[allocation]` table of a TOML document; an error when it has none.
Result<AllocationRule> ParseAllocationRuleText(std::string_view toml, std::string_view file);

// One partner's evidence on one metric in one queue: a rate (successes of n) or a mean with
// its sample variance over n observations.
struct Sample {
  int64_t n = 0;
  int64_t successes = 0;
  std::optional<double> mean;  // Set for a mean; then `variance` is the sample variance.
  double variance = 0;

  static Sample Rate(int64_t successes, int64_t n) { return {n, successes, std::nullopt, 0}; }
  static Sample Mean(double mean, double variance, int64_t n) { return {n, 0, mean, variance}; }
  double value() const;
};

// A partner with data in a queue: its samples by pool metric name.
struct AllocationCandidate {
  std::string queue;
  std::string partner;
  std::map<std::string, Sample> samples;
};

// One pool metric's contest in one queue.
struct MetricContest {
  std::string metric;
  double alpha = 0;               // The per-metric level: rule alpha / number of pool metrics.
  std::string leader, runner_up;  // runner_up empty when fewer than two partners have data.
  double leader_value = 0, runner_up_value = 0;
  double p_value = 1;  // Leader against runner-up (Welch-normal for means).
  bool significant = false;
  std::vector<std::string> tied_leaders;  // The leader and everyone not significantly worse.
};

struct PoolDecision {
  int pool_bp = 0;
  std::string winner;  // Empty when no lead is significant.
  std::string metric;  // The metric that decided it (empty when none did).
  double p_value = 1;
  std::vector<std::string> recipients;  // Who shares the pool (the winner alone if any).
  std::vector<MetricContest> contests;  // In the rule's metric order.
  std::string summary;                  // One English sentence.
};

struct PartnerShare {
  std::string partner;
  int fixed_bp = 0;  // Champion or challenger share.
  int pool_bp = 0;
  int total_bp() const { return fixed_bp + pool_bp; }
};

struct QueueAllocation {
  std::string queue;
  std::vector<PartnerShare> shares;  // Every eligible partner, by name; totals sum to 10000.
  PoolDecision pool;
};

struct AllocationResult {
  std::vector<QueueAllocation> queues;  // By queue name.
};

// Allocates every queue that has an eligible partner. Errors: an invalid rule, a candidate
// named twice for a queue, a sample with successes outside [0, n] or a negative variance.
Result<AllocationResult> Allocate(const AllocationRule& rule,
                                  std::span<const AllocationCandidate> candidates);

// The candidates of one period from a score grouped by partner, queue and period (in any
// order): a rate sample per pool metric from its row (ces from ces_share_5plus, since score
// rows carry no variance). Rows with an empty queue key are left out.
Result<std::vector<AllocationCandidate>> CandidatesFromScore(const ScoreResult& score,
                                                             const AllocationRule& rule,
                                                             std::string_view period);

// "45.00%".
std::string FormatBasisPoints(int bp);

}  // namespace cx
