// An open-addressing hash index from keys to dense row numbers that stores only a 32-bit tag
// and the row: the key itself lives in the caller's columns, and the caller's `equal(row)`
// confirms a match, so lookups are exact without keeping a second copy of every key. A key's
// home slot is taken from the top bits of its hash, and the tag is the top 32 bits, so the
// index can grow without seeing the keys again. Linear probing, power-of-two capacity, grows
// at 70% load; 8 bytes a slot. Thread-compatible.
#pragma once

#include <bit>
#include <cstdint>
#include <functional>
#include <string_view>

#include "engine/column.h"

namespace cx {

class FlatIndex {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  // The row whose key hashes to `hash` and satisfies `equal(row)`, or kAbsent.
  template <typename Equal>
  uint32_t Find(uint64_t hash, const Equal& equal) const {
    if (slots_.empty()) return kAbsent;
    const uint32_t tag = Tag(hash);
    for (size_t i = Home(tag);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.row == kAbsent) return kAbsent;
      if (s.tag == tag && equal(s.row)) return s.row;
    }
  }

  // Finds the key, or inserts `new_row` for it. Returns the row and whether it was inserted.
  template <typename Equal>
  std::pair<uint32_t, bool> FindOrInsert(uint64_t hash, uint32_t new_row, const Equal& equal) {
    if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
    const uint32_t tag = Tag(hash);
    for (size_t i = Home(tag);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.row == kAbsent) {
        s = Slot{tag, new_row};
        ++size_;
        return {new_row, true};
      }
      if (s.tag == tag && equal(s.row)) return {s.row, false};
    }
  }

  // Starts loading the home slot of `hash` into the cache, so that a FindOrInsert of it a
  // few hundred rows later does not wait for memory (loads hash their keys a batch ahead).
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(Tag(hash))], 1);
  }

  // The first row, probing from the home slot of `hash`, whose tag matches, or kAbsent: a
  // guess, not a lookup (no equality check; at most kGuessProbes slots, most often within
  // the home slot's cache line), for prefetching what a later FindOrInsert's `equal` will
  // read. Cheap once Prefetch(hash) has loaded the slot. (It used to read the home slot only,
  // and at 70% load linear probing leaves many keys past it.)
  uint32_t Guess(uint64_t hash) const {
    if (slots_.empty()) return kAbsent;
    const uint32_t tag = Tag(hash);
    size_t i = Home(tag);
    for (int probe = 0; probe < kGuessProbes; ++probe, i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.row == kAbsent) return kAbsent;
      if (s.tag == tag) return s.row;
    }
    return kAbsent;
  }

  void Reserve(size_t keys);
  size_t size() const { return size_; }

 private:
  static constexpr int kGuessProbes = 8;
  struct Slot {
    uint32_t tag = 0;
    uint32_t row = kAbsent;
  };
  static uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }
  size_t Home(uint32_t tag) const { return static_cast<size_t>(tag) >> shift_; }

  void Grow() { Rehash(slots_.empty() ? 64 : slots_.size() * 2); }
  void Rehash(size_t capacity);

  Column<Slot> slots_;
  size_t mask_ = 0;
  int shift_ = 32;  // 32 - log2(capacity): Home = tag >> shift_.
  size_t size_ = 0;
};

// The hash the engine's indexes use: XXH3 (xxHash, Debian's libxxhash-dev), well mixed in
// every bit. A load hashes six texts per contact; libstdc++'s std::hash (Murmur) was 3% of a
// 10M load. Never stored: only in-memory indexes use it. Out of line, with xxHash inlined into
// it in flat_index.cc only: xxHash's inline mode makes its functions file-local, which an
// inline function of this header may not call.
uint64_t HashText(std::string_view s);
inline uint64_t HashCombine(uint64_t h, uint64_t v) {
  return h ^ (v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2));
}

}  // namespace cx
