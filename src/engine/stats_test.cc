#include "engine/stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include <vector>

namespace cx {
namespace {

// R's qnorm(0.975), used by the reference values in shared/vectors/nps_wilson.txt.
constexpr double kZ = 1.959963984540054;

TEST(StatsTest, AQuotientIsTheExactQuotientRoundedOnce) {
  EXPECT_EQ(Quotient(1, 3), 1.0 / 3);
  EXPECT_EQ(Quotient(-7, 2), -3.5);
  // 3 (2^53 + 1) / 3 = 2^53 + 1 exactly, halfway between two doubles: ties to even, 2^53.
  // Converting the numerator first rounds it to 3 (2^53 + 1) + 1, whose third is above the
  // midpoint: 2^53 + 2, the wrong double.
  constexpr int64_t kTwo53 = int64_t{1} << 53;
  EXPECT_EQ(Quotient(3 * (kTwo53 + 1), 3), static_cast<double>(kTwo53));
  EXPECT_EQ(Quotient(-3 * (kTwo53 + 1), 3), -static_cast<double>(kTwo53));
  EXPECT_EQ(Quotient(kTwo53 + 1, kTwo53 + 1), 1.0);
}

TEST(StatsTest, WilsonMatchesTheStatsmodelsVectors) {
  struct V { int k, n; double low, high; };
  for (V v : {V{18, 20, 0.6989663547715128, 0.972133518786232},     // W1
              V{4, 20, 0.0806576625797981, 0.4160174322518935},     // W2
              V{4, 200, 0.00780442641634947, 0.05028708690582643},  // W3
              V{190, 200, 0.910421851861224, 0.972617354399236},    // W4
              V{1, 30, 0.005908590, 0.16670391},                    // W5
              V{29, 30, 0.8332961, 0.9940914},                      // W6
              V{0, 30, 0, 0.11351339},                              // W7 (clipped at 0)
              V{30, 30, 0.8864866, 1}}) {                           // W8 (clipped at 1)
    auto w = Wilson(v.k, v.n, kZ);
    ASSERT_TRUE(w);
    EXPECT_NEAR(w->low, v.low, 1e-7) << v.k << "/" << v.n;
    EXPECT_NEAR(w->high, v.high, 1e-7) << v.k << "/" << v.n;
  }
  EXPECT_FALSE(Wilson(0, 0));
}

TEST(StatsTest, NpsMarginMatchesTheTalkstatsExample) {
  // N1: n = 1162, 291 promoters, 395 detractors: NPS -8.95, 95% margin 4.39 points.
  auto m = NpsMargin(291, 395, 1162);
  ASSERT_TRUE(m);
  EXPECT_NEAR(*m, 4.39, 0.005);
  // p = d = 1/3: the 95% interval is ~320/sqrt(n) wide, so the margin ~160/sqrt(n).
  EXPECT_NEAR(*NpsMargin(100, 100, 300) * std::sqrt(300.0), 160.03, 0.01);
}

TEST(StatsTest, PercentileInterpolatesBetweenClosestRanks) {
  std::vector<double> x = {1, 2, 4, 8};
  EXPECT_DOUBLE_EQ(*Percentile(x, 0.5), 3);    // position 1.5
  EXPECT_DOUBLE_EQ(*Percentile(x, 0.9), 6.8);  // position 2.7: 4 + 0.7 * 4
  EXPECT_DOUBLE_EQ(*Percentile(x, 0), 1);
  EXPECT_DOUBLE_EQ(*Percentile(x, 1), 8);
  std::vector<double> one = {5};
  EXPECT_DOUBLE_EQ(*Percentile(one, 0.9), 5);
  EXPECT_FALSE(Percentile({}, 0.5));
}

TEST(StatsTest, SelectPercentileEqualsPercentileOfTheSortedValues) {
  std::mt19937 rng(7);
  for (size_t n : {1, 2, 3, 10, 101, 1000}) {
    std::vector<double> x(n);
    // Few distinct values, so ties sit at the selected positions.
    for (double& v : x) v = static_cast<double>(rng() % 17) / 4;
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    for (double q : {0.0, 0.1, 0.5, 0.9, 0.99, 1.0}) {
      std::vector<double> scratch = x;  // Reordered by each selection, as in EmitCell.
      EXPECT_EQ(*SelectPercentile(scratch, q), *Percentile(sorted, q)) << n << " " << q;
      EXPECT_EQ(*SelectPercentile(scratch, q), *Percentile(sorted, q)) << "again " << n;
    }
  }
  std::vector<double> none;
  EXPECT_FALSE(SelectPercentile(none, 0.5));
}

TEST(StatsTest, TwoProportionTest) {
  // 60/100 against 40/100: pooled 0.5, se = sqrt(0.25 * 0.02) = 0.0707, z = 2.828, p = 0.0047.
  auto t = TwoProportionTest(60, 100, 40, 100);
  EXPECT_NEAR(t.z, 2.8284, 1e-4);
  EXPECT_NEAR(t.p_value, 0.00468, 1e-5);
  EXPECT_TRUE(t.significant);
  auto same = TwoProportionTest(52, 100, 48, 100);
  EXPECT_FALSE(same.significant);
  EXPECT_FALSE(TwoProportionTest(0, 10, 0, 10).significant);
}

TEST(StatsTest, NormalQuantile) {
  EXPECT_NEAR(NormalQuantileTwoSided(0.95), kZ, 1e-9);
  EXPECT_NEAR(NormalQuantileTwoSided(0.90), 1.644854, 1e-6);
}

}  // namespace
}  // namespace cx
