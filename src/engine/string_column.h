// Columns of strings for the engine: a StringDict maps each distinct text to a dense id (for
// low-cardinality columns such as partner, reason, customer), a StringColumn stores one text
// per row back to back (for contact ids, which never change once a row exists).
// Thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cx {

inline constexpr uint32_t kNoId = UINT32_MAX;  // A missing value in a dictionary column.

class StringDict {
 public:
  uint32_t Intern(std::string_view s);
  // The id of `s`, or kNoId.
  uint32_t Find(std::string_view s) const;
  const std::string& operator[](uint32_t id) const { return values_[id]; }
  size_t size() const { return values_.size(); }
  // Renumbers ids so that they follow byte order of the texts; returns old id -> new id.
  std::vector<uint32_t> SortByValue();

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> values_;
};

class StringColumn {
 public:
  void Append(std::string_view s) {
    data_.append(s);
    ends_.push_back(data_.size());
  }
  std::string_view operator[](size_t row) const {
    const size_t begin = row == 0 ? 0 : ends_[row - 1];
    return std::string_view(data_).substr(begin, ends_[row] - begin);
  }
  size_t size() const { return ends_.size(); }

 private:
  std::string data_;
  std::vector<uint64_t> ends_;
};

}  // namespace cx
