#include "ranking/stack_rank.h"

#include <gtest/gtest.h>

namespace cx {
namespace {

TEST(StackRankTest, PartnersWithinNoiseShareARank) {
  // a 80% and b 78% of 500: z ~ 0.78, not significant -> tied. c 60% of 500 differs from a.
  auto r = StackRank({{"c", 300, 500}, {"b", 390, 500}, {"a", 400, 500}}, true);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].name, "a");
  EXPECT_EQ(r[0].rank, 1);
  EXPECT_EQ(r[1].name, "b");
  EXPECT_EQ(r[1].rank, 1);
  EXPECT_EQ(r[1].tied_with, "a");
  EXPECT_GT(r[1].p_value, 0.05);
  EXPECT_EQ(r[2].name, "c");
  EXPECT_EQ(r[2].rank, 3);  // Competition ranking: two partners above it.
  EXPECT_TRUE(r[2].tied_with.empty());
}

TEST(StackRankTest, LowerIsBetterAndEmptyPartnersLeftOut) {
  auto r = StackRank({{"x", 50, 1000}, {"y", 150, 1000}, {"none", 0, 0}}, false);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].name, "x");
  EXPECT_EQ(r[1].rank, 2);
}

TEST(StackRankTest, SmallSamplesTieEvenWithLargeGaps) {
  // 9/10 against 5/10: 40 points apart but p ~ 0.05: not significant at 5%.
  auto r = StackRank({{"p", 9, 10}, {"q", 5, 10}}, true);
  EXPECT_EQ(r[1].rank, 1);
}

}  // namespace
}  // namespace cx
