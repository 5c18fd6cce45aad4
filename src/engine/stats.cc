#include "engine/stats.h"

#include <algorithm>
#include <cmath>

namespace cx {

double Quotient(int64_t numerator, int64_t denominator) {
  constexpr int64_t kExact = int64_t{1} << 53;
  const auto exact = [](int64_t x) { return x > -kExact && x < kExact; };
  if (exact(numerator) && exact(denominator)) {
    return static_cast<double>(numerator) / static_cast<double>(denominator);
  }
  return static_cast<double>(static_cast<long double>(numerator) /
                             static_cast<long double>(denominator));
}

std::optional<double> Percentile(std::span<const double> x, double q) {
  if (x.empty()) return std::nullopt;
  const double p = (static_cast<double>(x.size()) - 1) * q;
  const double lo = std::floor(p);
  const double hi = std::ceil(p);
  const double a = x[static_cast<size_t>(lo)];
  const double b = x[static_cast<size_t>(hi)];
  return a + (b - a) * (p - lo);
}

std::optional<double> SelectPercentile(std::span<double> x, double q) {
  if (x.empty()) return std::nullopt;
  const double p = (static_cast<double>(x.size()) - 1) * q;
  const auto lo = static_cast<size_t>(std::floor(p));
  const auto hi = static_cast<size_t>(std::ceil(p));
  std::nth_element(x.begin(), x.begin() + lo, x.end());
  const double a = x[lo];
  // Everything after position lo is >= a, so the next order statistic is their minimum.
  const double b = hi == lo ? a : *std::min_element(x.begin() + lo + 1, x.end());
  return a + (b - a) * (p - lo);
}

std::optional<Interval> Wilson(int64_t successes, int64_t n, double z) {
  if (n <= 0) return std::nullopt;
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(successes) / nn;
  const double z2 = z * z;
  const double center = p + z2 / (2 * nn);
  const double spread = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  const double denom = 1 + z2 / nn;
  // Clipped to [0, 1]: at 0 or n successes rounding could step just outside.
  return Interval{std::max(0.0, (center - spread) / denom), std::min(1.0, (center + spread) / denom)};
}

std::optional<double> NpsMargin(int64_t promoters, int64_t detractors, int64_t n, double z) {
  if (n <= 0) return std::nullopt;
  const double nn = static_cast<double>(n);
  const double p = promoters / nn, d = detractors / nn;
  return 100 * z * std::sqrt((p + d - (p - d) * (p - d)) / nn);
}

ProportionTest TwoProportionTest(int64_t x1, int64_t n1, int64_t x2, int64_t n2, double alpha) {
  ProportionTest t;
  if (n1 <= 0 || n2 <= 0) return t;
  const double p1 = static_cast<double>(x1) / n1, p2 = static_cast<double>(x2) / n2;
  const double pooled = static_cast<double>(x1 + x2) / (n1 + n2);
  const double se = std::sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
  if (se == 0) return t;  // Both rates 0 or both 1: no evidence of a difference.
  t.z = (p1 - p2) / se;
  t.p_value = std::erfc(std::fabs(t.z) / std::sqrt(2.0));
  t.significant = t.p_value < alpha;
  return t;
}

double NormalQuantileTwoSided(double confidence) {
  // Inverts erfc by bisection: the upper (1 - confidence)/2 tail of the standard normal.
  const double tail = 1 - confidence;
  double lo = 0, hi = 10;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    if (std::erfc(mid / std::sqrt(2.0)) > tail) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

}  // namespace cx
