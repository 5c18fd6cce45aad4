#include "metrics/row_pipeline.h"

#include <memory>
#include <optional>
#include <thread>

#include "base/bounded_queue.h"
#include "io/csv_chunks.h"
#include "io/record_source.h"

namespace cx {

namespace fs = std::filesystem;

namespace {

struct Batch {
  RowBatch rows;
  RowSink::Words words;
};
using BatchPtr = std::unique_ptr<Batch>;

// Batches on their way from the parsing threads to `add`, with spare ones to reuse.
class BatchFlow {
 public:
  BatchPtr Spare() {
    auto b = spare_.TryPop();
    return b ? std::move(*b) : std::make_unique<Batch>();
  }
  void Recycle(BatchPtr b) {
    b->rows.Clear();
    spare_.TryPush(std::move(b));
  }

 private:
  BoundedQueue<BatchPtr> spare_{8};
};

// Rows per batch in the pipeline: a row is ~0.7 KB as typed values, and up to ~20 batches
// are in flight, so a small batch keeps the pipeline's memory near 15 MB (prefetching needs
// only a few hundred rows ahead).
constexpr size_t kBatchRows = 1024;

// Items a range parser may queue ahead of the consumer: more than a range's batches (a 1 MB
// range is ~6), so that one parser can finish a range while the consumer drains the other's.
// With less, the two parsers took turns instead of working at once (10M load: 8.8 -> 8.1 s).
constexpr size_t kParserSlack = 12;

// Validates `rec` into the batch (or counts it bad); true when the batch is full.
bool Take(const KindSpec& spec, const ValidateOptions& options, const SourceRecord& rec,
          std::vector<Value>* row, Issue* issue, Batch& batch, int64_t* bad) {
  if (!rec.error.empty() || !ValidateRecord(spec, rec.texts, row, issue, options)) {
    ++*bad;
    return false;
  }
  batch.rows.Add(*row, 0, rec.version, rec.record);
  return batch.rows.records.size() == kBatchRows;
}

// The last two stages, shared by both readers: `key` on a thread of its own, `add` on the
// caller's. Push batches in file order, then Finish.
class SinkStages {
 public:
  SinkStages(const RowSink& sink, BatchFlow& flow) : sink_(sink), flow_(flow) {
    if (sink_.key) {
      keyer_ = std::thread([this] {
        while (auto b = keyed_in_.Pop()) {
          sink_.key((*b)->rows, &(*b)->words);
          added_in_.Push(std::move(*b));
        }
        added_in_.Close();
      });
    }
  }
  void Push(BatchPtr b) {
    if (b->rows.records.empty()) return flow_.Recycle(std::move(b));
    (sink_.key ? keyed_in_ : added_in_).Push(std::move(b));
  }
  // Ends the stream; `add` runs here for every batch until then. Call Close from the producer.
  void Close() { (sink_.key ? keyed_in_ : added_in_).Close(); }
  void RunAdd() {
    while (auto b = added_in_.Pop()) {
      sink_.add((*b)->rows, (*b)->words);
      flow_.Recycle(std::move(*b));
    }
    if (keyer_.joinable()) keyer_.join();
  }

 private:
  const RowSink& sink_;
  BatchFlow& flow_;
  BoundedQueue<BatchPtr> keyed_in_{2}, added_in_{2};
  std::thread keyer_;
};

// One thread parses, whatever the format.
Status ReadSerially(const fs::path& path, Kind kind, const RowReadOptions& options,
                    const RowSink& sink, int64_t* quarantined) {
  ASSIGN_OR_RETURN(FileFormat format, FormatFromName(path));
  ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> source, OpenCanonicalSource(kind, path, format));
  const KindSpec& spec = SpecOf(kind);
  BatchFlow flow;
  SinkStages stages(sink, flow);
  Status read;
  int64_t bad = 0;
  std::thread parser([&] {
    SourceRecord rec;
    std::vector<Value> row;
    Issue issue;
    BatchPtr batch = flow.Spare();
    for (;;) {
      Result<bool> any = source->Next(&rec);
      if (!any.ok()) read = any.status();
      if (!any.ok() || !*any) break;
      if (Take(spec, options.validate, rec, &row, &issue, *batch, &bad)) {
        stages.Push(std::move(batch));
        batch = flow.Spare();
      }
    }
    stages.Push(std::move(batch));
    stages.Close();
  });
  stages.RunAdd();
  parser.join();
  *quarantined += bad;
  return read;
}

// What a range parser sends for each of its ranges: a first item with where the parse
// begins, the range's batches, and a last item with the outcome.
struct RangeItem {
  enum class Type { kBegin, kBatch, kEnd } type = Type::kBatch;
  BatchPtr batch;        // kBatch.
  uint64_t start = 0;    // kBegin: the offset the parse starts from.
  CsvRangeParse parse;   // kEnd: its outcome.
  int64_t bad = 0;       // kEnd: records left out.
};

// Parses range i from `start` into `emit`, then returns its last item.
RangeItem ParseRange(const CsvChunkedFile& file, size_t i, uint64_t start, const KindSpec& spec,
                     const ValidateOptions& validate, BatchFlow& flow,
                     const std::function<void(BatchPtr)>& emit) {
  RangeItem end{RangeItem::Type::kEnd};
  std::vector<Value> row;
  Issue issue;
  BatchPtr batch = flow.Spare();
  end.parse = file.Parse(i, start, [&](const SourceRecord& rec) {
    if (Take(spec, validate, rec, &row, &issue, *batch, &end.bad)) {
      emit(std::move(batch));
      batch = flow.Spare();
    }
  });
  emit(std::move(batch));
  return end;
}

// Several threads parse ranges round-robin, each from a guessed start; one thread takes their
// batches in range order and passes them on as they come. Range i's guess is checked when it
// begins, against where range i-1 ended: a wrong guess (inside a quoted field, or before blank
// lines) is dropped and the range parsed again from the right place, so the rows are exactly
// those of one thread reading the whole file, in the same order.
Status ReadInRanges(const CsvChunkedFile& file, Kind kind, const RowReadOptions& options,
                    const RowSink& sink, int64_t* quarantined) {
  using Type = RangeItem::Type;
  const KindSpec& spec = SpecOf(kind);
  const size_t n = file.ranges().size();
  const size_t threads = static_cast<size_t>(std::max(1, options.threads));
  BatchFlow flow;
  SinkStages stages(sink, flow);
  std::vector<std::unique_ptr<BoundedQueue<RangeItem>>> queues;
  for (size_t t = 0; t < threads; ++t) {
    queues.push_back(std::make_unique<BoundedQueue<RangeItem>>(kParserSlack));
  }
  std::vector<std::thread> parsers;
  for (size_t t = 0; t < threads; ++t) {
    parsers.emplace_back([&, t] {
      BoundedQueue<RangeItem>& q = *queues[t];
      for (size_t i = t; i < n; i += threads) {
        RangeItem begin{Type::kBegin};
        Result<uint64_t> guess = file.GuessStart(i);
        begin.start = guess.ok() ? *guess : UINT64_MAX;  // Never right: parsed again.
        if (!q.Push(std::move(begin))) return;  // The consumer stopped.
        RangeItem end = guess.ok()
            ? ParseRange(file, i, *guess, spec, options.validate, flow,
                         [&q](BatchPtr b) { q.Push(RangeItem{Type::kBatch, std::move(b)}); })
            : RangeItem{Type::kEnd};
        if (!q.Push(std::move(end))) return;
      }
    });
  }
  Status status;
  int64_t bad = 0;
  std::thread orderer([&] {
    uint64_t expected = file.ranges().empty() ? 0 : file.ranges()[0].begin;
    for (size_t i = 0; i < n; ++i) {
      BoundedQueue<RangeItem>& q = *queues[i % threads];
      std::optional<RangeItem> item = q.Pop();
      if (!item || item->type != Type::kBegin) {
        status = Internal("{}: a parsing thread stopped early", file.path().string());
        break;
      }
      const bool right = item->start == expected;
      while ((item = q.Pop()) && item->type == Type::kBatch) {
        if (right) {
          stages.Push(std::move(item->batch));
        } else {
          flow.Recycle(std::move(item->batch));
        }
      }
      if (!item) {
        status = Internal("{}: a parsing thread stopped early", file.path().string());
        break;
      }
      RangeItem end = std::move(*item);
      if (!right) {
        end = ParseRange(file, i, expected, spec, options.validate, flow,
                         [&stages](BatchPtr b) { stages.Push(std::move(b)); });
      }
      if (!end.parse.status.ok()) {
        status = end.parse.status;
        break;
      }
      bad += end.bad;
      expected = end.parse.next;
    }
    for (auto& q : queues) q->Cancel();
    stages.Close();
  });
  stages.RunAdd();
  orderer.join();
  for (std::thread& p : parsers) p.join();
  *quarantined += bad;
  return status;
}

}  // namespace

Status ReadRowsInto(const fs::path& path, Kind kind, const RowReadOptions& options,
                    const RowSink& sink, int64_t* quarantined) {
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  if (options.threads > 1 && !ec && size >= options.parallel_min_bytes &&
      path.extension() == ".csv") {
    Result<CsvChunkedFile> file =
        CsvChunkedFile::Open(path, SpecOf(kind), options.range_bytes);
    if (!file.ok()) return file.status();
    int64_t bad = 0;
    Status s = ReadInRanges(*file, kind, options, sink, &bad);
    if (s.ok()) {
      *quarantined += bad;
      return s;
    }
    // Line numbers in a range are counted from the range's start: read the file once more
    // on one thread for the error as it would be reported (the load has failed either way).
    RowSink discard{nullptr, [](const RowBatch&, const RowSink::Words&) {}};
    Status serial = ReadSerially(path, kind, options, discard, &bad);
    return serial.ok() ? s : serial;
  }
  return ReadSerially(path, kind, options, sink, quarantined);
}

}  // namespace cx
