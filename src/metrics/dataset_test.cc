#include "metrics/dataset.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/testing/temp_dir.h"
#include "generate/generator.h"
#include "ingest/ingest.h"
#include "metrics/output.h"
#include "metrics/score.h"
#include "store/store.h"

namespace cx {
namespace {

std::string ScoreCsv(const Dataset& d) {
  const Dimension by[] = {Dimension::kPartner, Dimension::kPeriod};
  auto s = Score(d, MetricSettings{}, by);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? FormatScoreCsv(*s) : "";
}

// Generated data with defects (duplicates, corrections, bad rows) in `dir`/in.
void GenerateDirty(const std::filesystem::path& dir, int64_t contacts) {
  GenerateOptions g;
  g.contacts = contacts;
  g.dirty = true;
  ASSERT_TRUE(Generate(g, dir / "in").ok());
}

// Ingests the contacts and surveys generated in `dir`/in into a store on disk (`dir`/s.db) and
// into one in memory.
void IngestTwice(const std::filesystem::path& dir, std::unique_ptr<Store>* file,
                 std::unique_ptr<Store>* memory) {
  auto on_disk = OpenSqliteStore(dir / "s.db");
  auto in_memory = OpenSqliteStore(":memory:");
  ASSERT_TRUE(on_disk.ok() && in_memory.ok());
  for (Kind kind : {Kind::kContacts, Kind::kSurveys}) {
    const auto path = dir / "in" / (std::string(SpecOf(kind).name) + ".csv");
    ASSERT_TRUE(IngestCanonicalFile(**on_disk, kind, path, IngestOptions{}).ok());
    ASSERT_TRUE(IngestCanonicalFile(**in_memory, kind, path, IngestOptions{}).ok());
  }
  *file = std::move(*on_disk);
  *memory = std::move(*in_memory);
}

// A store on disk is read by two readers at once, in row-id ranges of a batch each; a store in
// memory by one connection. Over data with gaps in its row ids (dirty rows, corrections) and
// several ranges, both give the same tables and the same score.
TEST(DatasetTest, TwoReadersOfAStoreGiveWhatOneConnectionGives) {
  testing::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(GenerateDirty(dir.path(), 60'000));
  std::unique_ptr<Store> file, memory;
  ASSERT_NO_FATAL_FAILURE(IngestTwice(dir.path(), &file, &memory));
  ASSERT_TRUE(file->OpenReaders(2).ok());
  ASSERT_FALSE(memory->OpenReaders(2).ok());
  const int64_t rows = *file->CountRows(Kind::kContacts);
  ASSERT_GT(rows, 3 * 16384) << "several ranges for each reader";
  ASSERT_GT(*file->RowsAtMost(Kind::kContacts), rows) << "gaps in the row ids";

  auto two = LoadDatasetFromStore(*file, DatasetScope::kCore);
  auto one = LoadDatasetFromStore(*memory, DatasetScope::kCore);
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(two->contacts.size(), static_cast<size_t>(rows));
  EXPECT_EQ(two->contacts.size(), one->contacts.size());
  EXPECT_EQ(two->surveys.size(), one->surveys.size());
  for (size_t r = 0; r < two->contacts.size(); r += 997) {
    ASSERT_EQ(two->contacts.contact_id[r], one->contacts.contact_id[r]) << "row " << r;
  }
  EXPECT_EQ(ScoreCsv(*two), ScoreCsv(*one));
}

// Loads that correct every row commit while datasets are read: each dataset holds one load's
// rows, never a mix of two.
TEST(DatasetTest, AScoreReadsOneSnapshotWhileLoadsCommit) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok());
  constexpr int kRows = 20'000;
  std::vector<std::string> ids, customers;  // The rows' text views point here.
  for (int i = 0; i < kRows; ++i) {
    ids.push_back(fmt::format("c{}", i));
    customers.push_back(fmt::format("k{}", i));
  }
  // Load k: every row's handle time is k seconds.
  const auto load = [&](Store& s, int k) {
    auto t = s.BeginLoad(Kind::kContacts, "contacts.csv", "/in/contacts.csv");
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    std::vector<Value> v(SpecOf(Kind::kContacts).fields.size(), Value::Null());
    for (int i = 0; i < kRows; ++i) {
      v[contact_field::kContactId] = Value::Text(ids[i]);
      v[contact_field::kPartner] = Value::Text("p");
      v[contact_field::kChannel] = Value::Text("voice");
      v[contact_field::kCustomerId] = Value::Text(customers[i]);
      v[contact_field::kArrivedAt] = Value::Int(int64_t{1'770'000'000'000'000} + i);
      v[contact_field::kHandleSeconds] = Value::Int(int64_t{1'000'000} * k);
      ASSERT_TRUE((*t)->Upsert(v, 1000 + k, INT64_MIN, i).ok());
    }
    ASSERT_TRUE((*t)->Commit("sha", {}, {}).ok());
  };
  load(**store, 1);
  std::atomic<bool> stop = false;
  std::atomic<int> committed = 1;
  std::thread writer([&] {
    auto w = OpenSqliteStore(dir / "s.db");
    ASSERT_TRUE(w.ok());
    for (int k = 2; !stop; ++k) {
      load(**w, k);
      committed = k;
    }
  });
  std::set<int64_t> seen;
  // Reads until three more loads have committed meanwhile (or 2000 reads, should the writer
  // have stopped).
  for (int n = 0; committed < 4 && n < 2000; ++n) {
    auto d = LoadDatasetFromStore(**store, DatasetScope::kCore);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    ASSERT_EQ(d->contacts.size(), size_t{kRows});
    const int64_t handle = d->contacts.handle[0];
    seen.insert(handle);
    for (size_t i = 1; i < d->contacts.size(); ++i) {
      ASSERT_EQ(d->contacts.handle[i], handle) << "row " << i << " of read " << n;
    }
  }
  stop = true;
  writer.join();
  EXPECT_GT(seen.size(), 1u) << "the reads saw loads commit";
}

// What a load told its LoadProgress, and whether that could drive a progress bar: shares that
// never go down and end at exactly 1, with the rows added so far.
struct Heard {
  std::vector<double> shares;
  std::vector<int64_t> rows;
  LoadProgress Listen() {
    return [this](double share, int64_t n) {
      shares.push_back(share);
      rows.push_back(n);
    };
  }
  // `contacts`, the contacts' weight over the load's, is the share the bar must step to once
  // they are in. Before that, while they load, it must show `steps` distinct shares. A store's
  // share within a kind counts the rows the tables took, so it moves batch by batch; a file's
  // is what its parsers have read, which may be all of a small file before the tables take its
  // first batch (row_pipeline_test.cc checks that it moves): 0 steps there.
  void ExpectABar(const char* what, double contacts, size_t steps) const {
    ASSERT_GT(shares.size(), 3u) << what;
    EXPECT_TRUE(std::is_sorted(shares.begin(), shares.end())) << what;
    EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end())) << what;
    EXPECT_GE(shares.front(), 0.0) << what;
    EXPECT_EQ(shares.back(), 1.0) << what;
    const auto step = std::lower_bound(shares.begin(), shares.end(), contacts - 1e-9);
    ASSERT_NE(step, shares.end()) << what;
    EXPECT_NEAR(*step, contacts, 1e-9) << what << ": the contacts weigh what they should";
    std::set<double> within;
    for (double v : shares) {
      if (v > 0 && v < contacts - 1e-9) within.insert(v);
    }
    EXPECT_GE(within.size(), steps) << what << ": the bar stood still while the contacts loaded";
  }
};

// A load from files (weighed by their bytes, every kind of the scope) and from a store (by its
// rows, two readers and one connection) reports its progress, and reporting changes nothing
// in what it loads.
TEST(DatasetTest, ALoadReportsItsProgressUpToOne) {
  testing::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(GenerateDirty(dir.path(), 60'000));  // 10 MB of contacts.
  const auto bytes = [&dir](const char* file) {
    return static_cast<double>(std::filesystem::file_size(dir / "in" / file));
  };
  for (DatasetScope scope : {DatasetScope::kCore, DatasetScope::kAll}) {
    double total = bytes("contacts.csv") + bytes("surveys.csv");
    if (scope == DatasetScope::kAll) {
      for (const char* f : {"self_service.csv", "kb_events.csv", "outages.csv", "volumes.csv"}) {
        total += bytes(f);
      }
    }
    Heard heard;
    auto d = LoadDatasetFromFolder(dir / "in", ValidateOptions{}, scope, heard.Listen());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    heard.ExpectABar("folder", bytes("contacts.csv") / total, 0);
    // Rows counts every valid record added, corrections and duplicates included.
    size_t rows = d->contacts.size() + d->surveys.size();
    if (scope == DatasetScope::kAll) rows += d->self_service.size() + d->kb_events.size();
    EXPECT_GE(static_cast<size_t>(heard.rows.back()), rows);
    auto quiet = LoadDatasetFromFolder(dir / "in", ValidateOptions{}, scope);
    ASSERT_TRUE(quiet.ok());
    EXPECT_EQ(ScoreCsv(*d), ScoreCsv(*quiet));
  }
  std::unique_ptr<Store> file, memory;
  ASSERT_NO_FATAL_FAILURE(IngestTwice(dir.path(), &file, &memory));
  for (Store* store : {file.get(), memory.get()}) {
    const auto most = [store](Kind kind) { return static_cast<double>(*store->RowsAtMost(kind)); };
    Heard heard;
    auto d = LoadDatasetFromStore(*store, DatasetScope::kCore, heard.Listen());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    heard.ExpectABar(store == file.get() ? "two readers" : "one connection",
                     most(Kind::kContacts) / (most(Kind::kContacts) + most(Kind::kSurveys)),
                     2);
    EXPECT_EQ(static_cast<size_t>(heard.rows.back()), d->contacts.size() + d->surveys.size());
  }
}

// Gzip files are weighed by the text they hold, so that they share the bar with plain files as
// their loads share the time; a display that throws does not fail the load.
TEST(DatasetTest, GzipFilesWeighWhatTheyHoldAndAFailingDisplayIsLeftOut) {
  testing::TempDir dir;
  GenerateOptions g;
  g.contacts = 60'000;
  g.gzip = true;
  ASSERT_TRUE(Generate(g, dir / "gz").ok());
  g.gzip = false;
  ASSERT_TRUE(Generate(g, dir / "csv").ok());
  Heard gz, csv;
  auto zipped = LoadDatasetFromFolder(dir / "gz", ValidateOptions{}, DatasetScope::kCore,
                                      gz.Listen());
  auto plain = LoadDatasetFromFolder(dir / "csv", ValidateOptions{}, DatasetScope::kCore,
                                     csv.Listen());
  ASSERT_TRUE(zipped.ok() && plain.ok());
  const auto bytes = [&dir](const char* file) {
    return static_cast<double>(std::filesystem::file_size(dir / "csv" / file));
  };
  const double share = bytes("contacts.csv") / (bytes("contacts.csv") + bytes("surveys.csv"));
  // The bar steps to the same share once the contacts are in, from either folder.
  gz.ExpectABar("gzip", share, 0);
  csv.ExpectABar("plain", share, 0);
  EXPECT_EQ(ScoreCsv(*zipped), ScoreCsv(*plain));

  int calls = 0;
  auto d = LoadDatasetFromFolder(dir / "csv", ValidateOptions{}, DatasetScope::kCore,
                                 [&calls](double, int64_t) {
                                   ++calls;
                                   throw std::runtime_error("the terminal went away");
                                 });
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(ScoreCsv(*d), ScoreCsv(*plain));
}

}  // namespace
}  // namespace cx
