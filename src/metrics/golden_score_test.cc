// The public golden set reproduces: read from its files, and read from a workspace after
// ingest, the score equals expected.csv (counts exactly, values within 1e-6), and both
// sources give byte-identical output.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "base/testing/temp_dir.h"
#include "ingest/ingest.h"
#include "io/csv_reader.h"
#include "metrics/output.h"

namespace cx {
namespace {

namespace fs = std::filesystem;
const fs::path kGolden = fs::path(CXPACT_SHARED_DIR) / "golden/small";

using Table = std::map<std::vector<std::string>, std::vector<std::string>>;

Table ParseCsv(const std::string& text, const fs::path& scratch) {
  std::ofstream(scratch) << text;
  auto src = ByteSource::Open(scratch);
  CsvReader reader(src->get());
  std::vector<std::string_view> f;
  Table t;
  bool header = true;
  while (*reader.Next(&f)) {
    if (header) {
      header = false;
      continue;
    }
    t[{std::string(f[0]), std::string(f[1]), std::string(f[2])}] = {
        std::string(f[3]), std::string(f[4]), std::string(f[5]), std::string(f[6])};
  }
  return t;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// compare.py's rules: integers exactly, decimals within 1e-6 (+1e-9), empty only with empty.
void ExpectMatches(const Table& expected, const Table& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  int shown = 0;
  for (const auto& [key, e] : expected) {
    auto it = actual.find(key);
    ASSERT_NE(it, actual.end()) << key[0] << "," << key[1] << "," << key[2];
    for (int c = 0; c < 4; ++c) {
      const std::string& a = it->second[c];
      const bool integer = !e[c].empty() && e[c].find('.') == std::string::npos;
      bool ok = integer || e[c].empty() ? a == e[c]
                                        : !a.empty() && std::fabs(std::stod(a) - std::stod(e[c])) <=
                                                            1e-6 + 1e-9;
      if (!ok && shown++ < 30) {
        ADD_FAILURE() << key[0] << "," << key[1] << "," << key[2] << " column " << c
                      << ": expected '" << e[c] << "', got '" << a << "'";
      }
    }
  }
}

TEST(GoldenScoreTest, FromFilesAndFromAWorkspace) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  testing::TempDir dir;
  MetricSettings settings;  // The defaults are the golden parameters.
  ValidateOptions validate;
  auto from_files = LoadDatasetFromFolder(kGolden / "input", validate);
  ASSERT_TRUE(from_files.ok()) << from_files.status().ToString();
  EXPECT_EQ(from_files->quarantined, 115);
  const Dimension by[] = {Dimension::kPartner, Dimension::kPeriod};
  auto score = Score(*from_files, settings, by);
  ASSERT_TRUE(score.ok()) << score.status().ToString();
  const std::string csv = FormatScoreCsv(*score);
  ExpectMatches(ParseCsv(ReadFile(kGolden / "expected.csv"), dir / "e.csv"),
                ParseCsv(csv, dir / "a.csv"));

  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok());
  for (Kind kind : {Kind::kContacts, Kind::kSurveys}) {
    auto path = kGolden / "input" / (std::string(SpecOf(kind).name) + ".csv");
    ASSERT_TRUE(IngestCanonicalFile(**store, kind, path, IngestOptions{}).ok());
  }
  auto from_store = LoadDatasetFromStore(**store);
  ASSERT_TRUE(from_store.ok()) << from_store.status().ToString();
  auto score2 = Score(*from_store, settings, by);
  ASSERT_TRUE(score2.ok());
  EXPECT_EQ(FormatScoreCsv(*score2), csv);
}

// The named variants change what they say and nothing else.
TEST(GoldenScoreTest, VariantsMoveOnlyTheirMetrics) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  auto data = LoadDatasetFromFolder(kGolden / "input", ValidateOptions{});
  ASSERT_TRUE(data.ok());
  const Dimension by[] = {Dimension::kPartner, Dimension::kPeriod};
  auto base = Score(*data, MetricSettings{}, by);
  MetricSettings known;
  known.fcr_pending = FcrPending::kUnknownOnly;
  MetricSettings calendar;
  calendar.response_time = ElapsedTime::kCalendar;
  auto k = Score(*data, known, by);
  auto c = Score(*data, calendar, by);
  ASSERT_TRUE(base.ok() && k.ok() && c.ok());
  int64_t pending_base = 0, pending_known = 0, moved_fcr = 0, moved_response = 0;
  for (size_t i = 0; i < base->rows.size(); ++i) {
    const MetricRow &b = base->rows[i], &kr = k->rows[i], &cr = c->rows[i];
    ASSERT_EQ(b.metric, kr.metric);
    const bool is_fcr = b.metric == "fcr" || b.metric == "repeat_rate";
    if (b.metric == "fcr") {
      pending_base += *b.pending;
      pending_known += *kr.pending;
    }
    if (b.denominator != kr.denominator || b.numerator != kr.numerator) {
      EXPECT_TRUE(is_fcr || b.metric == "fcr_same_reason") << b.metric;
      ++moved_fcr;
    }
    if (b.numerator != cr.numerator || b.denominator != cr.denominator || b.pending != cr.pending) {
      EXPECT_EQ(b.metric, "response_within");
      ++moved_response;
    }
  }
  EXPECT_LT(pending_known, pending_base);  // Repeats already seen near the horizon are known.
  EXPECT_GT(moved_fcr, 0);
  EXPECT_GT(moved_response, 0);  // 48 calendar hours is a shorter target than 48 business hours.
}

}  // namespace
}  // namespace cx
