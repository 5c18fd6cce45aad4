#include "generate/timeline.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>

namespace cx::gen {

namespace {

constexpr Micros kSlot = 15 * 60 * kMicrosPerSecond;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int WeekdayOfCivil(int64_t days) {  // 1970-01-01 was a Thursday (3).
  return static_cast<int>(((days + 3) % 7 + 7) % 7);
}

// US federal holidays without "observed" shifts: New Year, MLK, Presidents, Memorial,
// Juneteenth, Independence, Labor, Thanksgiving, Christmas.
bool IsUsHoliday(int64_t days) {
  const CivilDate c = CivilFromDays(days);
  const int wd = WeekdayOfCivil(days);
  if ((c.month == 1 && c.day == 1) || (c.month == 6 && c.day == 19) ||
      (c.month == 7 && c.day == 4) || (c.month == 12 && c.day == 25)) {
    return true;
  }
  if (wd == 0) {
    if ((c.month == 1 || c.month == 2) && c.day >= 15 && c.day <= 21) return true;
    if (c.month == 5 && c.day >= 25) return true;
    if (c.month == 9 && c.day <= 7) return true;
  }
  return wd == 3 && c.month == 11 && c.day >= 22 && c.day <= 28;
}

}  // namespace

Result<Timeline> Timeline::Create(std::string_view zone, std::string_view start_month, int months) {
  const std::optional<int> ym = ParseYearMonth(start_month);
  if (!ym) return InvalidArgument("start_month '{}' is not YYYY-MM", start_month);
  if (months < 1 || months > 120) return InvalidArgument("months {} is not in 1..120", months);
  Timeline t;
  try {
    t.zone_ = date::locate_zone(zone);
  } catch (const std::exception& e) {
    return InvalidArgument("time_zone '{}': {}", zone, e.what());
  }
  t.first_civil_day_ = DaysFromCivil(*ym / 12, *ym % 12 + 1, 1);
  for (int m = 0; m <= months; ++m) {
    const int v = *ym + m;
    t.month_first_day_.push_back(
        static_cast<int>(DaysFromCivil(v / 12, v % 12 + 1, 1) - t.first_civil_day_));
    if (m < months) t.month_labels_.push_back(fmt::format("{:04d}-{:02d}", v / 12, v % 12 + 1));
  }
  t.num_days_ = t.month_first_day_.back();

  const int table_days = kPadDays + t.num_days_ + kTailDays + 1;
  t.hour_starts_.resize(static_cast<size_t>(table_days) * 25);
  t.holiday_.resize(table_days);
  t.month_of_.resize(table_days);
  t.date_text_.resize(table_days);
  t.shape_kind_.resize(table_days);
  for (int i = 0; i < table_days; ++i) {
    const int day = i - kPadDays;
    const int64_t civil = t.first_civil_day_ + day;
    for (int h = 0; h <= 24; ++h) t.hour_starts_[i * 25 + h] = t.ComputeHourStart(civil, h);
    t.holiday_[i] = IsUsHoliday(civil);
    t.shape_kind_[i] = static_cast<uint8_t>(t.ComputeShapeKind(day));
    const CivilDate c = CivilFromDays(civil);
    fmt::format_to_n(t.date_text_[i].data(), 10, "{:04d}-{:02d}-{:02d}", c.year, c.month, c.day);
    const auto it = std::upper_bound(t.month_first_day_.begin(), t.month_first_day_.end(), day);
    const int month = static_cast<int>(it - t.month_first_day_.begin()) - 1;
    t.month_of_[i] = static_cast<int16_t>(month >= 0 && month < months ? month : -1);
  }

  // Offsets per 15-minute slot, filled interval by interval of the zone's rules.
  t.slot_base_ = FloorDiv(t.hour_starts_.front(), kSlot) * kSlot;
  const Micros table_end = t.hour_starts_.back();
  const int64_t slots = (table_end - t.slot_base_) / kSlot + 1;
  t.slot_offsets_.resize(slots);
  int64_t s = 0;
  while (s < slots) {
    const Micros at = t.slot_base_ + s * kSlot;
    const date::sys_seconds secs{std::chrono::seconds{FloorDiv(at, kMicrosPerSecond)}};
    const date::sys_info info = t.zone_->get_info(secs);
    const int32_t offset = static_cast<int32_t>(info.offset.count());
    const Micros end =
        std::chrono::duration_cast<std::chrono::seconds>(info.end.time_since_epoch()).count() *
        kMicrosPerSecond;
    do {
      t.slot_offsets_[s++] = offset;
    } while (s < slots && t.slot_base_ + s * kSlot < end);
  }
  return t;
}

Micros Timeline::ComputeHourStart(int64_t civil_day, int hour) const {
  const date::local_seconds local{std::chrono::seconds{civil_day * 86400 + hour * 3600}};
  // A nonexistent local time (spring forward) maps to the transition; an ambiguous one to the
  // earlier instant.
  const auto sys = zone_->to_sys(local, date::choose::earliest);
  return std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count() *
         kMicrosPerSecond;
}

Micros Timeline::HourStart(int day, int hour) const {
  if (InTable(day)) return hour_starts_[static_cast<size_t>(day + kPadDays) * 25 + hour];
  return ComputeHourStart(first_civil_day_ + day, hour);
}

int Timeline::Weekday(int day) const { return WeekdayOfCivil(first_civil_day_ + day); }

bool Timeline::IsHoliday(int day) const {
  if (InTable(day)) return holiday_[day + kPadDays] != 0;
  return IsUsHoliday(first_civil_day_ + day);
}

int Timeline::ComputeShapeKind(int day) const {
  const int wd = Weekday(day);
  if (wd == 6 || IsHoliday(day)) return 2;
  return wd == 5 ? 1 : 0;
}

int Timeline::MonthOf(int day) const {
  if (day < 0 || day >= num_days_) return -1;
  return month_of_[day + kPadDays];
}

int32_t Timeline::OffsetSeconds(Micros t) const {
  const int64_t slot = FloorDiv(t - slot_base_, kSlot);
  if (slot >= 0 && slot < static_cast<int64_t>(slot_offsets_.size())) return slot_offsets_[slot];
  const date::sys_seconds secs{std::chrono::seconds{FloorDiv(t, kMicrosPerSecond)}};
  return static_cast<int32_t>(zone_->get_info(secs).offset.count());
}

int Timeline::DayOf(Micros t) const {
  const Micros local = t + OffsetSeconds(t) * kMicrosPerSecond;
  return static_cast<int>(FloorDiv(local, kMicrosPerDay) - first_civil_day_);
}

int Timeline::LocalHour(Micros t) const {
  const Micros local = t + OffsetSeconds(t) * kMicrosPerSecond;
  return static_cast<int>((local - FloorDiv(local, kMicrosPerDay) * kMicrosPerDay) /
                          kMicrosPerHour);
}

void Timeline::LocalDayHour(Micros t, int* day, int* hour) const {
  const Micros local = t + OffsetSeconds(t) * kMicrosPerSecond;
  const int64_t days = FloorDiv(local, kMicrosPerDay);
  *day = static_cast<int>(days - first_civil_day_);
  *hour = static_cast<int>((local - days * kMicrosPerDay) / kMicrosPerHour);
}

int64_t Timeline::BusinessSeconds(Micros from, Micros to) const {
  if (to <= from) return 0;
  Micros total = 0;
  const int last = DayOf(to);
  for (int day = DayOf(from); day <= last; ++day) {
    if (Weekday(day) >= 5 || IsHoliday(day)) continue;
    const Micros open = std::max(from, HourStart(day, 9));
    const Micros close = std::min(to, HourStart(day, 17));
    if (close > open) total += close - open;
  }
  return total / kMicrosPerSecond;
}

}  // namespace cx::gen
