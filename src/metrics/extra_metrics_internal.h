// Internals shared by the files of the extended metrics (extra_metrics.cc: contact-level
// metrics and the entry point; extra_activity.cc: self-service, knowledge base, uptime).
// Not an API: include only from those files. Thread-compatible.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "calendar/time_zone.h"
#include "engine/activity_tables.h"
#include "metrics/extra_metrics.h"

namespace cx::extra_internal {

struct Context {
  const Dataset& data;
  const MetricSettings& settings;
  const ExtraOptions& options;
  const ExtraPrepared& prepared;
  std::span<const Dimension> by;
  const TimeZone& tz;
  Micros horizon = 0;
  std::set<int64_t> periods;  // Periods with at least one contact: the only ones reported.

  int64_t PeriodOf(Micros t) const { return PeriodIndex(tz, settings.period, t); }
  // Keys of a row about `period` whose other dimensions are "all", except the partner
  // dimension (when grouped by it) set to `partner`.
  std::vector<std::string> Keys(int64_t period, std::string_view partner = kAllKey) const;
};

// Row builders. A rate gets its Wilson interval at z; a zero denominator leaves value empty.
ExtraRow RateRow(std::vector<std::string> keys, std::string_view metric, int64_t numerator,
                 int64_t denominator, std::optional<int64_t> pending, double z);
// A row whose value is `value` (when the denominator is not 0) with a µs numerator.
ExtraRow MicrosRow(std::vector<std::string> keys, std::string_view metric, Micros numerator,
                   int64_t denominator, std::optional<double> value);

// Client-level containment (per period of started_at).
void AddContainment(const Context& c, const CustomerArrivals& arrivals, ExtraResult* out);
// kb_deflection and kb_helpful_rate, client level and per article, per period of `at`; also
// counts agent_use events for the result's statistics.
void AddKnowledgeBase(const Context& c, const CustomerArrivals& arrivals, ExtraResult* out);
// uptime, downtime_hours (and downtime_allowed_hours with a target) per service and period.
void AddUptime(const Context& c, ExtraResult* out);

}  // namespace cx::extra_internal
