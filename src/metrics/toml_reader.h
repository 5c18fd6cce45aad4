// Typed reads of toml++ nodes whose failures name the file and the line (toml++ source
// regions): what every TOML reader of cxpact shares (the metric settings, contracts, the
// allocation rule). Each Read leaves *out as it was when the key is absent, so that a caller's
// default stands. Thread-compatible.
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace cx {

class TomlReader {
 public:
  // `key_prefix` goes before every key a message names ("allocation." for the keys of an
  // [allocation] table), so that the reader of a nested table points at the key in full.
  explicit TomlReader(std::string_view file, std::string key_prefix = {})
      : file_(file), prefix_(std::move(key_prefix)) {}
  std::string_view file() const { return file_; }
  // `key` as messages name it: with the prefix.
  std::string Key(std::string_view key) const { return prefix_ + std::string(key); }

  // InvalidArgument "FILE:LINE: what".
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
  // A finite number in [min, max].
  Status Number(const toml::table& t, std::string_view key, double min, double max,
                double* out) const;
  Status StringList(const toml::table& t, std::string_view key,
                    std::vector<std::string>* out) const;
  // One of the names of `choices`, as its value.
  template <typename E>
  Status Choice(const toml::table& t, std::string_view key,
                std::initializer_list<std::pair<std::string_view, E>> choices, E* out) const;

  // An array of tables at t[key] (absent: empty); anything else is an error.
  Result<std::vector<const toml::table*>> Tables(const toml::table& t, std::string_view key) const;

 private:
  std::string_view file_;
  std::string prefix_;
};

inline constexpr double kTomlNoLimit = std::numeric_limits<double>::infinity();

template <typename E>
Status TomlReader::Choice(const toml::table& t, std::string_view key,
                          std::initializer_list<std::pair<std::string_view, E>> choices,
                          E* out) const {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto s = n->value<std::string>();
  std::string list;
  for (const auto& [name, value] : choices) {
    if (s && *s == name) {
      *out = value;
      return Status::Ok();
    }
    list += (list.empty() ? "" : ", ") + std::string(name);
  }
  return Error(*n, Key(key) + " must be one of " + list);
}

}  // namespace cx
