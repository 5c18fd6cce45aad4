#include "engine/string_column.h"

#include <algorithm>
#include <numeric>

namespace cx {

uint32_t StringDict::Intern(std::string_view s) {
  auto it = ids_.find(s);
  if (it != ids_.end()) return it->second;
  const uint32_t id = static_cast<uint32_t>(values_.size());
  values_.emplace_back(s);
  ids_.emplace(std::string(s), id);
  return id;
}

uint32_t StringDict::Find(std::string_view s) const {
  auto it = ids_.find(s);
  return it == ids_.end() ? kNoId : it->second;
}

std::vector<uint32_t> StringDict::SortByValue() {
  std::vector<uint32_t> order(values_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return values_[a] < values_[b]; });
  std::vector<uint32_t> remap(values_.size());
  std::vector<std::string> sorted(values_.size());
  for (uint32_t n = 0; n < order.size(); ++n) {
    remap[order[n]] = n;
    sorted[n] = std::move(values_[order[n]]);
  }
  values_ = std::move(sorted);
  for (auto& [text, id] : ids_) id = remap[id];
  return remap;
}

}  // namespace cx
