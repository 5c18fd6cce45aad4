#include "ingest/ingest.h"

#include <fmt/format.h>

#include <thread>

#include "base/bounded_queue.h"
#include "ingest/key_index.h"

namespace cx {

namespace {

std::string DescribeEntry(const QuarantineEntry& e) {
  return fmt::format("{}:{}: record {}: {}{}{}{}", e.file, e.line, e.record, e.reason,
                     e.field.empty() ? "" : " in " + e.field,
                     e.value.empty() ? "" : fmt::format(" (value '{}')", e.value),
                     e.detail.empty() ? "" : ": " + e.detail);
}

std::string ReasonSummary(const std::map<std::string, int64_t>& reasons) {
  std::string out;
  for (const auto& [reason, n] : reasons) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, reason);
  }
  return out;
}

// Pass 1: validates every record, collects the quarantine and marks the records that are not
// to be written (bad, or beaten by another record of the same key).
struct FirstPass {
  std::vector<bool> skip;  // Per record (0-based).
  std::vector<QuarantineEntry> quarantine;
};

Status ScanFile(const KindSpec& spec, RecordSource& source, const IngestOptions& options,
                IngestReport* report, FirstPass* pass) {
  KeyIndex index;
  // About one key per 150 stored bytes: a canonical contact row is 150-200 bytes.
  index.Reserve(static_cast<size_t>(source.bytes().stored_size() / 150));
  SourceRecord rec;
  std::vector<Value> row;
  Issue issue;
  LoadCounts& c = report->counts;
  for (;;) {
    auto next = source.Next(&rec);
    if (!next.ok()) return next.status().WithContext(report->file);
    if (!*next) break;
    const int64_t i = c.read++;
    pass->skip.push_back(false);
    if (options.progress && (c.read & 0xFFFF) == 0) options.progress(0.4 * source.Progress(), c.read);
    QuarantineEntry e;
    if (!rec.error.empty()) {
      if (rec.error_field >= 0) e.field = spec.fields[rec.error_field].name;
      e.reason = ReasonCode(Reason::kMalformedRecord);
      e.detail = rec.error;
    } else if (!ValidateRecord(spec, rec.texts, &row, &issue, options.validate)) {
      e.field = spec.fields[issue.field].name;
      e.value = std::move(issue.value);
      e.reason = ReasonCode(issue.reason);
      e.detail = std::move(issue.detail);
    } else {
      int64_t loser = index.Offer(HashKey(spec, row), i, rec.version);
      if (loser >= 0) {
        pass->skip[loser] = true;
        ++c.superseded;
      }
      continue;
    }
    pass->skip[i] = true;
    e.kind = spec.kind;
    e.file = report->file;
    e.record = rec.record;
    e.line = rec.line;
    ++report->reasons[e.reason];
    ++c.quarantined;
    pass->quarantine.push_back(std::move(e));
  }
  return Status::Ok();
}

// Runs pass 1 over a fresh source; fills the report's file, sha256, counts and reasons.
Status RunFirstPass(Kind kind, const SourceOpener& open, const IngestOptions& options,
                    IngestReport* report, FirstPass* pass, std::string* path) {
  report->kind = kind;
  ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> source, open());
  report->file = source->bytes().path().filename().string();
  *path = source->bytes().path().string();
  RETURN_IF_ERROR(ScanFile(SpecOf(kind), *source, options, report, pass));
  ASSIGN_OR_RETURN(report->sha256, source->bytes().Sha256Hex());
  for (QuarantineEntry& e : pass->quarantine) e.sha256 = report->sha256;
  for (size_t i = 0; i < pass->quarantine.size() && i < 5; ++i) {
    report->first_quarantined.push_back(pass->quarantine[i]);
  }
  return Status::Ok();
}

// Rows handed from the parsing thread to the writing thread. Text values are copied into the
// batch's arena; until Row() rebuilds them, a text Value holds its arena offset in `i`.
struct RowBatch {
  static constexpr size_t kRows = 4096;
  std::string arena;
  std::vector<Value> values;  // fields per row, row after row.
  std::vector<int64_t> records, versions;
  std::vector<uint64_t> fingerprints;

  void Clear() {
    arena.clear();
    values.clear();
    records.clear();
    versions.clear();
    fingerprints.clear();
  }

  void Add(const std::vector<Value>& row, uint64_t fingerprint, int64_t version, int64_t record) {
    for (const Value& v : row) {
      Value copy = v;
      if (v.tag == Value::Tag::kText) {
        copy.i = static_cast<int64_t>(arena.size());
        copy.s = std::string_view(nullptr, v.s.size());
        arena.append(v.s);
      }
      values.push_back(copy);
    }
    fingerprints.push_back(fingerprint);
    versions.push_back(version);
    records.push_back(record);
  }

  void Row(size_t r, size_t fields, std::vector<Value>* out) const {
    out->assign(values.begin() + r * fields, values.begin() + (r + 1) * fields);
    for (Value& v : *out) {
      if (v.tag == Value::Tag::kText) v.s = std::string_view(arena.data() + v.i, v.s.size());
    }
  }
};

// Re-reads the file and queues every record that pass 1 kept.
// Batches come back through `recycled` so their buffers are reused, not re-faulted.
Status ProduceWinners(const KindSpec& spec, const SourceOpener& open, const IngestOptions& options,
                      const std::vector<bool>& skip, int64_t records,
                      BoundedQueue<std::unique_ptr<RowBatch>>& queue,
                      BoundedQueue<std::unique_ptr<RowBatch>>& recycled) {
  ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> source, open());
  SourceRecord rec;
  std::vector<Value> row;
  Issue issue;
  auto batch = std::make_unique<RowBatch>();
  for (int64_t i = 0;; ++i) {
    ASSIGN_OR_RETURN(bool any, source->Next(&rec));
    if (!any) break;
    if (i >= static_cast<int64_t>(skip.size())) {
      return IoError("the file changed while it was being loaded");
    }
    if (options.progress && (i & 0xFFFF) == 0) options.progress(0.4 + 0.6 * source->Progress(), records);
    if (skip[i]) continue;
    if (!rec.error.empty() || !ValidateRecord(spec, rec.texts, &row, &issue, options.validate)) {
      return IoError("the file changed while it was being loaded");
    }
    batch->Add(row, RowFingerprint(row), rec.version, rec.record);
    if (batch->records.size() == RowBatch::kRows) {
      if (!queue.Push(std::move(batch))) return Status::Ok();  // The writer stopped.
      auto reused = recycled.TryPop();
      batch = reused ? std::move(*reused) : std::make_unique<RowBatch>();
    }
  }
  if (!batch->records.empty()) queue.Push(std::move(batch));
  return Status::Ok();
}

}  // namespace

Result<IngestReport> CheckFile(Kind kind, const SourceOpener& open, const IngestOptions& options) {
  IngestReport report;
  FirstPass pass;
  std::string path;
  RETURN_IF_ERROR(RunFirstPass(kind, open, options, &report, &pass, &path));
  report.check_only = true;
  return report;
}

Result<IngestReport> Ingest(Store& store, Kind kind, const SourceOpener& open,
                            const IngestOptions& options) {
  const KindSpec& spec = SpecOf(kind);
  IngestReport report;
  FirstPass pass;
  std::string path;
  RETURN_IF_ERROR(RunFirstPass(kind, open, options, &report, &pass, &path));
  LoadCounts& c = report.counts;
  if (c.read > 0 && static_cast<double>(c.quarantined) > options.max_bad_share * c.read) {
    std::string lines;
    for (const QuarantineEntry& e : report.first_quarantined) lines += "\n  " + DescribeEntry(e);
    return DataLoss(
        "{}: {} of {} records ({:.1f}%) are bad, more than the {:.1f}% allowed; nothing was "
        "loaded ({}). First bad records:{}",
        report.file, c.quarantined, c.read, 100.0 * c.quarantined / c.read,
        100.0 * options.max_bad_share, ReasonSummary(report.reasons), lines);
  }

  // Pass 2: a producer thread re-reads and validates the winners into batches; this thread
  // writes them in one transaction. Parsing overlaps SQLite's work on the second core.
  ASSIGN_OR_RETURN(std::unique_ptr<LoadTransaction> txn, store.BeginLoad(kind, report.file, path));
  BoundedQueue<std::unique_ptr<RowBatch>> queue(4), recycled(8);
  Status produced;
  std::thread producer([&] {
    produced = ProduceWinners(spec, open, options, pass.skip, c.read, queue, recycled);
    queue.Close();
  });
  Status written;
  std::vector<Value> row;
  while (auto batch = queue.Pop()) {
    for (size_t r = 0; r < (*batch)->records.size() && written.ok(); ++r) {
      (*batch)->Row(r, spec.fields.size(), &row);
      auto outcome = txn->Upsert(row, (*batch)->fingerprints[r], (*batch)->versions[r],
                                 (*batch)->records[r]);
      if (!outcome.ok()) {
        written = outcome.status();
        break;
      }
      switch (*outcome) {
        case UpsertOutcome::kInserted: ++c.inserted; break;
        case UpsertOutcome::kUnchanged: ++c.unchanged; break;
        case UpsertOutcome::kCorrected: ++c.corrected; break;
        case UpsertOutcome::kStale: ++c.stale; break;
      }
    }
    if (!written.ok()) {
      queue.Cancel();
      break;
    }
    (*batch)->Clear();
    recycled.Push(std::move(*batch));
  }
  producer.join();
  RETURN_IF_ERROR(written);
  RETURN_IF_ERROR(produced.WithContext(report.file));
  RETURN_IF_ERROR(txn->Commit(report.sha256, c, pass.quarantine));
  if (options.progress) options.progress(1.0, c.read);
  return report;
}

Result<IngestReport> IngestCanonicalFile(Store& store, Kind kind, const std::filesystem::path& path,
                                         const IngestOptions& options) {
  ASSIGN_OR_RETURN(FileFormat format, FormatFromName(path));
  return Ingest(store, kind, [&] { return OpenCanonicalSource(kind, path, format); }, options);
}

std::string FormatReport(const IngestReport& r) {
  const LoadCounts& c = r.counts;
  if (r.check_only) {
    std::string s = fmt::format("{} ({}): {} read, {} valid keys, {} superseded within the file, "
                                "{} quarantined",
                                r.file, SpecOf(r.kind).name, c.read,
                                c.read - c.quarantined - c.superseded, c.superseded, c.quarantined);
    if (!r.reasons.empty()) s += " (" + ReasonSummary(r.reasons) + ")";
    return s;
  }
  std::string s = fmt::format("{} ({}): {} read, {} inserted, {} unchanged, {} corrected", r.file,
                              SpecOf(r.kind).name, c.read, c.inserted, c.unchanged, c.corrected);
  if (c.stale) s += fmt::format(", {} older versions ignored", c.stale);
  if (c.superseded) s += fmt::format(", {} superseded within the file", c.superseded);
  s += fmt::format(", {} quarantined", c.quarantined);
  if (!r.reasons.empty()) s += " (" + ReasonSummary(r.reasons) + ")";
  return s;
}

}  // namespace cx
