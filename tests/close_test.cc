// The monthly close as a user runs it: immutable versions, byte-identical reruns, and a
// restatement that makes a new version whose diff names the restated contact.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "base/testing/temp_dir.h"
#include "store/store.h"
#include "store_dump.h"

namespace cx {
namespace {

namespace fs = std::filesystem;
const fs::path kExamples = fs::path(CXPACT_SOURCE_DIR) / "examples";

using testing::ReadFile;

std::string Cx(const fs::path& ws, const std::string& args) {
  return std::string(CXPACT_BIN) + " -w " + ws.string() + " " + args + " 2>&1";
}

// Every file of a folder, by name, with its bytes.
std::map<std::string, std::string> Folder(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files[e.path().filename()] = ReadFile(e.path());
  return files;
}

class CloseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_ / "data";
    ws_ = dir_ / "ws";
    std::string out;
    ASSERT_EQ(testing::RunCommand(std::string(CXPACT_BIN) + " generate --contacts 20000 --seed 7 --out " +
                                      data_.string() + " 2>&1",
                                  &out),
              0)
        << out;
    ASSERT_EQ(testing::RunCommand(Cx(ws_, "init"), &out), 0) << out;
    std::ofstream(ws_ / "cxpact.toml", std::ios::app) << "";
    for (const char* kind : {"contacts", "surveys", "self_service", "kb_events", "outages",
                             "volumes", "partner_reports"}) {
      ASSERT_EQ(testing::RunCommand(Cx(ws_, std::string("ingest --max-bad-share 1 ") + kind + " " +
                                               (data_ / (std::string(kind) + ".csv")).string()),
                                    &out),
                0)
          << out;
    }
    fs::create_directories(ws_ / "contracts");
    for (const auto& e : fs::directory_iterator(kExamples / "contracts")) {
      fs::copy_file(e.path(), ws_ / "contracts" / e.path().filename());
    }
    fs::copy_file(kExamples / "allocation.toml", ws_ / "allocation.toml");
  }

  testing::TempDir dir_;
  fs::path data_, ws_;
};

TEST_F(CloseTest, ClosingTwiceGivesByteIdenticalFoldersAndOneVersion) {
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cx(ws_, "close --period 2026-03 --out " + (dir_ / "a").string()), &out), 0)
      << out;
  EXPECT_NE(out.find("version 1 (new"), std::string::npos) << out;
  EXPECT_NE(out.find("delta"), std::string::npos) << out;
  ASSERT_EQ(testing::RunCommand(Cx(ws_, "close --period 2026-03 --out " + (dir_ / "b").string()), &out), 0)
      << out;
  EXPECT_NE(out.find("version 1 (unchanged inputs"), std::string::npos) << out;
  const auto a = Folder(dir_ / "a"), b = Folder(dir_ / "b");
  EXPECT_EQ(a, b);
  for (const char* f : {"close.json", "kpis.csv", "invoices.csv", "allocation.csv", "atlas.html",
                        "delta.html", "inhouse-nyc.html"}) {
    EXPECT_TRUE(a.count(f)) << f;
  }
  EXPECT_NE(a.at("close.json").find("\"termination\""), std::string::npos);
  // The data's digest, which the fingerprint of a close's inputs holds, is kept for the data
  // version it was computed at, so that a rerun does not read every row again.
  auto store = OpenSqliteStore(ws_ / "cxpact.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  const auto version = (*store)->DataVersion();
  const auto digest = (*store)->ContentDigest();
  ASSERT_TRUE(version.ok() && digest.ok());
  const auto cached = (*store)->GetCached("content-digest", *version);
  ASSERT_TRUE(cached.ok() && cached->has_value());
  EXPECT_EQ(**cached, *digest);
  // ...and a close reads it from there: with another digest filed for this version, the same
  // inputs fingerprint differently, and the close computes a new version.
  ASSERT_TRUE((*store)->PutCached("content-digest", *version, "another digest").ok());
  store->reset();
  ASSERT_EQ(testing::RunCommand(Cx(ws_, "close --period 2026-03"), &out), 0) << out;
  EXPECT_NE(out.find("version 2 (new"), std::string::npos) << out;
}

TEST_F(CloseTest, ARestatedContactMakesANewVersionWhoseDiffNamesIt) {
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cx(ws_, "close --period 2026-02 --out " + (dir_ / "v1").string()), &out), 0)
      << out;
  // Restate one February contact of delta: it was abandoned after a long wait; the partner
  // now says it was answered. Same key, other content: a correction.
  std::ifstream in(data_ / "contacts.csv");
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> fields;
  while (std::getline(in, line)) {
    fields.clear();
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, ',');) fields.push_back(f);
    if (line.back() == ',') fields.push_back("");
    // contact_id, partner, site, queue, channel, customer_id, reason, arrived_at, ...,
    // handle_seconds (12th).
    if (fields.size() == 18 && fields[1] == "delta" && fields[4] == "voice" &&
        !fields[5].empty() && fields[7].rfind("2026-02-1", 0) == 0 && !fields[11].empty() &&
        fields[11].find('.') == std::string::npos) {
      break;
    }
    fields.clear();
  }
  ASSERT_FALSE(fields.empty());
  const std::string id = fields[0];
  fields[11] = std::to_string(std::stoi(fields[11]) + 60);  // A minute more of handle time.
  std::string changed;
  for (size_t i = 0; i < fields.size(); ++i) changed += (i ? "," : "") + fields[i];
  std::ofstream(dir_ / "restated.csv") << header << "\n" << changed << "\n";
  ASSERT_EQ(testing::RunCommand(Cx(ws_, "ingest contacts " + (dir_ / "restated.csv").string()), &out), 0)
      << out;
  EXPECT_NE(out.find("1 corrected"), std::string::npos) << out;

  ASSERT_EQ(testing::RunCommand(Cx(ws_, "close --period 2026-02 --out " + (dir_ / "v2").string()), &out), 0)
      << out;
  EXPECT_NE(out.find("version 2 (new"), std::string::npos) << out;
  const std::string diff = ReadFile(dir_ / "v2" / "diff.txt");
  EXPECT_NE(diff.find("restated contacts delta/" + id), std::string::npos) << diff;
  EXPECT_NE(diff.find("handle_seconds changed"), std::string::npos) << diff;
  // The changed handle time reaches the results: delta's AHT moved.
  EXPECT_NE(diff.find("[delta]"), std::string::npos) << diff;
  EXPECT_FALSE(fs::exists(dir_ / "v1" / "diff.txt"));
}

}  // namespace
}  // namespace cx
