#include "calendar/period.h"

#include <fmt/format.h>

namespace cx {

namespace internal {
namespace {
constexpr std::array<uint16_t, kMonthTableDays> MakeMonthTable() {
  std::array<uint16_t, kMonthTableDays> table{};
  for (int64_t day = 0; day < kMonthTableDays; ++day) {
    const YearMonthDay ymd = CivilFromDays(day);
    table[day] = static_cast<uint16_t>((ymd.year - 1970) * 12 + ymd.month - 1);
  }
  return table;
}
}  // namespace
// Computed at compile time; the extern declaration in period.h gives it external linkage.
constexpr std::array<uint16_t, kMonthTableDays> kMonthOfDay = MakeMonthTable();
static_assert(kMonthTableDays == 4102444800LL / 86400, "the table ends on 2100-01-01");
static_assert(kMonthOfDay[kMonthTableDays - 1] == 130 * 12 - 1, "2099-12-31 is in 2099-12");
}  // namespace internal

namespace {

// Monday of ISO week 1 of ISO year `year`: the week that holds January 4.
int64_t IsoWeekOneMonday(int year) {
  const int64_t jan4 = DaysFromCivil(year, 1, 4);
  return jan4 - static_cast<int64_t>(WeekdayOfDay(jan4));
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    const unsigned d = static_cast<unsigned char>(s[i]) - static_cast<unsigned>('0');
    if (d > 9) return false;
    v = v * 10 + static_cast<int>(d);
  }
  *out = v;
  return true;
}

}  // namespace

std::string_view PeriodKindName(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kDay:
      return "day";
    case PeriodKind::kWeek:
      return "week";
    case PeriodKind::kMonth:
      return "month";
  }
  return "?";
}

Result<PeriodKind> ParsePeriodKind(std::string_view text) {
  if (text == "day") return PeriodKind::kDay;
  if (text == "week") return PeriodKind::kWeek;
  if (text == "month") return PeriodKind::kMonth;
  return InvalidArgument("period '{}': expected day, week or month", text);
}

int64_t FirstDayOfPeriod(PeriodKind kind, int64_t index) {
  switch (kind) {
    case PeriodKind::kDay:
      return index;
    case PeriodKind::kWeek:
      return index * 7 - 3;
    case PeriodKind::kMonth:
      return DaysFromCivil(static_cast<int>(FloorDiv(index, 12)),
                           static_cast<int>(FloorMod(index, 12)) + 1, 1);
  }
  return index;
}

Micros PeriodStart(const TimeZone& tz, PeriodKind kind, int64_t index) {
  return tz.StartOfDay(FirstDayOfPeriod(kind, index));
}

std::string FormatPeriod(PeriodKind kind, int64_t index) {
  switch (kind) {
    case PeriodKind::kDay:
      return FormatDate(index);
    case PeriodKind::kWeek: {
      const int64_t monday = FirstDayOfPeriod(kind, index);
      const int iso_year = CivilFromDays(monday + 3).year;  // The year of its Thursday.
      return fmt::format("{:04}-W{:02}", iso_year, (monday - IsoWeekOneMonday(iso_year)) / 7 + 1);
    }
    case PeriodKind::kMonth:
      return fmt::format("{:04}-{:02}", FloorDiv(index, 12), FloorMod(index, 12) + 1);
  }
  return "";
}

std::optional<int64_t> ParsePeriod(PeriodKind kind, std::string_view text) {
  switch (kind) {
    case PeriodKind::kDay:
      return ParseDate(text);
    case PeriodKind::kMonth: {
      std::optional<int> ym = ParseYearMonth(text);
      if (!ym) return std::nullopt;
      return int64_t{*ym};
    }
    case PeriodKind::kWeek: {
      int year = 0, week = 0;
      if (text.size() != 8 || !Digits(text, 0, 4, &year) || text[4] != '-' || text[5] != 'W' ||
          !Digits(text, 6, 2, &week) || week < 1)
        return std::nullopt;
      const int64_t monday = IsoWeekOneMonday(year) + 7 * (week - 1);
      if (monday >= IsoWeekOneMonday(year + 1)) return std::nullopt;  // No such week 53.
      return PeriodIndexOfDay(PeriodKind::kWeek, monday);
    }
  }
  return std::nullopt;
}

}  // namespace cx
