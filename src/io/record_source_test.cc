#include "io/record_source.h"

#include <gtest/gtest.h>

#include <fstream>

namespace cx {
namespace {

std::filesystem::path WriteTemp(const std::string& name, const std::string& bytes) {
  auto dir = std::filesystem::temp_directory_path() / "cxpact_source_test";
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(RecordSourceTest, CsvHeaderIsMatchedByName) {
  auto path = WriteTemp("v.csv", "count,extra,date,kind\n5,x,2026-01-01,orders\n");
  auto src = OpenCanonicalSource(Kind::kVolumes, path, FileFormat::kCsv);
  ASSERT_TRUE(src.ok());
  SourceRecord r;
  ASSERT_TRUE(*(*src)->Next(&r));
  EXPECT_EQ(r.record, 1);
  EXPECT_EQ(r.line, 2);
  EXPECT_EQ(r.texts[0], "2026-01-01");
  EXPECT_EQ(r.texts[1], "orders");
  EXPECT_EQ(r.texts[2], "5");
}

TEST(RecordSourceTest, MissingRequiredColumnRejectsTheFile) {
  auto path = WriteTemp("v2.csv", "date,count\n2026-01-01,5\n");
  auto src = OpenCanonicalSource(Kind::kVolumes, path, FileFormat::kCsv);
  ASSERT_FALSE(src.ok());
  EXPECT_NE(src.status().message().find("v2.csv: line 1"), std::string::npos);
  EXPECT_NE(src.status().message().find("'kind'"), std::string::npos);
}

TEST(RecordSourceTest, RaggedCsvRowIsMalformed) {
  auto path = WriteTemp("v3.csv", "date,kind,count\n2026-01-01,orders,5,9\n");
  auto src = OpenCanonicalSource(Kind::kVolumes, path, FileFormat::kCsv);
  SourceRecord r;
  ASSERT_TRUE(*(*src)->Next(&r));
  EXPECT_FALSE(r.error.empty());
}

// A header in the kind's own order hands each record's fields over without a copy; records
// after a ragged one, and after each other, still read right.
TEST(RecordSourceTest, CsvInCanonicalOrderReadsRecordAfterRecord) {
  auto path = WriteTemp("v4.csv",
                        "date,kind,count\n2026-01-01,orders,5\n2026-01-02,orders,6,7\n"
                        "2026-01-03,orders,\n2026-01-04,calls,8\n");
  auto src = OpenCanonicalSource(Kind::kVolumes, path, FileFormat::kCsv);
  ASSERT_TRUE(src.ok());
  std::vector<std::vector<std::string>> texts;
  std::vector<bool> errors;
  SourceRecord r;
  while (*(*src)->Next(&r)) {
    texts.emplace_back(r.texts.begin(), r.texts.end());
    errors.push_back(!r.error.empty());
  }
  EXPECT_EQ(errors, (std::vector<bool>{false, true, false, false}));
  ASSERT_EQ(texts.size(), 4u);
  EXPECT_EQ(texts[0], (std::vector<std::string>{"2026-01-01", "orders", "5"}));
  EXPECT_EQ(texts[2], (std::vector<std::string>{"2026-01-03", "orders", ""}));
  EXPECT_EQ(texts[3], (std::vector<std::string>{"2026-01-04", "calls", "8"}));
}

TEST(RecordSourceTest, JsonLinesPrettyAndArrays) {
  const std::string lines =
      "{\"date\":\"2026-01-01\",\"kind\":\"orders\",\"count\":5}\n"
      "{not json}\n"
      "{\"date\":\"2026-01-02\",\"kind\":\"orders\",\"count\":null}\n";
  auto path = WriteTemp("v.jsonl", lines);
  auto src = OpenCanonicalSource(Kind::kVolumes, path, FileFormat::kJson);
  ASSERT_TRUE(src.ok());
  SourceRecord r;
  ASSERT_TRUE(*(*src)->Next(&r));
  EXPECT_EQ(r.texts[2], "5");
  ASSERT_TRUE(*(*src)->Next(&r));
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ(r.line, 2);
  ASSERT_TRUE(*(*src)->Next(&r));
  EXPECT_EQ(r.record, 3);
  EXPECT_TRUE(r.texts[2].empty());
  EXPECT_FALSE(*(*src)->Next(&r));

  auto pretty = WriteTemp("p.json", "[\n {\n  \"date\": \"2026-01-01\",\n  \"kind\": \"orders\","
                                    "\n  \"count\": 1\n },\n {\"date\": \"2026-01-02\", "
                                    "\"kind\": \"x\", \"count\": 2}\n]\n");
  auto src2 = OpenCanonicalSource(Kind::kVolumes, pretty, FileFormat::kJson);
  ASSERT_TRUE(*(*src2)->Next(&r));
  EXPECT_EQ(r.line, 2);
  EXPECT_EQ(r.texts[2], "1");
  ASSERT_TRUE(*(*src2)->Next(&r));
  EXPECT_EQ(r.line, 7);
  EXPECT_EQ(r.texts[1], "x");
  EXPECT_FALSE(*(*src2)->Next(&r));
}

}  // namespace
}  // namespace cx
