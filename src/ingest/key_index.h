// Remembers, for each key of one file, which record holds its winning version, so that only
// that record is written (golden rule 9: among valid rows with the same key the last wins; with
// a version column the newest wins, ties to the later). Keys are held as 128-bit hashes
// (SipHash-x-2-4): two different keys of a file collide with probability ~n^2/2^129.
// Open addressing with linear probing in one huge-page-backed block, because on a 10M-row file
// the table is hundreds of MB and every probe is a random access (TLB misses dominate with 4 KiB
// pages). Thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "io/validate.h"

namespace cx {

struct KeyHash {
  uint64_t lo = 0, hi = 0;
  bool operator==(const KeyHash&) const = default;
};

KeyHash HashKey(const KindSpec& spec, const std::vector<Value>& row);

class KeyIndex {
 public:
  KeyIndex() = default;
  KeyIndex(const KeyIndex&) = delete;
  KeyIndex& operator=(const KeyIndex&) = delete;
  ~KeyIndex();

  // Offers record `record` (0-based within the file) with `version` for `key`. Returns the
  // record that loses: the previous winner when the new one wins, `record` itself when it
  // loses, or -1 when the key is new.
  int64_t Offer(const KeyHash& key, int64_t record, int64_t version);
  // Sizes the table for about `keys` keys up front, so a large file does not rehash as it grows.
  void Reserve(size_t keys);
  size_t size() const { return used_; }

 private:
  struct Slot {
    KeyHash key;
    int64_t record_plus_one;  // 0 = empty (fresh pages are zero).
    int64_t version;
  };
  void Rehash(size_t slots);  // A power of two.

  Slot* slots_ = nullptr;
  size_t capacity_ = 0;
  size_t bytes_ = 0;
  size_t used_ = 0;
};

}  // namespace cx
