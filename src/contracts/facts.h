// What a contract is evaluated on, per month: the partner's metric values (from Score and
// ScoreExtra rows), its peers' values (for termination triggers), and the volumes its pricing
// needs. FactsFromScore builds them from a score by partner and period. Value types and pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/contract.h"
#include "engine/activity_tables.h"
#include "metrics/extra_metrics.h"
#include "metrics/score.h"

namespace cx {

// One metric of one month: a ScoreResult row's value, denominator and interval.
struct KpiObservation {
  std::optional<double> value;  // Empty: undefined (no denominator).
  int64_t sample = 0;           // The denominator (contacts, responses, issues).
  std::optional<double> low, high;  // 95% interval when the engine gives one.
  // The row's numerator (a count, or a sum of µs), when it has one: what a pooled quarter
  // adds up (MetricInfo::scale_up).
  std::optional<int64_t> numerator = std::nullopt;
};

// Another partner's value for the same month.
struct PeerObservation {
  std::string partner;
  bool in_house = false;
  std::string metric;
  KpiObservation observation;
};

// The volumes pricing reads.
struct MonthUsage {
  int64_t handled = 0;          // `handled`.
  int64_t resolved = 0;         // Numerator of `fcr` (resolved on first contact)...
  int64_t fcr_denominator = 0;  // ...and its denominator (non-pending handled contacts).
  Micros handle_time = 0;       // Numerator of `aht_seconds`: summed handle time.
  std::optional<int64_t> productive_hours_milli;  // From a workforce feed when supplied.
  std::optional<int64_t> active_subscriptions;    // From the volumes feed.
};

struct MonthFacts {
  MonthIndex month = 0;
  std::map<std::string, KpiObservation, std::less<>> metrics;  // By metric name.
  std::vector<PeerObservation> peers;
  MonthUsage usage;

  const KpiObservation* Find(std::string_view metric) const;
};

struct FactsOptions {
  std::vector<std::string> in_house;  // Partners whose values are in-house peers.
  std::string subscription_measure = "average";  // "average" or "month_end" (see Pricing).
};

// The facts of `partner` for every month from its first to its last row in `score` (a month
// without rows gets empty facts, so the sequence has no gaps). `score` must be grouped by
// exactly partner and period, monthly; `extra` (may be null) adds the extended metrics and
// `volumes` (may be null) the active subscriptions. Other partners' rows become peers.
Result<std::vector<MonthFacts>> FactsFromScore(const ScoreResult& score, const ExtraResult* extra,
                                               const VolumeTable* volumes,
                                               std::string_view partner,
                                               const FactsOptions& options);

// A month's count of a volumes kind: the mean of its daily counts rounded half up
// ("average"), or the count of its last day with a row ("month_end"); nullopt without rows.
std::optional<int64_t> MonthlyVolume(const VolumeTable& volumes, std::string_view kind,
                                     MonthIndex month, std::string_view measure);

}  // namespace cx
