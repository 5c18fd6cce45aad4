// Writes the core score together with the extended metrics (`cxpact score --metrics all`).
// The core-only writers stay in output.h and are unchanged, so the golden CSV is too.
// Layouts: docs/decisions/0005-extended-metrics.md. Pure functions; thread-safe.
#pragma once

#include <string>

#include "metrics/extra_metrics.h"
#include "metrics/score.h"

namespace cx {

// The golden long format with four columns appended:
//   keys...,metric,numerator,denominator,value,pending,service,article,low,high
// `service` is set on uptime rows, `article` on per-article knowledge-base rows, `low`/`high`
// on every rate (95% Wilson interval, core rates included). Core and extended rows are merged
// in the order keys, metric, service, article (byte order); "*" keys (client level) sort first.
std::string FormatAllCsv(const ScoreResult& core, const ExtraResult& extra);
// The core JSON document with the extended rows merged into "rows" (with "service" or
// "article" where set) and an "extended" object of input counts.
std::string FormatAllJson(const ScoreResult& core, const ExtraResult& extra);
// For people: the extended metrics as sections to print after FormatScoreTable(core): client
// level per period, per group, uptime per service, and the most viewed articles.
std::string FormatExtraTable(const ExtraResult& extra);

}  // namespace cx
