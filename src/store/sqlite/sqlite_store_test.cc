#include "store/store.h"

#include <gtest/gtest.h>

#include "base/testing/temp_dir.h"

namespace cx {
namespace {

std::vector<Value> Volume(std::string_view date, std::string_view kind, int64_t count) {
  return {Value::Text(date), Value::Text(kind), Value::Int(count)};
}

TEST(SqliteStoreTest, InsertUnchangedCorrectedAndHistory) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto txn = (*store)->BeginLoad(Kind::kVolumes, "v.csv", "/x/v.csv");
  ASSERT_TRUE(txn.ok()) << txn.status().ToString();
  auto a = Volume("2026-01-01", "orders", 5);
  auto b = Volume("2026-01-01", "orders", 6);
  EXPECT_EQ(*(*txn)->Upsert(a, RowFingerprint(a), INT64_MIN, 1), UpsertOutcome::kInserted);
  EXPECT_EQ(*(*txn)->Upsert(a, RowFingerprint(a), INT64_MIN, 2), UpsertOutcome::kUnchanged);
  EXPECT_EQ(*(*txn)->Upsert(b, RowFingerprint(b), INT64_MIN, 3), UpsertOutcome::kCorrected);
  ASSERT_TRUE((*txn)->Commit("abc", LoadCounts{3, 1, 1, 1, 0, 0, 0}, {}).ok());
  EXPECT_EQ(*(*store)->CountRows(Kind::kVolumes), 1);
  EXPECT_EQ(*(*store)->CountHistory(Kind::kVolumes), 1);
  auto loads = (*store)->ListLoads();
  ASSERT_EQ(loads->size(), 1u);
  EXPECT_EQ((*loads)[0].counts.corrected, 1);
  EXPECT_EQ((*loads)[0].sha256, "abc");
}

TEST(SqliteStoreTest, UncommittedLoadLeavesNothing) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  {
    auto txn = (*store)->BeginLoad(Kind::kVolumes, "v.csv", "/x/v.csv");
    auto a = Volume("2026-01-01", "orders", 5);
    ASSERT_TRUE((*txn)->Upsert(a, RowFingerprint(a), INT64_MIN, 1).ok());
  }  // Destroyed without Commit.
  EXPECT_EQ(*(*store)->CountRows(Kind::kVolumes), 0);
  EXPECT_TRUE((*store)->ListLoads()->empty());
}

TEST(SqliteStoreTest, OlderVersionNeverReplacesNewer) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  auto txn = (*store)->BeginLoad(Kind::kVolumes, "v.csv", "/x/v.csv");
  auto a = Volume("2026-01-01", "orders", 5);
  auto b = Volume("2026-01-01", "orders", 6);
  auto c = Volume("2026-01-01", "orders", 7);
  EXPECT_EQ(*(*txn)->Upsert(a, RowFingerprint(a), 200, 1), UpsertOutcome::kInserted);
  EXPECT_EQ(*(*txn)->Upsert(b, RowFingerprint(b), 100, 2), UpsertOutcome::kStale);
  EXPECT_EQ(*(*txn)->Upsert(c, RowFingerprint(c), 300, 3), UpsertOutcome::kCorrected);
  ASSERT_TRUE((*txn)->Commit("abc", {}, {}).ok());
}

TEST(SqliteStoreTest, QuarantineIsKeptOncePerFileAndRecord) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  QuarantineEntry e{Kind::kVolumes, "v.csv", "", 4, 5, "count", "x", "bad_value", "d"};
  for (int i = 0; i < 2; ++i) {
    auto txn = (*store)->BeginLoad(Kind::kVolumes, "v.csv", "/x/v.csv");
    ASSERT_TRUE((*txn)->Commit("samesha", {}, {e}).ok());
  }
  auto q = (*store)->ListQuarantine();
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0].record, 4);
  EXPECT_EQ((*q)[0].sha256, "samesha");
}

}  // namespace
}  // namespace cx
