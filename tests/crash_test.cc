// Kills `cxpact ingest` with SIGKILL at random moments and checks that the store holds the
// file entirely or not at all, and that running the same command again ends in exactly the
// state of an uninterrupted load.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "base/testing/temp_dir.h"
#include "store_dump.h"

namespace cx {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

int64_t CountContacts(const fs::path& db_file) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM contacts", -1, &stmt, nullptr);
  int64_t n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

// The data part of a dump: everything before the load log.
std::string DataPart(const std::string& dump) { return dump.substr(0, dump.find("## loads\n")); }

std::string Cxpact(const fs::path& ws, const std::string& args) {
  return std::string(CXPACT_BIN) + " -w " + ws.string() + " " + args + " >/dev/null 2>&1";
}

TEST(CrashTest, SigkillDuringIngestIsAllOrNothingAndRerunCompletes) {
  testing::TempDir dir;
  const fs::path data = dir / "data";
  ASSERT_EQ(testing::RunCommand(std::string(CXPACT_BIN) + " generate --contacts 30000 --seed 11 " +
                                "--dirty --out " + data.string() + " >/dev/null 2>&1"),
            0);
  const std::string contacts = (data / "contacts.csv").string();
  const std::string volumes = (data / "volumes.csv").string();

  // The uninterrupted reference, and how long its contacts load takes.
  const fs::path ref = dir / "ref";
  ASSERT_EQ(testing::RunCommand(Cxpact(ref, "init")), 0);
  ASSERT_EQ(testing::RunCommand(Cxpact(ref, "ingest volumes " + volumes)), 0);
  auto t0 = Clock::now();
  ASSERT_EQ(testing::RunCommand(Cxpact(ref, "ingest contacts " + contacts)), 0);
  const auto full = Clock::now() - t0;
  const std::string reference = testing::DumpStore(ref / "cxpact.db");
  const int64_t all = CountContacts(ref / "cxpact.db");
  ASSERT_GT(all, 25000);

  std::mt19937_64 rng(20261122);
  // Kill anywhere from start-up to a little past the reference duration (a loaded machine runs
  // slower than the reference did, so most kills still land mid-load).
  const int64_t full_us = std::chrono::duration_cast<std::chrono::microseconds>(full).count();
  std::uniform_int_distribution<int64_t> when(0, full_us * 11 / 10);
  int killed_mid_load = 0;
  constexpr int kKills = 24;
  for (int i = 0; i < kKills; ++i) {
    const fs::path ws = dir / ("ws" + std::to_string(i));
    ASSERT_EQ(testing::RunCommand(Cxpact(ws, "init")), 0);
    ASSERT_EQ(testing::RunCommand(Cxpact(ws, "ingest volumes " + volumes)), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      freopen("/dev/null", "w", stdout);
      freopen("/dev/null", "w", stderr);
      execl(CXPACT_BIN, CXPACT_BIN, "-w", ws.c_str(), "ingest", "contacts", contacts.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(when(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    const bool was_killed = WIFSIGNALED(status);

    // All or nothing: the contacts table is empty or complete, never in between.
    const int64_t after_kill = CountContacts(ws / "cxpact.db");
    EXPECT_TRUE(after_kill == 0 || after_kill == all)
        << "kill " << i << " left " << after_kill << " of " << all << " contacts";
    if (was_killed && after_kill == 0) ++killed_mid_load;

    // Running the same command again completes the load, exactly.
    ASSERT_EQ(testing::RunCommand(Cxpact(ws, "ingest contacts " + contacts)), 0);
    EXPECT_EQ(DataPart(testing::DumpStore(ws / "cxpact.db")), DataPart(reference))
        << "kill " << i;
    fs::remove_all(ws);
  }
  // The kills must really have interrupted loads, not only landed after them.
  EXPECT_GE(killed_mid_load, kKills / 3);
}

}  // namespace
}  // namespace cx
