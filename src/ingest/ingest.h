// The ingest pipeline: reads one file's records, validates each, upserts the valid ones into
// the store and quarantines the rest, all in one transaction per file, so that after a crash
// the store holds the file entirely or not at all.
//
// Two passes over the file: the first validates every record and finds, for each key, the
// record that wins inside the file (the last valid one, or the newest version); the second
// writes only the winners. So a file whose own rows correct each other ingests to the same
// store state as its net content, and ingesting it again changes nothing.
// Thread-compatible (one Store per thread).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/record_source.h"
#include "store/store.h"

namespace cx {

struct IngestOptions {
  // More quarantined records than this share of the file rejects it whole (nothing is stored).
  double max_bad_share = 0.05;
  ValidateOptions validate;
  // When set (a partner user's upload): the load fails, storing nothing, when a record would
  // replace a stored row of another partner (LoadTransaction::OnlyPartner).
  std::string only_partner;
  // Called now and then with the fraction of the work done and the records so far; possibly
  // from a worker thread, never from two threads at once.
  std::function<void(double fraction, int64_t records)> progress;
};

struct IngestReport {
  std::string file;  // Base name.
  std::string sha256;
  Kind kind = Kind::kContacts;
  bool check_only = false;  // From CheckFile: nothing was written.
  LoadCounts counts;
  std::map<std::string, int64_t> reasons;          // Quarantine reason -> count.
  std::vector<QuarantineEntry> first_quarantined;  // Up to 5, for the summary.
};

// Opens a fresh RecordSource over the same file (the pipeline reads it twice).
using SourceOpener = std::function<Result<std::unique_ptr<RecordSource>>()>;

// Loads a file into `store`. A file rejected for too many bad records returns kDataLoss with
// the counts and the first bad records in the message, and stores nothing.
Result<IngestReport> Ingest(Store& store, Kind kind, const SourceOpener& open,
                            const IngestOptions& options);

// Reads and validates a file without touching any store: what a load would quarantine and
// supersede. Runs the first pass only (one core); also the parse-and-validate benchmark.
Result<IngestReport> CheckFile(Kind kind, const SourceOpener& open, const IngestOptions& options);

// Whether `report` has more quarantined records than `options.max_bad_share` allows: a load
// of it stores nothing (Ingest), and `cxpact check` says so.
bool TooManyBad(const IngestReport& report, const IngestOptions& options);

// Ingests `path` in the canonical layout of `kind` (format from its name).
Result<IngestReport> IngestCanonicalFile(Store& store, Kind kind, const std::filesystem::path& path,
                                         const IngestOptions& options);

// "contacts.csv (contacts): 20323 read, 19887 inserted, ... 100 quarantined (...)".
std::string FormatReport(const IngestReport& report);

}  // namespace cx
