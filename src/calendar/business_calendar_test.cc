#include "calendar/business_calendar.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <set>

#include "calendar/calendar_test_util.h"

namespace cx {
namespace {

using testing::At;
using testing::Hrs;
using testing::Min;

BusinessCalendar Build(const BusinessCalendarSpec& spec,
                       std::string_view from = "2025-01-01T00:00:00Z",
                       std::string_view to = "2028-01-01T00:00:00Z") {
  Result<BusinessCalendar> cal = BusinessCalendar::Build(spec, At(from), At(to));
  EXPECT_TRUE(cal.ok()) << cal.status().ToString();
  return std::move(cal).value();
}

// The contract default (golden-rules.md): Mon-Fri 09:00-17:00 America/New_York and four
// whole-day holidays in 2026.
BusinessCalendarSpec GoldenSpec() {
  BusinessCalendarSpec spec =
      BusinessCalendarSpec::Weekdays("America/New_York", Hours(9, 0, 17, 0));
  spec.holidays = {CivilDay::FromYmd(2026, 1, 1), CivilDay::FromYmd(2026, 1, 19),
                   CivilDay::FromYmd(2026, 2, 16), CivilDay::FromYmd(2026, 5, 25)};
  return spec;
}

TEST(GoldenCalendarTest, FortyEightHoursAcrossTheSpringDstChange) {
  const BusinessCalendar cal = Build(GoldenSpec());
  // Clock start Fri 2026-03-06 10:00 EST (15:00Z). Fri 10-17 = 7 h; the weekend holds the DST
  // change (Sun 03-08); Mon 9 .. Fri 13 add 5 x 8 = 40 h (47 h); the 48th hour ends Mon 03-16
  // 10:00 EDT = 14:00Z. Elapsed calendar time is 10 days minus the lost hour = 239 h.
  const Micros start = At("2026-03-06T15:00:00Z");
  const Micros deadline = At("2026-03-16T14:00:00Z");
  EXPECT_EQ(cal.AddBusiness(start, Hrs(48)), deadline);
  EXPECT_EQ(cal.Between(start, deadline), Hrs(48));
  EXPECT_EQ(deadline - start, Hrs(239));
  // The weekend across the change is closed; a Fri 09:00 EST .. Mon 17:00 EDT span is 16 h.
  EXPECT_EQ(cal.Between(At("2026-03-06T22:00:00Z"), At("2026-03-09T13:00:00Z")), 0);
  EXPECT_EQ(cal.Between(At("2026-03-06T14:00:00Z"), At("2026-03-09T21:00:00Z")), Hrs(16));
  // Monday opens at 09:00 EDT = 13:00Z, no longer 14:00Z.
  EXPECT_EQ(cal.NextOpen(At("2026-03-07T12:00:00Z")), At("2026-03-09T13:00:00Z"));
}

TEST(GoldenCalendarTest, FortyEightHoursAcrossPresidentsDay) {
  const BusinessCalendar cal = Build(GoldenSpec());
  // Clock start Thu 2026-02-12 09:00 EST (14:00Z). Thu 8 h, Fri 16 h, Mon 02-16 is a holiday,
  // Tue 24, Wed 32, Thu 40, Fri 02-20 48 h at 17:00 EST = 22:00Z.
  const Micros start = At("2026-02-12T14:00:00Z");
  const Micros deadline = At("2026-02-20T22:00:00Z");
  EXPECT_EQ(cal.AddBusiness(start, Hrs(48)), deadline);
  EXPECT_EQ(cal.Between(start, At("2026-02-17T14:00:00Z")), Hrs(16));  // Mon added nothing.
  // Golden rule 21: an answer after closing on the 48th hour is a hit (exactly 48 h) ...
  EXPECT_EQ(cal.Between(start, At("2026-02-20T23:30:00Z")), Hrs(48));
  EXPECT_EQ(cal.Between(start, At("2026-02-23T14:00:00Z")), Hrs(48));  // Mon 09:00: still 48.
  // ... and one in the next opening minute is a miss.
  EXPECT_EQ(cal.Between(start, At("2026-02-23T14:01:00Z")), Hrs(48) + Min(1));
  // Rule 22: with the horizon at the deadline the unanswered contact is a miss (48 h lie
  // between); a microsecond earlier it is pending.
  EXPECT_EQ(cal.Between(start, deadline), Hrs(48));
  EXPECT_LT(cal.Between(start, deadline - 1), Hrs(48));
}

TEST(GoldenCalendarTest, WholeDayHolidays) {
  const BusinessCalendar cal = Build(GoldenSpec());
  // Wed 2025-12-31 17:00 EST .. Fri 2026-01-02 09:00 EST: New Year's Day is closed.
  EXPECT_EQ(cal.Between(At("2025-12-31T22:00:00Z"), At("2026-01-02T14:00:00Z")), 0);
  // Fri 2026-05-22 10:00 EDT .. Tue 05-26 18:00 EDT: Fri 7 h + Memorial Day 0 + Tue 8 h.
  EXPECT_EQ(cal.Between(At("2026-05-22T14:00:00Z"), At("2026-05-26T22:00:00Z")), Hrs(15));
  EXPECT_FALSE(cal.IsOpen(At("2026-01-19T15:00:00Z")));  // MLK Day.
  EXPECT_TRUE(cal.IsOpen(At("2027-01-18T15:00:00Z")));   // Not listed for 2027.
}

TEST(BusinessCalendarTest, ReversedSpansAreNegative) {
  const BusinessCalendar cal = Build(GoldenSpec());
  const Micros a = At("2026-03-02T15:00:00Z"), b = At("2026-03-03T15:00:00Z");
  EXPECT_EQ(cal.Between(a, b), Hrs(8));
  EXPECT_EQ(cal.Between(b, a), -Hrs(8));
  EXPECT_EQ(cal.AddBusiness(b, -Hrs(8)), a);
}

TEST(BusinessCalendarTest, ZeroDurationIsTheInstantItself) {
  const BusinessCalendar cal = Build(GoldenSpec());
  const Micros saturday = At("2026-03-07T15:00:00Z");
  EXPECT_EQ(cal.AddBusiness(saturday, 0), saturday);
  EXPECT_EQ(cal.NextOpen(saturday), At("2026-03-09T13:00:00Z"));
  EXPECT_EQ(cal.PreviousClose(saturday), At("2026-03-06T22:00:00Z"));
  // A positive duration that ends at closing time stops there (not at the next opening).
  EXPECT_EQ(cal.AddBusiness(At("2026-03-06T21:00:00Z"), Hrs(1)), At("2026-03-06T22:00:00Z"));
}

TEST(BusinessCalendarTest, OutsideTheTableClampsAndAddBusinessSaysNo) {
  const BusinessCalendar cal = Build(GoldenSpec(), "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
  EXPECT_EQ(cal.Cum(At("2025-06-01T00:00:00Z")), 0);
  EXPECT_EQ(cal.Cum(At("2026-06-01T00:00:00Z")), cal.Cum(cal.end()));
  // January 2026 in New York: 22 weekdays (Thu 1 .. Fri 30) minus 2 holidays = 20 x 8 h.
  EXPECT_EQ(cal.Cum(cal.end()), Hrs(20 * 8));
  EXPECT_FALSE(cal.Covers(At("2026-02-02T00:00:00Z")));
  EXPECT_EQ(cal.AddBusiness(At("2026-02-02T15:00:00Z"), Hrs(1)), std::nullopt);
  EXPECT_EQ(cal.AddBusiness(At("2026-01-30T15:00:00Z"), Hrs(48)), std::nullopt);  // Runs out.
  EXPECT_EQ(cal.AddBusiness(At("2026-01-02T15:00:00Z"), -Hrs(8)), std::nullopt);
  EXPECT_EQ(cal.AddBusiness(At("2026-01-30T21:00:00Z"), Hrs(1)), At("2026-01-30T22:00:00Z"));
}

TEST(BusinessCalendarTest, BuildRejectsBadInput) {
  BusinessCalendarSpec spec = GoldenSpec();
  spec.time_zone = "America/Gotham";
  EXPECT_FALSE(BusinessCalendar::Build(spec, 0, Hrs(24)).ok());
  EXPECT_FALSE(BusinessCalendar::Build(GoldenSpec(), Hrs(24), 0).ok());
}

// Data may hold any year a timestamp can write (a mistyped year is valid): a table from year
// 0000 to 9999 builds, and counts a week of year 9999 as it counts one of 2026.
TEST(BusinessCalendarTest, ATableCoversEveryYearATimestampCanWrite) {
  const BusinessCalendar cal = Build(GoldenSpec(), "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z");
  EXPECT_EQ(cal.Between(At("9999-06-07T00:00:00Z"), At("9999-06-14T00:00:00Z")), Hrs(40));
  EXPECT_EQ(cal.Between(At("0026-03-02T00:00:00Z"), At("0026-03-03T00:00:00Z")), Hrs(8));
  // 09:00 EDT, by the zone's rule for daylight time: the 8th hour ends at closing.
  EXPECT_EQ(cal.AddBusiness(At("9999-06-07T13:00:00Z"), Hrs(8)), At("9999-06-07T21:00:00Z"));
  EXPECT_FALSE(
      BusinessCalendar::Build(GoldenSpec(), At("0000-01-01T00:00:00Z"), Hrs(24) * 366 * 10'011)
          .ok());
}

TEST(BusinessCalendarTest, OpenAllDayCountsTwentyFiveHoursOnTheFallBackDay) {
  BusinessCalendarSpec spec;
  spec.time_zone = "America/New_York";
  for (auto& day : spec.weekly) day = {Hours(0, 0, 24, 0)};
  const BusinessCalendar cal = Build(spec);
  EXPECT_EQ(cal.Between(At("2026-11-01T04:00:00Z"), At("2026-11-02T05:00:00Z")), Hrs(25));
  EXPECT_EQ(cal.Between(At("2026-03-08T05:00:00Z"), At("2026-03-09T04:00:00Z")), Hrs(23));
  // Always open: business time is elapsed time.
  EXPECT_EQ(cal.Between(At("2026-01-01T00:00:00Z"), At("2027-01-01T00:00:00Z")), Hrs(365 * 24));
  EXPECT_EQ(cal.OpenIntervals(At("2026-01-01T00:00:00Z"), At("2027-01-01T00:00:00Z")).size(), 1u);
}

TEST(BusinessCalendarTest, NightShiftAcrossDstChanges) {
  // Sat 22:00 to Sun 06:00: 8 wall-clock hours, 7 real on 2026-03-08, 9 on 2026-11-01.
  BusinessCalendarSpec spec;
  spec.time_zone = "America/New_York";
  spec.day(Weekday::kSaturday) = {Hours(22, 0, 30, 0)};
  const BusinessCalendar cal = Build(spec);
  const Micros spring = At("2026-03-07T12:00:00Z");
  EXPECT_EQ(cal.Between(spring, spring + Hrs(48)), Hrs(7));
  const Micros fall = At("2026-10-31T12:00:00Z");
  EXPECT_EQ(cal.Between(fall, fall + Hrs(48)), Hrs(9));
  EXPECT_EQ(cal.Between(At("2026-03-14T12:00:00Z"), At("2026-03-16T12:00:00Z")), Hrs(8));
  // A shift in the gap itself is shortened to the part that exists.
  spec.day(Weekday::kSaturday).clear();
  spec.day(Weekday::kSunday) = {Hours(1, 30, 2, 30)};
  const BusinessCalendar gap = Build(spec);
  EXPECT_EQ(gap.Between(spring, spring + Hrs(48)), Min(30));  // 01:30-02:00 EST only.
  EXPECT_EQ(gap.Between(fall, fall + Hrs(48)),
            Hrs(1) + Min(30));  // 01:30-02:00 twice + 02:00-02:30
}

TEST(BusinessCalendarTest, SplitShiftsSpecialHoursAndClosures) {
  BusinessCalendarSpec spec = BusinessCalendarSpec::Weekdays("Europe/Paris", Hours(8, 0, 12, 0));
  for (int w = 0; w < 5; ++w) spec.weekly[w].push_back(Hours(13, 0, 18, 0));        // Lunch 12-13.
  spec.closures = {{CivilDay::FromYmd(2026, 12, 24), {Hours(12, 0, 24, 0)}}};       // Half day.
  spec.special_hours = {{CivilDay::FromYmd(2026, 12, 26), {Hours(10, 0, 14, 0)}}};  // A Saturday.
  spec.holidays = {CivilDay::FromYmd(2026, 12, 25)};
  const BusinessCalendar cal = Build(spec);
  EXPECT_EQ(cal.Between(At("2026-12-21T00:00:00Z"), At("2026-12-22T00:00:00Z")), Hrs(9));
  EXPECT_EQ(cal.Between(At("2026-12-24T00:00:00Z"), At("2026-12-25T00:00:00Z")), Hrs(4));
  EXPECT_EQ(cal.Between(At("2026-12-25T00:00:00Z"), At("2026-12-26T00:00:00Z")), 0);
  EXPECT_EQ(cal.Between(At("2026-12-26T00:00:00Z"), At("2026-12-27T00:00:00Z")), Hrs(4));
  // 09:00 CET Mon + 4 h: 3 h in the morning, the lunch break, 1 h after: 14:00 CET.
  EXPECT_EQ(cal.AddBusiness(At("2026-12-21T08:00:00Z"), Hrs(4)), At("2026-12-21T13:00:00Z"));
}

TEST(BusinessCalendarTest, HolidayCutsAShiftThatRunsIntoIt) {
  BusinessCalendarSpec spec;
  spec.time_zone = "UTC";
  spec.day(Weekday::kThursday) = {Hours(22, 0, 26, 0)};
  spec.holidays = {CivilDay::FromYmd(2026, 12, 25)};  // Friday: Thu 22-24 stays, 00-02 goes.
  const BusinessCalendar cal = Build(spec);
  EXPECT_EQ(cal.Between(At("2026-12-24T00:00:00Z"), At("2026-12-26T00:00:00Z")), Hrs(2));
  EXPECT_EQ(cal.Between(At("2026-12-17T00:00:00Z"), At("2026-12-19T00:00:00Z")), Hrs(4));
}

// Minute-by-minute reference of the spec model, straight from date/tz: an instant is open
// when its wall-clock reading is inside a range of its own date or of the day before.
Micros BruteForceBusiness(const BusinessCalendarSpec& spec, Micros from, Micros to) {
  const date::time_zone* zone = date::locate_zone(spec.time_zone);
  auto ranges_of = [&](int64_t day) -> const std::vector<OpenRange>& {
    for (const auto& d : spec.special_hours) {
      if (d.date.days() == day) return d.ranges;
    }
    return spec.day(WeekdayOfDay(day));
  };
  std::set<int64_t> holidays;
  for (const CivilDay& d : spec.holidays) holidays.insert(d.days());
  Micros total = 0;
  for (Micros t = from; t < to; t += Min(1)) {
    const date::sys_seconds s{std::chrono::seconds{t / kMicrosPerSecond}};
    const int64_t local = zone->to_local(s).time_since_epoch().count();
    const int64_t day = FloorDiv(local, 86400), sec = local - day * 86400;
    if (holidays.count(day) != 0) continue;
    bool closed = false;
    for (const auto& c : spec.closures) {
      for (const OpenRange& r : c.ranges) {
        closed |= (c.date.days() == day && sec >= r.open && sec < r.close) ||
                  (c.date.days() == day - 1 && sec + 86400 >= r.open && sec + 86400 < r.close);
      }
    }
    if (closed) continue;
    bool open = false;
    for (const OpenRange& r : ranges_of(day)) open |= sec >= r.open && sec < r.close;
    for (const OpenRange& r : ranges_of(day - 1))
      open |= sec + 86400 >= r.open && sec + 86400 < r.close;
    if (open) total += Min(1);
  }
  return total;
}

TEST(BusinessCalendarTest, AgreesWithABruteForceReferenceAroundDstChanges) {
  for (const char* zone : {"America/New_York", "Europe/Paris", "Australia/Lord_Howe"}) {
    BusinessCalendarSpec spec;
    spec.time_zone = zone;
    spec.day(Weekday::kMonday) = {Hours(9, 0, 12, 0), Hours(13, 0, 17, 30)};
    spec.day(Weekday::kFriday) = {Hours(20, 0, 27, 0)};  // Into Saturday 03:00.
    spec.day(Weekday::kSaturday) = {Hours(3, 30, 4, 0), Hours(23, 30, 24, 0)};
    spec.day(Weekday::kSunday) = {Hours(0, 15, 3, 45), Hours(10, 0, 11, 0)};
    spec.holidays = {CivilDay::FromYmd(2026, 4, 6)};
    spec.closures = {{CivilDay::FromYmd(2026, 3, 30), {Hours(10, 0, 14, 0)}}};
    spec.special_hours = {{CivilDay::FromYmd(2026, 10, 25), {Hours(1, 0, 4, 0)}}};
    const BusinessCalendar cal = Build(spec);
    for (auto [from, to] : {std::pair{"2026-03-01T00:00:00Z", "2026-04-15T00:00:00Z"},
                            std::pair{"2026-09-25T00:00:00Z", "2026-11-10T00:00:00Z"}}) {
      EXPECT_EQ(cal.Between(At(from), At(to)), BruteForceBusiness(spec, At(from), At(to)))
          << zone << " " << from;
    }
  }
}

TEST(BusinessCalendarTest, PropertyCumIsMonotonicAndAddBusinessInvertsBetween) {
  BusinessCalendarSpec spec = GoldenSpec();
  spec.day(Weekday::kSaturday) = {Hours(22, 0, 26, 30)};
  spec.closures = {{CivilDay::FromYmd(2026, 7, 2), {Hours(12, 0, 13, 0)}}};
  const BusinessCalendar cal = Build(spec);
  std::mt19937_64 rng(2026);
  std::uniform_int_distribution<Micros> any(At("2025-01-02T00:00:00Z"), At("2027-12-01T00:00:00Z"));
  for (int i = 0; i < 200000; ++i) {
    Micros a = any(rng), b = any(rng);
    if (a > b) std::swap(a, b);
    const Micros between = cal.Between(a, b);
    ASSERT_GE(between, 0);
    ASSERT_LE(between, b - a);
    ASSERT_LE(cal.Cum(a), cal.Cum(a + 1));
    const Micros forward = *cal.AddBusiness(a, between);
    ASSERT_LE(forward, b);
    ASSERT_EQ(cal.Between(a, forward), between);
    const Micros back = *cal.AddBusiness(b, -between);
    ASSERT_GE(back, a);
    ASSERT_EQ(cal.Between(back, b), between);
    if (cal.IsOpen(b - 1)) {
      ASSERT_EQ(forward, b) << FormatTimestampUtc(b);
    }
    if (cal.IsOpen(a)) {
      ASSERT_EQ(back, a) << FormatTimestampUtc(a);
    }
  }
}

}  // namespace
}  // namespace cx
