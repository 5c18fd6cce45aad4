#include "contracts/toml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "contracts/money.h"

namespace cx::contracts_internal {

Status Reader::Date(const toml::table& t, std::string_view key, CivilDay* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  if (auto d = n->value<toml::date>()) {
    if (IsValidDate(d->year, d->month, d->day)) {
      *out = CivilDay::FromYmd(d->year, d->month, d->day);
      return Status::Ok();
    }
  } else if (auto s = n->value<std::string>()) {
    if (auto day = CivilDay::Parse(*s)) {
      *out = *day;
      return Status::Ok();
    }
  }
  return Error(*n, fmt::format("{} must be a date YYYY-MM-DD", key));
}

Status Reader::Percent(const toml::table& t, std::string_view key, double max_percent,
                       int64_t* out_bp) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<double>();
  auto bp = v ? ToFixed(*v, 2) : std::nullopt;
  if (!bp || *v < 0 || *v > max_percent) {
    return Error(*n, fmt::format("{} must be a percentage from 0 to {} with at most 2 decimals",
                                 key, max_percent));
  }
  *out_bp = *bp;
  return Status::Ok();
}

Status Reader::Amount(const toml::table& t, std::string_view key, int64_t* out_cents) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<double>();
  auto cents = v ? ToFixed(*v, 2) : std::nullopt;
  if (!cents || *cents < 0) {
    return Error(*n, fmt::format("{} must be a non-negative amount with at most 2 decimals", key));
  }
  *out_cents = *cents;
  return Status::Ok();
}

Status Reader::Price(const toml::table& t, std::string_view key, int64_t* out_micros) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<double>();
  auto micros = v ? ToFixed(*v, 6) : std::nullopt;
  if (!micros || *micros < 0) {
    return Error(*n, fmt::format("{} must be a non-negative price with at most 6 decimals", key));
  }
  *out_micros = *micros;
  return Status::Ok();
}

Result<const MetricInfo*> Reader::KpiMetric(const toml::table& t, std::string_view key,
                                            std::string_view where) const {
  ASSIGN_OR_RETURN(const toml::node* n, Required(t, key, where));
  auto name = n->value<std::string>();
  if (!name) return Error(*n, fmt::format("{} must be a metric name", key));
  const MetricInfo* m = FindMetric(*name);
  if (!m) {
    return Error(*n, fmt::format("unknown metric '{}' (see docs/contracts.md for the list)", *name));
  }
  if (!IsKpiMetric(*m)) {
    return Error(*n, fmt::format("metric '{}' is a {} and cannot carry a target", *name,
                                 m->scale == MetricScale::kCount ? "volume" : "statistic"));
  }
  return m;
}

Status Reader::OnScale(const toml::table& t, std::string_view key, const MetricInfo& m,
                       double* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<double>();
  const ScaleBounds b = BoundsOf(m.scale);
  if (!v || !std::isfinite(*v) || *v < b.low || *v > b.high) {
    return Error(*n, fmt::format("{} of {} must be {}", key, m.name, b.what));
  }
  *out = *v;
  return Status::Ok();
}

}  // namespace cx::contracts_internal
