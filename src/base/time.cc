#include "base/time.h"

#include <fmt/format.h>

namespace cx {

namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    unsigned d = static_cast<unsigned char>(s[i]) - '0';
    if (d > 9) return false;
    v = v * 10 + static_cast<int>(d);
  }
  *out = v;
  return true;
}

// Parses "YYYY-MM-DDTHH:MM:SS[.f]" at the start of `s`; returns the index after it, or 0.
size_t ParseLocalPrefix(std::string_view s, bool allow_space, LocalDateTime* out) {
  if (s.size() < 19) return 0;
  LocalDateTime t;
  if (!Digits(s, 0, 4, &t.year) || s[4] != '-' || !Digits(s, 5, 2, &t.month) || s[7] != '-' ||
      !Digits(s, 8, 2, &t.day))
    return 0;
  if (!(s[10] == 'T' || (allow_space && s[10] == ' '))) return 0;
  if (!Digits(s, 11, 2, &t.hour) || s[13] != ':' || !Digits(s, 14, 2, &t.minute) ||
      s[16] != ':' || !Digits(s, 17, 2, &t.second))
    return 0;
  if (t.hour > 23 || t.minute > 59 || t.second > 59) return 0;
  if (!IsValidDate(t.year, t.month, t.day)) return 0;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    int64_t frac = 0;
    int used = 0;
    while (i < s.size() && static_cast<unsigned>(s[i] - '0') <= 9) {
      if (used < 6) {
        frac = frac * 10 + (s[i] - '0');
        ++used;
      }
      ++i;
    }
    if (i == start) return 0;
    for (; used < 6; ++used) frac *= 10;
    t.micros = frac;
  }
  *out = t;
  return i;
}

}  // namespace

int64_t DaysFromCivil(int y, int m, int d) {
  // Howard Hinnant's days_from_civil (public domain algorithm, also the basis of <chrono>).
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsValidDate(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int dim = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) dim = 29;
  return d <= dim;
}

Micros LocalAsUtc(const LocalDateTime& t) {
  int64_t days = DaysFromCivil(t.year, t.month, t.day);
  int64_t secs = days * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
  return secs * kMicrosPerSecond + t.micros;
}

namespace {

// ParseTimestamp of "YYYY-MM-DDTHH:MM:SSZ", the form nearly every feed writes (40M of them in
// a 10M-contact load): each check and digit without a call or an early exit. False when `s` is
// not exactly that form, valid; ParseTimestamp then takes the general path, which rejects what
// this rejects.
bool ParseUtcSeconds(std::string_view s, Micros* out) {
  if (s.size() != 20 || s[19] != 'Z') return false;
  const auto d = [&s](int i) {
    return static_cast<unsigned>(static_cast<unsigned char>(s[i])) - '0';
  };
  bool ok = s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':';
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) ok &= d(i) <= 9;
  if (!ok) return false;
  const int year = static_cast<int>(d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3));
  const int month = static_cast<int>(d(5) * 10 + d(6)), day = static_cast<int>(d(8) * 10 + d(9));
  const int hour = static_cast<int>(d(11) * 10 + d(12));
  const int minute = static_cast<int>(d(14) * 10 + d(15));
  const int second = static_cast<int>(d(17) * 10 + d(18));
  if (hour > 23 || minute > 59 || second > 59 || !IsValidDate(year, month, day)) return false;
  const int64_t days = DaysFromCivil(year, month, day);
  *out = (days * 86400 + hour * 3600 + minute * 60 + second) * kMicrosPerSecond;
  return true;
}

}  // namespace

std::optional<Micros> ParseTimestamp(std::string_view s) {
  if (Micros t; ParseUtcSeconds(s, &t)) return t;
  LocalDateTime local;
  size_t i = ParseLocalPrefix(s, /*allow_space=*/false, &local);
  if (i == 0 || i >= s.size()) return std::nullopt;
  int64_t offset_seconds = 0;
  if (s[i] == 'Z') {
    if (i + 1 != s.size()) return std::nullopt;
  } else if (s[i] == '+' || s[i] == '-') {
    int oh, om;
    if (s.size() != i + 6 || !Digits(s, i + 1, 2, &oh) || s[i + 3] != ':' ||
        !Digits(s, i + 4, 2, &om))
      return std::nullopt;
    if (oh > 14 || om > 59) return std::nullopt;
    offset_seconds = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  return LocalAsUtc(local) - offset_seconds * kMicrosPerSecond;
}

std::optional<LocalDateTime> ParseLocalDateTime(std::string_view s, bool allow_space) {
  LocalDateTime local;
  size_t i = ParseLocalPrefix(s, allow_space, &local);
  if (i == 0 || i != s.size()) return std::nullopt;
  return local;
}

std::optional<int64_t> ParseDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || !Digits(s, 0, 4, &y) || s[4] != '-' || !Digits(s, 5, 2, &m) ||
      s[7] != '-' || !Digits(s, 8, 2, &d) || !IsValidDate(y, m, d))
    return std::nullopt;
  return DaysFromCivil(y, m, d);
}

std::optional<int> ParseYearMonth(std::string_view s) {
  int y, m;
  if (s.size() != 7 || !Digits(s, 0, 4, &y) || s[4] != '-' || !Digits(s, 5, 2, &m) || m < 1 ||
      m > 12)
    return std::nullopt;
  return y * 12 + (m - 1);
}

std::string FormatDate(int64_t days) {
  const YearMonthDay c = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

std::string FormatTimestampUtc(Micros t) {
  int64_t days = FloorDiv(t, kMicrosPerDay);
  int64_t rest = t - days * kMicrosPerDay;
  int64_t secs = rest / kMicrosPerSecond;
  int64_t frac = rest % kMicrosPerSecond;
  std::string out = fmt::format("{}T{:02}:{:02}:{:02}", FormatDate(days), secs / 3600,
                                (secs / 60) % 60, secs % 60);
  if (frac != 0) out += fmt::format(".{:06}", frac);
  out += 'Z';
  return out;
}

std::string FormatMicrosAsSeconds(int64_t micros) {
  bool neg = micros < 0;
  uint64_t a = neg ? static_cast<uint64_t>(-(micros + 1)) + 1 : static_cast<uint64_t>(micros);
  return fmt::format("{}{}.{:06}", neg ? "-" : "", a / 1000000, a % 1000000);
}

}  // namespace cx
