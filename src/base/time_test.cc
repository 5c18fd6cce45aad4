#include "base/time.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>

namespace cx {
namespace {

TEST(TimeTest, ParsesOffsetsAndZulu) {
  auto z = ParseTimestamp("2026-03-02T14:15:07Z");
  auto o = ParseTimestamp("2026-03-02T09:15:07-05:00");
  ASSERT_TRUE(z && o);
  EXPECT_EQ(*z, *o);
  EXPECT_EQ(FormatTimestampUtc(*z), "2026-03-02T14:15:07Z");
  EXPECT_EQ(*ParseTimestamp("2026-03-02T14:15:07+00:00"), *z);
  EXPECT_EQ(*ParseTimestamp("2026-03-02T14:15:07-00:00"), *z);
}

TEST(TimeTest, TruncatesFractionToMicroseconds) {
  auto t = ParseTimestamp("2026-01-01T00:00:00.123456789Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t % kMicrosPerSecond, 123456);
  EXPECT_EQ(*ParseTimestamp("2026-01-01T00:00:00.5Z") % kMicrosPerSecond, 500000);
  EXPECT_EQ(*ParseTimestamp("2026-01-01T00:00:00.000000Z"), *ParseTimestamp("2026-01-01T00:00:00Z"));
}

TEST(TimeTest, RejectsEverythingOutsideTheCanonicalForm) {
  for (const char* bad :
       {"2026-03-02 14:15:07Z", "2026-03-02t14:15:07Z", "2026-03-02T14:15:07z",
        "2026-03-02T14:15:07", "2026-03-02T14:15:07+0500", " 2026-03-02T14:15:07Z",
        "2026-03-02T14:15:07Z ", "2026-03-02T24:00:00Z", "2026-03-02T23:59:60Z",
        "2026-02-29T10:00:00Z", "2026-03-02T14:15:07+15:00", "2026-03-02T14:15:07+01:60",
        "2026-03-02T14:15:07.Z", "", "2026-3-02T14:15:07Z", "2026-03-02T14:15Z"}) {
    EXPECT_FALSE(ParseTimestamp(bad)) << bad;
  }
  EXPECT_TRUE(ParseTimestamp("2024-02-29T10:00:00Z"));
  EXPECT_TRUE(ParseTimestamp("2026-03-02T14:15:07+14:00"));
}

// "...Z" timestamps take a fast path; the same instant written "+00:00" takes the general
// one. They must agree on every string, valid or not: random instants from 1900 to 2199, and
// each with one character replaced by a digit or a separator.
TEST(TimeTest, ZuluFastPathAgreesWithTheGeneralPath) {
  std::mt19937 rng(11);
  const std::string chars = "0123456789-T:Z /";
  int valid = 0;
  for (int n = 0; n < 200000; ++n) {
    std::string s = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", 1900 + rng() % 300,
                                rng() % 14, rng() % 33, rng() % 25, rng() % 61, rng() % 61);
    if (n % 2 == 1) s[rng() % 19] = chars[rng() % chars.size()];
    const auto fast = ParseTimestamp(s);
    const auto general = ParseTimestamp(s.substr(0, 19) + "+00:00");
    ASSERT_EQ(fast.has_value(), general.has_value()) << s;
    if (fast) {
      ASSERT_EQ(*fast, *general) << s;
      ++valid;
    }
  }
  EXPECT_GT(valid, 20000);  // Both outcomes are well covered.
  EXPECT_LT(valid, 180000);
  EXPECT_EQ(ParseTimestamp("2024-02-29T23:59:59Z"),
            ParseTimestamp("2024-03-01T00:00:00Z").value() - 1000000);
  EXPECT_FALSE(ParseTimestamp("2023-02-29T00:00:00Z"));
}

TEST(TimeTest, DatesAndMonths) {
  EXPECT_EQ(*ParseDate("1970-01-02"), 1);
  EXPECT_EQ(FormatDate(*ParseDate("2026-11-22")), "2026-11-22");
  EXPECT_FALSE(ParseDate("2026-13-01"));
  EXPECT_EQ(*ParseYearMonth("2026-03"), 2026 * 12 + 2);
  EXPECT_FALSE(ParseYearMonth("2026-00"));
}

TEST(TimeTest, FormatsMicrosAsExactSeconds) {
  EXPECT_EQ(FormatMicrosAsSeconds(36796000000), "36796.000000");
  EXPECT_EQ(FormatMicrosAsSeconds(1), "0.000001");
  EXPECT_EQ(FormatMicrosAsSeconds(-1500000), "-1.500000");
}

TEST(TimeTest, NegativeInstantsFormat) {
  EXPECT_EQ(FormatTimestampUtc(-1), "1969-12-31T23:59:59.999999Z");
}

}  // namespace
}  // namespace cx
