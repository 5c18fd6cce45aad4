#include "contracts/metric_catalog.h"

#include <limits>

namespace cx {

namespace {

constexpr Direction kUp = Direction::kHigherIsBetter;
constexpr Direction kDown = Direction::kLowerIsBetter;
using S = MetricScale;

// Score's 28 rows (score.cc), then ScoreExtra's (extra_metrics.cc, extra_activity.cc).
constexpr MetricInfo kMetrics[] = {
    {"offered", S::kCount, kUp, true},
    {"handled", S::kCount, kUp, true},
    {"abandoned", S::kCount, kDown, true},
    {"short_abandon", S::kCount, kDown, true},
    {"abandon_rate", S::kRate, kDown, true},
    {"asa_seconds", S::kSeconds, kDown, true},
    {"aht_seconds", S::kSeconds, kDown, true},
    {"transfer_rate", S::kRate, kDown, true},
    {"service_level", S::kRate, kUp, true},
    {"response_within", S::kRate, kUp, true},
    {"fcr", S::kRate, kUp, true},
    {"repeat_rate", S::kRate, kDown, true},
    {"fcr_same_reason", S::kRate, kUp, true},
    {"contacts_per_issue", S::kMean, kDown, true},
    {"time_to_resolve_median_hours", S::kHours, kDown, false},
    {"time_to_resolve_p90_hours", S::kHours, kDown, false},
    {"time_to_resolve_median_business_hours", S::kHours, kDown, false},
    {"time_to_resolve_p90_business_hours", S::kHours, kDown, false},
    {"nps", S::kNps, kUp, true},
    {"nps_promoters", S::kRate, kUp, true},
    {"nps_detractors", S::kRate, kDown, true},
    {"nps_margin", S::kStatistic, kDown, false},
    {"csat", S::kRate, kUp, true},
    {"csat_wilson_low", S::kStatistic, kUp, false},
    {"csat_wilson_high", S::kStatistic, kUp, false},
    {"ces", S::kCes, kUp, true},
    {"ces_share_5plus", S::kRate, kUp, true},
    {"response_rate", S::kRate, kUp, true},
    // Extended metrics.
    {"kb_agent_use_rate", S::kRate, kUp, true},
    {"demographics_rate", S::kRate, kUp, true},
    {"consent_rate", S::kRate, kUp, true},
    {"no_customer_share", S::kRate, kDown, true},
    {"contacts_per_1000_orders", S::kMean, kDown, true},
    {"containment", S::kRate, kUp, true},
    {"kb_deflection", S::kRate, kUp, true},
    {"kb_helpful_rate", S::kRate, kUp, true},
    {"uptime", S::kRate, kUp, false},
    {"downtime_hours", S::kHours, kDown, false},
    {"downtime_allowed_hours", S::kStatistic, kUp, false},
};

}  // namespace

std::string_view DirectionName(Direction d) {
  return d == Direction::kHigherIsBetter ? "higher" : "lower";
}

std::span<const MetricInfo> KnownMetrics() { return kMetrics; }

const MetricInfo* FindMetric(std::string_view name) {
  for (const MetricInfo& m : kMetrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

bool IsKpiMetric(const MetricInfo& m) {
  return m.scale != MetricScale::kCount && m.scale != MetricScale::kStatistic;
}

ScaleBounds BoundsOf(MetricScale scale) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  switch (scale) {
    case S::kRate: return {0, 1, "a share between 0 and 1 (0.8 is 80%)"};
    case S::kNps: return {-100, 100, "an NPS between -100 and 100"};
    case S::kCes: return {1, 7, "a mean score between 1 and 7"};
    case S::kSeconds: return {0, kInf, "a non-negative number of seconds"};
    case S::kHours: return {0, kInf, "a non-negative number of hours"};
    case S::kMean:
    case S::kCount:
    case S::kStatistic: return {0, kInf, "a non-negative number"};
  }
  return {0, kInf, "a number"};
}

double PointOf(MetricScale scale) { return scale == S::kRate ? 0.01 : 1.0; }

}  // namespace cx
