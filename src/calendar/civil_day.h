// CivilDay: a date on the proleptic Gregorian calendar with no time zone attached (Abseil's
// CivilDay), held as a day number (days since 1970-01-01), plus the integer arithmetic the
// period and calendar code shares (floor division, civil-from-days, ISO weekday).
// Value type; thread-safe (no shared state).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/time.h"

namespace cx {

// ISO weekday: Monday is 0, Sunday is 6.
enum class Weekday { kMonday = 0, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

// Weekday of a day number (1970-01-01 was a Thursday).
constexpr Weekday WeekdayOfDay(int64_t days) { return static_cast<Weekday>(FloorMod(days + 3, 7)); }

// Three-letter English name ("Mon").
std::string_view WeekdayName(Weekday w);

class CivilDay {
 public:
  constexpr CivilDay() = default;  // 1970-01-01
  static constexpr CivilDay FromDays(int64_t days) { return CivilDay(days); }
  // No range check; use IsValidDate (base/time.h) or Parse for untrusted input.
  static CivilDay FromYmd(int year, int month, int day) {
    return CivilDay(DaysFromCivil(year, month, day));
  }
  // Parses `YYYY-MM-DD`; nullopt unless it is a real calendar day.
  static std::optional<CivilDay> Parse(std::string_view text);

  constexpr int64_t days() const { return days_; }  // Days since 1970-01-01.
  constexpr YearMonthDay ymd() const { return CivilFromDays(days_); }
  constexpr int year() const { return ymd().year; }
  constexpr int month() const { return ymd().month; }
  constexpr int day() const { return ymd().day; }
  constexpr Weekday weekday() const { return WeekdayOfDay(days_); }
  std::string ToString() const;  // `YYYY-MM-DD`

  constexpr CivilDay operator+(int64_t n) const { return CivilDay(days_ + n); }
  constexpr CivilDay operator-(int64_t n) const { return CivilDay(days_ - n); }
  constexpr int64_t operator-(CivilDay other) const { return days_ - other.days_; }
  constexpr auto operator<=>(const CivilDay&) const = default;

 private:
  constexpr explicit CivilDay(int64_t days) : days_(days) {}
  int64_t days_ = 0;
};

}  // namespace cx
