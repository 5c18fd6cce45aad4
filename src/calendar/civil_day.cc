#include "calendar/civil_day.h"

namespace cx {

std::string_view WeekdayName(Weekday w) {
  static constexpr std::string_view kNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return kNames[static_cast<int>(w)];
}

std::optional<CivilDay> CivilDay::Parse(std::string_view text) {
  std::optional<int64_t> days = ParseDate(text);
  if (!days) return std::nullopt;
  return CivilDay(*days);
}

std::string CivilDay::ToString() const { return FormatDate(days_); }

}  // namespace cx
