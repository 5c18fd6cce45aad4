#include "ranking/stack_rank.h"

#include <algorithm>

#include "engine/stats.h"

namespace cx {

std::vector<RankedEntry> StackRank(const std::vector<RankInput>& inputs, bool higher_is_better,
                                   double alpha) {
  std::vector<RankedEntry> out;
  for (const RankInput& in : inputs) {
    if (in.n <= 0) continue;
    out.push_back({in.name, in.successes, in.n, static_cast<double>(in.successes) / in.n});
  }
  std::stable_sort(out.begin(), out.end(), [&](const RankedEntry& a, const RankedEntry& b) {
    if (a.rate != b.rate) return higher_is_better ? a.rate > b.rate : a.rate < b.rate;
    return a.name < b.name;
  });
  size_t leader = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i > 0) {
      const RankedEntry& l = out[leader];
      const ProportionTest t = TwoProportionTest(l.successes, l.n, out[i].successes, out[i].n, alpha);
      out[i].p_value = t.p_value;
      if (t.significant) {
        leader = i;
        out[i].p_value = 1;
      } else {
        out[i].tied_with = l.name;
      }
    }
    out[i].rank = static_cast<int>(leader) + 1;
  }
  return out;
}

}  // namespace cx
