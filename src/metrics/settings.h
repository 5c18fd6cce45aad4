// The parameters every metric is computed with (metrics.md "where a contract may choose a
// variant"), as one value type with documented defaults. The defaults are the golden sets'
// parameters (golden-rules.md), so `cxpact score` without a settings file reproduces them.
// Read from TOML (examples/golden.toml documents every key). Thread-compatible value.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "calendar/business_calendar_spec.h"
#include "calendar/period.h"

namespace cx {

enum class ClockStart { kSent, kArrived };         // customer_sent_at if present, or arrived_at.
enum class ElapsedTime { kBusiness, kCalendar };   // How the response target is counted.
// What "pending" means for FCR near the horizon (metrics.md leaves it open):
//   kWindow: pending whenever t + W is after the horizon, even if a repeat was already seen
//            (golden rule 24: successes cannot be known there yet, so no downward bias);
//   kUnknownOnly: a contact with a repeat already seen counts as repeated.
enum class FcrPending { kWindow, kUnknownOnly };

struct MetricSettings {
  std::string time_zone = "America/New_York";  // Reporting zone: periods are local.
  PeriodKind period = PeriodKind::kMonth;
  BusinessCalendarSpec calendar = GoldenCalendar();
  Micros repeat_window = 7 * kMicrosPerDay;         // W, elapsed (not local days).
  Micros service_level_threshold = 20 * kMicrosPerSecond;  // T, inclusive.
  Micros response_target = 48 * kMicrosPerHour;     // H, inclusive.
  ElapsedTime response_time = ElapsedTime::kBusiness;
  ClockStart clock_start = ClockStart::kSent;
  Micros short_abandon = 5 * kMicrosPerSecond;      // Abandoned and ended in less: short.
  FcrPending fcr_pending = FcrPending::kWindow;
  double z = 1.96;                                  // Interval quantile (95%).
  bool require_customer_id = true;  // For folder sources (decision 0003).

  // Mon-Fri 09:00-17:00 America/New_York with the golden holidays.
  static BusinessCalendarSpec GoldenCalendar();
};

// Reads a settings file; unknown keys and bad values are errors with file:line.
Result<MetricSettings> LoadMetricSettings(const std::filesystem::path& path);
Result<MetricSettings> ParseMetricSettings(std::string_view toml, std::string_view file);

}  // namespace cx
