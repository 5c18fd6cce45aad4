#include "calendar/posix_tz.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include "base/time.h"
#include "calendar/civil_day.h"

namespace cx::internal {
namespace {

// A cursor over the TZ string.
struct Reader {
  std::string_view s;
  size_t i = 0;
  bool AtEnd() const { return i >= s.size(); }
  char Peek() const { return AtEnd() ? '\0' : s[i]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i;
    return true;
  }
  bool Number(int max_digits, int* out) {
    int v = 0, n = 0;
    while (n < max_digits && std::isdigit(static_cast<unsigned char>(Peek()))) {
      v = v * 10 + (s[i++] - '0');
      ++n;
    }
    *out = v;
    return n > 0;
  }
  // A zone abbreviation: three or more letters, or anything between < and >.
  bool Name() {
    if (Eat('<')) {
      size_t close = s.find('>', i);
      if (close == std::string_view::npos || close == i) return false;
      i = close + 1;
      return true;
    }
    size_t start = i;
    while (std::isalpha(static_cast<unsigned char>(Peek()))) ++i;
    return i - start >= 3;
  }
  // [+-]hh[:mm[:ss]], as seconds (sign as written).
  bool Time(int max_hours, int32_t* out) {
    int sign = 1;
    if (Eat('-'))
      sign = -1;
    else
      Eat('+');
    int h = 0, m = 0, sec = 0;
    if (!Number(3, &h) || h > max_hours) return false;
    if (Eat(':')) {
      if (!Number(2, &m) || m > 59) return false;
      if (Eat(':') && (!Number(2, &sec) || sec > 59)) return false;
    }
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
  }
  bool Date(PosixTzRule::When* w) {
    using Kind = PosixTzRule::When::Kind;
    if (Eat('M')) {
      w->kind = Kind::kMonthWeekDay;
      if (!Number(2, &w->month) || w->month < 1 || w->month > 12 || !Eat('.')) return false;
      if (!Number(1, &w->week) || w->week < 1 || w->week > 5 || !Eat('.')) return false;
      if (!Number(1, &w->weekday) || w->weekday > 6) return false;
    } else if (Eat('J')) {
      w->kind = Kind::kJulian1;
      if (!Number(3, &w->day) || w->day < 1 || w->day > 365) return false;
    } else {
      w->kind = Kind::kJulian0;
      if (!Number(3, &w->day) || w->day > 365) return false;
    }
    w->time = 7200;
    if (Eat('/') && !Time(167, &w->time)) return false;  // RFC 8536: -167..167 hours.
    return true;
  }
};

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Local day number of a rule date in `year`.
int64_t DayOf(const PosixTzRule::When& w, int year) {
  using Kind = PosixTzRule::When::Kind;
  const int64_t jan1 = DaysFromCivil(year, 1, 1);
  switch (w.kind) {
    case Kind::kJulian1:  // Feb 29 is never counted: J60 is always March 1.
      return jan1 + w.day - 1 + (IsLeap(year) && w.day >= 60 ? 1 : 0);
    case Kind::kJulian0:
      return jan1 + w.day;
    case Kind::kMonthWeekDay: {
      const int64_t first = DaysFromCivil(year, w.month, 1);
      // POSIX weekday 0 is Sunday; ours (ISO) has Monday = 0.
      const int64_t first_wd = (static_cast<int64_t>(WeekdayOfDay(first)) + 1) % 7;
      int64_t day = first + (w.weekday - first_wd + 7) % 7 + 7 * (w.week - 1);
      const int64_t next_month =
          w.month == 12 ? DaysFromCivil(year + 1, 1, 1) : DaysFromCivil(year, w.month + 1, 1);
      while (day >= next_month) day -= 7;  // Week 5 means the last such weekday.
      return day;
    }
  }
  return jan1;
}

}  // namespace

std::optional<PosixTzRule> ParsePosixTz(std::string_view text) {
  Reader r{text};
  PosixTzRule rule;
  int32_t posix_std = 0;
  if (!r.Name() || !r.Time(24, &posix_std)) return std::nullopt;
  rule.std_offset = -posix_std;
  if (r.AtEnd()) return rule;
  if (!r.Name()) return std::nullopt;
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + 3600;
  if (r.Peek() != ',') {
    int32_t posix_dst = 0;
    if (!r.Time(24, &posix_dst)) return std::nullopt;
    rule.dst_offset = -posix_dst;
  }
  if (!r.Eat(',') || !r.Date(&rule.start) || !r.Eat(',') || !r.Date(&rule.end) || !r.AtEnd())
    return std::nullopt;  // A DST zone without rules (POSIX's implementation default) too.
  return rule;
}

std::vector<PosixTransition> PosixTransitionsOfYear(const PosixTzRule& rule, int year) {
  if (!rule.has_dst) return {};
  // DST starts at a local time read in standard time and ends at one read in DST.
  PosixTransition start{DayOf(rule.start, year) * 86400 + rule.start.time - rule.std_offset,
                        rule.dst_offset};
  PosixTransition end{DayOf(rule.end, year) * 86400 + rule.end.time - rule.dst_offset,
                      rule.std_offset};
  std::vector<PosixTransition> out = {start, end};
  std::sort(out.begin(), out.end(), [](const PosixTransition& a, const PosixTransition& b) {
    return a.utc_seconds < b.utc_seconds;
  });
  return out;
}

std::optional<std::string> ReadTzifFooter(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 6 || data.compare(0, 4, "TZif") != 0 || data[4] < '2') return std::nullopt;
  if (data.back() != '\n') return std::nullopt;
  size_t open = data.rfind('\n', data.size() - 2);
  if (open == std::string::npos) return std::nullopt;
  return data.substr(open + 1, data.size() - open - 2);
}

}  // namespace cx::internal
