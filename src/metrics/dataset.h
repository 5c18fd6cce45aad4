// The data a score is computed from: the engine's tables, filled from a workspace store or
// straight from a folder of canonical files (validated and deduplicated exactly as ingest
// does). Thread-compatible value.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include "engine/activity_tables.h"
#include "engine/tables.h"
#include "io/validate.h"
#include "store/store.h"

namespace cx {

struct Dataset {
  ContactTable contacts;
  SurveyTable surveys;
  int64_t quarantined = 0;  // Records left out because they broke the format (folder sources).
  // The activity feeds of the extended metrics (metrics/extra_metrics.h); empty when absent.
  SelfServiceTable self_service;
  KbEventTable kb_events;
  OutageTable outages;
  VolumeTable volumes;
};

// What a load reads: kCore the contacts and surveys the golden metrics need, kAll the activity
// kinds too (self_service, kb_events, outages, volumes: the extended metrics).
enum class DatasetScope { kCore, kAll };

// A load's progress, for a progress bar: called on the loading thread after each batch of rows
// reaches the tables and after each kind, with the share of the load done (0 to 1, never
// decreasing, 1 at the end; files are weighed by their bytes, gzip ones by what they hold, a
// store's kinds by their largest row id) and the rows added so far. If it throws, the load
// goes on without it.
using LoadProgress = std::function<void(double fraction, int64_t rows)>;

// Reads contacts and surveys (.csv, .csv.gz, .jsonl, .jsonl.gz) from `dir`, and with kAll the
// activity kinds that are present; bad records are left out (and counted), later valid rows
// of a key replace earlier ones (golden rule 9).
Result<Dataset> LoadDatasetFromFolder(const std::filesystem::path& dir,
                                      const ValidateOptions& options,
                                      DatasetScope scope = DatasetScope::kAll,
                                      const LoadProgress& progress = {});

Result<Dataset> LoadDatasetFromStore(Store& store, DatasetScope scope = DatasetScope::kAll,
                                     const LoadProgress& progress = {});

}  // namespace cx
