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

KeyIndex::KeyIndex() : partitions_(size_t{1} << kPartitionBits) {}

void KeyIndex::Reserve(size_t keys) {
  const size_t per = keys / partitions_.size() + keys / partitions_.size() / 8 + 16;
  for (auto& p : partitions_) p.reserve(per);
}

void KeyIndex::Add(const KeyHash& key, int64_t record, int64_t version) {
  partitions_[key.hi >> (64 - kPartitionBits)].push_back(Entry{key, record, version});
}

int64_t KeyIndex::Resolve(const std::function<void(int64_t)>& lose) {
  int64_t losers = 0;
  std::vector<int32_t> table;  // Index into the partition + 1; 0 = empty.
  for (std::vector<Entry>& part : partitions_) {
    size_t slots = 16;
    while (slots * 7 < part.size() * 10) slots *= 2;
    table.assign(slots, 0);
    const size_t mask = slots - 1;
    // Entries are in record order, so "later" is simply "further along".
    for (size_t e = 0; e < part.size(); ++e) {
      const Entry& entry = part[e];
      size_t i = entry.key.lo & mask;
      for (;;) {
        int32_t& slot = table[i];
        if (slot == 0) {
          slot = static_cast<int32_t>(e + 1);
          break;
        }
        Entry& winner = part[slot - 1];
        if (winner.key == entry.key) {
          ++losers;
          if (entry.version < winner.version) {
            lose(entry.record);  // An older version loses to the one already seen.
          } else {
            lose(winner.record);
            slot = static_cast<int32_t>(e + 1);
          }
          break;
        }
        i = (i + 1) & mask;
      }
    }
    std::vector<Entry>().swap(part);  // Free as we go.
  }
  return losers;
}

}  // namespace cx
