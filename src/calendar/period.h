// Reporting periods: the day, ISO week (Monday to Sunday) or month that contains an instant in
// a reporting time zone, as a dense integer index, plus the period's bounds and its label.
// An instant belongs to the period of its local date (metrics.md § Periods; DST honoured).
// Pure functions over an immutable TimeZone; thread-safe.
//
// Indexes (all dense, so consecutive periods differ by 1):
//   kDay:   days since 1970-01-01 (local date)                       label 2026-03-02
//   kWeek:  weeks since Monday 1969-12-29 (the week of 1970-01-01)   label 2026-W10 (ISO)
//   kMonth: year * 12 + (month - 1), as base/time.h ParseYearMonth   label 2026-03
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/time.h"
#include "calendar/civil_day.h"
#include "calendar/time_zone.h"

namespace cx {

enum class PeriodKind { kDay, kWeek, kMonth };

// "day", "week", "month".
std::string_view PeriodKindName(PeriodKind kind);
Result<PeriodKind> ParsePeriodKind(std::string_view text);

namespace internal {
// Month numbers of the dates 1970-01-01 .. 2099-12-31, as months since 1970-01: a 95 KB
// constant table, because CivilFromDays costs about 10 ns and months are the default period.
inline constexpr int64_t kMonthTableDays = 47482;
extern const std::array<uint16_t, kMonthTableDays> kMonthOfDay;
}  // namespace internal

// The index of the period that contains the local date `day` (days since 1970-01-01).
inline int64_t PeriodIndexOfDay(PeriodKind kind, int64_t day) {
  switch (kind) {
    case PeriodKind::kDay:
      return day;
    case PeriodKind::kWeek:
      return FloorDiv(day + 3, 7);  // 1970-01-01 was a Thursday.
    case PeriodKind::kMonth: {
      if (static_cast<uint64_t>(day) < static_cast<uint64_t>(internal::kMonthTableDays)) {
        return 1970 * 12 + internal::kMonthOfDay[day];
      }
      const YearMonthDay ymd = CivilFromDays(day);
      return int64_t{ymd.year} * 12 + (ymd.month - 1);
    }
  }
  return day;
}

// The index of the period that contains instant t in zone `tz`. O(1), no allocation: a table
// lookup for the offset and a few integer operations (see the benchmark for the cost).
inline int64_t PeriodIndex(const TimeZone& tz, PeriodKind kind, Micros t) {
  return PeriodIndexOfDay(kind, tz.LocalDayOf(t));
}

// The first local date of a period.
int64_t FirstDayOfPeriod(PeriodKind kind, int64_t index);

// The period's instants are [PeriodStart, PeriodEnd): local midnight of its first date to
// local midnight of the next period's first date. A month with a DST change is an hour
// shorter or longer than its days times 24 h.
Micros PeriodStart(const TimeZone& tz, PeriodKind kind, int64_t index);
inline Micros PeriodEnd(const TimeZone& tz, PeriodKind kind, int64_t index) {
  return PeriodStart(tz, kind, index + 1);
}

// `2026-03-02`, `2026-W10` (ISO 8601 week-numbering year, which may differ from the calendar
// year around New Year: 2024-12-30 is in 2025-W01), `2026-03`.
std::string FormatPeriod(PeriodKind kind, int64_t index);
// The inverse of FormatPeriod; nullopt for anything else (a week 53 only in years that have it).
std::optional<int64_t> ParsePeriod(PeriodKind kind, std::string_view text);

}  // namespace cx
