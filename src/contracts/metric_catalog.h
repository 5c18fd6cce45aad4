// The metrics a contract may name: every metric row Score (metrics/score.h) and ScoreExtra
// (metrics/extra_metrics.h) produce, with the scale its values live on, which direction is
// better, whether it can be a KPI, and what it means in one plain sentence.
// metric_catalog_test checks the list against the engine's output, so a metric added there must
// be added here. Constant data; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace cx {

enum class Direction { kHigherIsBetter, kLowerIsBetter };
std::string_view DirectionName(Direction d);  // "higher", "lower"

enum class MetricScale {
  kRate,     // A share in [0, 1].
  kSeconds,  // >= 0.
  kHours,    // >= 0.
  kNps,      // [-100, 100].
  kCes,      // Mean of a 1-7 score.
  kMean,     // A non-negative mean or ratio (contacts per issue, per 1000 orders).
  kCount,    // A volume (offered, handled): not a performance measure.
  kStatistic,  // A by-product of another metric (nps_margin, csat_wilson_low): not a KPI.
};

struct MetricInfo {
  std::string_view name;
  MetricScale scale;
  Direction better;
  // Values of consecutive months can be pooled, weighted by their denominators (rates, means,
  // NPS); percentiles and uptime cannot.
  bool poolable;
  // What the metric measures, in one sentence for a reader who is not an analyst (the portal
  // shows it beside the figure).
  std::string_view what;
  // For a poolable metric, its value from its score row's numerator and denominator:
  // numerator * scale_up / (denominator * scale_down) (µs sums to seconds, NPS in points,
  // contacts per 1000 orders), so that pooled months are computed exactly from counts.
  int64_t scale_up = 1, scale_down = 1;
};

std::span<const MetricInfo> KnownMetrics();
// nullptr when the engine produces no metric of that name.
const MetricInfo* FindMetric(std::string_view name);
// True for metrics a contract may set a target on (not counts or statistics).
bool IsKpiMetric(const MetricInfo& m);
// The closed range of values the scale allows; `what` is a phrase for error messages
// ("a share between 0 and 1").
struct ScaleBounds {
  double low, high;
  std::string_view what;
};
ScaleBounds BoundsOf(MetricScale scale);
// One "point" of a metric for per-point bonuses: a percentage point (0.01) for rates, else 1.
double PointOf(MetricScale scale);

}  // namespace cx
