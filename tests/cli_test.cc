// The cxpact command as a user runs it: exit codes, messages and the golden quarantine.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/testing/temp_dir.h"
#include "store_dump.h"

namespace cx {
namespace {

namespace fs = std::filesystem;
const fs::path kGolden = fs::path(CXPACT_SHARED_DIR) / "golden/small";

using testing::ReadFile;

std::string Cx(const fs::path& ws, const std::string& args) {
  return std::string(CXPACT_BIN) + " -w " + ws.string() + " " + args;
}

TEST(CliTest, GoldenQuarantineCsvIsByteIdentical) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  testing::TempDir dir;
  const fs::path ws = dir / "ws";
  ASSERT_EQ(testing::RunCommand(Cx(ws, "init")), 0);
  for (const char* kind : {"contacts", "surveys", "self_service", "kb_events", "outages",
                           "volumes", "partner_reports"}) {
    std::string out;
    auto file = kGolden / "input" / (std::string(kind) + ".csv");
    ASSERT_EQ(testing::RunCommand(Cx(ws, std::string("ingest ") + kind + " " + file.string()), &out),
              0)
        << out;
  }
  const std::string before = testing::DumpStore(ws / "cxpact.db");
  std::string csv;
  ASSERT_EQ(testing::RunCommand(Cx(ws, "quarantine --format csv"), &csv), 0);
  EXPECT_EQ(csv, ReadFile(kGolden / "expected_quarantine.csv"));

  // A second ingest of the same files changes no data.
  std::string out;
  ASSERT_EQ(testing::RunCommand(
                Cx(ws, "ingest contacts " + (kGolden / "input/contacts.csv").string()), &out),
            0);
  EXPECT_NE(out.find("0 inserted, 19924 unchanged, 0 corrected"), std::string::npos) << out;
  const std::string after = testing::DumpStore(ws / "cxpact.db");
  EXPECT_EQ(after.substr(0, after.find("## loads")), before.substr(0, before.find("## loads")));
}

TEST(CliTest, CommandsOutsideAWorkspaceSayHowToMakeOne) {
  testing::TempDir dir;
  std::string out;
  int rc = testing::RunCommand(Cx(dir.path(), "status 2>&1"), &out);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("cxpact init"), std::string::npos) << out;
}

TEST(CliTest, RejectedFileExitsThreeAndNamesTheLine) {
  testing::TempDir dir;
  const fs::path ws = dir / "ws";
  ASSERT_EQ(testing::RunCommand(Cx(ws, "init")), 0);
  auto bad = dir.Write("bad.csv",
                       "contact_id,partner,channel,arrived_at,customer_id\n"
                       "1,atlas,voice,2026-03-02T14:15:07Z,k1\n"
                       "2,atlas,voice,2026-03-02T14:15:07,k1\n");
  std::string out;
  EXPECT_EQ(testing::RunCommand(Cx(ws, "ingest contacts " + bad.string() + " 2>&1"), &out), 3);
  EXPECT_NE(out.find("bad.csv:3: record 2: bad_timestamp in arrived_at"), std::string::npos)
      << out;
  EXPECT_NE(out.find("nothing was loaded"), std::string::npos) << out;
  // `check` says so before a load is tried, under the same threshold, and exits the same way.
  EXPECT_EQ(testing::RunCommand(Cx(ws, "check contacts " + bad.string() + " 2>&1"), &out), 3);
  EXPECT_NE(out.find("50.0% of the records are bad, more than the 5.0% allowed: `cxpact ingest` "
                     "would load nothing"),
            std::string::npos)
      << out;
  EXPECT_EQ(testing::RunCommand(Cx(ws, "check contacts --max-bad-share 0.6 " + bad.string()), &out),
            0);
  // With a laxer threshold the good row loads and the bad one is quarantined.
  EXPECT_EQ(testing::RunCommand(Cx(ws, "ingest contacts --max-bad-share 0.6 " + bad.string()),
                                &out),
            0);
  EXPECT_NE(out.find("1 inserted"), std::string::npos) << out;
}

TEST(CliTest, UnknownKindAndMissingColumnAreClearErrors) {
  testing::TempDir dir;
  const fs::path ws = dir / "ws";
  ASSERT_EQ(testing::RunCommand(Cx(ws, "init")), 0);
  auto f = dir.Write("v.csv", "date,count\n2026-01-01,3\n");
  std::string out;
  EXPECT_NE(testing::RunCommand(Cx(ws, "ingest volume " + f.string() + " 2>&1"), &out), 0);
  EXPECT_NE(out.find("unknown kind 'volume'"), std::string::npos) << out;
  EXPECT_NE(testing::RunCommand(Cx(ws, "ingest volumes " + f.string() + " 2>&1"), &out), 0);
  EXPECT_NE(out.find("v.csv: line 1: the header has no column 'kind'"), std::string::npos) << out;
}

}  // namespace
}  // namespace cx

namespace cx {
namespace {

TEST(CliMappingTest, TechnionLogLoadsEveryRowOrQuarantinesIt) {
  const fs::path log = fs::path(CXPACT_SHARED_DIR) / "realdata/technion_anonbank_1999_08_calls.csv";
  if (!fs::exists(log)) GTEST_SKIP() << "no shared/ beside the checkout";
  testing::TempDir dir;
  const fs::path ws = dir / "ws";
  ASSERT_EQ(testing::RunCommand(Cx(ws, "init")), 0);
  const std::string mapping =
      (fs::path(CXPACT_SOURCE_DIR) / "examples/mappings/technion-anonbank.toml").string();
  std::string out;
  ASSERT_EQ(testing::RunCommand(
                Cx(ws, "ingest contacts --mapping " + mapping + " " + log.string()), &out),
            0)
      << out;
  EXPECT_NE(out.find("42078 read, 41741 inserted"), std::string::npos) << out;
  EXPECT_NE(out.find("337 quarantined"), std::string::npos) << out;
  std::string csv;
  ASSERT_EQ(testing::RunCommand(Cx(ws, "quarantine --format csv"), &csv), 0);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 337);
  // Loaded + quarantined = every row of the file.
  std::string status;
  ASSERT_EQ(testing::RunCommand(Cx(ws, "status"), &status), 0);
  EXPECT_NE(status.find("contacts                41741"), std::string::npos) << status;
}

TEST(CliMappingTest, AmazonConnectRecordSentTwiceKeepsTheNewest) {
  const fs::path sample = fs::path(CXPACT_SHARED_DIR) / "realdata/formats/amazon_connect_ctr_sample.json";
  if (!fs::exists(sample)) GTEST_SKIP() << "no shared/ beside the checkout";
  testing::TempDir dir;
  const fs::path ws = dir / "ws";
  ASSERT_EQ(testing::RunCommand(Cx(ws, "init")), 0);
  const std::string mapping =
      (fs::path(CXPACT_SOURCE_DIR) / "examples/mappings/amazon-connect-ctr.toml").string();
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cx(ws, "ingest contacts --mapping " + mapping + " " +
                                           sample.string() + " 2>&1"),
                                &out),
            0)
      << out;
  EXPECT_NE(out.find("1 read, 1 inserted"), std::string::npos) << out;
  // The same record again, updated later with another queue: a correction.
  std::string record = ReadFile(sample);
  std::string newer = record;
  auto at = newer.find("\"LastUpdateTimestamp\": \"");
  ASSERT_NE(at, std::string::npos);
  newer.replace(at + 24, 4, "2030");  // A later year.
  auto q = newer.find("\"BasicQueue\"");
  ASSERT_NE(q, std::string::npos);
  newer.replace(q, 12, "\"OtherQueue\"");
  auto both = dir.Write("ctr.json", newer + "\n" + record);  // Newest first, older after.
  ASSERT_EQ(testing::RunCommand(Cx(ws, "ingest contacts --mapping " + mapping + " " +
                                           both.string() + " 2>&1"),
                                &out),
            0)
      << out;
  EXPECT_NE(out.find("2 read, 0 inserted, 0 unchanged, 1 corrected"), std::string::npos) << out;
  EXPECT_NE(out.find("1 superseded within the file"), std::string::npos) << out;
}

}  // namespace
}  // namespace cx

namespace cx {
namespace {

TEST(CliDemoTest, DemoBuildsAWorkspaceAndCanBeRebuilt) {
  testing::TempDir dir;
  const fs::path demo = dir / "demo";
  std::string out;
  const std::string cmd = std::string(CXPACT_BIN) + " demo " + demo.string() + " --contacts 5000";
  ASSERT_EQ(testing::RunCommand(cmd, &out), 0) << out;
  EXPECT_NE(out.find("== 3/5 summary"), std::string::npos) << out;
  // Every generated month is closed, with one report per partner.
  for (const char* month : {"2026-01", "2026-02", "2026-03", "2026-04"}) {
    EXPECT_NE(out.find(std::string("Close ") + month + " version 1"), std::string::npos) << out;
    EXPECT_TRUE(fs::exists(demo / "close" / month / "close.json")) << month;
    EXPECT_TRUE(fs::exists(demo / "close" / month / "delta.html")) << month;
  }
  // The portal's users: one per client role and one per partner, with random passwords that
  // are printed and kept in users.txt for its owner only.
  const std::string users = ReadFile(demo / "users.txt");
  for (const char* line : {"admin client_admin -", "viewer client_viewer -",
                           "delta-pm partner_user delta", "inhouse-nyc-pm partner_user inhouse-nyc"}) {
    const auto at = users.find(std::string(line) + " ");
    ASSERT_NE(at, std::string::npos) << line << "\n" << users;
    const std::string password = users.substr(at + std::strlen(line) + 1, 20);
    EXPECT_NE(out.find(password), std::string::npos) << "password of " << line << " not printed";
  }
  EXPECT_EQ(fs::status(demo / "users.txt").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  std::string listed;
  ASSERT_EQ(testing::RunCommand(Cx(demo, "user list"), &listed), 0) << listed;
  EXPECT_NE(listed.find("atlas-pm"), std::string::npos) << listed;
  // Unidentified callers load in the demo (decision 0003); only the planted defects remain.
  EXPECT_NE(ReadFile(demo / "cxpact.toml").find("require_customer_id = false"),
            std::string::npos);
  std::string csv;
  ASSERT_EQ(testing::RunCommand(Cx(demo, "quarantine --format csv"), &csv), 0);
  const auto quarantined = std::count(csv.begin(), csv.end(), '\n') - 1;
  EXPECT_GT(quarantined, 0);
  EXPECT_LT(quarantined, 5000 * 2 / 100) << "more than the ~1% planted defects";
  // Running it again rebuilds the demo; a folder that is not a demo is left alone.
  ASSERT_EQ(testing::RunCommand(cmd, &out), 0) << out;
  dir.Write("other/keep.txt", "mine");
  EXPECT_NE(testing::RunCommand(std::string(CXPACT_BIN) + " demo " + (dir / "other").string() +
                                " 2>&1", &out), 0);
  EXPECT_NE(out.find("not a cxpact demo"), std::string::npos) << out;
  EXPECT_TRUE(fs::exists(dir / "other/keep.txt"));
}

}  // namespace
}  // namespace cx

namespace cx {
namespace {

TEST(CliScoreTest, GoldenCsvIsByteIdenticalFromFilesAndFromAWorkspace) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  const std::string expected = ReadFile(kGolden / "expected.csv");
  const std::string settings = (fs::path(CXPACT_SOURCE_DIR) / "examples/golden.toml").string();
  std::string out;
  ASSERT_EQ(testing::RunCommand(std::string(CXPACT_BIN) + " score --settings " + settings +
                                    " --format csv " + (kGolden / "input").string() +
                                    " 2>/dev/null",
                                &out),
            0);
  EXPECT_EQ(out, expected);

  testing::TempDir dir;
  const fs::path ws = dir / "ws";
  ASSERT_EQ(testing::RunCommand(Cx(ws, "init")), 0);
  for (const char* kind : {"contacts", "surveys"}) {
    ASSERT_EQ(testing::RunCommand(Cx(ws, std::string("ingest ") + kind + " " +
                                             (kGolden / "input" / (std::string(kind) + ".csv")).string())),
              0);
  }
  ASSERT_EQ(testing::RunCommand(Cx(ws, "score --format csv"), &out), 0);
  EXPECT_EQ(out, expected);
}

TEST(CliScoreTest, RankSharesRanksWithinNoiseAndTableIsReadable) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  const std::string input = (kGolden / "input").string();
  std::string out;
  ASSERT_EQ(testing::RunCommand(std::string(CXPACT_BIN) + " rank --metric fcr --period 2026-03 "
                                    "--format csv " + input + " 2>/dev/null", &out),
            0);
  // Five partners, ranked; each rank is 1 + the number of partners strictly better.
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 6) << out;
  EXPECT_NE(out.find("2026-03,fcr,"), std::string::npos) << out;
  ASSERT_NE(testing::RunCommand(std::string(CXPACT_BIN) + " rank --metric nps " + input +
                                    " 2>&1", &out), 0);
  EXPECT_NE(out.find("rank tests rates"), std::string::npos) << out;
  ASSERT_EQ(testing::RunCommand(std::string(CXPACT_BIN) + " score " + input + " 2>/dev/null", &out),
            0);
  EXPECT_NE(out.find("resolved on first contact"), std::string::npos);
  EXPECT_NE(out.find("partner atlas, period 2026-03"), std::string::npos);
}

}  // namespace
}  // namespace cx

namespace cx {
namespace {

// The score's filters and the rank's options are checked, not silently ignored: '--from 2026-3'
// selected nothing, '--by site --partner delta' listed every partner's sites, '--partner nosuch'
// printed nothing, all with exit 0.
TEST(CliScoreTest, FiltersThatCannotApplyAreErrors) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  const std::string cx = std::string(CXPACT_BIN) + " ";
  const std::string input = " " + (kGolden / "input").string() + " 2>&1";
  const std::pair<std::string, std::string> cases[] = {
      {"score --from 2026-3", "--from '2026-3' is not a month like 2026-03"},
      {"score --to March", "--to 'March' is not a month like 2026-03"},
      {"score --from 2026-04 --to 2026-02", "--from 2026-04 is after --to 2026-02"},
      {"score --by site --partner delta", "add partner to --by"},
      {"score --by queue --from 2026-03", "add period to --by"},
      {"score --partner nosuch", "--partner nosuch: no contact of that partner"},
      {"rank --metric fcr --period March", "--period 'March' is not a month like 2026-03"},
      {"rank --metric fcr --alpha 2", "--alpha 2 is not between 0 and 1"},
      {"rank --metric fcr --format json", "--format must be table or csv"},
  };
  for (const auto& [args, message] : cases) {
    std::string out;
    EXPECT_NE(testing::RunCommand(cx + args + input, &out), 0) << args;
    EXPECT_NE(out.find(message), std::string::npos) << args << ": " << out;
  }
  // A year is a bound too: 2026's months, from the files' four.
  std::string out;
  ASSERT_EQ(testing::RunCommand(cx + "score --format csv --metrics core --from 2026 --to 2026-02" +
                                    " " + (kGolden / "input").string() + " 2>/dev/null",
                                &out),
            0);
  EXPECT_NE(out.find(",2026-02,"), std::string::npos);
  EXPECT_EQ(out.find(",2026-03,"), std::string::npos);
}

TEST(CliScoreTest, AllMetricsAddClientLevelAndUptimeRowsButCoreStaysGolden) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  const std::string input = (kGolden / "input").string();
  std::string all;
  ASSERT_EQ(testing::RunCommand(std::string(CXPACT_BIN) + " score --metrics all --format csv " +
                                    input + " 2>/dev/null", &all),
            0);
  EXPECT_EQ(all.substr(0, all.find('\n')),
            "partner,period,metric,numerator,denominator,value,pending,service,article,low,high");
  for (const char* needle : {"\n*,2026-03,containment,", "\n*,2026-03,kb_deflection,",
                             ",uptime,", ",no_customer_share,", ",contacts_per_1000_orders,"}) {
    EXPECT_NE(all.find(needle), std::string::npos) << needle;
  }
  // Every core row of the golden file is in the all-metrics output, unchanged.
  const std::string expected = ReadFile(kGolden / "expected.csv");
  size_t checked = 0;
  for (size_t at = expected.find('\n') + 1; at < expected.size(); ++checked) {
    size_t end = expected.find('\n', at);
    std::string row = expected.substr(at, end - at);
    EXPECT_NE(all.find("\n" + row + ","), std::string::npos) << row;
    at = end + 1;
  }
  EXPECT_EQ(checked, 560u);
}

}  // namespace
}  // namespace cx

namespace cx {
namespace {

// The workspace's results cache: a repeated score is read back, and a new load invalidates it.
// From a workspace, rank reads the score that `score --format csv` keeps in the results cache
// (and keeps it there): the same ranking as from the files, and a score after it is cached.
TEST(CliScoreTest, RankFromAWorkspaceSharesTheScoreCache) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  testing::TempDir dir;
  const fs::path ws = dir / "ws";
  ASSERT_EQ(testing::RunCommand(Cx(ws, "init")), 0);
  for (const char* kind : {"contacts", "surveys"}) {
    const std::string file = (kGolden / "input" / (std::string(kind) + ".csv")).string();
    ASSERT_EQ(testing::RunCommand(Cx(ws, std::string("ingest ") + kind + " " + file)), 0);
  }
  const std::string rank = " rank --metric service_level --period 2026-02 --format csv";
  std::string from_files, from_workspace, again, uncached, timings;
  ASSERT_EQ(testing::RunCommand(std::string(CXPACT_BIN) + rank + " " +
                                    (kGolden / "input").string() + " 2>/dev/null",
                                &from_files),
            0);
  ASSERT_EQ(testing::RunCommand(Cx(ws, rank), &from_workspace), 0);
  EXPECT_EQ(from_workspace, from_files);
  EXPECT_EQ(std::count(from_files.begin(), from_files.end(), '\n'), 6) << from_files;
  ASSERT_EQ(testing::RunCommand(Cx(ws, "score --format csv --timings 2>&1 >/dev/null"), &timings),
            0);
  EXPECT_NE(timings.find("cached"), std::string::npos) << "rank left no score: " << timings;
  ASSERT_EQ(testing::RunCommand(Cx(ws, rank), &again), 0);
  ASSERT_EQ(testing::RunCommand(Cx(ws, rank + " --no-cache"), &uncached), 0);
  EXPECT_EQ(again, from_files);
  EXPECT_EQ(uncached, from_files);
}

TEST(CliScoreTest, CachedScoresFollowTheData) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  testing::TempDir dir;
  const fs::path ws = dir / "ws";
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cx(ws, "init")), 0);
  for (const char* kind : {"contacts", "surveys"}) {
    ASSERT_EQ(testing::RunCommand(Cx(ws, std::string("ingest ") + kind + " " +
                                             (kGolden / "input" / (std::string(kind) + ".csv")).string()),
                                  &out),
              0)
        << out;
  }
  const std::string settings = " --settings " + (fs::path(CXPACT_SOURCE_DIR) / "examples/golden.toml").string();
  std::string first, second, timings;
  ASSERT_EQ(testing::RunCommand(Cx(ws, "score --format csv" + settings), &first), 0);
  EXPECT_EQ(first, ReadFile(kGolden / "expected.csv"));
  ASSERT_EQ(testing::RunCommand(Cx(ws, "score --format csv --timings" + settings + " 2>&1 >/dev/null"), &timings), 0);
  EXPECT_NE(timings.find("cached"), std::string::npos) << timings;
  ASSERT_EQ(testing::RunCommand(Cx(ws, "score --format csv" + settings), &second), 0);
  EXPECT_EQ(second, first);

  // One more contact for atlas in 2026-01: the next score sees it.
  const std::string header = ReadFile(kGolden / "input/contacts.csv").substr(0, ReadFile(kGolden / "input/contacts.csv").find('\n'));
  ASSERT_EQ(header.substr(0, 10), "contact_id");
  dir.Write("more.csv", header + "\nEXTRA-1,atlas,,,voice,cust-extra,,2026-01-15T15:00:00Z,,,,,,,,,,\n");
  ASSERT_EQ(testing::RunCommand(Cx(ws, "ingest contacts " + (dir / "more.csv").string()), &out), 0) << out;
  std::string third;
  ASSERT_EQ(testing::RunCommand(Cx(ws, "score --format csv --partner atlas --from 2026-01 --to 2026-01" + settings), &third), 0);
  const auto offered = [](const std::string& csv) {
    const size_t at = csv.find("atlas,2026-01,offered,");
    return at == std::string::npos ? std::string() : csv.substr(at, csv.find('\n', at) - at);
  };
  EXPECT_NE(offered(third), offered(first));
  EXPECT_EQ(third.find("bluepeak"), std::string::npos);  // Filtered to atlas.
  std::string uncached;
  ASSERT_EQ(testing::RunCommand(Cx(ws, "score --format csv --no-cache --partner atlas --from 2026-01 --to 2026-01" + settings), &uncached), 0);
  EXPECT_EQ(uncached, third);
}

}  // namespace
}  // namespace cx
