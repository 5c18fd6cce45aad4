// The public golden set's input, ingested into a workspace store, must quarantine exactly the
// rows of expected_quarantine.csv and keep as many contacts as expected.csv's `offered` counts.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "base/testing/temp_dir.h"
#include "ingest/ingest.h"
#include "io/csv_reader.h"

namespace cx {
namespace {

const std::filesystem::path kGolden = std::filesystem::path(CXPACT_SHARED_DIR) / "golden/small";

std::vector<std::vector<std::string>> ReadCsv(const std::filesystem::path& path) {
  auto src = ByteSource::Open(path);
  EXPECT_TRUE(src.ok()) << src.status().ToString();
  CsvReader reader(src->get());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string_view> f;
  while (*reader.Next(&f)) rows.emplace_back(f.begin(), f.end());
  return rows;
}

constexpr Kind kAllKinds[] = {Kind::kContacts, Kind::kSurveys, Kind::kSelfService, Kind::kKbEvents,
                              Kind::kOutages, Kind::kVolumes, Kind::kPartnerReports};

TEST(GoldenIngestTest, QuarantineAndCountsMatchTheReferences) {
  if (!std::filesystem::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok());
  for (int round = 0; round < 2; ++round) {
    for (Kind kind : kAllKinds) {
      auto path = kGolden / "input" / (std::string(SpecOf(kind).name) + ".csv");
      auto r = IngestCanonicalFile(**store, kind, path, IngestOptions{});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      if (round == 1) {  // Ingesting the same files again changes nothing.
        EXPECT_EQ(r->counts.inserted, 0) << path;
        EXPECT_EQ(r->counts.corrected, 0) << path;
      }
    }
  }
  std::set<std::vector<std::string>> expected, actual;
  auto rows = ReadCsv(kGolden / "expected_quarantine.csv");
  for (size_t i = 1; i < rows.size(); ++i) expected.insert(rows[i]);
  auto q = (*store)->ListQuarantine();
  ASSERT_TRUE(q.ok());
  for (const QuarantineEntry& e : *q) {
    if (e.kind != Kind::kContacts && e.kind != Kind::kSurveys) continue;
    actual.insert({e.file, std::to_string(e.record), e.reason});
  }
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(q->size(), expected.size()) << "the other kinds' files have no bad rows";

  int64_t offered = 0;
  for (const auto& row : ReadCsv(kGolden / "expected.csv")) {
    if (row.size() > 3 && row[2] == "offered") offered += std::stoll(row[3]);
  }
  EXPECT_EQ(*(*store)->CountRows(Kind::kContacts), offered);
  EXPECT_EQ(*(*store)->CountHistory(Kind::kContacts), 0);
}

}  // namespace
}  // namespace cx
