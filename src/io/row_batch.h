// Validated rows copied out of a reader's buffers in batches, so that one thread can parse
// while another consumes (the ingest pipeline, the score loader). Text values are copied into
// the batch's arena. Thread-compatible; hand a batch from thread to thread whole.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/validate.h"

namespace cx {

struct RowBatch {
  static constexpr size_t kRows = 4096;
  std::string arena;          // Text values, back to back.
  std::vector<Value> values;  // Fields per row, row after row; text holds its arena offset in i.
  std::vector<int64_t> records, versions;
  std::vector<uint64_t> fingerprints;

  void Clear();
  size_t size() const { return records.size(); }
  void Add(const std::vector<Value>& row, uint64_t fingerprint, int64_t version, int64_t record);
  // Row r with its text values pointing into the arena again.
  void Row(size_t r, size_t fields, std::vector<Value>* out) const;
  // One field of row r, like Row(r)[field].
  Value At(size_t r, size_t fields, size_t field) const {
    Value v = values[r * fields + field];
    if (v.tag == Value::Tag::kText) v.s = std::string_view(arena.data() + v.i, v.s.size());
    return v;
  }
};

}  // namespace cx
