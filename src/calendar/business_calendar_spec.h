// BusinessCalendarSpec: what a contract says about its opening hours (metrics.md § Response
// time): a time zone, weekly hours per weekday, whole-day holidays, partial closures and
// special dates. BusinessCalendar (business_calendar.h) turns it into a fast table.
// Value types; thread-compatible.
//
// The model is a set of local wall-clock intervals:
//  1. each date contributes its ranges: the special_hours listed for it if any, else the
//     weekly ranges of its weekday. A range is [open, close) in seconds after the date's local
//     midnight; close may pass 24:00 (Fri 22:00-26:00 runs into Saturday 02:00);
//  2. overlapping or touching ranges merge (a Sun 22:00-26:00 and a Mon 02:00-10:00 are one
//     shift);
//  3. holidays remove their whole local date, 00:00 to 24:00, whichever date's range the time
//     came from; closures remove the listed ranges of their date.
// An instant is open when its wall-clock reading in the zone lies in that set, so business
// time counts real elapsed seconds (golden rule 21): see BusinessCalendar for DST.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "calendar/civil_day.h"

namespace cx {

inline constexpr int32_t kSecondsPerDay = 86400;

// [open, close) in seconds after local midnight of the date it belongs to.
struct OpenRange {
  int32_t open = 0;   // 0 <= open < 24:00
  int32_t close = 0;  // open < close <= open + 24:00; past 24:00 means the next date.
  friend bool operator==(const OpenRange&, const OpenRange&) = default;
};

// Hours(9, 0, 17, 0) is 09:00-17:00; Hours(22, 0, 26, 0) is 22:00 to 02:00 the next day.
constexpr OpenRange Hours(int open_h, int open_m, int close_h, int close_m) {
  return {open_h * 3600 + open_m * 60, close_h * 3600 + close_m * 60};
}

// `09:00-17:00`, `26:00` for 02:00 the next day, `:SS` only when non-zero.
std::string FormatOpenRange(const OpenRange& range);

// Parses `09:00-12:00,13:00-17:00` (blanks after commas allowed). `HH:MM[:SS]` each side;
// `24:00` closes at midnight; a close before the open (`22:00-02:00`) runs past midnight.
// An empty text or `closed` is no ranges. The result is not validated (see Validate).
Result<std::vector<OpenRange>> ParseOpenRanges(std::string_view text);

// Hours replacing (special_hours) or removed from (closures) one local date.
struct DateHours {
  CivilDay date;
  std::vector<OpenRange> ranges;
};

struct BusinessCalendarSpec {
  std::string time_zone = "UTC";  // IANA name; the hours below are wall-clock times in it.
  // Opening ranges per weekday; index static_cast<int>(Weekday): [0] Monday ... [6] Sunday.
  std::array<std::vector<OpenRange>, 7> weekly;
  std::vector<CivilDay> holidays;        // Closed the whole local date.
  std::vector<DateHours> closures;       // Partial holidays: these ranges of the date closed.
  std::vector<DateHours> special_hours;  // These ranges instead of the weekday's.

  std::vector<OpenRange>& day(Weekday w) { return weekly[static_cast<int>(w)]; }
  const std::vector<OpenRange>& day(Weekday w) const { return weekly[static_cast<int>(w)]; }

  // Monday to Friday `hours` in `time_zone`, no holidays.
  static BusinessCalendarSpec Weekdays(std::string time_zone, OpenRange hours);

  // OK, or InvalidArgument naming the field and value: an unknown time zone, a range outside
  // its bounds, overlapping weekly ranges (including a range that runs past midnight into the
  // next weekday's), a week with no opening hours, overlapping or duplicate special hours, a
  // date both a holiday and given special hours.
  Status Validate() const;
};

}  // namespace cx
