#include "engine/flat_index.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace cx {

uint64_t HashText(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

void FlatIndex::Reserve(size_t keys) {
  size_t capacity = 64;
  while (capacity * 7 < keys * 10) capacity *= 2;
  if (capacity > slots_.size()) Rehash(capacity);
}

void FlatIndex::Rehash(size_t capacity) {
  Column<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  shift_ = 32 - std::countr_zero(capacity);
  for (const Slot& s : old) {
    if (s.row == kAbsent) continue;
    size_t i = Home(s.tag);
    while (slots_[i].row != kAbsent) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

}  // namespace cx
