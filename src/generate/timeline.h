// The generated range as local days of the data's time zone, precomputed once so that no row
// calls date/tz (after ClickHouse's DateLUT): local midnights and hour starts as UTC instants,
// the UTC offset per 15-minute slot, weekdays, US holidays, months, and business time
// (Mon-Fri 09:00-17:00 local) for response-time figures. Immutable after Create; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace date {
class time_zone;
}

namespace cx::gen {

using CivilDate = YearMonthDay;  // base/time.h; CivilFromDays is there too.

class Timeline {
 public:
  // Days before the range and after it that the tables also cover (retries, survey answers and
  // email replies run past the end).
  static constexpr int kPadDays = 3;
  static constexpr int kTailDays = 120;

  // `start_month` is `YYYY-MM`; `zone` an IANA name from the system tz database.
  static Result<Timeline> Create(std::string_view zone, std::string_view start_month, int months);

  int num_days() const { return num_days_; }
  int num_months() const { return static_cast<int>(month_labels_.size()); }

  // Day 0 is the first of the start month. Any day index is accepted; days outside
  // [-kPadDays, num_days + kTailDays] are computed through date/tz (slow).
  Micros DayStart(int day) const { return HourStart(day, 0); }
  Micros HourStart(int day, int hour) const;
  Micros RangeStart() const { return DayStart(0); }
  Micros RangeEnd() const { return DayStart(num_days_); }

  int Weekday(int day) const;  // 0 = Monday .. 6 = Sunday.
  bool IsHoliday(int day) const;
  // Arrival shape of the day: 0 weekday, 1 Saturday, 2 Sunday or holiday.
  int ShapeKind(int day) const {
    return InTable(day) ? shape_kind_[day + kPadDays] : ComputeShapeKind(day);
  }
  int MonthOf(int day) const;  // Month index in [0, num_months), or -1 outside the range.
  const std::string& MonthLabel(int month) const { return month_labels_[month]; }
  int MonthFirstDay(int month) const { return month_first_day_[month]; }
  int64_t CivilDay(int day) const { return first_civil_day_ + day; }
  // `YYYY-MM-DD` (10 chars, not terminated) of a civil day inside the tables, else nullptr.
  const char* DateText(int64_t civil_day) const {
    const int64_t i = civil_day - first_civil_day_ + kPadDays;
    return i >= 0 && i < static_cast<int64_t>(holiday_.size()) ? date_text_[i].data() : nullptr;
  }

  int32_t OffsetSeconds(Micros t) const;
  int DayOf(Micros t) const;  // Local day index of an instant.
  int LocalHour(Micros t) const;
  void LocalDayHour(Micros t, int* day, int* hour) const;

  // Business seconds in [from, to): Mon-Fri 09:00-17:00 local, US holidays closed.
  int64_t BusinessSeconds(Micros from, Micros to) const;

 private:
  Timeline() = default;
  bool InTable(int day) const { return day >= -kPadDays && day <= num_days_ + kTailDays; }
  Micros ComputeHourStart(int64_t civil_day, int hour) const;
  int ComputeShapeKind(int day) const;

  const date::time_zone* zone_ = nullptr;
  int64_t first_civil_day_ = 0;
  int num_days_ = 0;
  std::vector<Micros> hour_starts_;              // 25 per table day (hour 24 = next midnight).
  std::vector<uint8_t> holiday_;                 // per table day
  std::vector<uint8_t> shape_kind_;              // per table day
  std::vector<int16_t> month_of_;                // per table day
  std::vector<std::array<char, 10>> date_text_;  // per table day
  Micros slot_base_ = 0;
  std::vector<int32_t> slot_offsets_;  // UTC offset in seconds per 15-minute UTC slot.
  std::vector<std::string> month_labels_;
  std::vector<int> month_first_day_;  // num_months + 1 entries
};

}  // namespace cx::gen
