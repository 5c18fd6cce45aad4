#include "ingest/key_index.h"

#include <sodium.h>

#include <cstring>
#include <string>

namespace cx {

KeyHash HashKey(const KindSpec& spec, const std::vector<Value>& row) {
  static const unsigned char kKey[crypto_shorthash_siphashx24_KEYBYTES] = {'k', 'e', 'y'};
  std::string buf;
  for (int k : spec.key) {
    const Value& v = row[k];
    buf.push_back(static_cast<char>(v.tag));
    if (v.tag == Value::Tag::kText) {
      uint32_t len = static_cast<uint32_t>(v.s.size());
      buf.append(reinterpret_cast<const char*>(&len), sizeof len);
      buf.append(v.s);
    } else {
      buf.append(reinterpret_cast<const char*>(&v.i), sizeof v.i);
      buf.append(reinterpret_cast<const char*>(&v.d), sizeof v.d);
    }
  }
  KeyHash h;
  unsigned char out[crypto_shorthash_siphashx24_BYTES];
  crypto_shorthash_siphashx24(out, reinterpret_cast<const unsigned char*>(buf.data()), buf.size(),
                              kKey);
  std::memcpy(&h.lo, out, 8);
  std::memcpy(&h.hi, out + 8, 8);
  return h;
}

void KeyIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.record < 0) continue;
    size_t i = s.key.lo & mask;
    while (slots_[i].record >= 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

int64_t KeyIndex::Offer(const KeyHash& key, int64_t record, int64_t version) {
  if ((used_ + 1) * 10 > slots_.size() * 7) Grow();
  const size_t mask = slots_.size() - 1;
  size_t i = key.lo & mask;
  for (;;) {
    Slot& s = slots_[i];
    if (s.record < 0) {
      s = Slot{key, record, version};
      ++used_;
      return -1;
    }
    if (s.key == key) {
      if (version < s.version) return record;  // An older version loses to the stored one.
      int64_t loser = s.record;
      s.record = record;
      s.version = version;
      return loser;
    }
    i = (i + 1) & mask;
  }
}

}  // namespace cx
