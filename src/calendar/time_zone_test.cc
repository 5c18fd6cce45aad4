#include "calendar/time_zone.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "calendar/calendar_test_util.h"
#include "calendar/posix_tz.h"

namespace cx {
namespace {

using testing::At;
using testing::Hrs;
using testing::Min;

const TimeZone& Zone(std::string_view name) {
  Result<const TimeZone*> tz = TimeZone::Find(name);
  EXPECT_TRUE(tz.ok()) << tz.status().ToString();
  return tz.ok() ? **tz : TimeZone::Utc();
}

// The offset date/tz reports, for comparison with the table.
Micros DateTzOffset(std::string_view name, Micros t) {
  const date::time_zone* z = date::locate_zone(std::string(name));
  const auto info =
      z->get_info(date::sys_seconds{std::chrono::seconds{FloorDiv(t, kMicrosPerSecond)}});
  return std::chrono::duration_cast<std::chrono::seconds>(info.offset).count() * kMicrosPerSecond;
}

TEST(TimeZoneTest, FindsZonesAndCachesThem) {
  Result<const TimeZone*> a = TimeZone::Find("America/New_York");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)->name(), "America/New_York");
  EXPECT_EQ(*TimeZone::Find("America/New_York"), *a);
  EXPECT_TRUE(TimeZone::Find("US/Eastern").ok());  // A link.
  EXPECT_TRUE(TimeZone::Find("UTC").ok());
}

TEST(TimeZoneTest, UnknownZoneIsNotFoundAndNamed) {
  Result<const TimeZone*> tz = TimeZone::Find("Mars/Olympus_Mons");
  ASSERT_FALSE(tz.ok());
  EXPECT_EQ(tz.status().code(), StatusCode::kNotFound);
  EXPECT_NE(tz.status().message().find("Mars/Olympus_Mons"), std::string::npos);
  EXPECT_FALSE(TimeZone::Find("").ok());
}

TEST(TimeZoneTest, OffsetChangesExactlyAtTheTransition) {
  const TimeZone& ny = Zone("America/New_York");
  const Micros spring = At("2026-03-08T07:00:00Z");  // 02:00 EST -> 03:00 EDT.
  EXPECT_EQ(ny.UtcOffset(spring - 1), -Hrs(5));
  EXPECT_EQ(ny.UtcOffset(spring), -Hrs(4));
  const Micros fall = At("2026-11-01T06:00:00Z");  // 02:00 EDT -> 01:00 EST.
  EXPECT_EQ(ny.UtcOffset(fall - 1), -Hrs(4));
  EXPECT_EQ(ny.UtcOffset(fall), -Hrs(5));
  EXPECT_EQ(ny.FormatLocal(spring), "2026-03-08T03:00:00-04:00");
  EXPECT_EQ(ny.FormatLocal(spring - 1), "2026-03-08T01:59:59.999999-05:00");
}

TEST(TimeZoneTest, LocalDayNearMidnight) {
  const TimeZone& ny = Zone("America/New_York");
  // 2026-02-01T03:00Z is still January 31 in New York (22:00 EST).
  EXPECT_EQ(ny.LocalDateOf(At("2026-02-01T03:00:00Z")).ToString(), "2026-01-31");
  EXPECT_EQ(ny.LocalDateOf(At("2026-02-01T05:00:00Z")).ToString(), "2026-02-01");
  EXPECT_EQ(ny.LocalDateOf(At("2026-02-01T04:59:59.999999Z")).ToString(), "2026-01-31");
  EXPECT_EQ(TimeZone::Utc().LocalDateOf(At("2026-02-01T03:00:00Z")).ToString(), "2026-02-01");
}

TEST(TimeZoneTest, FromLocalShiftsGapsForwardAndTakesEarliestInOverlaps) {
  const TimeZone& ny = Zone("America/New_York");
  auto local = [](int y, int mo, int d, int h, int mi) {
    return LocalAsUtc(LocalDateTime{y, mo, d, h, mi, 0, 0});
  };
  EXPECT_EQ(ny.FromLocal(local(2026, 3, 8, 1, 59)), At("2026-03-08T06:59:00Z"));
  // 02:00-03:00 does not exist on 2026-03-08: read with EST, i.e. moved forward by the gap.
  EXPECT_EQ(ny.FromLocal(local(2026, 3, 8, 2, 0)), At("2026-03-08T07:00:00Z"));
  EXPECT_EQ(ny.FromLocal(local(2026, 3, 8, 2, 30)), At("2026-03-08T03:30:00-04:00"));
  EXPECT_EQ(ny.FromLocal(local(2026, 3, 8, 3, 0)), At("2026-03-08T07:00:00Z"));
  // 01:00-02:00 happens twice on 2026-11-01: the first (EDT) one wins.
  EXPECT_EQ(ny.FromLocal(local(2026, 11, 1, 1, 0)), At("2026-11-01T01:00:00-04:00"));
  EXPECT_EQ(ny.FromLocal(local(2026, 11, 1, 1, 30)), At("2026-11-01T05:30:00Z"));
  EXPECT_EQ(ny.FromLocal(local(2026, 11, 1, 2, 0)), At("2026-11-01T07:00:00Z"));
  EXPECT_EQ(ny.FromLocal(LocalDateTime{2026, 7, 1, 9, 0, 0, 250}),
            At("2026-07-01T13:00:00Z") + 250);
}

TEST(TimeZoneTest, StartOfDayWhenMidnightIsInAGap) {
  // America/Santiago springs forward at 24:00: 2026-09-06 has no 00:00-01:00.
  const TimeZone& scl = Zone("America/Santiago");
  const Micros start = scl.StartOfDay(DaysFromCivil(2026, 9, 6));
  EXPECT_EQ(scl.FormatLocal(start), "2026-09-06T01:00:00-03:00");
  EXPECT_EQ(scl.LocalDateOf(start - 1).ToString(), "2026-09-05");
}

TEST(TimeZoneTest, TableAgreesWithDateTzThrough2037) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<Micros> any(At("1970-01-01T00:00:00Z"), At("2037-12-31T00:00:00Z"));
  for (const char* name : {"America/New_York", "Europe/Paris", "Australia/Lord_Howe",
                           "Asia/Kolkata", "America/Santiago", "Pacific/Apia", "Europe/Dublin"}) {
    const TimeZone& tz = Zone(name);
    for (int i = 0; i < 20000; ++i) {
      const Micros t = any(rng);
      ASSERT_EQ(tz.UtcOffset(t), DateTzOffset(name, t)) << name << " " << FormatTimestampUtc(t);
    }
  }
}

TEST(TimeZoneTest, OutsideTheTableMatchesDateTzBefore1970) {
  const TimeZone& paris = Zone("Europe/Paris");
  EXPECT_EQ(paris.UtcOffset(At("1800-01-01T00:00:00Z")), 561 * kMicrosPerSecond);  // LMT +0:09:21
  const TimeZone& ny = Zone("America/New_York");
  EXPECT_EQ(ny.UtcOffset(At("1960-07-01T00:00:00Z")), -Hrs(4));
  EXPECT_EQ(ny.FromLocal(LocalDateTime{1960, 7, 1, 12, 0, 0, 0}), At("1960-07-01T16:00:00Z"));
}

TEST(TimeZoneTest, DstContinuesAfter2037FromThePosixRule) {
  // Debian's TZif files stop listing transitions in 2037 and date/tz (USE_OS_TZDB) then keeps
  // the last offset forever; the footer rule EST5EDT,M3.2.0,M11.1.0 keeps DST going.
  const TimeZone& ny = Zone("America/New_York");
  EXPECT_EQ(ny.UtcOffset(At("2050-07-01T12:00:00Z")), -Hrs(4));
  EXPECT_EQ(ny.UtcOffset(At("2050-03-13T06:59:59Z")), -Hrs(5));  // Second Sunday of March.
  EXPECT_EQ(ny.UtcOffset(At("2050-03-13T07:00:00Z")), -Hrs(4));
  EXPECT_EQ(ny.UtcOffset(At("2099-12-31T12:00:00Z")), -Hrs(5));
  EXPECT_EQ(ny.UtcOffset(At("2150-07-01T12:00:00Z")), -Hrs(4));  // Past the table too.
  const TimeZone& sydney = Zone("Australia/Sydney");
  EXPECT_EQ(sydney.UtcOffset(At("2045-01-15T00:00:00Z")), Hrs(11));
  EXPECT_EQ(sydney.UtcOffset(At("2045-07-15T00:00:00Z")), Hrs(10));
}

TEST(TimeZoneTest, InstantsWithLocalTimeInCountsRealTime) {
  const TimeZone& ny = Zone("America/New_York");
  auto run = [&](int y, int mo, int d, int h0, int m0, int h1, int m1) {
    const Micros day = DaysFromCivil(y, mo, d) * kMicrosPerDay;
    std::vector<TimeZone::Interval> out;
    ny.InstantsWithLocalTimeIn(day + Hrs(h0) + Min(m0), day + Hrs(h1) + Min(m1), &out);
    return out;
  };
  auto total = [](const std::vector<TimeZone::Interval>& v) {
    Micros sum = 0;
    for (const auto& i : v) sum += i.end - i.begin;
    return sum;
  };
  EXPECT_EQ(total(run(2026, 11, 1, 0, 0, 24, 0)), Hrs(25));  // Fall back: 25 real hours.
  EXPECT_EQ(total(run(2026, 3, 8, 0, 0, 24, 0)), Hrs(23));   // Spring forward: 23.
  // 02:30-03:15 on the spring day: only 03:00-03:15 EDT exists.
  auto gap = run(2026, 3, 8, 2, 30, 3, 15);
  ASSERT_EQ(gap.size(), 1u);
  EXPECT_EQ(gap[0].begin, At("2026-03-08T07:00:00Z"));
  EXPECT_EQ(gap[0].end, At("2026-03-08T07:15:00Z"));
  // 01:30-03:00 on the fall day: 01:30-02:00 EDT, then 01:30 EST-03:00 EST.
  auto overlap = run(2026, 11, 1, 1, 30, 3, 0);
  ASSERT_EQ(overlap.size(), 2u);
  EXPECT_EQ(overlap[0].begin, At("2026-11-01T05:30:00Z"));
  EXPECT_EQ(overlap[0].end, At("2026-11-01T06:00:00Z"));
  EXPECT_EQ(overlap[1].begin, At("2026-11-01T06:30:00Z"));
  EXPECT_EQ(overlap[1].end, At("2026-11-01T08:00:00Z"));
}

TEST(TimeZoneTest, RoundTripThroughLocalTime) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<Micros> any(At("2000-01-01T00:00:00Z"), At("2060-01-01T00:00:00Z"));
  const TimeZone& tz = Zone("Europe/Berlin");
  for (int i = 0; i < 100000; ++i) {
    const Micros t = any(rng);
    const Micros back = tz.FromLocal(tz.ToLocal(t));
    // Only the second pass through a fall-back hour maps to the first one, an hour earlier.
    if (back != t) {
      ASSERT_EQ(back, t - Hrs(1)) << FormatTimestampUtc(t);
    }
  }
}

TEST(PosixTzTest, ParsesFooters) {
  auto ny = internal::ParsePosixTz("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(ny.has_value());
  EXPECT_EQ(ny->std_offset, -5 * 3600);
  EXPECT_EQ(ny->dst_offset, -4 * 3600);
  auto chatham = internal::ParsePosixTz("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45");
  ASSERT_TRUE(chatham.has_value());
  EXPECT_EQ(chatham->std_offset, 12 * 3600 + 45 * 60);
  EXPECT_EQ(chatham->start.time, 2 * 3600 + 45 * 60);
  auto tokyo = internal::ParsePosixTz("JST-9");
  ASSERT_TRUE(tokyo.has_value());
  EXPECT_FALSE(tokyo->has_dst);
  for (const char* bad : {"", "E5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0", "<+01"}) {
    EXPECT_FALSE(internal::ParsePosixTz(bad).has_value()) << bad;
  }
}

TEST(PosixTzTest, RuleTransitionsMatchTheExplicitOnes) {
  // Fat TZif files list 2008-2037 explicitly; the footer rule must produce the same instants.
  for (const char* name :
       {"America/New_York", "Europe/Paris", "Australia/Sydney", "America/Santiago",
        "Asia/Jerusalem", "Pacific/Chatham", "Europe/Dublin", "America/Nuuk"}) {
    auto footer = internal::ReadTzifFooter(std::string("/usr/share/zoneinfo/") + name);
    ASSERT_TRUE(footer.has_value()) << name;
    auto rule = internal::ParsePosixTz(*footer);
    ASSERT_TRUE(rule.has_value()) << name << " " << *footer;
    for (int year = 2030; year <= 2037; ++year) {
      for (const auto& tr : internal::PosixTransitionsOfYear(*rule, year)) {
        const Micros at = tr.utc_seconds * kMicrosPerSecond;
        EXPECT_EQ(DateTzOffset(name, at), tr.offset_after * kMicrosPerSecond) << name << year;
        EXPECT_NE(DateTzOffset(name, at - kMicrosPerSecond), tr.offset_after * kMicrosPerSecond)
            << name << " " << year;
      }
    }
  }
}

}  // namespace
}  // namespace cx
