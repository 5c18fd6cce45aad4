// Remembers, for each key of one file, which record holds its winning version, so that only
// that record is written (golden rule 9: among valid rows with the same key the last wins; with
// a version column the newest wins, ties to the later). Keys are held as 128-bit hashes
// (SipHash-x-2-4): two different keys of a file collide with probability ~n^2/2^129.
// Open addressing; memory ~24 bytes a slot. Thread-compatible.
#pragma once

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
  // Offers record `record` (0-based within the file) with `version` for `key`. Returns the
  // record that loses: the previous winner when the new one wins, `record` itself when it
  // loses, or -1 when the key is new.
  int64_t Offer(const KeyHash& key, int64_t record, int64_t version);
  size_t size() const { return used_; }

 private:
  struct Slot {
    KeyHash key;
    int64_t record = -1;  // -1 = empty.
    int64_t version = 0;
  };
  void Grow();

  std::vector<Slot> slots_;
  size_t used_ = 0;
};

}  // namespace cx
