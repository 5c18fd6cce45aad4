#include "io/csv_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

namespace cx {
namespace {

std::filesystem::path WriteTemp(const std::string& name, const std::string& bytes) {
  auto dir = std::filesystem::temp_directory_path() / "cxpact_csv_test";
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

struct Parsed {
  std::vector<std::vector<std::string>> records;
  std::vector<int64_t> lines;
};

Result<Parsed> ParseAll(const std::filesystem::path& path, size_t buffer) {
  ASSIGN_OR_RETURN(auto src, ByteSource::Open(path));
  CsvReader reader(src.get(), buffer);
  Parsed p;
  std::vector<std::string_view> fields;
  for (;;) {
    ASSIGN_OR_RETURN(bool any, reader.Next(&fields));
    if (!any) break;
    p.records.emplace_back(fields.begin(), fields.end());
    p.lines.push_back(reader.record_line());
  }
  return p;
}

const std::string kTricky =
    "a,b,c\r\n"
    "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
    "\n"
    "2,\"two\nlines\",\r\n"
    "3,,last";

TEST(CsvReaderTest, QuotesEscapesNewlinesAndBlankLines) {
  for (size_t buffer : {size_t{1}, size_t{3}, size_t{7}, size_t{4096}}) {
    auto p = ParseAll(WriteTemp("tricky.csv", kTricky), buffer);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    ASSERT_EQ(p->records.size(), 4u) << "buffer " << buffer;
    EXPECT_EQ(p->records[1], (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
    EXPECT_EQ(p->records[2], (std::vector<std::string>{"2", "two\nlines", ""}));
    EXPECT_EQ(p->records[3], (std::vector<std::string>{"3", "", "last"}));
    EXPECT_EQ(p->lines, (std::vector<int64_t>{1, 2, 4, 6})) << "buffer " << buffer;
  }
}

// Records long and short, with quotes, commas, CRs and LFs inside fields and every line
// ending, written with CsvField: the reader returns exactly the fields and lines written,
// whatever the buffer size. Long unquoted records take the 64-byte path, the others the
// byte-wise one, and records cross buffer ends at every offset.
TEST(CsvReaderTest, RandomRecordsRoundTrip) {
  std::mt19937 rng(7);
  const std::string alphabet = "abcdefghij0123456789-:TZ ,,\"\n\r";
  const auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  std::string bytes;
  std::vector<std::vector<std::string>> want;
  std::vector<int64_t> want_lines;
  int64_t line = 1;
  for (int r = 0; r < 3000; ++r) {
    if (pick(20) == 0 && !bytes.ends_with('\r')) {  // A blank line, skipped (after a CR,
      bytes += "\n";                                  // it would make a CRLF).
      ++line;
    }
    std::vector<std::string> record(1 + pick(14));
    const bool plain = pick(3) != 0;  // Most records: no quote, CR or LF anywhere.
    for (std::string& f : record) {
      const int size = pick(4) == 0 ? 0 : pick(40);
      for (int i = 0; i < size; ++i) f += alphabet[pick(plain ? 24 : alphabet.size())];
    }
    if (record.size() == 1 && record[0].empty()) record[0] = "x";  // Else a blank line.
    for (size_t i = 0; i < record.size(); ++i) bytes += (i ? "," : "") + CsvField(record[i]);
    const char* endings[] = {"\n", "\r\n", "\r"};
    bytes += endings[pick(10) == 0 ? 1 + pick(2) : 0];
    want.push_back(record);
    want_lines.push_back(line);
    for (const std::string& f : record) line += std::count(f.begin(), f.end(), '\n');
    ++line;
  }
  const auto path = WriteTemp("random.csv", bytes);
  for (size_t buffer : {size_t{1}, size_t{63}, size_t{64}, size_t{100}, size_t{4096}}) {
    auto p = ParseAll(path, buffer);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    ASSERT_EQ(p->records.size(), want.size()) << "buffer " << buffer;
    for (size_t r = 0; r < want.size(); ++r) {
      ASSERT_EQ(p->records[r], want[r]) << "record " << r << ", buffer " << buffer;
      ASSERT_EQ(p->lines[r], want_lines[r]) << "record " << r << ", buffer " << buffer;
    }
  }
}

TEST(CsvReaderTest, UnclosedQuoteNamesTheLine) {
  auto p = ParseAll(WriteTemp("open.csv", "a,b\n1,2\n3,\"never closed\n4,5\n"), 4096);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("line 3"), std::string::npos) << p.status().message();
}

TEST(CsvReaderTest, ReadsGzipTransparently) {
  auto path = std::filesystem::temp_directory_path() / "cxpact_csv_test" / "z.csv.gz";
  std::filesystem::create_directories(path.parent_path());
  gzFile gz = gzopen(path.c_str(), "wb");
  gzwrite(gz, kTricky.data(), kTricky.size());
  gzclose(gz);
  auto p = ParseAll(path, 5);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->records.size(), 4u);
  EXPECT_EQ(p->records[2][1], "two\nlines");
}

TEST(CsvReaderTest, Sha256IsOfTheStoredBytes) {
  auto src = ByteSource::Open(WriteTemp("abc.csv", "abc"));
  ASSERT_TRUE(src.ok());
  EXPECT_EQ(*(*src)->Sha256Hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CsvReaderTest, MissingFileIsAClearError) {
  auto src = ByteSource::Open("/nonexistent/x.csv");
  ASSERT_FALSE(src.ok());
  EXPECT_NE(src.status().message().find("/nonexistent/x.csv"), std::string::npos);
}

}  // namespace
}  // namespace cx
