// The data a score is computed from: the engine's tables, filled from a workspace store or
// straight from a folder of canonical files (validated and deduplicated exactly as ingest
// does). Thread-compatible value.
#pragma once

#include <filesystem>

#include "engine/tables.h"
#include "io/validate.h"
#include "store/store.h"

namespace cx {

struct Dataset {
  ContactTable contacts;
  SurveyTable surveys;
  int64_t quarantined = 0;  // Records left out because they broke the format (folder sources).
};

// Reads contacts and surveys (.csv, .csv.gz, .jsonl, .jsonl.gz) from `dir`; bad records are
// left out (and counted), later valid rows of a key replace earlier ones (golden rule 9).
Result<Dataset> LoadDatasetFromFolder(const std::filesystem::path& dir,
                                      const ValidateOptions& options);

Result<Dataset> LoadDatasetFromStore(Store& store);

}  // namespace cx
