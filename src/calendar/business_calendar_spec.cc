#include "calendar/business_calendar_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "calendar/time_zone.h"

namespace cx {
namespace {

std::string FormatClock(int32_t seconds) {
  std::string out = fmt::format("{:02}:{:02}", seconds / 3600, seconds / 60 % 60);
  if (seconds % 60 != 0) out += fmt::format(":{:02}", seconds % 60);
  return out;
}

// `HH:MM[:SS]` with HH up to 48.
bool ParseClock(std::string_view s, int32_t* out) {
  auto two = [&](size_t pos, int* v) {
    if (pos + 2 > s.size() || s[pos] < '0' || s[pos] > '9' || s[pos + 1] < '0' || s[pos + 1] > '9')
      return false;
    *v = (s[pos] - '0') * 10 + (s[pos + 1] - '0');
    return true;
  };
  int h = 0, m = 0, sec = 0;
  if (!two(0, &h) || s.size() < 5 || s[2] != ':' || !two(3, &m) || h > 48 || m > 59) return false;
  if (s.size() == 8) {
    if (s[5] != ':' || !two(6, &sec) || sec > 59) return false;
  } else if (s.size() != 5) {
    return false;
  }
  *out = h * 3600 + m * 60 + sec;
  return true;
}

Status CheckRange(const OpenRange& r, std::string_view where) {
  if (r.open < 0 || r.open >= kSecondsPerDay) {
    return InvalidArgument("business calendar: {}: range {}: open must be in 00:00..23:59:59",
                           where, FormatOpenRange(r));
  }
  if (r.close <= r.open || r.close > r.open + kSecondsPerDay) {
    return InvalidArgument(
        "business calendar: {}: range {}: close must be after open and at most 24 h later", where,
        FormatOpenRange(r));
  }
  return Status::Ok();
}

// Ranges of one date must not overlap (touching is fine).
Status CheckNoOverlap(std::vector<OpenRange> ranges, std::string_view where) {
  std::sort(ranges.begin(), ranges.end(),
            [](const OpenRange& a, const OpenRange& b) { return a.open < b.open; });
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].open < ranges[i - 1].close) {
      return InvalidArgument("business calendar: {}: range {} overlaps {}", where,
                             FormatOpenRange(ranges[i - 1]), FormatOpenRange(ranges[i]));
    }
  }
  return Status::Ok();
}

}  // namespace

std::string FormatOpenRange(const OpenRange& range) {
  return FormatClock(range.open) + "-" + FormatClock(range.close);
}

Result<std::vector<OpenRange>> ParseOpenRanges(std::string_view text) {
  std::vector<OpenRange> out;
  if (text.empty() || text == "closed") return out;
  size_t pos = 0;
  while (true) {
    size_t comma = text.find(',', pos);
    std::string_view item =
        text.substr(pos, comma == std::string_view::npos ? text.npos : comma - pos);
    if (pos > 0) {
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    }
    const size_t dash = item.find('-');
    OpenRange r;
    if (dash == std::string_view::npos || !ParseClock(item.substr(0, dash), &r.open) ||
        !ParseClock(item.substr(dash + 1), &r.close)) {
      return InvalidArgument("opening hours '{}': '{}' is not HH:MM-HH:MM", text, item);
    }
    if (r.close == r.open) {
      return InvalidArgument("opening hours '{}': '{}' is empty", text, item);
    }
    if (r.close < r.open) r.close += kSecondsPerDay;  // 22:00-02:00 runs past midnight.
    out.push_back(r);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

BusinessCalendarSpec BusinessCalendarSpec::Weekdays(std::string time_zone, OpenRange hours) {
  BusinessCalendarSpec spec;
  spec.time_zone = std::move(time_zone);
  for (int w = 0; w < 5; ++w) spec.weekly[w] = {hours};
  return spec;
}

Status BusinessCalendarSpec::Validate() const {
  if (Result<const TimeZone*> tz = TimeZone::Find(time_zone); !tz.ok()) {
    return InvalidArgument("business calendar: time_zone '{}': {}", time_zone,
                           tz.status().message());
  }
  // Weekly ranges on one time line from Monday 00:00, with ranges that run past Sunday
  // midnight copied to the start of the week, so spill-over overlaps are seen too.
  struct Placed {
    int64_t begin, end;
    Weekday day;
    OpenRange range;
  };
  std::vector<Placed> week;
  for (int w = 0; w < 7; ++w) {
    const std::string where = fmt::format("weekly hours {}", WeekdayName(Weekday(w)));
    for (const OpenRange& r : weekly[w]) {
      RETURN_IF_ERROR(CheckRange(r, where));
      const int64_t base = int64_t{w} * kSecondsPerDay;
      week.push_back({base + r.open, base + r.close, Weekday(w), r});
      if (base + r.close > 7 * kSecondsPerDay) {
        week.push_back({base + r.open - 7 * kSecondsPerDay, base + r.close - 7 * kSecondsPerDay,
                        Weekday(w), r});
      }
    }
  }
  if (week.empty()) return InvalidArgument("business calendar: the week has no opening hours");
  std::sort(week.begin(), week.end(),
            [](const Placed& a, const Placed& b) { return a.begin < b.begin; });
  for (size_t i = 1; i < week.size(); ++i) {
    if (week[i].begin < week[i - 1].end) {
      return InvalidArgument("business calendar: weekly hours: {} {} overlaps {} {}",
                             WeekdayName(week[i - 1].day), FormatOpenRange(week[i - 1].range),
                             WeekdayName(week[i].day), FormatOpenRange(week[i].range));
    }
  }
  const std::set<CivilDay> holiday_set(holidays.begin(), holidays.end());
  std::set<CivilDay> special_dates;
  for (const DateHours& d : special_hours) {
    const std::string where = fmt::format("special hours {}", d.date.ToString());
    for (const OpenRange& r : d.ranges) RETURN_IF_ERROR(CheckRange(r, where));
    RETURN_IF_ERROR(CheckNoOverlap(d.ranges, where));
    if (!special_dates.insert(d.date).second) {
      return InvalidArgument("business calendar: special hours {}: date listed twice",
                             d.date.ToString());
    }
    if (holiday_set.count(d.date) != 0) {
      return InvalidArgument("business calendar: {} is both a holiday and given special hours",
                             d.date.ToString());
    }
  }
  for (const DateHours& d : closures) {
    const std::string where = fmt::format("closures {}", d.date.ToString());
    if (d.ranges.empty()) {
      return InvalidArgument("business calendar: {}: no ranges (use holidays for a whole day)",
                             where);
    }
    for (const OpenRange& r : d.ranges) RETURN_IF_ERROR(CheckRange(r, where));
  }
  return Status::Ok();
}

}  // namespace cx
