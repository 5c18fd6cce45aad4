// Statistics kernels: exact percentiles, Wilson score intervals, the NPS margin of error and
// the two-proportion z-test, with the formulas of metrics.md and golden-rules.md 29-33.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace cx {

// The double nearest the exact quotient numerator / denominator (denominator != 0): one
// rounding, so that a mean or a pooled rate printed to 6 decimals is the exact one rounded
// (golden rules, "Output"). Both operands are exact doubles while their magnitudes are below
// 2^53; above, long double keeps them exact (64-bit significand), and only a quotient within
// 2^-64 of a double's midpoint could round otherwise.
double Quotient(int64_t numerator, int64_t denominator);

// Linear interpolation between closest ranks at position (n-1)q, 0-based (golden rule 29).
// `sorted` must be sorted ascending; nullopt when empty.
std::optional<double> Percentile(std::span<const double> sorted, double q);
// The same value from unsorted `x` in O(n) (two selections instead of a sort); reorders `x`.
std::optional<double> SelectPercentile(std::span<double> x, double q);

struct Interval {
  double low = 0, high = 0;
};

// Wilson score interval of successes/n at normal quantile z; nullopt when n == 0.
std::optional<Interval> Wilson(int64_t successes, int64_t n, double z = 1.96);

// NPS margin of error in NPS points: 100 z sqrt((p + d - (p - d)^2) / n), with p and d the
// promoter and detractor shares (metrics.md: 196 x sqrt(...) at z = 1.96).
std::optional<double> NpsMargin(int64_t promoters, int64_t detractors, int64_t n,
                                double z = 1.96);

struct ProportionTest {
  double z = 0;        // Positive when the first rate is higher.
  double p_value = 1;  // Two-sided.
  bool significant = false;
};

// Pooled two-proportion z-test of x1/n1 against x2/n2 at two-sided level `alpha`.
ProportionTest TwoProportionTest(int64_t x1, int64_t n1, int64_t x2, int64_t n2,
                                 double alpha = 0.05);

// The normal quantile for a two-sided confidence level (0.95 -> 1.959964).
double NormalQuantileTwoSided(double confidence);

}  // namespace cx
