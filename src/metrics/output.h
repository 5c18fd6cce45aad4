// Writes a ScoreResult for machines (CSV in the golden long format, JSON) and for people (an
// aligned table with intervals). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "metrics/score.h"

namespace cx {

// A value with six decimals, rounded half away from zero on the exact binary value of the
// double (golden-rules.md "Output"); -0.000000 is written 0.000000.
std::string FormatFixed6(double v);

// `keys...,metric,numerator,denominator,value,pending` with a header row.
std::string FormatScoreCsv(const ScoreResult& r);
std::string FormatScoreJson(const ScoreResult& r);
std::string FormatScoreTable(const ScoreResult& r);

}  // namespace cx
