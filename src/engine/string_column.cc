#include "engine/string_column.h"

#include <algorithm>
#include <numeric>

namespace cx {

std::vector<uint32_t> StringDict::SortByValue() {
  const size_t n = values_.size();
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return values_[a] < values_[b]; });
  std::vector<uint32_t> remap(n);
  StringDict sorted;
  for (uint32_t id : order) remap[id] = sorted.Intern(values_[id]);
  *this = std::move(sorted);
  return remap;
}

}  // namespace cx
