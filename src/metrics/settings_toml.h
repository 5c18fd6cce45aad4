// Pieces of the settings file reader (settings.h) that other TOML readers share (contracts,
// the allocation rule): parsing with file:line errors, and the [calendar] table and metric
// thresholds that a contract's operations manual holds too. Errors name the file and line.
// Pure functions; thread-safe.
#pragma once

#include <toml++/toml.h>

#include <string_view>

#include "base/status.h"
#include "calendar/business_calendar_spec.h"
#include "metrics/settings.h"
#include "metrics/toml_reader.h"

namespace cx {

// Parses a TOML document; a syntax error is InvalidArgument "FILE:LINE: what is wrong".
Result<toml::table> ParseTomlText(std::string_view text, std::string_view file);

// Reads a business calendar table (time_zone, weekdays, mon..sun, holidays) into `spec`,
// keeping what the table does not set. `where` prefixes keys in messages ("calendar.").
Status ReadCalendarTable(const toml::table& t, std::string_view file, std::string_view where,
                         BusinessCalendarSpec* spec);

// Reads the thresholds a contract may set too into `s`, keeping what `t` does not set:
// repeat_window_hours, service_level_seconds, response_hours and short_abandon_seconds (each a
// number from 0 to `max_units`, to the nearest µs), response_time and clock_start. The caller
// checks the table's other keys.
Status ReadMetricThresholds(const TomlReader& r, const toml::table& t, double max_units,
                            MetricSettings* s);

}  // namespace cx
