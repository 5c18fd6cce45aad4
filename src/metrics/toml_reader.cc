#include "metrics/toml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace cx {

Status TomlReader::Error(const toml::node& n, std::string_view what) const {
  return InvalidArgument("{}:{}: {}", file_, n.source().begin.line, what);
}

Status TomlReader::OnlyKeys(const toml::table& t, std::initializer_list<std::string_view> known,
                            std::string_view where) const {
  for (const auto& [key, node] : t) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      return Error(node, fmt::format("unknown key '{}{}'", where, key.str()));
    }
  }
  return Status::Ok();
}

Result<const toml::node*> TomlReader::Required(const toml::table& t, std::string_view key,
                                               std::string_view where) const {
  const toml::node* n = t.get(key);
  if (!n) return Error(t, fmt::format("{} needs '{}'", where, key));
  return n;
}

Status TomlReader::String(const toml::table& t, std::string_view key, std::string* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<std::string>();
  if (!v) return Error(*n, fmt::format("{} must be text", Key(key)));
  *out = *v;
  return Status::Ok();
}

Status TomlReader::Bool(const toml::table& t, std::string_view key, bool* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<bool>();
  if (!v) return Error(*n, fmt::format("{} must be true or false", Key(key)));
  *out = *v;
  return Status::Ok();
}

Status TomlReader::Int(const toml::table& t, std::string_view key, int64_t min, int64_t max,
                       int64_t* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->is_integer() ? n->value<int64_t>() : std::nullopt;
  if (!v || *v < min || *v > max) {
    return Error(*n, fmt::format("{} must be a whole number from {} to {}", Key(key), min, max));
  }
  *out = *v;
  return Status::Ok();
}

Status TomlReader::Int(const toml::table& t, std::string_view key, int min, int max,
                       int* out) const {
  int64_t v = *out;
  RETURN_IF_ERROR(Int(t, key, int64_t{min}, int64_t{max}, &v));
  *out = static_cast<int>(v);
  return Status::Ok();
}

Status TomlReader::Number(const toml::table& t, std::string_view key, double min, double max,
                          double* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<double>();
  if (!v || !std::isfinite(*v) || *v < min || *v > max) {
    std::string range =
        std::isinf(max) ? fmt::format(">= {}", min) : fmt::format("from {} to {}", min, max);
    return Error(*n, fmt::format("{} must be a number {}", Key(key), range));
  }
  *out = *v;
  return Status::Ok();
}

Status TomlReader::StringList(const toml::table& t, std::string_view key,
                              std::vector<std::string>* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  const toml::array* a = n->as_array();
  if (!a) return Error(*n, fmt::format("{} must be a list of texts", Key(key)));
  out->clear();
  for (const toml::node& e : *a) {
    auto s = e.value<std::string>();
    if (!s) return Error(e, fmt::format("{} must be a list of texts", Key(key)));
    out->push_back(*s);
  }
  return Status::Ok();
}

Result<std::vector<const toml::table*>> TomlReader::Tables(const toml::table& t,
                                                           std::string_view key) const {
  std::vector<const toml::table*> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (a && a->empty()) return out;
  if (!a || !a->is_array_of_tables()) {
    return Error(*n, fmt::format("'{}' must be a list of tables ([[{}]])", Key(key), Key(key)));
  }
  for (const toml::node& e : *a) out.push_back(e.as_table());
  return out;
}

}  // namespace cx
