// The drill-down counts exactly what Score counts: for every partner, period and metric it
// explains, `total` and `in_numerator` equal the score row's denominator and numerator, on the
// golden set (from its files and from a store's slice) and on generated data, with the golden
// settings and with the variants. Plus its reasons, its pages and its errors.
#include "metrics/drilldown.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/testing/temp_dir.h"
#include "generate/generator.h"
#include "ingest/ingest.h"
#include "metrics/score.h"

namespace cx {
namespace {

namespace fs = std::filesystem;
const fs::path kGolden = fs::path(CXPACT_SHARED_DIR) / "golden/small";
const Dimension kBy[] = {Dimension::kPartner, Dimension::kPeriod};

bool Explained(std::string_view metric) {
  const auto names = DrilldownMetrics();
  return std::find(names.begin(), names.end(), metric) != names.end();
}

// Every explained row of `score` against the drill-down `drill(partner, period, metric)`;
// returns how many rows were compared.
template <typename Drill>
int ExpectSameCounts(const ScoreResult& score, Drill drill) {
  int compared = 0;
  for (const MetricRow& row : score.rows) {
    if (!Explained(row.metric)) continue;
    SCOPED_TRACE(row.keys[0] + " " + row.keys[1] + " " + std::string(row.metric));
    DrilldownRequest request{row.keys[0], row.keys[1], std::string(row.metric)};
    request.limit = 1'000'000;
    Result<Drilldown> d = drill(request);
    if (!d.ok()) {
      ADD_FAILURE() << d.status().ToString();
      continue;
    }
    ++compared;
    EXPECT_EQ(d->total, row.denominator.value_or(-1));
    EXPECT_EQ(d->in_numerator, row.numerator);
    // The entries add up to the same numbers, in order.
    EXPECT_EQ(static_cast<int64_t>(d->entries.size()), d->total);
    int64_t numerator = 0;
    for (size_t i = 0; i < d->entries.size(); ++i) {
      const DrilldownEntry& e = d->entries[i];
      numerator += e.in_numerator - e.against_numerator;
      EXPECT_FALSE(e.why.empty());
      if (i > 0) {
        EXPECT_LE(d->entries[i - 1].arrived_at, e.arrived_at);
      }
    }
    EXPECT_EQ(numerator, d->in_numerator);
  }
  return compared;
}

// The settings variants that move the per-contact decisions (golden_score_test.cc).
std::vector<MetricSettings> Variants(const MetricSettings& golden) {
  MetricSettings known = golden, calendar = golden, arrived = golden;
  known.fcr_pending = FcrPending::kUnknownOnly;
  calendar.response_time = ElapsedTime::kCalendar;
  arrived.clock_start = ClockStart::kArrived;
  arrived.service_level_threshold = 30 * kMicrosPerSecond;
  arrived.short_abandon = 10 * kMicrosPerSecond;
  return {golden, known, calendar, arrived};
}

Status IngestFolder(Store& store, const fs::path& dir) {
  IngestOptions options;
  options.max_bad_share = 1;
  for (Kind kind : {Kind::kContacts, Kind::kSurveys}) {
    RETURN_IF_ERROR(
        IngestCanonicalFile(store, kind, dir / (std::string(SpecOf(kind).name) + ".csv"), options)
            .status());
  }
  return Status::Ok();
}

TEST(DrilldownTest, GoldenSetEqualsTheScoreRowsFromFilesAndFromTheStore) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  auto golden = LoadMetricSettings(fs::path(CXPACT_SOURCE_DIR) / "examples/golden.toml");
  ASSERT_TRUE(golden.ok()) << golden.status().ToString();
  auto data = LoadDatasetFromFolder(kGolden / "input", ValidateOptions{});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(IngestFolder(**store, kGolden / "input").ok());
  for (const MetricSettings& s : Variants(*golden)) {
    auto score = Score(*data, s, kBy);
    ASSERT_TRUE(score.ok()) << score.status().ToString();
    const int from_files = ExpectSameCounts(
        *score, [&](const DrilldownRequest& r) { return DrillDown(*data, score->horizon, s, r); });
    const int from_store = ExpectSameCounts(
        *score, [&](const DrilldownRequest& r) { return DrillDownStore(**store, s, r); });
    EXPECT_EQ(from_files, from_store);
    EXPECT_GT(from_files, 12 * 4);  // Every explained metric of several cells.
  }
}

TEST(DrilldownTest, GeneratedDataEqualsTheScoreRowsFromTheStore) {
  testing::TempDir dir;
  GenerateOptions generate;
  generate.contacts = 20'000;
  generate.months = 3;
  generate.seed = 7;
  ASSERT_TRUE(Generate(generate, dir / "raw").ok());
  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(IngestFolder(**store, dir / "raw").ok());
  auto data = LoadDatasetFromStore(**store, DatasetScope::kCore);
  ASSERT_TRUE(data.ok());
  for (const MetricSettings& s : Variants(MetricSettings{})) {
    auto score = Score(*data, s, kBy);
    ASSERT_TRUE(score.ok());
    const int compared = ExpectSameCounts(
        *score, [&](const DrilldownRequest& r) { return DrillDownStore(**store, s, r); });
    EXPECT_GE(compared, 12 * 5 * 3);  // 12 metrics, 5 partners, 3 months at least.
  }
}

// A hand-made table: what each reason says.
class DrilldownReasonTest : public ::testing::Test {
 protected:
  static constexpr Micros kT = 1'772'496'000'000'000;  // 2026-03-03T00:00:00Z (March in NY).

  void Add(std::string_view partner, std::string_view id, std::string_view customer,
           std::string_view channel, Micros arrived, std::optional<Micros> answered,
           std::optional<Micros> ended = {}, bool abandoned = false) {
    std::vector<Value> row(SpecOf(Kind::kContacts).fields.size(), Value::Null());
    row[contact_field::kContactId] = Value::Text(id);
    row[contact_field::kPartner] = Value::Text(partner);
    row[contact_field::kChannel] = Value::Text(channel);
    row[contact_field::kCustomerId] = Value::Text(customer);
    row[contact_field::kQueue] = Value::Text("billing");
    row[contact_field::kArrivedAt] = Value::Int(arrived);
    if (answered) row[contact_field::kAnsweredAt] = Value::Int(*answered);
    if (ended) row[contact_field::kEndedAt] = Value::Int(*ended);
    row[contact_field::kAbandoned] = Value::Int(abandoned);
    builder_.Add(row);
  }

  Result<Drilldown> Drill(std::string_view metric, bool name_others = false,
                          std::string partner = "acme") {
    if (!data_) {
      data_.emplace();
      data_->contacts = builder_.Finish();
    }
    Micros horizon = 0;
    for (size_t i = 0; i < data_->contacts.size(); ++i) {
      horizon = std::max(horizon, data_->contacts.arrived[i]);
    }
    DrilldownRequest r{partner, "2026-03", std::string(metric)};
    r.name_other_partners = name_others;
    return DrillDown(*data_, horizon, MetricSettings{}, r);
  }

  static std::string WhyOf(const Drilldown& d, std::string_view id) {
    for (const DrilldownEntry& e : d.entries) {
      if (e.contact_id == id) return e.why;
    }
    return "(absent)";
  }

  ContactTableBuilder builder_;
  std::optional<Dataset> data_;
};

TEST_F(DrilldownReasonTest, RepeatsNameAnotherPartnerOnlyWhenAllowed) {
  const Micros day = kMicrosPerDay;
  Add("acme", "A1", "k1", "voice", kT, kT + 5 * kMicrosPerSecond);
  Add("bolt", "B1", "k1", "chat", kT + 2 * day, kT + 2 * day);
  Add("acme", "A2", "k2", "voice", kT + day, kT + day);
  Add("acme", "A3", "k2", "email", kT + day + 3 * kMicrosPerHour, {});
  Add("acme", "A4", "k3", "voice", kT + 2 * day, kT + 2 * day);
  Add("bolt", "B9", "k9", "voice", kT + 20 * day, kT + 20 * day);  // The horizon.
  auto fcr = Drill("fcr");
  ASSERT_TRUE(fcr.ok()) << fcr.status().ToString();
  EXPECT_EQ(fcr->total, 4);  // A3 is unanswered but handled (not abandoned).
  EXPECT_EQ(fcr->in_numerator, 2);
  EXPECT_EQ(WhyOf(*fcr, "A1"), "customer contacted again 2 days later (another partner)");
  EXPECT_EQ(WhyOf(*fcr, "A2"), "customer contacted again 3 h later (same partner, contact A3)");
  EXPECT_EQ(WhyOf(*fcr, "A4"), "no other contact from the customer within 7 days");
  auto named = Drill("repeat_rate", true);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->in_numerator, 2);
  EXPECT_EQ(WhyOf(*named, "A1"), "customer contacted again 2 days later (bolt, contact B1)");
}

TEST_F(DrilldownReasonTest, SpeedReasonsGiveTheTimeAndTheTarget) {
  const Micros s = kMicrosPerSecond;
  Add("acme", "late", "k1", "voice", kT, kT + 34 * s);
  Add("acme", "edge", "k2", "voice", kT, kT + 20 * s);
  Add("acme", "just-late", "k3", "chat", kT, kT + 20 * s + 1000);
  Add("acme", "gone", "k4", "voice", kT, {}, kT + 40 * s, true);
  Add("acme", "short", "k5", "voice", kT, {}, kT + 4 * s, true);
  auto sl = Drill("service_level");
  ASSERT_TRUE(sl.ok()) << sl.status().ToString();
  EXPECT_EQ(sl->total, 4);  // The short abandon is left out.
  EXPECT_EQ(sl->in_numerator, 1);
  EXPECT_EQ(WhyOf(*sl, "late"), "answered after 34 s, target 20 s");
  EXPECT_EQ(WhyOf(*sl, "edge"), "answered after 20 s, target 20 s");
  EXPECT_EQ(WhyOf(*sl, "just-late"), "answered after 20.001 s, target 20 s");
  EXPECT_EQ(WhyOf(*sl, "gone"), "abandoned after 40 s without an answer, target 20 s");
  auto abandon = Drill("abandon_rate");
  ASSERT_TRUE(abandon.ok());
  EXPECT_EQ(abandon->total, 4);
  EXPECT_EQ(abandon->in_numerator, 1);
  EXPECT_EQ(WhyOf(*abandon, "gone"),
            "abandoned after 40 s (short abandons, under 5 s, are left out)");
}

TEST_F(DrilldownReasonTest, PagesAndErrors) {
  for (int i = 0; i < 7; ++i) {
    Add("acme", "c" + std::to_string(i), "k" + std::to_string(i), "voice",
        kT + (6 - i) * kMicrosPerHour, kT + (6 - i) * kMicrosPerHour);
  }
  DrilldownRequest r{"acme", "2026-03", "service_level"};
  data_.emplace();
  data_->contacts = builder_.Finish();
  const Micros horizon = kT + 6 * kMicrosPerHour;
  std::vector<std::string> ids;
  for (int64_t offset = 0; offset < 9; offset += 3) {
    r.offset = offset;
    r.limit = 3;
    auto page = DrillDown(*data_, horizon, MetricSettings{}, r);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 7);
    for (const DrilldownEntry& e : page->entries) ids.push_back(e.contact_id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"c6", "c5", "c4", "c3", "c2", "c1", "c0"}));

  auto status = [&](std::string partner, std::string period, std::string metric) {
    return DrillDown(*data_, horizon, MetricSettings{}, {partner, period, metric}).status();
  };
  EXPECT_EQ(status("acme", "2026-03", "aht_seconds").code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status("acme", "2026-03", "aht_seconds").message().find("service_level"),
            std::string::npos);
  EXPECT_EQ(status("acme", "2026-13", "fcr").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status("acme", "2026-04", "fcr").code(), StatusCode::kNotFound);
  EXPECT_EQ(status("nobody", "2026-03", "fcr").code(), StatusCode::kNotFound);
  r.offset = -1;
  EXPECT_EQ(DrillDown(*data_, horizon, MetricSettings{}, r).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cx
