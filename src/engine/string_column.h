// Columns of strings for the engine: a StringDict maps each distinct text to a dense id (for
// low-cardinality columns such as partner, reason, customer), a StringColumn stores one text
// per row back to back (for contact ids, which never change once a row exists). Texts live in
// one arena each, so a million distinct customers cost no million allocations.
// Thread-compatible.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "engine/column.h"
#include "engine/flat_index.h"

namespace cx {

inline constexpr uint32_t kNoId = UINT32_MAX;  // A missing value in a dictionary column.

// a == b, inline for the short texts that keys are (ids of 4 to 16 bytes: two overlapping word
// loads per side), memcmp beyond. libc's memcmp, a call per probe, was ~7% of a 10M load.
inline bool SameText(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const auto word = [](const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  };
  const auto half = [](const char* p) {
    uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
  };
  if (n >= 8 && n <= 16) {
    return word(a.data()) == word(b.data()) && word(a.data() + n - 8) == word(b.data() + n - 8);
  }
  if (n >= 4 && n < 8) {
    return half(a.data()) == half(b.data()) && half(a.data() + n - 4) == half(b.data() + n - 4);
  }
  return n == 0 || std::memcmp(a.data(), b.data(), n) == 0;
}

class StringColumn {
 public:
  void Append(std::string_view s) {
    data_.append(s);
    ends_.push_back(data_.size());
  }
  // Loads where row's text begins (then PrefetchText, a step later, loads the text itself).
  void PrefetchEnd(size_t row) const { __builtin_prefetch(&ends_[row == 0 ? 0 : row - 1]); }
  void PrefetchText(size_t row) const {
    __builtin_prefetch(data_.data() + (row == 0 ? 0 : ends_[row - 1]));
  }
  std::string_view operator[](size_t row) const {
    const size_t begin = row == 0 ? 0 : ends_[row - 1];
    return std::string_view(data_.data() + begin, ends_[row] - begin);
  }
  size_t size() const { return ends_.size(); }
  void Reserve(size_t rows, size_t bytes) {
    ends_.reserve(rows);
    data_.reserve(bytes);
  }

 private:
  std::basic_string<char, std::char_traits<char>, HugePageAllocator<char>> data_;
  Column<uint64_t> ends_;
};

class StringDict {
 public:
  uint32_t Intern(std::string_view s) { return Intern(s, HashText(s)); }
  // Intern with `hash` = HashText(s) computed beforehand (and Prefetch'ed).
  uint32_t Intern(std::string_view s, uint64_t hash) {
    const uint32_t next = static_cast<uint32_t>(values_.size());
    auto [id, inserted] =
        index_.FindOrInsert(hash, next, [&](uint32_t id) { return SameText(values_[id], s); });
    if (inserted) values_.Append(s);
    return id;
  }
  // Intern of many texts waits on three dependent loads each: the index slot, where the
  // text it names begins, the text. A loop of Interns can start them a few rows apart, each
  // once the one before has arrived: Prefetch, PrefetchStart, PrefetchText (engine/tables.cc).
  void Prefetch(uint64_t hash) const { index_.Prefetch(hash); }
  void PrefetchStart(uint64_t hash) const {
    if (const uint32_t id = index_.Guess(hash); id != FlatIndex::kAbsent) values_.PrefetchEnd(id);
  }
  void PrefetchText(uint64_t hash) const {
    if (const uint32_t id = index_.Guess(hash); id != FlatIndex::kAbsent) values_.PrefetchText(id);
  }
  // The id of `s`, or kNoId.
  uint32_t Find(std::string_view s) const {
    return index_.Find(HashText(s), [&](uint32_t id) { return SameText(values_[id], s); });
  }
  std::string_view operator[](uint32_t id) const { return values_[id]; }
  size_t size() const { return values_.size(); }
  // Room for `texts` texts of `bytes` in all, so that neither the index nor the texts move
  // while they are interned (each move copies them into fresh pages).
  void Reserve(size_t texts, size_t bytes) {
    index_.Reserve(texts);
    values_.Reserve(texts, bytes);
  }
  // Renumbers ids so that they follow byte order of the texts; returns old id -> new id.
  std::vector<uint32_t> SortByValue();

 private:
  StringColumn values_;
  FlatIndex index_;
};

}  // namespace cx
