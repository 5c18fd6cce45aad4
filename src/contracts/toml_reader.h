// Internal to the contracts layer: typed reads of toml++ nodes whose failures name the file
// and the line, shared by contract_reader.cc and sow_reader.cc. Thread-compatible.
#pragma once

#include <toml++/toml.h>

#include <string_view>

#include "base/status.h"
#include "calendar/civil_day.h"
#include "contracts/contract.h"
#include "metrics/toml_reader.h"

namespace cx::contracts_internal {

// The shared reads (metrics/toml_reader.h) and the contracts' own: dates, money, KPIs.
class Reader : public TomlReader {
 public:
  using TomlReader::TomlReader;

  // A TOML date (2026-01-01) or a string "2026-01-01".
  Status Date(const toml::table& t, std::string_view key, CivilDay* out) const;
  // A percentage (12 or 12.5) as basis points, >= 0 and <= max_percent.
  Status Percent(const toml::table& t, std::string_view key, double max_percent,
                 int64_t* out_bp) const;
  // A non-negative amount of money with at most 2 decimals, as cents.
  Status Amount(const toml::table& t, std::string_view key, int64_t* out_cents) const;
  // A non-negative unit price with at most 6 decimals, as micro-units.
  Status Price(const toml::table& t, std::string_view key, int64_t* out_micros) const;
  // A metric the engine produces that can carry a target.
  Result<const MetricInfo*> KpiMetric(const toml::table& t, std::string_view key,
                                      std::string_view where) const;
  // A value on the metric's scale (a target, a level, a baseline).
  Status OnScale(const toml::table& t, std::string_view key, const MetricInfo& m,
                 double* out) const;
};

// The line of a node, for the `line` fields of contract structs.
inline int LineOf(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

// sow_reader.cc: one [[sow]] table.
Result<SowVersion> ReadSow(const Reader& r, const toml::table& t);
// One pricing table ([sow.commercials] or a [[sow.commercials.what_if]] entry).
Result<Pricing> ReadPricing(const Reader& r, const toml::table& t, std::string_view where);

}  // namespace cx::contracts_internal
