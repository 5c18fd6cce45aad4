#include "ingest/ingest.h"

#include <fmt/format.h>

#include <thread>

#include "ingest/key_index.h"
#include "ingest/row_pipe.h"

namespace cx {

bool TooManyBad(const IngestReport& report, const IngestOptions& options) {
  const LoadCounts& c = report.counts;
  return c.read > 0 && static_cast<double>(c.quarantined) > options.max_bad_share * c.read;
}

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

// What one validating walk over a file learns.
struct Scan {
  std::vector<bool> skip;  // Per record (record - 1): bad, or beaten by a later record.
  std::vector<QuarantineEntry> quarantine;
  std::vector<int64_t> losers;  // Records beaten by another record of their key.
};

// Reads every record of `source` (fresh): quarantines the bad ones, offers the good ones to the
// key index and, if `pipe` is given, streams them to it. Fills the report's file, sha256,
// counts (read, quarantined, superseded) and reasons. `progress_span` is the share of the
// whole job this walk represents.
Status ScanFile(const KindSpec& spec, std::unique_ptr<RecordSource> source,
                const IngestOptions& options, double progress_span, IngestReport* report,
                Scan* scan, RowPipe* pipe) {
  report->file = source->bytes().path().filename().string();
  KeyIndex index;
  // About one key per 150 stored bytes: a canonical contact row is 150-200 bytes.
  index.Reserve(static_cast<size_t>(source->bytes().stored_size() / 150));
  SourceRecord rec;
  std::vector<Value> row;
  Issue issue;
  LoadCounts& c = report->counts;
  for (;;) {
    auto next = source->Next(&rec);
    if (!next.ok()) return next.status().WithContext(report->file);
    if (!*next) break;
    ++c.read;
    scan->skip.push_back(false);
    if (options.progress && (c.read & 0xFFFF) == 0) {
      options.progress(progress_span * source->Progress(), c.read);
    }
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
      index.Add(HashKey(spec, row), rec.record, rec.version);
      if (pipe && !pipe->Add(row, rec.version, rec.record)) return Status::Ok();  // Writer failed.
      continue;
    }
    scan->skip.back() = true;
    e.kind = spec.kind;
    e.file = report->file;
    e.record = rec.record;
    e.line = rec.line;
    ++report->reasons[e.reason];
    ++c.quarantined;
    scan->quarantine.push_back(std::move(e));
  }
  c.superseded = index.Resolve([&](int64_t loser) {
    scan->skip[loser - 1] = true;
    scan->losers.push_back(loser);
  });
  ASSIGN_OR_RETURN(report->sha256, source->bytes().Sha256Hex());
  for (QuarantineEntry& e : scan->quarantine) e.sha256 = report->sha256;
  for (size_t i = 0; i < scan->quarantine.size() && i < 5; ++i) {
    report->first_quarantined.push_back(scan->quarantine[i]);
  }
  return Status::Ok();
}

Status CheckShare(const IngestReport& report, const IngestOptions& options) {
  if (!TooManyBad(report, options)) return Status::Ok();
  const LoadCounts& c = report.counts;
  std::string lines;
  for (const QuarantineEntry& e : report.first_quarantined) lines += "\n  " + DescribeEntry(e);
  return DataLoss(
      "{}: {} of {} records ({:.1f}%) are bad, more than the {:.1f}% allowed; nothing was "
      "loaded ({}). First bad records:{}",
      report.file, c.quarantined, c.read, 100.0 * c.quarantined / c.read,
      100.0 * options.max_bad_share, ReasonSummary(report.reasons), lines);
}

// Re-reads the file and streams every record that the scan kept.
Status StreamWinners(const KindSpec& spec, const SourceOpener& open, const IngestOptions& options,
                     const Scan& scan, int64_t records, RowPipe& pipe) {
  ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> source, open());
  SourceRecord rec;
  std::vector<Value> row;
  Issue issue;
  const Status changed = IoError("the file changed while it was being loaded");
  for (int64_t i = 0;; ++i) {
    ASSIGN_OR_RETURN(bool any, source->Next(&rec));
    if (!any) break;
    if (i >= static_cast<int64_t>(scan.skip.size())) return changed;
    if (options.progress && (i & 0xFFFF) == 0) {
      options.progress(0.4 + 0.6 * source->Progress(), records);
    }
    if (scan.skip[i]) continue;
    if (!rec.error.empty() || !ValidateRecord(spec, rec.texts, &row, &issue, options.validate)) {
      return changed;
    }
    if (!pipe.Add(row, rec.version, rec.record)) break;  // The writer failed.
  }
  return Status::Ok();
}

// Runs `produce` on a worker thread feeding `pipe` while this thread drains it into `txn`.
Status RunPipeline(LoadTransaction& txn, size_t fields, LoadCounts* counts, RowPipe& pipe,
                   const std::function<Status()>& produce) {
  Status produced;
  std::thread producer([&] {
    produced = produce();
    pipe.Finish();
  });
  Status written = pipe.Drain(txn, fields, counts);
  producer.join();
  RETURN_IF_ERROR(written);
  return produced;
}

}  // namespace

Result<IngestReport> CheckFile(Kind kind, const SourceOpener& open, const IngestOptions& options) {
  IngestReport report;
  report.kind = kind;
  report.check_only = true;
  Scan scan;
  ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> source, open());
  RETURN_IF_ERROR(ScanFile(SpecOf(kind), std::move(source), options, 1.0, &report, &scan, nullptr));
  return report;
}

Result<IngestReport> Ingest(Store& store, Kind kind, const SourceOpener& open,
                            const IngestOptions& options) {
  const KindSpec& spec = SpecOf(kind);
  IngestReport report;
  report.kind = kind;
  LoadCounts& c = report.counts;
  // The first walk's source also names the file for the load log.
  ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> source, open());
  const std::string path = source->bytes().path().string();
  report.file = source->bytes().path().filename().string();
  ASSIGN_OR_RETURN(std::unique_ptr<LoadTransaction> txn, store.BeginLoad(kind, report.file, path));
  if (!options.only_partner.empty()) txn->OnlyPartner(options.only_partner);
  Scan scan;
  RowPipe pipe;
  if (txn->bulk()) {
    // Nothing stored can conflict: one walk streams every valid row to the store; the rows that
    // a later record of the same key beats are deleted before the key index is rebuilt.
    RETURN_IF_ERROR(RunPipeline(*txn, spec.fields.size(), &c, pipe, [&] {
      return ScanFile(spec, std::move(source), options, 1.0, &report, &scan, &pipe);
    }));
    RETURN_IF_ERROR(CheckShare(report, options));  // Returning rolls the load back.
    RETURN_IF_ERROR(txn->DeleteRecords(scan.losers));
    c.inserted -= static_cast<int64_t>(scan.losers.size());
  } else {
    // Stored rows may conflict: a first walk settles the file's own duplicates, a second
    // writes only the winners, each compared with what is stored.
    RETURN_IF_ERROR(ScanFile(spec, std::move(source), options, 0.4, &report, &scan, nullptr));
    RETURN_IF_ERROR(CheckShare(report, options));
    RETURN_IF_ERROR(RunPipeline(*txn, spec.fields.size(), &c, pipe, [&] {
      return StreamWinners(spec, open, options, scan, c.read, pipe);
    }).WithContext(report.file));
  }
  RETURN_IF_ERROR(txn->Commit(report.sha256, c, scan.quarantine));
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
