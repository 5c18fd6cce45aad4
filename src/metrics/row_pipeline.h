// How a score's loader moves validated rows from a file into the engine's table builders on
// both cores. A BatchSink takes rows a batch at a time, in file order, split in two halves that
// run on different threads: `key` (optional: deduplication, row numbers) and `add` (the
// columns). A batch is a RowBatch (any kind, as generic values), or a ContactBatch or
// SurveyBatch (typed and hashed by the parsing threads). A plain CSV file is parsed by two
// threads at once, each taking every other byte range (io/csv_chunks.h); its batches still
// reach the sink in file order, so the result is exactly that of one thread reading the file.
// Thread-safe as documented per function.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <type_traits>
#include <vector>

#include "engine/tables.h"
#include "io/row_batch.h"
#include "io/validate.h"

namespace cx {

template <typename Batch>
struct BatchSink {
  using Words = std::vector<uint64_t>;
  // Runs ahead of `add` on its own thread; leaves one word per row in `words` for `add`.
  std::function<void(const Batch&, Words* words)> key;
  std::function<void(const Batch&, const Words& words)> add;
};
using RowSink = BatchSink<RowBatch>;
using ContactSink = BatchSink<ContactBatch>;
using SurveySink = BatchSink<SurveyBatch>;

// A sink that gives a table builder the rows of `kind` one by one, as generic values, through
// its Add(const std::vector<Value>&): no key half. For the small kinds, and for tests that
// compare the typed batches with the row-by-row table.
template <typename Builder>
RowSink RowByRow(Builder& b, Kind kind) {
  const size_t fields = SpecOf(kind).fields.size();
  return {nullptr, [&b, fields](const RowBatch& batch, const RowSink::Words&) {
            std::vector<Value> row;
            for (size_t r = 0; r < batch.size(); ++r) {
              batch.Row(r, fields, &row);
              b.Add(row);
            }
          }};
}

// Rows per batch. Up to ~30 batches are in flight in a load: a RowBatch row is ~0.7 KB, so 1024
// rows keep that near 20 MB. A typed row is ~0.2 KB; every hand-off between threads is a
// futex call when a stage waits, a costly exit on a VM, so typed batches are large: 1024 ->
// 4096 rows took a 10M-contact load from 7.8 to 7.1 s (median of 5, 0.4 s less system time),
// 16384 rows, more than a 1 MB range holds (~5,700 contacts), make one batch per range
// instead of two: 5.62-5.85 -> 5.26-5.55 s (alternating runs), ~25 MB more peak memory.
template <typename Batch>
inline constexpr size_t kBatchRows = 16384;
template <>
inline constexpr size_t kBatchRows<RowBatch> = 1024;

// Whether `batch` is full: kBatchRows rows, or a typed batch's texts at their limit.
template <typename Batch>
bool Full(const Batch& batch) {
  if constexpr (std::is_same_v<Batch, RowBatch>) {
    return batch.size() == kBatchRows<Batch>;
  } else {
    return batch.size() == kBatchRows<Batch> || batch.arena_full();
  }
}

// Appends a validated row to `batch` (a RowBatch also keeps where the row came from); true
// when the batch is Full. Every reader that feeds a BatchSink fills its batches with this (a
// file's valid contacts may also come through ContactBatch::AddValid).
template <typename Batch>
bool AppendRow(Batch& batch, const std::vector<Value>& row, int64_t version = 0,
               int64_t record = 0) {
  if constexpr (std::is_same_v<Batch, RowBatch>) {
    batch.Add(row, 0, version, record);
  } else {
    batch.Add(row);
  }
  return Full(batch);
}

struct RowReadOptions {
  ValidateOptions validate;
  // Plain CSV files of at least this size are parsed by `threads` threads in ranges of
  // `range_bytes` (smaller files, gzip and JSON Lines: one parsing thread).
  uint64_t parallel_min_bytes = 32 << 20;
  uint64_t range_bytes = 1 << 20;
  int threads = 2;
  // When set, the share of the file whose rows were handed on (0 to 1, never decreasing):
  // the parsing threads store it as the read goes, and a progress display reads it on the
  // loading thread (LoadDatasetFromFolder).
  std::atomic<double>* parsed = nullptr;
};

// Reads and validates the canonical file `path` of `kind` into `sink`, counting the records
// left out (bad format) in `*quarantined`. Blocks until every row went through `add`, which
// runs on the calling thread.
// ContactBatch: `kind` must be kContacts; SurveyBatch: kSurveys.
template <typename Batch>
Status ReadRowsInto(const std::filesystem::path& path, Kind kind, const RowReadOptions& options,
                    const BatchSink<Batch>& sink, int64_t* quarantined);
extern template Status ReadRowsInto(const std::filesystem::path&, Kind, const RowReadOptions&,
                                    const RowSink&, int64_t*);
extern template Status ReadRowsInto(const std::filesystem::path&, Kind, const RowReadOptions&,
                                    const ContactSink&, int64_t*);
extern template Status ReadRowsInto(const std::filesystem::path&, Kind, const RowReadOptions&,
                                    const SurveySink&, int64_t*);

// A source of rows that are valid already (a store's): calls `emit` with each, fields in the
// kind's order (text views valid during the call only), and returns how the scan ended.
using RowScan =
    std::function<Status(const std::function<void(const std::vector<Value>& row)>& emit)>;

// Runs `scan` on a thread of its own, batching its rows into the sink's two halves on two more
// (`add` on the calling thread), as ReadRowsInto does with a file's: the scan, the key half
// and the add half overlap. Returns the scan's status once every row went through `add`.
template <typename Batch>
Status FeedRows(const RowScan& scan, const BatchSink<Batch>& sink);
extern template Status FeedRows(const RowScan&, const RowSink&);
extern template Status FeedRows(const RowScan&, const ContactSink&);
extern template Status FeedRows(const RowScan&, const SurveySink&);

// A scan of one part of a source's valid rows on one of several scanners (a store's readers
// of one snapshot, store/store.h RowReader): calls `emit` with each row of part `part`, in
// order, using scanner `scanner` only, and returns how the scan ended.
using PartScan = std::function<Status(
    size_t scanner, size_t part,
    const std::function<void(const std::vector<Value>& row)>& emit)>;

// FeedRows over `parts` parts scanned by `scanners` threads at once, part i by thread
// i % scanners; the rows reach the sink in part order, as one scan of part 0, 1, ... would
// give them. Returns the first failed part's status (the parts after it are dropped) once
// every row before it went through `add`.
template <typename Batch>
Status FeedParts(size_t parts, size_t scanners, const PartScan& scan,
                 const BatchSink<Batch>& sink);
extern template Status FeedParts(size_t, size_t, const PartScan&, const RowSink&);
extern template Status FeedParts(size_t, size_t, const PartScan&, const ContactSink&);
extern template Status FeedParts(size_t, size_t, const PartScan&, const SurveySink&);

}  // namespace cx
