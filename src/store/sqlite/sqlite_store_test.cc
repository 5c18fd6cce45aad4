#include "store/store.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

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

// RowsAtMost sizes a table before a scan: never fewer than the rows there are, after inserts
// and corrections (which replace rows in place), and 0 for an empty table.
TEST(SqliteStoreTest, RowsAtMostIsAnUpperBoundOnTheRows) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->RowsAtMost(Kind::kVolumes), 0);
  std::vector<std::string> dates;  // The rows' text views point here.
  for (int d = 1; d <= 20; ++d) dates.push_back(fmt::format("2026-01-{:02}", d));
  std::vector<std::vector<Value>> first, second;
  for (int d = 1; d <= 20; ++d) {
    first.push_back(Volume(dates[d - 1], "orders", d));
    second.push_back(Volume(dates[d - 1], "orders", d + (d % 3 == 0)));
  }
  second.push_back(Volume("2026-02-01", "orders", 1));
  LoadOnce(**store, first);
  EXPECT_EQ(*(*store)->RowsAtMost(Kind::kVolumes), 20);
  LoadOnce(**store, second);
  ASSERT_EQ(*(*store)->CountRows(Kind::kVolumes), 21);
  EXPECT_GE(*(*store)->RowsAtMost(Kind::kVolumes), 21);
  EXPECT_EQ(*(*store)->RowsAtMost(Kind::kContacts), 0);
}

// Readers of one snapshot: what they scan is the store as it was when they started, however
// many loads commit while they read, and together their ranges give ScanRows' rows in order.
TEST(SqliteStoreTest, ReadersShareOneSnapshot) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::vector<std::string> dates;  // The rows' text views point here.
  for (int d = 1; d <= 40; ++d) dates.push_back(fmt::format("2026-03-{:02}", d % 28 + 1));
  std::vector<std::vector<Value>> first;
  for (int d = 0; d < 28; ++d) first.push_back(Volume(dates[d], "orders", d));
  LoadOnce(**store, first);
  std::vector<std::string> scanned;
  ASSERT_TRUE((*store)
                  ->ScanRows(Kind::kVolumes,
                             [&](const std::vector<Value>& v) {
                               scanned.push_back(fmt::format("{}/{}", v[0].s, v[2].i));
                             })
                  .ok());

  auto readers = (*store)->OpenReaders(2);
  ASSERT_TRUE(readers.ok()) << readers.status().ToString();
  ASSERT_EQ(readers->size(), 2u);
  // A load commits after the readers started: a correction and a new row.
  LoadOnce(**store, {Volume(dates[0], "orders", 99), Volume("2026-04-01", "orders", 1)});
  ASSERT_EQ(*(*store)->CountRows(Kind::kVolumes), 29);

  for (auto& r : *readers) EXPECT_EQ(*r->LastRowId(Kind::kVolumes), 28);
  std::vector<std::string> ranges;
  for (int64_t from = 1; from <= 28; from += 5) {  // Ranges of 5, alternating readers.
    auto& r = (*readers)[static_cast<size_t>(from / 5 % 2)];
    ASSERT_TRUE(r->ScanRange(Kind::kVolumes, from, from + 5, [&](const std::vector<Value>& v) {
                   ranges.push_back(fmt::format("{}/{}", v[0].s, v[2].i));
                 }).ok());
  }
  EXPECT_EQ(ranges, scanned);
  EXPECT_EQ(*(*readers)[0]->LastRowId(Kind::kContacts), 0);

  auto later = (*store)->OpenReaders(1);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(*(*later)[0]->LastRowId(Kind::kVolumes), 29);
}

TEST(SqliteStoreTest, AStoreInMemoryHasNoReaders) {
  auto store = OpenSqliteStore(":memory:");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_FALSE((*store)->OpenReaders(2).ok());
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

namespace cx {
namespace {

TEST(SqliteStoreTest, ContentDigestIgnoresLoadOrderAndSeesCorrections) {
  testing::TempDir dir;
  auto one = OpenSqliteStore(dir / "one.db");
  auto two = OpenSqliteStore(dir / "two.db");
  auto a = Volume("2026-01-01", "orders", 5);
  auto b = Volume("2026-01-02", "orders", 7);
  LoadOnce(**one, {a, b});
  LoadOnce(**two, {b});
  LoadOnce(**two, {a});
  LoadOnce(**two, {a});  // Loaded twice: unchanged.
  EXPECT_EQ(*(*one)->ContentDigest(), *(*two)->ContentDigest());
  LoadOnce(**two, {Volume("2026-01-01", "orders", 6)});
  EXPECT_NE(*(*one)->ContentDigest(), *(*two)->ContentDigest());
}

TEST(SqliteStoreTest, CorrectionsNameTheKeyAndTheChangedFields) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  LoadOnce(**store, {Volume("2026-01-01", "orders", 5), Volume("2026-01-02", "orders", 1)});
  const int64_t before = (*store)->ListLoads()->back().id;
  LoadOnce(**store, {Volume("2026-01-01", "orders", 6)});
  auto corrections = (*store)->ListCorrections(Kind::kVolumes, before);
  ASSERT_TRUE(corrections.ok()) << corrections.status().ToString();
  ASSERT_EQ(corrections->size(), 1u);
  EXPECT_EQ((*corrections)[0].key, (std::vector<std::string>{"2026-01-01", "orders"}));
  EXPECT_EQ((*corrections)[0].fields, std::vector<std::string>{"count"});
  EXPECT_GT((*corrections)[0].load, before);
  EXPECT_TRUE((*store)->ListCorrections(Kind::kVolumes, (*corrections)[0].load)->empty());
}

TEST(SqliteStoreTest, ListPartnersIsTheDistinctSortedPartnersOfContacts) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  EXPECT_TRUE((*store)->ListPartners()->empty());
  auto txn = (*store)->BeginLoad(Kind::kContacts, "c.csv", "/x/c.csv");
  int64_t record = 0;
  for (const char* partner : {"zeta", "alpha", "zeta", "mid"}) {
    std::vector<Value> row(SpecOf(Kind::kContacts).fields.size(), Value::Null());
    std::string id = "c" + std::to_string(++record);
    row[contact_field::kContactId] = Value::Text(id);
    row[contact_field::kPartner] = Value::Text(partner);
    row[contact_field::kChannel] = Value::Text("voice");
    row[contact_field::kArrivedAt] = Value::Int(1'700'000'000'000'000 + record);
    auto o = (*txn)->Upsert(row, RowFingerprint(row), INT64_MIN, record);
    ASSERT_TRUE(o.ok()) << o.status().ToString();
  }
  ASSERT_TRUE((*txn)->Commit("sha", {}, {}).ok());
  EXPECT_EQ(*(*store)->ListPartners(), (std::vector<std::string>{"alpha", "mid", "zeta"}));
}

TEST(SqliteStoreTest, CloseVersionsAreNumberedAndNeverOverwritten) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  EXPECT_FALSE((*(*store)->LatestClose("2026-03")).has_value());
  ASSERT_TRUE((*store)->SaveClose({"2026-03", 1, "f1", 4, "{\"a\":1}"}).ok());
  EXPECT_FALSE((*store)->SaveClose({"2026-03", 1, "f2", 5, "{}"}).ok());  // Exists.
  EXPECT_FALSE((*store)->SaveClose({"2026-03", 3, "f2", 5, "{}"}).ok());  // Skips 2.
  ASSERT_TRUE((*store)->SaveClose({"2026-03", 2, "f2", 5, "{\"a\":2}"}).ok());
  auto latest = *(*store)->LatestClose("2026-03");
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->version, 2);
  EXPECT_EQ(latest->fingerprint, "f2");
  EXPECT_EQ(latest->data_load, 5);
  EXPECT_EQ(latest->document, "{\"a\":2}");
  EXPECT_FALSE((*(*store)->LatestClose("2026-04")).has_value());
}

}  // namespace
}  // namespace cx
