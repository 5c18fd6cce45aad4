// How a score's loader moves validated rows from a file into the engine's table builders on
// both cores. A BatchSink takes rows a batch at a time, in file order, split in two halves that
// run on different threads: `key` (optional: deduplication, row numbers) and `add` (the
// columns). A batch is a RowBatch (any kind, as generic values), or a ContactBatch or
// SurveyBatch (typed and hashed by the parsing threads). A plain CSV file is parsed by two threads at once, each taking every other byte
// range (io/csv_chunks.h); its batches still reach the sink in file order, so the result is
// exactly that of one thread reading the file. Thread-safe as documented per function.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
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

struct RowReadOptions {
  ValidateOptions validate;
  // Plain CSV files of at least this size are parsed by `threads` threads in ranges of
  // `range_bytes` (smaller files, gzip and JSON Lines: one parsing thread).
  uint64_t parallel_min_bytes = 32 << 20;
  uint64_t range_bytes = 1 << 20;
  int threads = 2;
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

}  // namespace cx
