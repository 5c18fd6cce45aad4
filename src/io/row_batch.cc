#include "io/row_batch.h"

namespace cx {

void RowBatch::Clear() {
  arena.clear();
  values.clear();
  records.clear();
  versions.clear();
  fingerprints.clear();
}

void RowBatch::Add(const std::vector<Value>& row, uint64_t fingerprint, int64_t version,
                   int64_t record) {
  for (const Value& v : row) {
    Value copy = v;
    if (v.tag == Value::Tag::kText) {
      copy.i = static_cast<int64_t>(arena.size());
      copy.s = std::string_view(nullptr, v.s.size());
      arena.append(v.s);
    }
    values.push_back(copy);
  }
  fingerprints.push_back(fingerprint);
  versions.push_back(version);
  records.push_back(record);
}

void RowBatch::Row(size_t r, size_t fields, std::vector<Value>* out) const {
  out->assign(values.begin() + r * fields, values.begin() + (r + 1) * fields);
  for (Value& v : *out) {
    if (v.tag == Value::Tag::kText) v.s = std::string_view(arena.data() + v.i, v.s.size());
  }
}

}  // namespace cx
