// Decides, for each key of one file, which record holds its winning version, so that only
// that record is written (golden rule 9: among valid rows with the same key the last wins; with
// a version column the newest wins, ties to the later). Keys are held as 128-bit hashes
// (SipHash-x-2-4): two different keys of a file collide with probability ~n^2/2^129.
//
// Radix-partitioned: Add appends entries to one of 1024 partitions by hash (sequential writes),
// and Resolve settles each partition in a small table that stays in cache. A single table over
// 10M keys spent most of its time on cache and TLB misses (bench/README.md).
// Thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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
  KeyIndex();

  // Expects about `keys` entries (sizes the partitions; optional).
  void Reserve(size_t keys);
  // Records that `record` (0-based, increasing from call to call) holds `key` at `version`.
  void Add(const KeyHash& key, int64_t record, int64_t version);
  // Calls `lose` for every record beaten by another record of its key; returns how many.
  int64_t Resolve(const std::function<void(int64_t record)>& lose);

 private:
  static constexpr int kPartitionBits = 10;
  struct Entry {
    KeyHash key;
    int64_t record;
    int64_t version;
  };
  std::vector<std::vector<Entry>> partitions_;
};

}  // namespace cx
