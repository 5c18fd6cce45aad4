#include "calendar/time_zone.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <mutex>

namespace cx {
namespace {

constexpr Micros kFarPast = -(int64_t{1} << 62);
constexpr Micros kFarFuture = int64_t{1} << 62;
// No zone's offset reaches a day (the widest, local mean times, stay under 16 h), so every
// instant that reads as a local time L lies within L ± kSearchMargin.
constexpr Micros kSearchMargin = 2 * kMicrosPerDay;

date::sys_seconds ToSysSeconds(Micros t) {
  return date::sys_seconds{std::chrono::seconds{FloorDiv(t, kMicrosPerSecond)}};
}
Micros FromSysSeconds(date::sys_seconds s) {
  return std::clamp<Micros>(s.time_since_epoch().count(), kFarPast / kMicrosPerSecond,
                            kFarFuture / kMicrosPerSecond) *
         kMicrosPerSecond;
}

std::string ZoneInfoDir() {
  const char* dir = std::getenv("TZDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo";
}

}  // namespace

TimeZone::TimeZone(std::string name, const date::time_zone* zone)
    : name_(std::move(name)), zone_(zone) {
  BuildSegments();
  BuildDayTable();
}

Result<const TimeZone*> TimeZone::Find(std::string_view name) {
  static std::mutex mu;
  static auto* zones = new std::map<std::string, std::unique_ptr<TimeZone>, std::less<>>();
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = zones->find(name); it != zones->end()) return it->second.get();
  if (name.empty()) return NotFound("time zone: empty name");
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(std::string(name));
  } catch (const std::exception& e) {
    return NotFound("time zone '{}' is not in the tz database ({})", name, e.what());
  }
  std::unique_ptr<TimeZone> tz(new TimeZone(std::string(name), zone));
  const TimeZone* result = tz.get();
  zones->emplace(std::string(name), std::move(tz));
  return result;
}

const TimeZone& TimeZone::Utc() {
  static const TimeZone* utc = new TimeZone("UTC", nullptr);
  return *utc;
}

void TimeZone::BuildSegments() {
  auto push = [this](Micros begin, Micros offset) {
    if (!seg_offset_.empty() && seg_offset_.back() == offset) return;  // Only offsets matter.
    seg_begin_.push_back(begin);
    seg_offset_.push_back(offset);
  };
  if (zone_ == nullptr) {
    push(kTableBegin, 0);
    return;
  }
  Micros t = kTableBegin;
  Micros last_begin = kTableBegin;
  while (true) {
    const date::sys_info info = zone_->get_info(ToSysSeconds(t));
    push(std::max(FromSysSeconds(info.begin), kTableBegin),
         std::chrono::duration_cast<std::chrono::seconds>(info.offset).count() * kMicrosPerSecond);
    const Micros end = FromSysSeconds(info.end);
    if (end >= kTableEnd) {
      last_begin = std::max(FromSysSeconds(info.begin), kTableBegin);
      break;
    }
    t = end;
  }
  // The explicit transitions stop (Debian: 2037); the POSIX footer rule continues them.
  std::optional<std::string> footer = internal::ReadTzifFooter(ZoneInfoDir() + "/" + name_);
  if (footer) rule_ = internal::ParsePosixTz(*footer);
  if (!rule_ || !rule_->has_dst) {
    rule_.reset();
    return;
  }
  const int first_year = CivilFromDays(FloorDiv(last_begin, kMicrosPerDay)).year;
  const int end_year = CivilFromDays(kTableEnd / kMicrosPerDay).year;
  for (int year = first_year; year <= end_year; ++year) {
    for (const internal::PosixTransition& tr : internal::PosixTransitionsOfYear(*rule_, year)) {
      const Micros at = tr.utc_seconds * kMicrosPerSecond;
      if (at > last_begin && at < kTableEnd) push(at, Micros{tr.offset_after} * kMicrosPerSecond);
    }
  }
}

void TimeZone::BuildDayTable() {
  const size_t n_days = static_cast<size_t>((kTableEnd - kTableBegin) / kMicrosPerDay);
  const size_t n_seg = seg_begin_.size();
  days_.resize(n_days);
  size_t j = 0;
  for (size_t k = 0; k < n_days; ++k) {
    const Micros day_begin = kTableBegin + static_cast<Micros>(k) * kMicrosPerDay;
    const Micros day_end = day_begin + kMicrosPerDay;
    while (j + 1 < n_seg && seg_begin_[j + 1] <= day_begin) ++j;
    DayEntry& e = days_[k];
    e.before = static_cast<int32_t>(seg_offset_[j] / kMicrosPerSecond);
    e.transition = std::numeric_limits<Micros>::max();
    e.after = e.before;
    if (j + 1 < n_seg && seg_begin_[j + 1] < day_end) {
      if (j + 2 < n_seg && seg_begin_[j + 2] < day_end) {
        e.before = e.after = kMulti;
      } else {
        e.transition = seg_begin_[j + 1];
        e.after = static_cast<int32_t>(seg_offset_[j + 1] / kMicrosPerSecond);
      }
    }
  }
}

Micros TimeZone::SlowUtcOffset(Micros t) const { return SegmentAt(t).offset; }

TimeZone::Segment TimeZone::SegmentAt(Micros t) const {
  if (t >= kTableBegin && t < kTableEnd) {
    const size_t i = static_cast<size_t>(std::upper_bound(seg_begin_.begin(), seg_begin_.end(), t) -
                                         seg_begin_.begin() - 1);
    return {seg_begin_[i], i + 1 < seg_begin_.size() ? seg_begin_[i + 1] : kTableEnd,
            seg_offset_[i]};
  }
  if (zone_ == nullptr) {
    return t < kTableBegin ? Segment{kFarPast, kTableBegin, 0} : Segment{kTableEnd, kFarFuture, 0};
  }
  if (t >= kTableEnd && rule_) return SegmentFromRule(t);
  Segment s = SegmentFromDateTz(t);
  if (t < kTableBegin)
    s.end = std::min(s.end, kTableBegin);
  else
    s.begin = std::max(s.begin, kTableEnd);
  return s;
}

TimeZone::Segment TimeZone::SegmentFromDateTz(Micros t) const {
  const date::sys_info info = zone_->get_info(ToSysSeconds(t));
  return {FromSysSeconds(info.begin), FromSysSeconds(info.end),
          std::chrono::duration_cast<std::chrono::seconds>(info.offset).count() * kMicrosPerSecond};
}

TimeZone::Segment TimeZone::SegmentFromRule(Micros t) const {
  const int year = CivilFromDays(FloorDiv(t, kMicrosPerDay)).year;
  std::vector<internal::PosixTransition> all;
  for (int y = year - 1; y <= year + 1; ++y) {
    for (const auto& tr : internal::PosixTransitionsOfYear(*rule_, y)) all.push_back(tr);
  }
  Segment s{kTableEnd, kFarFuture, seg_offset_.back()};
  for (const auto& tr : all) {
    const Micros at = tr.utc_seconds * kMicrosPerSecond;
    if (at <= t) {
      s.begin = std::max(at, kTableEnd);
      s.offset = Micros{tr.offset_after} * kMicrosPerSecond;
    } else {
      s.end = at;
      break;
    }
  }
  return s;
}

LocalDateTime TimeZone::ToLocalDateTime(Micros t) const {
  const Micros local = ToLocal(t);
  const int64_t day = FloorDiv(local, kMicrosPerDay);
  const Micros in_day = local - day * kMicrosPerDay;
  const YearMonthDay ymd = CivilFromDays(day);
  const int64_t secs = in_day / kMicrosPerSecond;
  return {ymd.year,
          ymd.month,
          ymd.day,
          static_cast<int>(secs / 3600),
          static_cast<int>(secs / 60 % 60),
          static_cast<int>(secs % 60),
          in_day % kMicrosPerSecond};
}

std::string TimeZone::FormatLocal(Micros t) const {
  const LocalDateTime l = ToLocalDateTime(t);
  const int64_t off = UtcOffset(t) / kMicrosPerSecond;
  const int64_t abs_off = off < 0 ? -off : off;
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", l.year, l.month, l.day,
                                l.hour, l.minute, l.second);
  if (l.micros != 0) out += fmt::format(".{:06}", l.micros);
  out += fmt::format("{}{:02}:{:02}", off < 0 ? '-' : '+', abs_off / 3600, abs_off / 60 % 60);
  if (abs_off % 60 != 0) out += fmt::format(":{:02}", abs_off % 60);
  return out;
}

Micros TimeZone::FromLocal(Micros local) const {
  Segment s = SegmentAt(local - kSearchMargin);
  Micros before_gap = s.offset;
  while (true) {
    const Micros candidate = local - s.offset;
    if (candidate >= s.begin && candidate < s.end) return candidate;  // The earliest reading.
    if (s.end + s.offset <= local) before_gap = s.offset;  // This run ended before `local`.
    if (s.end >= local + kSearchMargin) break;
    s = SegmentAt(s.end);
  }
  return local - before_gap;  // In a gap: read with the offset before it.
}

void TimeZone::InstantsWithLocalTimeIn(Micros local_begin, Micros local_end,
                                       std::vector<Interval>* out) const {
  if (local_end <= local_begin) return;
  Segment s = SegmentAt(local_begin - kSearchMargin);
  while (true) {
    const Micros lo = std::max(local_begin - s.offset, s.begin);
    const Micros hi = std::min(local_end - s.offset, s.end);
    if (lo < hi) {
      if (!out->empty() && out->back().end == lo)
        out->back().end = hi;
      else
        out->push_back({lo, hi});
    }
    if (s.end >= local_end + kSearchMargin) break;
    s = SegmentAt(s.end);
  }
}

}  // namespace cx
