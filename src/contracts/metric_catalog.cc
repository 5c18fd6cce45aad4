#include "contracts/metric_catalog.h"

#include <limits>

#include "base/time.h"

namespace cx {

namespace {

constexpr Direction kUp = Direction::kHigherIsBetter;
constexpr Direction kDown = Direction::kLowerIsBetter;
using S = MetricScale;

// Score's 28 rows (score.cc), then ScoreExtra's (extra_metrics.cc, extra_activity.cc).
constexpr MetricInfo kMetrics[] = {
    {"offered", S::kCount, kUp, true, "Contacts that arrived in the period."},
    {"handled", S::kCount, kUp, true, "Contacts an agent answered."},
    {"abandoned", S::kCount, kDown, true, "Contacts that ended before an agent answered."},
    {"short_abandon", S::kCount, kDown, true,
     "Contacts abandoned within the first seconds; left out of the service level and the abandon "
     "rate."},
    {"abandon_rate", S::kRate, kDown, true,
     "Share of contacts abandoned before an answer, leaving out hang-ups within the first "
     "seconds."},
    {"asa_seconds", S::kSeconds, kDown, true,
     "Mean time a caller or chatter waited before an agent answered.", 1, kMicrosPerSecond},
    {"aht_seconds", S::kSeconds, kDown, true, "Mean time an agent spent on a handled contact.", 1,
     kMicrosPerSecond},
    {"transfer_rate", S::kRate, kDown, true,
     "Share of handled contacts transferred to another agent or team."},
    {"service_level", S::kRate, kUp, true,
     "Share of calls and chats answered within the target time."},
    {"response_within", S::kRate, kUp, true,
     "Share of emails and messages answered within the target business hours."},
    {"fcr", S::kRate, kUp, true,
     "Share of handled contacts after which the customer did not contact anyone again within the "
     "repeat window, at any partner, on any channel."},
    {"repeat_rate", S::kRate, kDown, true,
     "Share of handled contacts followed by another contact of the same customer within the repeat "
     "window."},
    {"fcr_same_reason", S::kRate, kUp, true,
     "Like FCR, but only a new contact about the same reason counts as a repeat."},
    {"contacts_per_issue", S::kMean, kDown, true,
     "Mean number of contacts it took to close one customer issue."},
    {"time_to_resolve_median_hours", S::kHours, kDown, false,
     "Half of the customer issues were resolved faster than this (calendar hours)."},
    {"time_to_resolve_p90_hours", S::kHours, kDown, false,
     "90% of the customer issues were resolved faster than this (calendar hours)."},
    {"time_to_resolve_median_business_hours", S::kHours, kDown, false,
     "Half of the customer issues were resolved faster than this, counting opening hours only."},
    {"time_to_resolve_p90_business_hours", S::kHours, kDown, false,
     "90% of the customer issues were resolved faster than this, counting opening hours only."},
    {"nps", S::kNps, kUp, true,
     "Promoters (9-10) minus detractors (0-6), in points from -100 to +100.", 100},
    {"nps_promoters", S::kRate, kUp, true, "Share of NPS answers of 9 or 10."},
    {"nps_detractors", S::kRate, kDown, true, "Share of NPS answers of 0 to 6."},
    {"nps_margin", S::kStatistic, kDown, false, "The margin of error of the NPS (95%), in points."},
    {"csat", S::kRate, kUp, true, "Share of satisfaction answers rating 4 or 5 out of 5."},
    {"csat_wilson_low", S::kStatistic, kUp, false, "Lower bound of the CSAT's 95% interval."},
    {"csat_wilson_high", S::kStatistic, kUp, false, "Upper bound of the CSAT's 95% interval."},
    {"ces", S::kCes, kUp, true, "Mean customer effort score; 7 is easiest."},
    {"ces_share_5plus", S::kRate, kUp, true, "Share of effort answers of 5, 6 or 7."},
    {"response_rate", S::kRate, kUp, true, "Survey answers per handled contact."},
    // Extended metrics.
    {"kb_agent_use_rate", S::kRate, kUp, true,
     "Share of handled contacts in which the agent opened a knowledge-base article."},
    {"demographics_rate", S::kRate, kUp, true,
     "Of the handled contacts that report it, the share whose customer's demographics were "
     "collected."},
    {"consent_rate", S::kRate, kUp, true,
     "Of the handled contacts that report it, the share whose customer's consent was recorded."},
    {"no_customer_share", S::kRate, kDown, true,
     "Share of contacts without a customer id: they cannot be linked to a customer, so their "
     "repeats cannot be seen."},
    {"contacts_per_1000_orders", S::kMean, kDown, true,
     "Contacts received per thousand orders in the period.", 1000},
    {"containment", S::kRate, kUp, true,
     "Share of self-service sessions not followed by an assisted contact within 24 hours."},
    {"kb_deflection", S::kRate, kUp, true,
     "Share of customers' knowledge-base views not followed by an assisted contact within 24 "
     "hours."},
    {"kb_helpful_rate", S::kRate, kUp, true,
     "Helpful votes over all votes on knowledge-base articles."},
    {"uptime", S::kRate, kUp, false, "Share of the period the service was up."},
    {"downtime_hours", S::kHours, kDown, false, "Hours of outage in the period."},
    {"downtime_allowed_hours", S::kStatistic, kUp, false,
     "Hours of outage the uptime target allows in the period."},
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
