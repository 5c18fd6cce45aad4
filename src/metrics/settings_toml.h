// Pieces of the settings file reader (settings.h) that other TOML readers share (contracts,
// the allocation rule): parsing with file:line errors, and the [calendar] table that a
// contract's operations manual holds too. Errors name the file and line. Pure
// functions; thread-safe.
#pragma once

#include <toml++/toml.h>

#include <string_view>

#include "base/status.h"
#include "calendar/business_calendar_spec.h"

namespace cx {

// Parses a TOML document; a syntax error is InvalidArgument "FILE:LINE: what is wrong".
Result<toml::table> ParseTomlText(std::string_view text, std::string_view file);

// Reads a business calendar table (time_zone, weekdays, mon..sun, holidays) into `spec`,
// keeping what the table does not set. `where` prefixes keys in messages ("calendar.").
Status ReadCalendarTable(const toml::table& t, std::string_view file, std::string_view where,
                         BusinessCalendarSpec* spec);

}  // namespace cx
