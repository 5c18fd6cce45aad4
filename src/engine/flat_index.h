// An open-addressing hash index from keys to dense row numbers that stores only (hash, row):
// the key itself lives in the caller's columns, and the caller's `equal(row)` confirms a
// match, so lookups are exact without keeping a second copy of every key. Linear probing,
// power-of-two capacity, grows at 70% load. Thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "engine/column.h"

namespace cx {

class FlatIndex {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  // The row whose key hashes to `hash` and satisfies `equal(row)`, or kAbsent.
  template <typename Equal>
  uint32_t Find(uint64_t hash, const Equal& equal) const {
    if (slots_.empty()) return kAbsent;
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.row == kAbsent) return kAbsent;
      if (s.hash == hash && equal(s.row)) return s.row;
    }
  }

  // Finds the key, or inserts `new_row` for it. Returns the row and whether it was inserted.
  template <typename Equal>
  std::pair<uint32_t, bool> FindOrInsert(uint64_t hash, uint32_t new_row, const Equal& equal) {
    if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.row == kAbsent) {
        s = Slot{hash, new_row};
        ++size_;
        return {new_row, true};
      }
      if (s.hash == hash && equal(s.row)) return {s.row, false};
    }
  }

  void Reserve(size_t keys);
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t row = kAbsent;
  };
  void Grow() { Rehash(slots_.empty() ? 64 : slots_.size() * 2); }
  void Rehash(size_t capacity);

  Column<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// The hash the engine's indexes use: the standard library's string hash (Murmur-based in
// libstdc++, well spread in the low bits that linear probing uses).
inline uint64_t HashText(std::string_view s) { return std::hash<std::string_view>{}(s); }
inline uint64_t HashCombine(uint64_t h, uint64_t v) {
  return h ^ (v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2));
}

}  // namespace cx
