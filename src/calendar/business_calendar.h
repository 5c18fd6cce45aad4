// BusinessCalendar: a BusinessCalendarSpec turned into the sorted list of its open intervals in
// UTC over a range of instants [begin, end), with prefix sums, so that business time between
// two instants is two O(1) lookups (golden rules 21, 22 and 29: "cum(b) - cum(a), where cum
// counts calendar seconds inside opening hours"). Immutable once built: thread-safe.
//
// Semantics (decided here; the tests quote other libraries where they differ):
//  - Business time is real elapsed time while open. An instant is open when its wall-clock
//    reading lies inside the spec's opening hours (business_calendar_spec.h). So a range that
//    falls into a spring-forward gap shrinks or disappears (02:30-03:15 on a 02:00->03:00 day
//    is open 03:00-03:15), and a 00:00-24:00 day with a fall-back is open 25 h.
//  - Cum(t) is the business time in [begin, t). Instants outside the table are clamped to it:
//    Cum(t) = Cum(begin) = 0 for t < begin, Cum(end) for t > end, as if the calendar were
//    closed outside the table. Size the table to cover every instant asked about (Covers).
//  - AddBusiness(t, d) for d > 0 is the earliest instant s >= t with Between(t, s) = d, so
//    a deadline reached at closing time is that closing instant, not the next opening. For
//    d < 0 it is the latest s <= t with Between(s, t) = -d. For d = 0 it is t itself (zendesk
//    biz returns the next or previous opening instead: use NextOpen / PreviousClose for that).
//    nullopt when t is outside the table or the answer would be.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "calendar/business_calendar_spec.h"
#include "calendar/time_zone.h"

namespace cx {

class BusinessCalendar {
 public:
  // The calendar of `spec` for the instants [from, to). Validates the spec first.
  static Result<BusinessCalendar> Build(const BusinessCalendarSpec& spec, Micros from, Micros to);

  Micros begin() const { return begin_; }
  Micros end() const { return end_; }
  bool Covers(Micros t) const { return t >= begin_ && t <= end_; }
  const TimeZone& time_zone() const { return *tz_; }

  // Business µs in [begin(), t), with t clamped into the table. O(1): a per-UTC-day index
  // into the interval list, then a step or two.
  Micros Cum(Micros t) const;
  // Business µs from a to b; negative when b < a.
  Micros Between(Micros a, Micros b) const { return Cum(b) - Cum(a); }
  // See the header comment. O(log n).
  std::optional<Micros> AddBusiness(Micros t, Micros d) const;

  bool IsOpen(Micros t) const;
  // The first open instant at or after t (t itself when open).
  std::optional<Micros> NextOpen(Micros t) const;
  // t when open, else the end of the last open interval before t.
  std::optional<Micros> PreviousClose(Micros t) const;
  // The open intervals that meet [from, to), clipped to it.
  std::vector<TimeZone::Interval> OpenIntervals(Micros from, Micros to) const;

 private:
  struct Interval {
    Micros start;  // UTC µs; open in [start, end).
    Micros end;
    Micros cum;  // Business µs before start.
  };

  BusinessCalendar() = default;
  // Index into iv_ of the last interval with start <= t (t inside the table).
  size_t Locate(Micros t) const;

  const TimeZone* tz_ = nullptr;
  Micros begin_ = 0, end_ = 0;
  // iv_[0] is an empty interval at begin_, iv_.back() a sentinel starting at +infinity; the
  // open intervals lie between, sorted, disjoint and not touching.
  std::vector<Interval> iv_;
  Micros bucket_origin_ = 0;      // begin_ rounded down to a UTC midnight.
  std::vector<uint32_t> bucket_;  // Per UTC day: the last interval starting at or before it.
};

inline size_t BusinessCalendar::Locate(Micros t) const {
  size_t i = bucket_[static_cast<uint64_t>(t - bucket_origin_) / uint64_t{kMicrosPerDay}];
  i += iv_[i + 1].start <= t;         // Branch-free: most UTC days start at most one interval.
  while (iv_[i + 1].start <= t) ++i;  // Split shifts: rarely taken, well predicted.
  return i;
}

inline Micros BusinessCalendar::Cum(Micros t) const {
  t = std::clamp(t, begin_, end_);
  const Interval& v = iv_[Locate(t)];
  return v.cum + (std::min(t, v.end) - v.start);
}

}  // namespace cx
