#include "metrics/row_pipeline.h"

#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <thread>

#include "base/bounded_queue.h"
#include "io/csv_chunks.h"
#include "io/record_source.h"

namespace cx {

namespace fs = std::filesystem;

namespace {

// A batch of rows and the words its `key` half left for `add`.
template <typename Rows>
struct Batch {
  Rows rows;
  std::vector<uint64_t> words;
};

// Batches on their way from the parsing threads to `add`, with spare ones to reuse. Every
// batch in flight (~30, see kParserSlack) fits in the spares, so none is freed and allocated
// again: fresh pages cost a page fault each.
template <typename Rows>
class BatchFlow {
  // A typed row's texts: a contact's six come to ~60 bytes in the generated and real feeds.
  static constexpr size_t kArenaBytesPerRow = 80;

 public:
  using Ptr = std::unique_ptr<Batch<Rows>>;
  Ptr Spare() {
    if (auto b = spare_.TryPop()) return std::move(*b);
    auto b = std::make_unique<Batch<Rows>>();
    if constexpr (!std::is_same_v<Rows, RowBatch>) {
      // A typed batch's room, once: grown a row at a time, its doublings touched about twice
      // its final size in fresh pages (~30 batches, 2.4 MB of rows each).
      b->rows.rows.reserve(kBatchRows<Rows>);
      b->rows.arena.reserve(kBatchRows<Rows> * kArenaBytesPerRow);
    }
    return b;
  }
  void Recycle(Ptr b) {
    b->rows.Clear();
    spare_.TryPush(std::move(b));
  }

 private:
  BoundedQueue<Ptr> spare_{48};
};

// Items a range parser may queue ahead of the consumer: more than a range's batches (a 1 MB
// range is ~6 RowBatches, one ContactBatch), so that one parser can finish a range while the
// consumer drains the other's. With less, the two parsers took turns instead of working at
// once (10M load: 8.8 -> 8.1 s).
constexpr size_t kParserSlack = 12;

// Validates `rec` into the batch (or counts it bad); true when the batch is full.
template <typename Rows>
bool Take(const KindSpec& spec, const ValidateOptions& options, const SourceRecord& rec,
          std::vector<Value>* row, Issue* issue, Batch<Rows>& batch, int64_t* bad) {
  if constexpr (std::is_same_v<Rows, ContactBatch>) {
    // Valid contacts go straight into the typed row; the rest the general way below, which
    // quarantines them (a 10M load spent ~10% of its samples on the generic Value row).
    if (rec.error.empty() && batch.rows.AddValid(rec.texts, options)) return Full(batch.rows);
  }
  if (!rec.error.empty() || !ValidateRecord(spec, rec.texts, row, issue, options)) {
    ++*bad;
    return false;
  }
  return AppendRow(batch.rows, *row, rec.version, rec.record);
}

// What the exception `e` says, as a Status. No exception may leave a thread (the process would
// end), and a load's caller, the server among them, expects a Status: a table that cannot
// grow (std::bad_alloc) is an error of the load, not the end of the process.
Status FromException(std::exception_ptr e) {
  try {
    std::rethrow_exception(std::move(e));
  } catch (const std::exception& x) {
    return Internal("the load stopped: {}", x.what());
  } catch (...) {
    return Internal("the load stopped on an unknown exception");
  }
}

// The last two stages, shared by every reader: `key` on a thread of its own, `add` on the
// caller's. Push batches in order, then Close; RunAdd until the end; then Error. A stage that
// throws stops both (Push drops batches from then on; failed() says so, for a producer that
// can stop early).
template <typename Rows>
class SinkStages {
 public:
  using Ptr = typename BatchFlow<Rows>::Ptr;
  SinkStages(const BatchSink<Rows>& sink, BatchFlow<Rows>& flow) : sink_(sink), flow_(flow) {
    if (sink_.key) {
      keyer_ = std::thread([this] {
        try {
          while (auto b = keyed_in_.Pop()) {
            sink_.key((*b)->rows, &(*b)->words);
            added_in_.Push(std::move(*b));
          }
        } catch (...) {
          key_error_ = std::current_exception();
          failed_ = true;
          keyed_in_.Cancel();
        }
        added_in_.Close();
      });
    }
  }
  void Push(Ptr b) {
    if (b->rows.size() == 0) return flow_.Recycle(std::move(b));
    (sink_.key ? keyed_in_ : added_in_).Push(std::move(b));
  }
  // Ends the stream; `add` runs here for every batch until then. Call Close from the producer.
  void Close() { (sink_.key ? keyed_in_ : added_in_).Close(); }
  void RunAdd() {
    try {
      while (auto b = added_in_.Pop()) {
        sink_.add((*b)->rows, (*b)->words);
        flow_.Recycle(std::move(*b));
      }
    } catch (...) {
      add_error_ = std::current_exception();
      failed_ = true;
      keyed_in_.Cancel();
      added_in_.Cancel();
    }
    if (keyer_.joinable()) keyer_.join();
  }
  bool failed() const { return failed_; }
  // After RunAdd: what a stage threw, as a Status (OK if nothing).
  Status Error() const {
    if (add_error_) return FromException(add_error_);
    if (key_error_) return FromException(key_error_);
    return Status::Ok();
  }

 private:
  const BatchSink<Rows>& sink_;
  BatchFlow<Rows>& flow_;
  BoundedQueue<Ptr> keyed_in_{6}, added_in_{6};
  std::thread keyer_;
  std::exception_ptr key_error_, add_error_;
  std::atomic<bool> failed_ = false;
};

// Runs `produce(stages)` on a thread of its own in front of the sink's stages, with `add` on
// the calling thread. `produce` hands its batches on in order (stages.Push) and returns how it
// ended. Returns that, or what a stage threw, once every batch went through `add`.
template <typename Rows, typename Produce>
Status WithOneProducer(const BatchSink<Rows>& sink, BatchFlow<Rows>& flow,
                       const Produce& produce) {
  SinkStages<Rows> stages(sink, flow);
  Status status;
  std::thread producer([&] {
    try {
      status = produce(stages);
    } catch (...) {
      status = FromException(std::current_exception());
    }
    stages.Close();
  });
  stages.RunAdd();
  producer.join();
  RETURN_IF_ERROR(stages.Error());
  return status;
}

// The end of a load whose workers send items on `queues`: `take_in_order()` runs on an
// orderer thread, takes the items in order, hands their batches to the stages and returns how
// the load went; then the queues are cancelled (stopping the workers) and the stages closed.
// `add` runs on the calling thread meanwhile. Joins the orderer and the workers; returns what
// take_in_order returned, or what a stage threw.
template <typename Rows, typename Queues, typename TakeInOrder>
Status OrderAndAdd(SinkStages<Rows>& stages, Queues& queues, std::vector<std::thread>& workers,
                   const TakeInOrder& take_in_order) {
  Status status;
  std::thread orderer([&] {
    try {
      status = take_in_order();
    } catch (...) {
      status = FromException(std::current_exception());
    }
    for (auto& q : queues) q->Cancel();
    stages.Close();
  });
  stages.RunAdd();
  orderer.join();
  for (std::thread& w : workers) w.join();
  RETURN_IF_ERROR(stages.Error());
  return status;
}

// One thread parses, whatever the format.
template <typename Rows>
Status ReadSerially(const fs::path& path, Kind kind, const RowReadOptions& options,
                    const BatchSink<Rows>& sink, int64_t* quarantined) {
  ASSIGN_OR_RETURN(FileFormat format, FormatFromName(path));
  ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> source, OpenCanonicalSource(kind, path, format));
  const KindSpec& spec = SpecOf(kind);
  BatchFlow<Rows> flow;
  int64_t bad = 0;
  Status read = WithOneProducer(sink, flow, [&](SinkStages<Rows>& stages) {
    Status status;
    SourceRecord rec;
    std::vector<Value> row;
    Issue issue;
    auto batch = flow.Spare();
    while (!stages.failed()) {
      Result<bool> any = source->Next(&rec);
      if (!any.ok()) status = any.status();
      if (!any.ok() || !*any) break;
      if (Take(spec, options.validate, rec, &row, &issue, *batch, &bad)) {
        if (options.parsed) options.parsed->store(source->Progress(), std::memory_order_relaxed);
        stages.Push(std::move(batch));
        batch = flow.Spare();
      }
    }
    stages.Push(std::move(batch));
    return status;
  });
  *quarantined += bad;
  if (read.ok() && options.parsed) options.parsed->store(1.0, std::memory_order_relaxed);
  return read;
}

// What a range parser sends for each of its ranges: a first item with where the parse
// begins, the range's batches, and a last item with the outcome.
template <typename Rows>
struct RangeItem {
  enum class Type { kBegin, kBatch, kEnd } type = Type::kBatch;
  typename BatchFlow<Rows>::Ptr batch = nullptr;  // kBatch.
  uint64_t start = 0;                             // kBegin: the offset the parse starts from.
  CsvRangeParse parse = {};                       // kEnd: its outcome.
  int64_t bad = 0;                                // kEnd: records left out.
};

// Parses range i from `start` into `emit`, then returns its last item.
template <typename Rows>
RangeItem<Rows> ParseRange(const CsvChunkedFile& file, size_t i, uint64_t start,
                           const KindSpec& spec, const ValidateOptions& validate,
                           BatchFlow<Rows>& flow,
                           const std::function<void(typename BatchFlow<Rows>::Ptr)>& emit) {
  RangeItem<Rows> end{.type = RangeItem<Rows>::Type::kEnd};
  std::vector<Value> row;
  Issue issue;
  auto batch = flow.Spare();
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
template <typename Rows>
Status ReadInRanges(const CsvChunkedFile& file, Kind kind, const RowReadOptions& options,
                    const BatchSink<Rows>& sink, int64_t* quarantined) {
  using Item = RangeItem<Rows>;
  using Ptr = typename BatchFlow<Rows>::Ptr;
  using Type = typename Item::Type;
  const KindSpec& spec = SpecOf(kind);
  const size_t n = file.ranges().size();
  const size_t threads = static_cast<size_t>(std::max(1, options.threads));
  BatchFlow<Rows> flow;
  SinkStages<Rows> stages(sink, flow);
  std::vector<std::unique_ptr<BoundedQueue<Item>>> queues;
  for (size_t t = 0; t < threads; ++t) {
    queues.push_back(std::make_unique<BoundedQueue<Item>>(kParserSlack));
  }
  std::vector<std::thread> parsers;
  for (size_t t = 0; t < threads; ++t) {
    parsers.emplace_back([&, t] {
      BoundedQueue<Item>& q = *queues[t];
      try {
        for (size_t i = t; i < n; i += threads) {
          Item begin{.type = Type::kBegin};
          Result<uint64_t> guess = file.GuessStart(i);
          begin.start = guess.ok() ? *guess : UINT64_MAX;  // Never right: parsed again.
          if (!q.Push(std::move(begin))) return;  // The consumer stopped.
          Item end = guess.ok()
              ? ParseRange<Rows>(file, i, *guess, spec, options.validate, flow,
                                 [&q](Ptr b) {
                                   q.Push(Item{.type = Type::kBatch, .batch = std::move(b)});
                                 })
              : Item{.type = Type::kEnd};
          if (!q.Push(std::move(end))) return;
        }
      } catch (...) {  // The range's end, failed: the orderer stops there.
        Item end{.type = Type::kEnd};
        end.parse.status = FromException(std::current_exception());
        q.Push(std::move(end));
      }
    });
  }
  int64_t bad = 0;
  Status status = OrderAndAdd(stages, queues, parsers, [&]() -> Status {
    uint64_t expected = file.ranges().empty() ? 0 : file.ranges()[0].begin;
    for (size_t i = 0; i < n && !stages.failed(); ++i) {
      BoundedQueue<Item>& q = *queues[i % threads];
      std::optional<Item> item = q.Pop();
      if (!item || item->type != Type::kBegin) {
        return Internal("{}: a parsing thread stopped early", file.path().string());
      }
      const bool right = item->start == expected;
      while ((item = q.Pop()) && item->type == Type::kBatch) {
        if (right) {
          stages.Push(std::move(item->batch));
        } else {
          flow.Recycle(std::move(item->batch));
        }
      }
      if (!item) return Internal("{}: a parsing thread stopped early", file.path().string());
      Item end = std::move(*item);
      if (!right) {
        end = ParseRange<Rows>(file, i, expected, spec, options.validate, flow,
                               [&stages](Ptr b) { stages.Push(std::move(b)); });
      }
      RETURN_IF_ERROR(end.parse.status);
      bad += end.bad;
      expected = end.parse.next;
      if (options.parsed) {
        options.parsed->store(static_cast<double>(i + 1) / static_cast<double>(n),
                              std::memory_order_relaxed);
      }
    }
    return Status::Ok();
  });
  *quarantined += bad;
  return status;
}

}  // namespace

template <typename Rows>
Status ReadRowsInto(const fs::path& path, Kind kind, const RowReadOptions& options,
                    const BatchSink<Rows>& sink, int64_t* quarantined) {
  if (options.parsed) options.parsed->store(0, std::memory_order_relaxed);
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
    BatchSink<Rows> discard{nullptr, [](const Rows&, const std::vector<uint64_t>&) {}};
    Status serial = ReadSerially(path, kind, options, discard, &bad);
    return serial.ok() ? s : serial;
  }
  return ReadSerially(path, kind, options, sink, quarantined);
}

template <typename Rows>
Status FeedRows(const RowScan& scan, const BatchSink<Rows>& sink) {
  BatchFlow<Rows> flow;
  return WithOneProducer(sink, flow, [&](SinkStages<Rows>& stages) {
    auto batch = flow.Spare();
    Status status = scan([&](const std::vector<Value>& row) {
      if (AppendRow(batch->rows, row)) {
        stages.Push(std::move(batch));
        batch = flow.Spare();
      }
    });
    stages.Push(std::move(batch));
    return status;
  });
}

template <typename Rows>
Status FeedParts(size_t parts, size_t scanners, const PartScan& scan,
                 const BatchSink<Rows>& sink) {
  // What a scanner sends for each of its parts: the part's batches, then its outcome.
  struct Item {
    typename BatchFlow<Rows>::Ptr batch;  // Null in the last item.
    Status status;                        // The last item's.
  };
  scanners = std::max<size_t>(1, std::min(scanners, parts));
  BatchFlow<Rows> flow;
  SinkStages<Rows> stages(sink, flow);
  std::vector<std::unique_ptr<BoundedQueue<Item>>> queues;
  for (size_t t = 0; t < scanners; ++t) {
    queues.push_back(std::make_unique<BoundedQueue<Item>>(kParserSlack));
  }
  std::vector<std::thread> threads;
  for (size_t t = 0; t < scanners && parts > 0; ++t) {
    threads.emplace_back([&, t] {
      BoundedQueue<Item>& q = *queues[t];
      for (size_t i = t; i < parts; i += scanners) {
        Status s;
        try {
          auto batch = flow.Spare();
          s = scan(t, i, [&](const std::vector<Value>& row) {
            if (AppendRow(batch->rows, row)) {
              q.Push(Item{std::move(batch), Status::Ok()});  // Dropped once cancelled.
              batch = flow.Spare();
            }
          });
          if (!q.Push(Item{std::move(batch), Status::Ok()})) return;  // The consumer stopped.
        } catch (...) {
          s = FromException(std::current_exception());
        }
        if (!q.Push(Item{nullptr, s}) || !s.ok()) return;
      }
    });
  }
  return OrderAndAdd(stages, queues, threads, [&]() -> Status {
    for (size_t i = 0; i < parts && !stages.failed(); ++i) {
      BoundedQueue<Item>& q = *queues[i % scanners];
      for (;;) {
        std::optional<Item> item = q.Pop();
        if (!item) return Internal("a scanning thread stopped early");
        if (item->batch == nullptr) {
          RETURN_IF_ERROR(item->status);
          break;
        }
        stages.Push(std::move(item->batch));
      }
    }
    return Status::Ok();
  });
}

template Status FeedParts(size_t, size_t, const PartScan&, const RowSink&);
template Status FeedParts(size_t, size_t, const PartScan&, const ContactSink&);
template Status FeedParts(size_t, size_t, const PartScan&, const SurveySink&);

template Status FeedRows(const RowScan&, const RowSink&);
template Status FeedRows(const RowScan&, const ContactSink&);
template Status FeedRows(const RowScan&, const SurveySink&);

template Status ReadRowsInto(const fs::path&, Kind, const RowReadOptions&, const RowSink&,
                             int64_t*);
template Status ReadRowsInto(const fs::path&, Kind, const RowReadOptions&, const ContactSink&,
                             int64_t*);
template Status ReadRowsInto(const fs::path&, Kind, const RowReadOptions&, const SurveySink&,
                             int64_t*);

}  // namespace cx
