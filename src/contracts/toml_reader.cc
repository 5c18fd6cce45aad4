#include "contracts/toml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "contracts/money.h"

namespace cx::contracts_internal {

Status Reader::Error(const toml::node& n, std::string_view what) const {
  return InvalidArgument("{}:{}: {}", file_, n.source().begin.line, what);
}

Status Reader::OnlyKeys(const toml::table& t, std::initializer_list<std::string_view> known,
                        std::string_view where) const {
  for (const auto& [key, node] : t) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      return Error(node, fmt::format("unknown key '{}{}'", where, key.str()));
    }
  }
  return Status::Ok();
}

Result<const toml::node*> Reader::Required(const toml::table& t, std::string_view key,
                                           std::string_view where) const {
  const toml::node* n = t.get(key);
  if (!n) return Error(t, fmt::format("{} needs '{}'", where, key));
  return n;
}

Status Reader::String(const toml::table& t, std::string_view key, std::string* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<std::string>();
  if (!v) return Error(*n, fmt::format("{} must be text", key));
  *out = *v;
  return Status::Ok();
}

Status Reader::Bool(const toml::table& t, std::string_view key, bool* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<bool>();
  if (!v) return Error(*n, fmt::format("{} must be true or false", key));
  *out = *v;
  return Status::Ok();
}

Status Reader::Int(const toml::table& t, std::string_view key, int64_t min, int64_t max,
                   int64_t* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->is_integer() ? n->value<int64_t>() : std::nullopt;
  if (!v || *v < min || *v > max) {
    return Error(*n, fmt::format("{} must be a whole number from {} to {}", key, min, max));
  }
  *out = *v;
  return Status::Ok();
}

Status Reader::Int(const toml::table& t, std::string_view key, int min, int max, int* out) const {
  int64_t v = *out;
  RETURN_IF_ERROR(Int(t, key, int64_t{min}, int64_t{max}, &v));
  *out = static_cast<int>(v);
  return Status::Ok();
}

Status Reader::Number(const toml::table& t, std::string_view key, double min, double max,
                      double* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<double>();
  if (!v || !std::isfinite(*v) || *v < min || *v > max) {
    std::string range = std::isinf(max) ? fmt::format(">= {}", min)
                                        : fmt::format("from {} to {}", min, max);
    return Error(*n, fmt::format("{} must be a number {}", key, range));
  }
  *out = *v;
  return Status::Ok();
}

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

Status Reader::StringList(const toml::table& t, std::string_view key,
                          std::vector<std::string>* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  const toml::array* a = n->as_array();
  if (!a) return Error(*n, fmt::format("{} must be a list of texts", key));
  out->clear();
  for (const toml::node& e : *a) {
    auto s = e.value<std::string>();
    if (!s) return Error(e, fmt::format("{} must be a list of texts", key));
    out->push_back(*s);
  }
  return Status::Ok();
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

Result<std::vector<const toml::table*>> Reader::Tables(const toml::table& t,
                                                       std::string_view key) const {
  std::vector<const toml::table*> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (a && a->empty()) return out;
  if (!a || !a->is_array_of_tables()) {
    return Error(*n, fmt::format("'{}' must be a list of tables ([[{}]])", key, key));
  }
  for (const toml::node& e : *a) out.push_back(e.as_table());
  return out;
}

}  // namespace cx::contracts_internal
