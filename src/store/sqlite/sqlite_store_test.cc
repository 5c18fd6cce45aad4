#include "store/store.h"

#include <gtest/gtest.h>

#include "base/testing/temp_dir.h"

namespace cx {
namespace {

std::vector<Value> Volume(std::string_view date, std::string_view kind, int64_t count) {
  return {Value::Text(date), Value::Text(kind), Value::Int(count)};
}

// Runs one load of `rows` (distinct keys) with `version` and commits it; returns the outcomes.
std::vector<UpsertOutcome> LoadOnce(Store& store, const std::vector<std::vector<Value>>& rows,
                                    int64_t version = INT64_MIN) {
  auto txn = store.BeginLoad(Kind::kVolumes, "v.csv", "/x/v.csv");
  EXPECT_TRUE(txn.ok()) << txn.status().ToString();
  std::vector<UpsertOutcome> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto o = (*txn)->Upsert(rows[i], RowFingerprint(rows[i]), version, int64_t(i) + 1);
    EXPECT_TRUE(o.ok()) << o.status().ToString();
    out.push_back(*o);
  }
  EXPECT_TRUE((*txn)->Commit("abc", LoadCounts{}, {}).ok());
  return out;
}

TEST(SqliteStoreTest, InsertUnchangedCorrectedAndHistory) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto a = Volume("2026-01-01", "orders", 5);
  auto b = Volume("2026-01-01", "orders", 6);
  auto other = Volume("2026-01-02", "orders", 1);
  using O = UpsertOutcome;
  EXPECT_EQ(LoadOnce(**store, {a}), std::vector<O>{O::kInserted});  // Empty table: bulk path.
  EXPECT_EQ(LoadOnce(**store, {a, other}), (std::vector<O>{O::kUnchanged, O::kInserted}));
  EXPECT_EQ(LoadOnce(**store, {b}), std::vector<O>{O::kCorrected});
  EXPECT_EQ(*(*store)->CountRows(Kind::kVolumes), 2);
  EXPECT_EQ(*(*store)->CountHistory(Kind::kVolumes), 1);
  auto loads = (*store)->ListLoads();
  ASSERT_EQ(loads->size(), 3u);
  EXPECT_EQ((*loads)[0].sha256, "abc");
}

TEST(SqliteStoreTest, BulkLoadStillRefusesDuplicateKeys) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  auto a = Volume("2026-01-01", "orders", 5);
  auto b = Volume("2026-01-01", "orders", 6);
  {
    auto txn = (*store)->BeginLoad(Kind::kVolumes, "v.csv", "/x/v.csv");
    ASSERT_TRUE((*txn)->Upsert(a, RowFingerprint(a), INT64_MIN, 1).ok());
    ASSERT_TRUE((*txn)->Upsert(b, RowFingerprint(b), INT64_MIN, 2).ok());
    EXPECT_FALSE((*txn)->Commit("abc", {}, {}).ok());  // The key index cannot be rebuilt.
  }
  EXPECT_EQ(*(*store)->CountRows(Kind::kVolumes), 0);
  EXPECT_TRUE((*store)->ListLoads()->empty());
  // The store is still usable, with its key index.
  using O = UpsertOutcome;
  EXPECT_EQ(LoadOnce(**store, {a}), std::vector<O>{O::kInserted});
  EXPECT_EQ(LoadOnce(**store, {b}), std::vector<O>{O::kCorrected});
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
  using O = UpsertOutcome;
  EXPECT_EQ(LoadOnce(**store, {Volume("2026-01-01", "orders", 5)}, 200),
            std::vector<O>{O::kInserted});
  EXPECT_EQ(LoadOnce(**store, {Volume("2026-01-01", "orders", 6)}, 100),
            std::vector<O>{O::kStale});
  EXPECT_EQ(LoadOnce(**store, {Volume("2026-01-01", "orders", 7)}, 300),
            std::vector<O>{O::kCorrected});
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
