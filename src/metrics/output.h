// Writes a ScoreResult for machines (CSV in the golden long format, JSON) and for people (an
// aligned table with intervals). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "metrics/score.h"

namespace cx {

// A value with six decimals, rounded half away from zero on the exact binary value of the
// double (golden-rules.md "Output"); -0.000000 is written 0.000000.
std::string FormatFixed6(double v);

// The numerator column's text: a count, exact seconds for µs sums, or empty.
std::string FormatNumerator(const MetricRow& row);

// Adds a row's numerator, denominator, value, interval and pending to a JSON object.
void AddMetricJson(const MetricRow& row, nlohmann::ordered_json& out);

// `keys...,metric,numerator,denominator,value,pending` with a header row.
std::string FormatScoreCsv(const ScoreResult& r);
std::string FormatScoreJson(const ScoreResult& r);
std::string FormatScoreTable(const ScoreResult& r);

}  // namespace cx
