#include "ingest/key_index.h"

#include <sodium.h>
#include <sys/mman.h>

#include <new>

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

namespace {

// Zeroed memory from the kernel, asking for transparent huge pages.
void* AllocateZeroed(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  madvise(p, bytes, MADV_HUGEPAGE);
  return p;
}

}  // namespace

KeyIndex::~KeyIndex() {
  if (slots_) munmap(slots_, bytes_);
}

void KeyIndex::Rehash(size_t slots) {
  Slot* old = slots_;
  const size_t old_capacity = capacity_, old_bytes = bytes_;
  bytes_ = slots * sizeof(Slot);
  slots_ = static_cast<Slot*>(AllocateZeroed(bytes_));
  capacity_ = slots;
  const size_t mask = capacity_ - 1;
  for (size_t j = 0; j < old_capacity; ++j) {
    const Slot& s = old[j];
    if (s.record_plus_one == 0) continue;
    size_t i = s.key.lo & mask;
    while (slots_[i].record_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
  if (old) munmap(old, old_bytes);
}

void KeyIndex::Reserve(size_t keys) {
  size_t want = 1024;
  while (want * 7 < keys * 10) want *= 2;
  if (want > capacity_) Rehash(want);
}

int64_t KeyIndex::Offer(const KeyHash& key, int64_t record, int64_t version) {
  if ((used_ + 1) * 10 > capacity_ * 7) Rehash(capacity_ == 0 ? 1024 : capacity_ * 2);
  const size_t mask = capacity_ - 1;
  size_t i = key.lo & mask;
  for (;;) {
    Slot& s = slots_[i];
    if (s.record_plus_one == 0) {
      s = Slot{key, record + 1, version};
      ++used_;
      return -1;
    }
    if (s.key == key) {
      if (version < s.version) return record;  // An older version loses to the stored one.
      int64_t loser = s.record_plus_one - 1;
      s.record_plus_one = record + 1;
      s.version = version;
      return loser;
    }
    i = (i + 1) & mask;
  }
}

}  // namespace cx
