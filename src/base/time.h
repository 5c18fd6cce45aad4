// Instants and civil dates as plain values. An instant is held as integer microseconds since
// the Unix epoch (UTC), so every comparison the metrics make is exact (golden rule 1).
// Parsing is strict: the canonical timestamp form only. Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cx {

using Micros = int64_t;  // Microseconds since 1970-01-01T00:00:00Z.
inline constexpr Micros kMicrosPerSecond = 1'000'000;
inline constexpr Micros kMicrosPerHour = 3600 * kMicrosPerSecond;
inline constexpr Micros kMicrosPerDay = 24 * kMicrosPerHour;

// A wall-clock reading without an offset: what a timestamp says before its zone is known.
struct LocalDateTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t micros = 0;  // Fraction of the second, truncated to microseconds.
};

// Floor division and modulo for a positive divisor (the C++ operators truncate toward 0).
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return q - ((a % b) < 0);
}
constexpr int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

struct YearMonthDay {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Days since 1970-01-01 of a proleptic Gregorian date (no range check).
int64_t DaysFromCivil(int year, int month, int day);

// Howard Hinnant's civil_from_days (public-domain algorithm, the basis of <chrono>): the
// inverse of DaysFromCivil. Branch-light, a few nanoseconds.
constexpr YearMonthDay CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (m <= 2)), static_cast<int>(m),
          static_cast<int>(d)};
}
// True when (year, month, day) is a real calendar day.
bool IsValidDate(int year, int month, int day);

// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` exactly as golden rule 1 says:
// upper-case T and Z, hour 00-23, second 00-59, a real date, offset hours <= 14 and minutes
// <= 59, any number of fraction digits truncated to microseconds, no blanks.
std::optional<Micros> ParseTimestamp(std::string_view text);

// Parses the same form without an offset. With `allow_space`, a blank may replace the `T`.
std::optional<LocalDateTime> ParseLocalDateTime(std::string_view text, bool allow_space = false);

// Parses `YYYY-MM-DD` (a real date).
std::optional<int64_t> ParseDate(std::string_view text);  // Days since the epoch.

// Parses `YYYY-MM` into year*12 + (month-1).
std::optional<int> ParseYearMonth(std::string_view text);

// The instant of a local reading as if it were UTC (for offsets applied afterwards).
Micros LocalAsUtc(const LocalDateTime& local);

// `2026-03-02T14:15:07Z`, with `.ffffff` only when the fraction is non-zero.
std::string FormatTimestampUtc(Micros t);
// `YYYY-MM-DD` of a day number.
std::string FormatDate(int64_t days);
// Microseconds as seconds with six decimals, exactly ("36796.000000").
std::string FormatMicrosAsSeconds(int64_t micros);

}  // namespace cx
