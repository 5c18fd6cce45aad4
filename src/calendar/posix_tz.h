// The POSIX TZ rule at the end of a TZif v2+ file ("EST5EDT,M3.2.0,M11.1.0"), which says how
// a zone's clocks change after the file's last explicit transition (2037 in Debian's files).
// date/tz in USE_OS_TZDB mode ignores that footer, so TimeZone uses this to extend its table.
// Internal to the calendar layer. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cx::internal {

struct PosixTzRule {
  // When in the year a change happens, in the local time in force before it.
  struct When {
    enum class Kind { kMonthWeekDay, kJulian1, kJulian0 } kind = Kind::kMonthWeekDay;
    int month = 1, week = 1, weekday = 0;  // Mm.w.d: week 5 = last; weekday 0 = Sunday.
    int day = 0;                           // Jn (1..365, no Feb 29) or n (0..365).
    int32_t time = 7200;                   // Seconds after local midnight (may be < 0 or > 24h).
  };
  int32_t std_offset = 0;  // Seconds east of UTC (the POSIX sign is the other way round).
  bool has_dst = false;
  int32_t dst_offset = 0;
  When start, end;  // DST starts, DST ends.
};

struct PosixTransition {
  int64_t utc_seconds;
  int32_t offset_after;  // Seconds east of UTC from this instant on.
};

// Parses a POSIX TZ string; nullopt when it is malformed or empty.
std::optional<PosixTzRule> ParsePosixTz(std::string_view text);

// The rule's transitions in `year` (none without DST), in time order.
std::vector<PosixTransition> PosixTransitionsOfYear(const PosixTzRule& rule, int year);

// The footer of the TZif file at `path` (without newlines); nullopt when the file cannot be
// read or is TZif version 1.
std::optional<std::string> ReadTzifFooter(const std::string& path);

}  // namespace cx::internal
