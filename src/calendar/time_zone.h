// TimeZone: an IANA zone from the system tz database (Howard Hinnant's date/tz, USE_OS_TZDB),
// with a precomputed per-day table of UTC offsets (after ClickHouse's DateLUTImpl) so that the
// hot calls UtcOffset / ToLocal / LocalDayOf are O(1) and never call date/tz per row.
// Zones are immutable once built and live until exit: thread-safe. Find is thread-safe too.
//
// Semantics:
//  - "Local" instants are wall-clock readings held as µs since 1970-01-01T00:00 *as if UTC*
//    (base/time.h LocalAsUtc), so local = t + UtcOffset(t).
//  - FromLocal of a reading in a DST gap (spring forward) shifts it forward by the gap: 02:30
//    on 2026-03-08 in New York is read with the offset before the gap (EST) and is 03:30 EDT.
//    The start of a gap maps to the transition instant.
//  - FromLocal of a reading in an overlap (fall back) gives the earliest instant (the reading
//    before the clocks went back: 01:30 on 2026-11-01 in New York is 01:30 EDT).
//  - The table covers [1970-01-01, 2100-01-01) UTC. Outside it the answers are the same but
//    slower (date/tz before, the zone's POSIX rule after). Debian's TZif files list explicit
//    transitions only up to 2037; later ones come from the file's POSIX TZ footer, which
//    date/tz ignores in USE_OS_TZDB mode, so this class applies it itself.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "calendar/civil_day.h"
#include "calendar/posix_tz.h"

namespace date {
class time_zone;
}

namespace cx {

class TimeZone {
 public:
  // The instants the fast table covers: [1970-01-01T00:00Z, 2100-01-01T00:00Z).
  static constexpr Micros kTableBegin = 0;
  static constexpr Micros kTableEnd = 4102444800LL * kMicrosPerSecond;

  // The zone named `name` ("America/New_York", "UTC", links such as "US/Eastern"). Built on
  // first use and cached for the life of the process; NotFound for an unknown name.
  static Result<const TimeZone*> Find(std::string_view name);
  // UTC; works even without a tz database.
  static const TimeZone& Utc();

  TimeZone(const TimeZone&) = delete;
  TimeZone& operator=(const TimeZone&) = delete;

  const std::string& name() const { return name_; }

  // Local time minus UTC at instant t, in µs (New York in winter: -5 h).
  Micros UtcOffset(Micros t) const;
  // The wall-clock reading at t, as µs "as if UTC".
  Micros ToLocal(Micros t) const { return t + UtcOffset(t); }
  // The local date of t, as days since 1970-01-01.
  int64_t LocalDayOf(Micros t) const { return FloorDiv(ToLocal(t), kMicrosPerDay); }
  CivilDay LocalDateOf(Micros t) const { return CivilDay::FromDays(LocalDayOf(t)); }
  LocalDateTime ToLocalDateTime(Micros t) const;
  // `2026-03-08T03:30:00-04:00` (fraction only when non-zero).
  std::string FormatLocal(Micros t) const;

  // The instant of a wall-clock reading: gaps shift forward, overlaps take the earliest.
  Micros FromLocal(Micros local) const;
  Micros FromLocal(const LocalDateTime& local) const { return FromLocal(LocalAsUtc(local)); }
  // The first instant of a local date (the gap's end when midnight does not exist).
  Micros StartOfDay(int64_t day) const { return FromLocal(day * kMicrosPerDay); }

  // A maximal run of instants [begin, end) with one UTC offset.
  struct Segment {
    Micros begin = 0, end = 0;
    Micros offset = 0;  // µs
  };
  Segment SegmentAt(Micros t) const;

  struct Interval {
    Micros begin = 0, end = 0;
  };
  // Appends to `out`, in time order and disjoint, the instants t whose wall-clock reading
  // ToLocal(t) lies in [local_begin, local_end). A range that crosses a spring-forward gap
  // shrinks by the gap; one that crosses a fall-back overlap may yield two intervals and
  // counts the repeated hour twice, as real elapsed time.
  void InstantsWithLocalTimeIn(Micros local_begin, Micros local_end,
                               std::vector<Interval>* out) const;

 private:
  struct DayEntry {
    Micros transition;  // The offset changes at this instant of the UTC day (or never).
    int32_t before;     // Offset in seconds before `transition`; kMulti: look it up.
    int32_t after;
  };
  static constexpr int32_t kMulti = INT32_MIN;  // More than one change in the UTC day.

  TimeZone(std::string name, const date::time_zone* zone);
  void BuildSegments();
  void BuildDayTable();
  Micros SlowUtcOffset(Micros t) const;
  Segment SegmentFromDateTz(Micros t) const;
  Segment SegmentFromRule(Micros t) const;

  std::string name_;
  const date::time_zone* zone_;                // Null for the built-in UTC.
  std::optional<internal::PosixTzRule> rule_;  // With DST: applies after the last explicit
                                               // transition (to the table, and beyond it).
  // Offset segments covering [kTableBegin, kTableEnd): segment i starts at seg_begin_[i].
  std::vector<Micros> seg_begin_;
  std::vector<Micros> seg_offset_;
  std::vector<DayEntry> days_;  // One per UTC day of the table.
};

inline Micros TimeZone::UtcOffset(Micros t) const {
  const uint64_t rel = static_cast<uint64_t>(t) - static_cast<uint64_t>(kTableBegin);
  if (rel < static_cast<uint64_t>(kTableEnd - kTableBegin)) [[likely]] {
    const DayEntry& e = days_[rel / static_cast<uint64_t>(kMicrosPerDay)];
    const int32_t off = t < e.transition ? e.before : e.after;
    if (off != kMulti) [[likely]]
      return off * kMicrosPerSecond;
  }
  return SlowUtcOffset(t);
}

}  // namespace cx
