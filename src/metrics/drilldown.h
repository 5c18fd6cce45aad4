// Drill-down: the contacts (or, for survey metrics, the survey responses) behind one partner's
// figure of one metric in one period: which ones the score row counts in its denominator and
// numerator, and why, in plain language. The decisions are the score's own (ContactJudge and
// JudgeSurvey in contact_outcome.h, the engine's RepeatAt), so `total` and `in_numerator`
// equal the row's denominator and numerator. DrillDownStore reads only the slice of the store
// that decides them (Store::ScanContactSlice), not the whole data. Thread-compatible.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "metrics/dataset.h"
#include "metrics/settings.h"

namespace cx {

// The metrics a drill-down explains, sorted: the per-contact rates (abandon_rate, fcr,
// fcr_same_reason, repeat_rate, response_within, service_level, transfer_rate) and the
// per-response survey rates (csat, ces_share_5plus, nps, nps_detractors, nps_promoters).
std::span<const std::string_view> DrilldownMetrics();

struct DrilldownRequest {
  std::string partner;
  std::string period;  // As the score labels it: FormatPeriod of the settings' period kind.
  std::string metric;  // One of DrilldownMetrics().
  int64_t offset = 0;  // The page of `entries`: [offset, offset + limit).
  int64_t limit = 50;
  // In a `why`: name the partner a repeat went to (clients). False: "another partner", and no
  // contact id of another partner (partner users).
  bool name_other_partners = false;
};

struct DrilldownEntry {
  std::string contact_id;
  Micros arrived_at = 0;
  std::string_view channel;
  std::optional<std::string> queue;
  bool in_numerator = false;
  // nps only: a detractor, which the numerator (promoters - detractors) subtracts.
  bool against_numerator = false;
  std::string why;
};

struct Drilldown {
  int64_t total = 0;         // Entries in the score row's denominator.
  int64_t in_numerator = 0;  // The score row's numerator (nps: promoters - detractors).
  Micros horizon = 0;        // The data horizon the pending decisions were made against.
  int64_t data_version = 0;  // DrillDownStore: the store's data version of the rows read.
  // The requested page of them, ordered by arrived_at, then contact_id (then survey order).
  std::vector<DrilldownEntry> entries;
};

// Over `data`, which must hold the partner's contacts of the period, every contact of their
// customers (any partner) up to W after the period, and the surveys linked to the partner's
// contacts: what ScanContactSlice returns. `horizon` is the latest arrived_at of the WHOLE data.
// InvalidArgument for an unknown metric (the message lists DrilldownMetrics) or period;
// NotFound when the partner has no contact in the period (the score has no row for it).
Result<Drilldown> DrillDown(const Dataset& data, Micros horizon, const MetricSettings& settings,
                            const DrilldownRequest& request);

// Reads the slice from `store` and drills down.
Result<Drilldown> DrillDownStore(Store& store, const MetricSettings& settings,
                                 const DrilldownRequest& request);

}  // namespace cx
