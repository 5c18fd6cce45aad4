// How the portal API writes metric figures: a score row as JSON with what its metric means
// (the metric catalog), and the data version every metric answer starts with
// (docs/decisions/0010-live-score.md). Shared by the scorecard, overview, rank and quality
// routes so that a row reads the same everywhere. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "metrics/score.h"
#include "portal/router.h"
#include "server/live_score.h"

namespace cx::server {

nlohmann::json OptionalJson(const std::optional<double>& v);
nlohmann::json OptionalJson(const std::optional<int64_t>& v);

// {"metric", "value", "low", "high", "numerator", "denominator", "pending"}.
nlohmann::json MetricRowJson(const MetricRow& r);
// {"scale", "better", "range", "kpi"} of the catalog's entry (contracts/metric_catalog.h); with
// `what`, also its plain-language sentence. Null for a metric the catalog does not know.
nlohmann::json MeaningJson(std::string_view metric, bool with_what = false);

// Compact JSON, invalid UTF-8 replaced rather than thrown on (partner data is not checked).
std::string DumpJson(const nlohmann::json& j);

// The start of a metric answer's JSON object: the data version it comes from and whether newer
// data is being scored (the answer is then the previous version's). `more` bytes will follow.
std::string VersionedStart(const ScoreView& view, size_t more);
// `body` (a JSON object) with the data version in front.
HttpResponse Versioned(const ScoreView& view, std::string_view body);

}  // namespace cx::server
