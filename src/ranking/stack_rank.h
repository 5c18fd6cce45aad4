// A stack rank of partners on one rate in which partners whose difference is not statistically
// significant share a rank (metrics.md "Proportions, intervals, ranking"). Pure; thread-safe.
//
// Partners are sorted best first. Each tie group is led by its best partner; the next partner
// joins the group unless a two-proportion test at `alpha` says it differs from the leader, in
// which case it starts a new group. Ranks are competition ranks (1, 1, 3): a group's rank is
// one more than the number of partners above it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cx {

struct RankInput {
  std::string name;
  int64_t successes = 0, n = 0;
};

struct RankedEntry {
  std::string name;
  int64_t successes = 0, n = 0;
  double rate = 0;
  int rank = 0;
  std::string tied_with = {};  // The group's leader when this entry shares its rank.
  double p_value = 1;          // Against the group leader (1 for a leader).
};

// `higher_is_better` false for rates like abandon_rate or repeat_rate. Entries with n == 0
// cannot be ranked and are left out.
std::vector<RankedEntry> StackRank(const std::vector<RankInput>& inputs, bool higher_is_better,
                                   double alpha = 0.05);

}  // namespace cx
