#include "engine/flat_index.h"

namespace cx {

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
