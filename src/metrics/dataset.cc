#include "metrics/dataset.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <fstream>

#include "metrics/row_pipeline.h"

namespace cx {

namespace fs = std::filesystem;

namespace {

// The file of `kind` in `dir`, in the first layout that exists.
std::optional<fs::path> FindFile(const fs::path& dir, Kind kind) {
  for (const char* ext : {".csv", ".csv.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".json"}) {
    fs::path p = dir / (std::string(SpecOf(kind).name) + ext);
    if (fs::exists(p)) return p;
  }
  return std::nullopt;
}

// Contacts: the key stage finds each row's slot in the key index (deduplication, golden rule
// 9) and the add stage fills the columns, on two threads.
ContactSink ContactStages(ContactTableBuilder& b) {
  return {[&b](const ContactBatch& batch, ContactSink::Words* rows) { b.AssignRows(batch, rows); },
          [&b](const ContactBatch& batch, const ContactSink::Words& rows) {
            b.FillRows(batch, rows);
          }};
}

// Surveys: the link stage finds each survey's contact (in the finished contacts' key index)
// and the add stage writes the rows, on two threads.
SurveySink SurveyStages(SurveyTableBuilder& b) {
  return {[&b](const SurveyBatch& batch, SurveySink::Words* links) { b.LinkRows(batch, links); },
          [&b](const SurveyBatch& batch, const SurveySink::Words& links) {
            b.AddRows(batch, links);
          }};
}

// Reports a load's progress (LoadProgress) from the add stage of each kind's sink, on the
// loading thread. A kind weighs `weights[kind]` (its file's bytes, or its rows in a store).
// Within a kind, the share done is what the reader stores in parsed() (a file's parsers say
// how much of the file they handed on), or else the rows added over the kind's weight.
class LoadMeter {
 public:
  LoadMeter(const LoadProgress& report, const std::array<double, kKindCount>& weights)
      : report_(report), weights_(weights) {
    for (double w : weights_) total_ += w;
  }
  std::atomic<double>* parsed() { return &parsed_; }

  // `sink`, reporting after each of its batches.
  template <typename Batch>
  BatchSink<Batch> Around(Kind kind, const BatchSink<Batch>& sink) {
    if (!report_) return sink;
    parsed_.store(-1, std::memory_order_relaxed);  // Until the reader says: rows.
    kind_rows_ = 0;
    BatchSink<Batch> out = sink;
    out.add = [this, kind, add = sink.add](const Batch& batch,
                                           const typename BatchSink<Batch>::Words& words) {
      add(batch, words);
      rows_ += static_cast<int64_t>(batch.size());
      kind_rows_ += static_cast<double>(batch.size());
      const double w = weight(kind), parsed = parsed_.load(std::memory_order_relaxed);
      const double share = parsed >= 0 ? parsed : w > 0 ? kind_rows_ / w : 0;
      Report(before_ + std::clamp(share, 0.0, 1.0) * w);
    };
    return out;
  }
  // A kind's read has ended: all of its weight is done.
  void Done(Kind kind) {
    before_ += weight(kind);
    Report(before_);
  }

 private:
  double weight(Kind kind) const { return weights_[static_cast<size_t>(kind)]; }
  void Report(double done) {
    if (!report_) return;
    const double f = total_ > 0 ? std::min(1.0, done / total_) : 1.0;
    last_ = std::max(last_, f);
    try {
      report_(last_, rows_);
    } catch (...) {  // A display that fails (say, a closed terminal) must not fail the load.
      report_ = nullptr;
    }
  }

  LoadProgress report_;
  std::array<double, kKindCount> weights_;
  double total_ = 0, before_ = 0, kind_rows_ = 0, last_ = 0;
  int64_t rows_ = 0;
  std::atomic<double> parsed_ = -1;
};

// Reads every kind of one source into a Dataset. `read(kind, sink)` feeds the source's valid
// rows of that kind (nothing when it has none) into a ContactSink (contacts) or a RowSink;
// contacts come first because surveys link to the final, deduplicated contacts.
// `contact_rows`, `survey_rows`: about how many there are (0: unknown), to size the tables
// once. `meter` hears of every batch.
template <typename KindReader>
Result<Dataset> Assemble(const KindReader& read, DatasetScope scope, size_t contact_rows,
                         size_t survey_rows, LoadMeter& meter) {
  const auto read_kind = [&](Kind kind, const auto& sink) -> Status {
    RETURN_IF_ERROR(read(kind, meter.Around(kind, sink)));
    meter.Done(kind);
    return Status::Ok();
  };
  Dataset d;
  ContactTableBuilder cb;
  if (contact_rows > 0) cb.Reserve(contact_rows);
  RETURN_IF_ERROR(read_kind(Kind::kContacts, ContactStages(cb)));
  SurveyTableBuilder sb(&cb);
  if (survey_rows > 0) sb.Reserve(survey_rows);
  RETURN_IF_ERROR(read_kind(Kind::kSurveys, SurveyStages(sb)));
  d.contacts = cb.Finish();
  d.surveys = sb.Finish();
  if (scope == DatasetScope::kCore) return d;  // The activity feeds: extended metrics only.
  SelfServiceTableBuilder ssb;
  KbEventTableBuilder kbb;
  OutageTableBuilder ob;
  VolumeTableBuilder vb;
  RETURN_IF_ERROR(read_kind(Kind::kSelfService, RowByRow(ssb, Kind::kSelfService)));
  RETURN_IF_ERROR(read_kind(Kind::kKbEvents, RowByRow(kbb, Kind::kKbEvents)));
  RETURN_IF_ERROR(read_kind(Kind::kOutages, RowByRow(ob, Kind::kOutages)));
  RETURN_IF_ERROR(read_kind(Kind::kVolumes, RowByRow(vb, Kind::kVolumes)));
  d.self_service = ssb.Finish();
  d.kb_events = kbb.Finish();
  d.outages = ob.Finish();
  d.volumes = vb.Finish();
  return d;
}

// About how many bytes of text `path` holds: its size, or for gzip what its trailer says it
// holds uncompressed (ISIZE: the size modulo 2^32, so a file of 4 GB or more counts as four
// times its compressed size). Weighs a kind in a load's progress, and sizes the tables.
uint64_t TextBytes(const fs::path& path) {
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  if (ec) return 0;
  if (path.extension() != ".gz" || size < 18) return size;
  std::ifstream in(path, std::ios::binary);
  unsigned char trailer[4] = {};
  if (!in.seekg(-4, std::ios::end) || !in.read(reinterpret_cast<char*>(trailer), 4)) return size;
  const uint64_t isize = uint64_t{trailer[0]} | uint64_t{trailer[1]} << 8 |
                         uint64_t{trailer[2]} << 16 | uint64_t{trailer[3]} << 24;
  return isize >= size ? isize : 4 * size;
}

// Whether Assemble reads `kind` in `scope`.
bool Reads(DatasetScope scope, Kind kind) {
  switch (kind) {
    case Kind::kContacts:
    case Kind::kSurveys: return true;
    case Kind::kSelfService:
    case Kind::kKbEvents:
    case Kind::kOutages:
    case Kind::kVolumes: return scope == DatasetScope::kAll;
    case Kind::kPartnerReports: return false;
  }
  return false;
}

// Each kind's weight in a load's progress, from `weight(kind)`, for the kinds `scope` reads.
template <typename Weight>
std::array<double, kKindCount> Weights(DatasetScope scope, const Weight& weight) {
  std::array<double, kKindCount> out{};
  for (int k = 0; k < kKindCount; ++k) {
    const auto kind = static_cast<Kind>(k);
    if (Reads(scope, kind)) out[k] = static_cast<double>(weight(kind));
  }
  return out;
}

}  // namespace

Result<Dataset> LoadDatasetFromFolder(const fs::path& dir, const ValidateOptions& options,
                                      DatasetScope scope, const LoadProgress& progress) {
  if (!fs::is_directory(dir)) return NotFound("{}: no such folder", dir.string());
  if (!FindFile(dir, Kind::kContacts)) {
    return NotFound("{}: no contacts file (contacts.csv, .csv.gz or .jsonl)", dir.string());
  }
  // Each kind's file, read once for its size (and a gzip trailer).
  const auto weights = Weights(scope, [&dir](Kind kind) -> uint64_t {
    const auto file = FindFile(dir, kind);
    return file ? TextBytes(*file) : 0;
  });
  const auto bytes = [&weights](Kind kind) {
    return static_cast<size_t>(weights[static_cast<size_t>(kind)]);
  };
  LoadMeter meter(progress, weights);
  int64_t quarantined = 0;
  auto read = [&](Kind kind, const auto& sink) -> Status {
    auto file = FindFile(dir, kind);
    if (!file) return Status::Ok();  // Every kind but contacts is optional.
    RowReadOptions read_options;
    read_options.validate = options;
    read_options.parsed = meter.parsed();
    return ReadRowsInto(*file, kind, read_options, sink, &quarantined);
  };
  // A canonical contact row is 150-200 bytes, a survey ~70 (more with comments): size the
  // tables once (longer rows grow them).
  ASSIGN_OR_RETURN(Dataset d, Assemble(read, scope, bytes(Kind::kContacts) / 160,
                                       bytes(Kind::kSurveys) / 70, meter));
  d.quarantined = quarantined;
  return d;
}

Result<Dataset> LoadDatasetFromStore(Store& store, DatasetScope scope,
                                     const LoadProgress& progress) {
  // Two readers of one snapshot scan alternate ranges of rows on two threads while the table
  // builders' halves run on two more; the rows reach the builders in the store's order. Read
  // one after the other, 10M contacts took 14 s to load, about half of it SQLite.
  constexpr int kScanners = 2;
  auto readers = store.OpenReaders(kScanners);
  if (!readers.ok()) {
    if (readers.status().code() != StatusCode::kFailedPrecondition) return readers.status();
    // No second connection (a store in memory, or not in WAL mode, or loads that kept
    // committing): the scan on one connection, on one thread beside the two halves.
    std::array<int64_t, kKindCount> most{};
    for (int k = 0; k < kKindCount; ++k) {
      if (Reads(scope, static_cast<Kind>(k))) {
        ASSIGN_OR_RETURN(most[k], store.RowsAtMost(static_cast<Kind>(k)));
      }
    }
    const auto most_of = [&most](Kind kind) { return most[static_cast<size_t>(kind)]; };
    LoadMeter meter(progress, Weights(scope, most_of));
    return Assemble(
        [&store]<typename Batch>(Kind kind, const BatchSink<Batch>& sink) -> Status {
          return FeedRows<Batch>([&](const auto& emit) { return store.ScanRows(kind, emit); },
                                 sink);
        },
        scope, static_cast<size_t>(most_of(Kind::kContacts)),
        static_cast<size_t>(most_of(Kind::kSurveys)), meter);
  }
  std::vector<std::unique_ptr<RowReader>>& r = *readers;
  // Each kind's largest row id in the snapshot: the parts to scan, and the tables' sizes.
  std::array<int64_t, kKindCount> last{};
  for (int k = 0; k < kKindCount; ++k) {
    ASSIGN_OR_RETURN(last[k], r[0]->LastRowId(static_cast<Kind>(k)));
  }
  const auto last_of = [&last](Kind kind) { return last[static_cast<size_t>(kind)]; };
  LoadMeter meter(progress, Weights(scope, last_of));
  return Assemble(
      [&r, &last_of]<typename Batch>(Kind kind, const BatchSink<Batch>& sink) -> Status {
        // A part is a batch's worth of row ids (row ids start at 1).
        const auto per_part = static_cast<int64_t>(kBatchRows<Batch>);
        const auto parts = static_cast<size_t>((last_of(kind) + per_part - 1) / per_part);
        return FeedParts<Batch>(
            parts, r.size(),
            [&](size_t scanner, size_t part, const auto& emit) {
              const int64_t from = 1 + static_cast<int64_t>(part) * per_part;
              return r[scanner]->ScanRange(kind, from, from + per_part, emit);
            },
            sink);
      },
      scope, static_cast<size_t>(last_of(Kind::kContacts)),
      static_cast<size_t>(last_of(Kind::kSurveys)), meter);
}

}  // namespace cx
