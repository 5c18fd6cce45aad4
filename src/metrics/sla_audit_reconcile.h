// Reconciliation of what partners report about themselves (partner_reports) with what cxpact
// recomputes from their contact-level data: the difference, and its likely cause, found by
// recomputing each metric under the definitions partners commonly use instead (abandons left
// out, clock started at arrival, answered contacts only, other thresholds) and naming the one
// that lands closest to the reported figure. Semantics: decision 0007. Thread-safe (pure
// function of an immutable Dataset).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "metrics/dataset.h"
#include "metrics/settings.h"

namespace cx {

// One partner_reports row (data-format.md).
struct PartnerReport {
  std::string partner;
  std::string period;  // YYYY-MM.
  std::string metric;  // As in metrics.md.
  double value = 0;
};

struct ReconcileOptions {
  // A figure "lands on" another when it is within these: absolute for rates (0.01 = one
  // point), relative for everything else (seconds).
  double rate_tolerance = 0.01;
  double relative_tolerance = 0.03;
};

// An alternative definition and the value it gives.
struct Alternative {
  std::string variant;  // "short abandons counted as misses"
  std::string cause;    // "treatment of abandons", "clock start", "universe of data", ...
  std::optional<double> value;
};

struct ReconcileRow {
  PartnerReport report;
  std::optional<double> recomputed;  // Our figure; empty when the data has none.
  std::optional<double> difference;  // reported - recomputed.
  std::optional<double> relative;    // difference / recomputed (when recomputed != 0).
  // "matches" (within tolerance), a cause from an alternative, "unexplained", or "no data".
  std::string cause;
  std::string variant;  // The closest alternative, when it explains.
  std::optional<double> variant_value;
  std::vector<Alternative> alternatives;  // Every alternative tried for the metric.
  std::string summary;                    // One English sentence.
};

// Causes, as they appear in ReconcileRow::cause.
inline constexpr std::string_view kCauseMatches = "matches";
inline constexpr std::string_view kCauseUnexplained = "unexplained";
inline constexpr std::string_view kCauseNoData = "no data";

// One row per report, in input order. `settings` are the contract's; the report periods must
// be months (settings.period kMonth). Errors: another period kind, a failing score.
Result<std::vector<ReconcileRow>> Reconcile(const Dataset& data, const MetricSettings& settings,
                                            std::span<const PartnerReport> reports,
                                            const ReconcileOptions& options = {});

}  // namespace cx
