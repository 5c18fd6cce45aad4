#include "metrics/score_cache.h"

#include <gtest/gtest.h>

#include "metrics/extra_output.h"
#include "metrics/output.h"
#include "base/testing/temp_dir.h"
#include "ingest/ingest.h"

namespace cx {
namespace {

namespace fs = std::filesystem;
const fs::path kGolden = fs::path(CXPACT_SHARED_DIR) / "golden/small";

TEST(ScoreCacheTest, DecodedScoresPrintExactlyAsComputed) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  auto settings = LoadMetricSettings(fs::path(CXPACT_SOURCE_DIR) / "examples/golden.toml");
  ASSERT_TRUE(settings.ok());
  auto data = LoadDatasetFromFolder(kGolden / "input", {});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  const Dimension by[] = {Dimension::kPartner, Dimension::kPeriod};
  auto score = Score(*data, *settings, by);
  auto extra = ScoreExtra(*data, *settings, by);
  ASSERT_TRUE(score.ok() && extra.ok());
  auto decoded = DecodeScore(EncodeScore(*score, &*extra));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(FormatScoreCsv(decoded->score), FormatScoreCsv(*score));
  EXPECT_EQ(FormatScoreTable(decoded->score), FormatScoreTable(*score));
  ASSERT_TRUE(decoded->extra.has_value());
  EXPECT_EQ(FormatAllJson(decoded->score, *decoded->extra), FormatAllJson(*score, *extra));
  EXPECT_FALSE(DecodeScore(EncodeScore(*score, nullptr))->extra.has_value());
  EXPECT_FALSE(DecodeScore("{\"format\": 0}").ok());
  EXPECT_FALSE(DecodeScore("not json").ok());
}

TEST(ScoreCacheTest, FilterKeepsOnePartnerAndAPeriodRange) {
  CachedScore s;
  s.score.by = {Dimension::kPartner, Dimension::kPeriod};
  for (const char* partner : {"atlas", "delta"}) {
    for (const char* period : {"2026-01", "2026-02", "2026-03"}) {
      MetricRow r;
      r.keys = {partner, period};
      r.metric = "offered";
      s.score.rows.push_back(r);
    }
  }
  ExtraResult extra;
  extra.by = s.score.by;
  MetricRow client, uptime;
  client.keys = {"*", "2026-02"};
  client.metric = "containment";
  uptime.keys = {"atlas", "2026-03"};
  uptime.metric = "uptime";
  extra.rows.push_back({client, "", ""});
  extra.rows.push_back({uptime, "ivr", ""});
  s.extra = extra;
  FilterScore(s, "delta", "2026-02", "2026-02");
  ASSERT_EQ(s.score.rows.size(), 1u);
  EXPECT_EQ(s.score.rows[0].keys, (std::vector<std::string>{"delta", "2026-02"}));
  ASSERT_EQ(s.extra->rows.size(), 1u);  // The client-level row of the period stays.
  EXPECT_EQ(s.extra->rows[0].row.keys[0], "*");
}

TEST(ScoreCacheTest, ScoreWorkspaceReusesTheCacheUntilTheDataChanges) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "cxpact.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE(IngestCanonicalFile(**store, Kind::kContacts, kGolden / "input/contacts.csv", {}).ok());
  std::vector<std::string> phases;
  auto phase = [&](std::string_view p) { phases.emplace_back(p); };
  ScoreRequest request;
  auto first = ScoreWorkspace(**store, {}, request, phase);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(phases, (std::vector<std::string>{"load", "compute"}));
  phases.clear();
  auto second = ScoreWorkspace(**store, {}, request, phase);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(phases, (std::vector<std::string>{"cached"}));
  EXPECT_EQ(FormatScoreCsv(second->score), FormatScoreCsv(first->score));

  request.settings_bytes = "z = 1.96\n";  // Other settings file: another key.
  phases.clear();
  ASSERT_TRUE(ScoreWorkspace(**store, {}, request, phase).ok());
  EXPECT_EQ(phases.front(), "load");

  request.settings_bytes.clear();  // A new load: a new data version.
  ASSERT_TRUE(IngestCanonicalFile(**store, Kind::kSurveys, kGolden / "input/surveys.csv", {}).ok());
  phases.clear();
  auto third = ScoreWorkspace(**store, {}, request, phase);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(phases.front(), "load");
  EXPECT_NE(FormatScoreCsv(third->score), FormatScoreCsv(first->score));  // Surveys now count.

  request.metrics = "some";
  EXPECT_EQ(ScoreWorkspace(**store, {}, request).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cx
