#include "calendar/business_calendar_spec.h"

#include <gtest/gtest.h>

namespace cx {
namespace {

std::string ErrorOf(const BusinessCalendarSpec& spec) {
  Status s = spec.Validate();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  return s.message();
}

TEST(OpenRangeTest, ParsesListsOfRanges) {
  auto r = ParseOpenRanges("09:00-12:00, 13:00-17:30");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<OpenRange>{Hours(9, 0, 12, 0), Hours(13, 0, 17, 30)}));
  EXPECT_EQ(*ParseOpenRanges("22:00-02:00"), std::vector<OpenRange>{Hours(22, 0, 26, 0)});
  EXPECT_EQ(*ParseOpenRanges("22:00-26:00"), std::vector<OpenRange>{Hours(22, 0, 26, 0)});
  EXPECT_EQ(*ParseOpenRanges("00:00-24:00"), std::vector<OpenRange>{Hours(0, 0, 24, 0)});
  EXPECT_EQ(ParseOpenRanges("08:00:30-09:00")->at(0).open, 8 * 3600 + 30);
  EXPECT_TRUE(ParseOpenRanges("closed")->empty());
  EXPECT_TRUE(ParseOpenRanges("")->empty());
  for (const char* bad : {"9:00-17:00", "09:00-09:00", "09:00", "09:60-10:00", "09:00-17:00,",
                          "09:00 - 17:00", "49:00-50:00"}) {
    auto b = ParseOpenRanges(bad);
    EXPECT_FALSE(b.ok()) << bad;
  }
  EXPECT_NE(ParseOpenRanges("09:00-1700").status().message().find("09:00-1700"), std::string::npos);
}

TEST(OpenRangeTest, Formats) {
  EXPECT_EQ(FormatOpenRange(Hours(9, 0, 17, 0)), "09:00-17:00");
  EXPECT_EQ(FormatOpenRange(Hours(22, 0, 26, 0)), "22:00-26:00");
  EXPECT_EQ(FormatOpenRange({30, 90}), "00:00:30-00:01:30");
}

TEST(BusinessCalendarSpecTest, AcceptsTheContractDefault) {
  BusinessCalendarSpec spec =
      BusinessCalendarSpec::Weekdays("America/New_York", Hours(9, 0, 17, 0));
  spec.holidays = {CivilDay::FromYmd(2026, 1, 1), CivilDay::FromYmd(2026, 1, 19)};
  EXPECT_TRUE(spec.Validate().ok()) << spec.Validate().ToString();
  EXPECT_TRUE(spec.day(Weekday::kSaturday).empty());
  EXPECT_EQ(spec.day(Weekday::kFriday).size(), 1u);
}

TEST(BusinessCalendarSpecTest, RejectsAnUnknownZone) {
  BusinessCalendarSpec spec = BusinessCalendarSpec::Weekdays("America/Nowhere", Hours(9, 0, 17, 0));
  const std::string msg = ErrorOf(spec);
  EXPECT_NE(msg.find("time_zone 'America/Nowhere'"), std::string::npos) << msg;
}

TEST(BusinessCalendarSpecTest, RejectsBadRanges) {
  BusinessCalendarSpec spec = BusinessCalendarSpec::Weekdays("UTC", Hours(9, 0, 17, 0));
  spec.day(Weekday::kTuesday) = {Hours(17, 0, 9, 0)};
  std::string msg = ErrorOf(spec);
  EXPECT_NE(msg.find("weekly hours Tue"), std::string::npos) << msg;
  EXPECT_NE(msg.find("17:00-09:00"), std::string::npos) << msg;
  spec.day(Weekday::kTuesday) = {Hours(24, 0, 25, 0)};
  EXPECT_NE(ErrorOf(spec).find("open must be"), std::string::npos);
  spec.day(Weekday::kTuesday) = {Hours(8, 0, 32, 30)};  // Longer than 24 h.
  EXPECT_NE(ErrorOf(spec).find("at most 24 h"), std::string::npos);
}

TEST(BusinessCalendarSpecTest, RejectsOverlappingRangesIncludingPastMidnight) {
  BusinessCalendarSpec spec = BusinessCalendarSpec::Weekdays("UTC", Hours(9, 0, 17, 0));
  spec.day(Weekday::kMonday) = {Hours(9, 0, 12, 0), Hours(11, 0, 14, 0)};
  EXPECT_NE(ErrorOf(spec).find("Mon 09:00-12:00 overlaps Mon 11:00-14:00"), std::string::npos);
  spec.day(Weekday::kMonday) = {Hours(9, 0, 12, 0), Hours(12, 0, 14, 0)};  // Touching is fine.
  EXPECT_TRUE(spec.Validate().ok());
  spec.day(Weekday::kFriday) = {Hours(22, 0, 26, 0)};
  spec.day(Weekday::kSaturday) = {Hours(1, 0, 5, 0)};
  EXPECT_NE(ErrorOf(spec).find("Fri 22:00-26:00 overlaps Sat 01:00-05:00"), std::string::npos);
  spec.day(Weekday::kSaturday).clear();
  spec.day(Weekday::kSunday) = {Hours(23, 0, 34, 0)};  // Into Monday 10:00.
  EXPECT_NE(ErrorOf(spec).find("Sun 23:00-34:00 overlaps Mon 09:00-12:00"), std::string::npos);
}

TEST(BusinessCalendarSpecTest, RejectsAnEmptyWeek) {
  BusinessCalendarSpec spec;
  EXPECT_NE(ErrorOf(spec).find("no opening hours"), std::string::npos);
}

TEST(BusinessCalendarSpecTest, ChecksDateExceptions) {
  BusinessCalendarSpec spec = BusinessCalendarSpec::Weekdays("UTC", Hours(9, 0, 17, 0));
  const CivilDay xmas = CivilDay::FromYmd(2026, 12, 25);
  spec.special_hours = {{xmas, {Hours(10, 0, 12, 0), Hours(11, 0, 13, 0)}}};
  EXPECT_NE(ErrorOf(spec).find("special hours 2026-12-25: range 10:00-12:00 overlaps"),
            std::string::npos);
  spec.special_hours = {{xmas, {Hours(10, 0, 12, 0)}}, {xmas, {}}};
  EXPECT_NE(ErrorOf(spec).find("listed twice"), std::string::npos);
  spec.special_hours = {{xmas, {Hours(10, 0, 12, 0)}}};
  spec.holidays = {xmas};
  EXPECT_NE(ErrorOf(spec).find("both a holiday and given special hours"), std::string::npos);
  spec.holidays.clear();
  spec.closures = {{CivilDay::FromYmd(2026, 12, 24), {}}};
  EXPECT_NE(ErrorOf(spec).find("closures 2026-12-24"), std::string::npos);
  spec.closures = {{CivilDay::FromYmd(2026, 12, 24), {Hours(12, 0, 17, 0)}}};
  EXPECT_TRUE(spec.Validate().ok());
}

}  // namespace
}  // namespace cx
