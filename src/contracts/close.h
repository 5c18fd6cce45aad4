// The monthly close: evaluates every contract for one month over a dataset and gathers, per
// partner, KPI attainment, money (invoice and what-if invoices), cure states, termination and
// rebid flags, the SLA audit (tolerances, watermelon flag, reconciliation of the partner's own
// report) and next period's volume allocation into one JSON document. Deterministic: the same
// inputs give the same document, byte for byte once dumped (no clock is read). The document's
// layout is docs/close.md. Thread-compatible.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "contracts/contract.h"
#include "metrics/dataset.h"
#include "metrics/settings.h"
#include "metrics/sla_audit_reconcile.h"
#include "ranking/allocation.h"

namespace cx {

struct CloseInputs {
  MonthIndex period = 0;
  const Dataset* data = nullptr;
  std::vector<Contract> contracts;
  // Definitions for contracts whose operations manual sets none, and for the allocation.
  MetricSettings settings;
  std::optional<AllocationRule> allocation;
  std::vector<PartnerReport> reports;  // What partners reported themselves (any periods).
  // How far the close has got, for a progress bar: the share of its steps done (the
  // reconciliation of the partners' reports, each contract, the allocation) and the contracts
  // closed; 0 as it starts. Called on the calling thread; ends at exactly 1. May be empty.
  std::function<void(double share, int64_t contracts)> progress;
};

// The close document without its version and fingerprint (the caller's: close_store.h).
Result<nlohmann::json> RunClose(const CloseInputs& inputs);

// Every leaf that differs between two close documents, as "path: before -> after" lines in
// document order (array elements named by their "partner", "metric" or "queue" when present).
std::vector<std::string> DiffCloseDocuments(const nlohmann::json& before,
                                            const nlohmann::json& after);

}  // namespace cx
