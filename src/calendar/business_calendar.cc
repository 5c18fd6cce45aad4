#include "calendar/business_calendar.h"

#include <limits>
#include <unordered_map>

namespace cx {
namespace {

using Span = TimeZone::Interval;

// Sorts and merges overlapping or touching intervals.
void SortMerge(std::vector<Span>* v) {
  std::sort(v->begin(), v->end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  size_t out = 0;
  for (const Span& s : *v) {
    if (out > 0 && s.begin <= (*v)[out - 1].end) {
      (*v)[out - 1].end = std::max((*v)[out - 1].end, s.end);
    } else {
      (*v)[out++] = s;
    }
  }
  v->resize(out);
}

// `open` minus `closed`, both sorted and merged.
std::vector<Span> Subtract(const std::vector<Span>& open, const std::vector<Span>& closed) {
  std::vector<Span> out;
  size_t j = 0;
  for (const Span& o : open) {
    Micros cur = o.begin;
    while (j < closed.size() && closed[j].end <= cur) ++j;
    for (size_t k = j; k < closed.size() && closed[k].begin < o.end; ++k) {
      if (closed[k].begin > cur) out.push_back({cur, closed[k].begin});
      cur = std::max(cur, closed[k].end);
    }
    if (cur < o.end) out.push_back({cur, o.end});
  }
  return out;
}

Span Place(int64_t day, const OpenRange& r) {
  return {day * kMicrosPerDay + r.open * kMicrosPerSecond,
          day * kMicrosPerDay + r.close * kMicrosPerSecond};
}

// The spec's opening hours as local wall-clock intervals (µs as if UTC) for the dates
// [first_day, last_day], sorted and merged.
std::vector<Span> LocalOpenHours(const BusinessCalendarSpec& spec, int64_t first_day,
                                 int64_t last_day) {
  std::unordered_map<int64_t, const std::vector<OpenRange>*> special;
  for (const DateHours& d : spec.special_hours) special[d.date.days()] = &d.ranges;
  std::vector<Span> open;
  for (int64_t day = first_day; day <= last_day; ++day) {
    auto it = special.find(day);
    const std::vector<OpenRange>& ranges =
        it != special.end() ? *it->second : spec.day(WeekdayOfDay(day));
    for (const OpenRange& r : ranges) open.push_back(Place(day, r));
  }
  SortMerge(&open);
  std::vector<Span> closed;
  for (const CivilDay& d : spec.holidays) {
    closed.push_back({d.days() * kMicrosPerDay, (d.days() + 1) * kMicrosPerDay});
  }
  for (const DateHours& d : spec.closures) {
    for (const OpenRange& r : d.ranges) closed.push_back(Place(d.date.days(), r));
  }
  SortMerge(&closed);
  return Subtract(open, closed);
}

}  // namespace

Result<BusinessCalendar> BusinessCalendar::Build(const BusinessCalendarSpec& spec, Micros from,
                                                 Micros to) {
  RETURN_IF_ERROR(spec.Validate());
  // Every instant a timestamp can write (years 0000-9999) and the margins callers add: data
  // with a mistyped year is valid (golden rule 1), and must not stop a score. Such a table
  // takes ~2 s and ~200 MB (years 0000 to 9999); a few years' table, a few ms.
  constexpr Micros kMaxSpan = 10'010 * 366 * kMicrosPerDay;
  if (to < from || to - from > kMaxSpan) {
    return InvalidArgument(
        "business calendar: table range {} .. {} is reversed or over 10,000 years",
        FormatTimestampUtc(from), FormatTimestampUtc(to));
  }
  ASSIGN_OR_RETURN(const TimeZone* tz, TimeZone::Find(spec.time_zone));

  // A date's ranges reach at most 48 h past its midnight; the margins cover that and a zone
  // offset, so every local date that can hold an instant of [from, to) is generated.
  const std::vector<Span> local =
      LocalOpenHours(spec, tz->LocalDayOf(from) - 3, tz->LocalDayOf(to) + 2);
  std::vector<Span> utc;
  for (const Span& s : local) tz->InstantsWithLocalTimeIn(s.begin, s.end, &utc);
  SortMerge(&utc);  // Pieces from a fall-back overlap can interleave.

  BusinessCalendar cal;
  cal.tz_ = tz;
  cal.begin_ = from;
  cal.end_ = to;
  cal.iv_.push_back({from, from, 0});
  Micros cum = 0;
  for (const Span& s : utc) {
    const Micros b = std::max(s.begin, from), e = std::min(s.end, to);
    if (b >= e) continue;
    cal.iv_.push_back({b, e, cum});
    cum += e - b;
  }
  constexpr Micros kInfinity = std::numeric_limits<Micros>::max();
  cal.iv_.push_back({kInfinity, kInfinity, cum});

  cal.bucket_origin_ = FloorDiv(from, kMicrosPerDay) * kMicrosPerDay;
  const size_t n_buckets = static_cast<size_t>((to - cal.bucket_origin_) / kMicrosPerDay) + 1;
  cal.bucket_.resize(n_buckets);
  size_t i = 0;
  for (size_t k = 0; k < n_buckets; ++k) {
    const Micros bucket_start = cal.bucket_origin_ + static_cast<Micros>(k) * kMicrosPerDay;
    while (cal.iv_[i + 1].start <= bucket_start) ++i;
    cal.bucket_[k] = static_cast<uint32_t>(i);
  }
  return cal;
}

std::optional<Micros> BusinessCalendar::AddBusiness(Micros t, Micros d) const {
  if (!Covers(t)) return std::nullopt;
  if (d == 0) return t;
  const Micros here = Cum(t);
  const Micros total = iv_.back().cum;
  if (d > 0 ? d > total - here : d < -here) return std::nullopt;
  const Micros c = here + d;
  // The open intervals are iv_[1 .. n]; interval i's business time ends at iv_[i + 1].cum.
  auto first = iv_.begin() + 1, last = iv_.end() - 1;
  auto it =
      d > 0
          ? std::partition_point(first, last, [&](const Interval& v) { return (&v)[1].cum < c; })
          : std::partition_point(first, last, [&](const Interval& v) { return (&v)[1].cum <= c; });
  return it->start + (c - it->cum);
}

bool BusinessCalendar::IsOpen(Micros t) const { return Covers(t) && t < iv_[Locate(t)].end; }

std::optional<Micros> BusinessCalendar::NextOpen(Micros t) const {
  if (!Covers(t)) return std::nullopt;
  const size_t i = Locate(t);
  if (t < iv_[i].end) return t;
  if (i + 2 >= iv_.size()) return std::nullopt;  // Only the sentinel is left.
  return iv_[i + 1].start;
}

std::optional<Micros> BusinessCalendar::PreviousClose(Micros t) const {
  if (!Covers(t)) return std::nullopt;
  const size_t i = Locate(t);
  if (t < iv_[i].end) return t;
  if (i == 0) return std::nullopt;
  return iv_[i].end;
}

std::vector<TimeZone::Interval> BusinessCalendar::OpenIntervals(Micros from, Micros to) const {
  std::vector<TimeZone::Interval> out;
  auto it = std::partition_point(iv_.begin() + 1, iv_.end() - 1,
                                 [&](const Interval& v) { return v.end <= from; });
  for (; it != iv_.end() - 1 && it->start < to; ++it) {
    out.push_back({std::max(it->start, from), std::min(it->end, to)});
  }
  return out;
}

}  // namespace cx
