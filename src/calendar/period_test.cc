#include "calendar/period.h"

#include <gtest/gtest.h>

#include <random>

#include "calendar/calendar_test_util.h"

namespace cx {
namespace {

using testing::At;
using testing::Hrs;

const TimeZone& NewYork() { return **TimeZone::Find("America/New_York"); }

std::string Label(PeriodKind kind, std::string_view ts, const TimeZone& tz = NewYork()) {
  return FormatPeriod(kind, PeriodIndex(tz, kind, At(ts)));
}

TEST(PeriodTest, MonthOfAnInstantNearMonthEnds) {
  // 2026-02-01T03:00Z is 2026-01-31 22:00 EST: still January in New York.
  EXPECT_EQ(Label(PeriodKind::kMonth, "2026-02-01T03:00:00Z"), "2026-01");
  EXPECT_EQ(Label(PeriodKind::kMonth, "2026-02-01T04:59:59.999999Z"), "2026-01");
  EXPECT_EQ(Label(PeriodKind::kMonth, "2026-02-01T05:00:00Z"), "2026-02");
  // In summer the boundary is 04:00Z (EDT).
  EXPECT_EQ(Label(PeriodKind::kMonth, "2026-07-01T03:59:59Z"), "2026-06");
  EXPECT_EQ(Label(PeriodKind::kMonth, "2026-07-01T04:00:00Z"), "2026-07");
  EXPECT_EQ(Label(PeriodKind::kMonth, "2027-01-01T04:59:59Z"), "2026-12");
  EXPECT_EQ(Label(PeriodKind::kMonth, "2026-02-01T03:00:00Z", TimeZone::Utc()), "2026-02");
  EXPECT_EQ(PeriodIndex(NewYork(), PeriodKind::kMonth, At("2026-03-15T12:00:00Z")), 2026 * 12 + 2);
  EXPECT_EQ(*ParseYearMonth("2026-03"), 2026 * 12 + 2);  // The same numbering as base/.
}

TEST(PeriodTest, DaysAcrossDstChanges) {
  // The spring-forward day is 23 h long, the fall-back day 25 h.
  const TimeZone& ny = NewYork();
  const int64_t spring = *ParsePeriod(PeriodKind::kDay, "2026-03-08");
  EXPECT_EQ(PeriodStart(ny, PeriodKind::kDay, spring), At("2026-03-08T05:00:00Z"));
  EXPECT_EQ(PeriodEnd(ny, PeriodKind::kDay, spring), At("2026-03-09T04:00:00Z"));
  const int64_t fall = *ParsePeriod(PeriodKind::kDay, "2026-11-01");
  EXPECT_EQ(PeriodEnd(ny, PeriodKind::kDay, fall) - PeriodStart(ny, PeriodKind::kDay, fall),
            Hrs(25));
  EXPECT_EQ(Label(PeriodKind::kDay, "2026-03-09T03:59:59Z"), "2026-03-08");
  EXPECT_EQ(Label(PeriodKind::kDay, "2026-03-09T04:00:00Z"), "2026-03-09");
  EXPECT_EQ(Label(PeriodKind::kDay, "2026-11-01T05:30:00Z"), "2026-11-01");  // 01:30 EDT
  EXPECT_EQ(Label(PeriodKind::kDay, "2026-11-01T06:30:00Z"), "2026-11-01");  // 01:30 EST
}

TEST(PeriodTest, MonthsWithADstChangeAreAnHourShortOrLong) {
  const TimeZone& ny = NewYork();
  const int64_t march = *ParsePeriod(PeriodKind::kMonth, "2026-03");
  EXPECT_EQ(PeriodStart(ny, PeriodKind::kMonth, march), At("2026-03-01T05:00:00Z"));
  EXPECT_EQ(PeriodEnd(ny, PeriodKind::kMonth, march), At("2026-04-01T04:00:00Z"));
  EXPECT_EQ(PeriodEnd(ny, PeriodKind::kMonth, march) - PeriodStart(ny, PeriodKind::kMonth, march),
            Hrs(31 * 24 - 1));
  const int64_t november = *ParsePeriod(PeriodKind::kMonth, "2026-11");
  EXPECT_EQ(
      PeriodEnd(ny, PeriodKind::kMonth, november) - PeriodStart(ny, PeriodKind::kMonth, november),
      Hrs(30 * 24 + 1));
}

TEST(PeriodTest, IsoWeeksStartOnMonday) {
  EXPECT_EQ(Label(PeriodKind::kWeek, "2026-03-02T14:00:00Z"), "2026-W10");  // Monday
  EXPECT_EQ(Label(PeriodKind::kWeek, "2026-03-09T03:59:59Z"), "2026-W10");  // Sun 23:59 EDT
  EXPECT_EQ(Label(PeriodKind::kWeek, "2026-03-09T04:00:00Z"), "2026-W11");  // Mon 00:00 EDT
  // ISO week-numbering years differ from calendar years around New Year.
  EXPECT_EQ(FormatPeriod(PeriodKind::kWeek,
                         PeriodIndexOfDay(PeriodKind::kWeek, DaysFromCivil(2024, 12, 30))),
            "2025-W01");
  EXPECT_EQ(FormatPeriod(PeriodKind::kWeek,
                         PeriodIndexOfDay(PeriodKind::kWeek, DaysFromCivil(2021, 1, 3))),
            "2020-W53");
  EXPECT_EQ(FormatPeriod(PeriodKind::kWeek,
                         PeriodIndexOfDay(PeriodKind::kWeek, DaysFromCivil(2026, 1, 1))),
            "2026-W01");
  const int64_t w10 = *ParsePeriod(PeriodKind::kWeek, "2026-W10");
  EXPECT_EQ(FormatDate(FirstDayOfPeriod(PeriodKind::kWeek, w10)), "2026-03-02");
  EXPECT_EQ(PeriodStart(NewYork(), PeriodKind::kWeek, w10), At("2026-03-02T05:00:00Z"));
  // The week of the DST change is 167 h long.
  EXPECT_EQ(
      PeriodEnd(NewYork(), PeriodKind::kWeek, w10) - PeriodStart(NewYork(), PeriodKind::kWeek, w10),
      Hrs(167));
}

TEST(PeriodTest, ParseAndFormatRoundTrip) {
  for (PeriodKind kind : {PeriodKind::kDay, PeriodKind::kWeek, PeriodKind::kMonth}) {
    // Day and week numbers before 1970 are negative; month numbers start at year 0.
    const int64_t first = kind == PeriodKind::kMonth ? 1900 * 12 : -800;
    for (int64_t i = first; i < first + 30000; i += 7) {
      const std::string label = FormatPeriod(kind, i);
      std::optional<int64_t> back = ParsePeriod(kind, label);
      ASSERT_TRUE(back.has_value()) << label;
      EXPECT_EQ(*back, i) << label;
    }
  }
  EXPECT_EQ(FormatPeriod(PeriodKind::kDay, -1), "1969-12-31");
  EXPECT_EQ(FormatPeriod(PeriodKind::kMonth, 1969 * 12 + 11), "1969-12");
  EXPECT_TRUE(ParsePeriod(PeriodKind::kWeek, "2026-W53").has_value());  // 2026 has 53 weeks.
  for (const char* bad : {"2025-W53", "2026-W00", "2026-W1", "2026W10", "2026-w10"}) {
    EXPECT_FALSE(ParsePeriod(PeriodKind::kWeek, bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParsePeriod(PeriodKind::kMonth, "2026-13").has_value());
  EXPECT_FALSE(ParsePeriod(PeriodKind::kDay, "2026-02-29").has_value());
}

TEST(PeriodTest, ParsesKinds) {
  EXPECT_EQ(*ParsePeriodKind("week"), PeriodKind::kWeek);
  EXPECT_EQ(PeriodKindName(PeriodKind::kMonth), "month");
  Result<PeriodKind> bad = ParsePeriodKind("quarter");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("quarter"), std::string::npos);
}

TEST(PeriodTest, EveryInstantLiesInsideItsPeriodsBounds) {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<Micros> any(At("1995-01-01T00:00:00Z"), At("2060-01-01T00:00:00Z"));
  for (const char* name : {"America/New_York", "Australia/Sydney", "America/Santiago", "UTC"}) {
    const TimeZone& tz = **TimeZone::Find(name);
    for (int i = 0; i < 20000; ++i) {
      const Micros t = any(rng);
      for (PeriodKind kind : {PeriodKind::kDay, PeriodKind::kWeek, PeriodKind::kMonth}) {
        const int64_t p = PeriodIndex(tz, kind, t);
        ASSERT_LE(PeriodStart(tz, kind, p), t) << name << " " << FormatTimestampUtc(t);
        ASSERT_LT(t, PeriodEnd(tz, kind, p)) << name << " " << FormatTimestampUtc(t);
      }
    }
  }
}

}  // namespace
}  // namespace cx
