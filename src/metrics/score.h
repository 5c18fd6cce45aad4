// Computes every metric of metrics.md per group (partner and period by default, or any of
// site, queue, channel and reason as well), with the settings' parameters. Output rows follow
// golden-rules.md "Output": one row per group and metric, sorted by the group's keys and the
// metric name in byte order. Thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/dataset.h"
#include "metrics/settings.h"

namespace cx {

enum class Dimension { kPartner, kSite, kQueue, kChannel, kReason, kPeriod };
std::string_view DimensionName(Dimension d);
// "partner,period" -> dimensions; unknown names are an error that lists the known ones.
Result<std::vector<Dimension>> ParseDimensions(std::string_view text);

struct MetricRow {
  std::vector<std::string> keys;  // One per dimension of the score.
  std::string_view metric;
  enum class Numerator : uint8_t { kNone, kCount, kMicros } numerator_kind = Numerator::kNone;
  int64_t numerator = 0;                // A count, or a sum of µs shown as seconds.
  std::optional<int64_t> denominator;
  std::optional<double> value;          // Empty when undefined (denominator 0).
  std::optional<int64_t> pending;       // Only for metrics that look forward in time.
  // Wilson interval of a rate, or the NPS margin as an interval around the value.
  std::optional<double> low, high;
};

// Fills a rate row: count numerator, denominator, value num/den and its Wilson interval at z
// (value and interval stay empty when den is 0).
void SetRate(MetricRow& row, int64_t num, int64_t den, std::optional<int64_t> pending, double z);

struct ScoreResult {
  std::vector<Dimension> by;
  std::vector<MetricRow> rows;
  Micros horizon = 0;            // Latest arrived_at of all contacts.
  int64_t contacts = 0;
  int64_t without_customer = 0;  // Contacts with no customer_id (left out of FCR and issues).
};

// How far a score has got, for a progress bar: the share of its work done, and the contacts
// of the customer blocks the per-customer scans have taken so far. Called on the thread that
// called Score; the share rises and ends at exactly 1 once the score is complete.
using ScoreProgress = std::function<void(double share, int64_t contacts)>;

struct ScoreOptions {
  // false: leaves out the metrics of the per-customer scans (IsPerCustomerMetric), which take
  // most of a score's time, for a caller that reads none of them (the reconciliation's
  // variants of the traffic metrics).
  bool per_customer = true;
  ScoreProgress progress = nullptr;  // May be empty.
};

// Whether `metric` comes from the per-customer scans: FCR, its repeat rate and same-reason
// variant, contacts per issue and the times to resolve.
bool IsPerCustomerMetric(std::string_view metric);

Result<ScoreResult> Score(const Dataset& data, const MetricSettings& settings,
                          std::span<const Dimension> by, const ScoreOptions& options = {});

}  // namespace cx
