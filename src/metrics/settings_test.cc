#include "metrics/settings.h"

#include <gtest/gtest.h>

namespace cx {
namespace {

TEST(SettingsTest, GoldenFileEqualsTheDefaults) {
  auto s = LoadMetricSettings(std::string(CXPACT_SOURCE_DIR) + "/examples/golden.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  MetricSettings d;
  EXPECT_EQ(s->time_zone, d.time_zone);
  EXPECT_EQ(s->repeat_window, d.repeat_window);
  EXPECT_EQ(s->service_level_threshold, d.service_level_threshold);
  EXPECT_EQ(s->response_target, d.response_target);
  EXPECT_EQ(s->short_abandon, d.short_abandon);
  EXPECT_EQ(s->calendar.holidays.size(), 4u);
  EXPECT_EQ(s->calendar.weekly[0].size(), 1u);
  EXPECT_TRUE(s->calendar.weekly[5].empty());
  EXPECT_DOUBLE_EQ(s->z, 1.96);
}

// A threshold is the nearest µs of what the file says: 4.6 h is 16559999999.999998 µs in
// doubles, and truncating it made a response of exactly 4.6 h a miss.
TEST(SettingsTest, ThresholdsAreTheNearestMicrosecond) {
  auto s = ParseMetricSettings("[metrics]\nresponse_hours = 4.6\nservice_level_seconds = 0.29\n",
                               "t.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->response_target, 16'560'000'000);
  EXPECT_EQ(s->service_level_threshold, 290'000);
}

TEST(SettingsTest, ErrorsNameFileAndLine) {
  auto bad = ParseMetricSettings("[metrics]\nrepeat_window_hours = 24\nservice_levle = 3\n", "x.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "x.toml:3: unknown key 'metrics.service_levle'");
  auto zone = ParseMetricSettings("[reporting]\ntime_zone = \"Mars/Olympus\"\n", "y.toml");
  ASSERT_FALSE(zone.ok());
  EXPECT_NE(zone.status().message().find("Mars/Olympus"), std::string::npos);
  auto clock = ParseMetricSettings("[metrics]\nclock_start = \"later\"\n", "z.toml");
  EXPECT_NE(clock.status().message().find("z.toml:2: clock_start must be one of sent, arrived"),
            std::string::npos)
      << clock.status().message();
  auto zone_number = ParseMetricSettings("[reporting]\n\ntime_zone = 5\n", "w.toml");
  ASSERT_FALSE(zone_number.ok()) << "a time zone that is not text was ignored";
  EXPECT_EQ(zone_number.status().message(), "w.toml:3: time_zone must be text");
}

}  // namespace
}  // namespace cx
