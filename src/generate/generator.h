// A deterministic generator of realistic contact-centre data in the canonical layout
// (shared/spec/data-format.md): four outsourcers and an in-house centre with different quality
// profiles, customers whose issues need repeat contacts (some at another partner), surveys,
// self-service, knowledge-base use, outages, business volumes and the partners' own reports.
// The same options give byte-identical files on the same build. Generate streams day by day
// with bounded memory. Generate is thread-safe (no shared state); one call uses one thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "base/status.h"

namespace cx {

struct GenerateOptions {
  // Total contacts across partners. Exact when dirty = false, unless repeats scheduled for the
  // last days outnumber them; dirty rows come on top.
  int64_t contacts = 100'000;
  uint64_t seed = 1;
  std::string start_month = "2026-01";  // First month (YYYY-MM), local time of time_zone.
  int months = 4;
  std::string time_zone = "America/New_York";
  bool gzip = false;  // Write .csv.gz instead of .csv.
  // Add defects like the golden set: ~1% exact duplicate rows, ~0.5% corrections (same key,
  // changed content, later), ~0.3% bad rows (bad timestamp, unknown channel, answered before
  // arrived, missing required field, bad boolean or number), ~0.2% unusual valid timestamps.
  bool dirty = false;
};

// Data rows written per file (headers not counted; dirty duplicates and bad rows counted).
struct GenerateStats {
  int64_t contacts = 0, surveys = 0, self_service = 0, kb_events = 0, outages = 0, volumes = 0,
          partner_reports = 0;
};

// Writes contacts.csv, surveys.csv, self_service.csv, kb_events.csv, outages.csv, volumes.csv,
// partner_reports.csv into out_dir (created if missing). `progress` (may be empty) is called
// with the fraction done in [0, 1], at most ~100 times.
Result<GenerateStats> Generate(const GenerateOptions& options, const std::filesystem::path& out_dir,
                               const std::function<void(double)>& progress = {});

}  // namespace cx
