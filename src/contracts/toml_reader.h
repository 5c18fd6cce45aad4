// Internal to the contracts layer: typed reads of toml++ nodes whose failures name the file
// and the line (toml++ source regions), shared by contract_reader.cc and sow_reader.cc.
// Thread-compatible.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "base/status.h"
#include "calendar/civil_day.h"
#include "contracts/contract.h"

namespace cx::contracts_internal {

class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}
  std::string_view file() const { return file_; }

  Status Error(const toml::node& n, std::string_view what) const;
  // Every key of `t` must be one of `known`; `where` prefixes the key in the message.
  Status OnlyKeys(const toml::table& t, std::initializer_list<std::string_view> known,
                  std::string_view where) const;
  // A key that must be present.
  Result<const toml::node*> Required(const toml::table& t, std::string_view key,
                                     std::string_view where) const;

  // Each reads t[key] into *out when present; a wrong type or range is an error.
  Status String(const toml::table& t, std::string_view key, std::string* out) const;
  Status Bool(const toml::table& t, std::string_view key, bool* out) const;
  Status Int(const toml::table& t, std::string_view key, int64_t min, int64_t max,
             int64_t* out) const;
  Status Int(const toml::table& t, std::string_view key, int min, int max, int* out) const;
  Status Number(const toml::table& t, std::string_view key, double min, double max,
                double* out) const;
  // A TOML date (2026-01-01) or a string "2026-01-01".
  Status Date(const toml::table& t, std::string_view key, CivilDay* out) const;
  Status StringList(const toml::table& t, std::string_view key,
                    std::vector<std::string>* out) const;
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

  // An array of tables at t[key] (absent: empty); anything else is an error.
  Result<std::vector<const toml::table*>> Tables(const toml::table& t, std::string_view key) const;

 private:
  std::string_view file_;
};

// The line of a node, for the `line` fields of contract structs.
inline int LineOf(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

// sow_reader.cc: one [[sow]] table.
Result<SowVersion> ReadSow(const Reader& r, const toml::table& t);
// One pricing table ([sow.commercials] or a [[sow.commercials.what_if]] entry).
Result<Pricing> ReadPricing(const Reader& r, const toml::table& t, std::string_view where);

}  // namespace cx::contracts_internal
