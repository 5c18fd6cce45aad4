// Deterministic pseudo-random numbers for the data generator: xoshiro256** seeded through
// splitmix64, and the few distributions the generator needs, implemented here rather than taken
// from <random>, whose distributions give different streams on different standard libraries.
// The only floating-point library calls are std::exp/log/sqrt (IEEE-754 double), so a given
// build always produces the same numbers. An Rng is a value type; thread-compatible.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

namespace cx::gen {

inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// A stateless 64-bit mix (the splitmix64 finaliser): hashes ids into pseudonyms.
inline uint64_t Mix64(uint64_t x) {
  uint64_t s = x;
  return SplitMix64(&s);
}

class Rng {
 public:
  // `stream` separates independent sequences drawn from the same seed (one per concern, so that
  // adding draws to one file's logic does not change the others).
  Rng(uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ Mix64(stream + 0x5851F42D4C957F2DULL);
    for (uint64_t& s : s_) s = SplitMix64(&x);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Uniform integer in [0, n) (multiply-shift; the bias is below 2^-40 for our n).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  bool Bernoulli(double p) { return Uniform() < p; }

  // Standard normal by Marsaglia's polar method; the second value of each pair is kept.
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2.0 * Uniform() - 1.0;
      v = 2.0 * Uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double m = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * m;
    has_spare_ = true;
    return u * m;
  }
  // Log-normal given its median and the sigma of the underlying normal.
  double LogNormal(double median, double sigma) { return median * std::exp(sigma * Normal()); }
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t s_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

// A categorical distribution over 0..n-1 from non-negative weights (inverse CDF, linear scan:
// our tables have at most a few dozen entries). Thread-compatible.
class Discrete {
 public:
  Discrete() = default;
  explicit Discrete(std::span<const double> weights) {
    double sum = 0;
    for (double w : weights) sum += w;
    double acc = 0;
    cdf_.reserve(weights.size());
    for (double w : weights) {
      acc += w;
      cdf_.push_back(sum > 0 ? acc / sum : 1.0);
    }
  }
  int Sample(Rng& rng) const {
    const double u = rng.Uniform();
    const int n = static_cast<int>(cdf_.size());
    for (int i = 0; i < n - 1; ++i) {
      if (u < cdf_[i]) return i;
    }
    return n - 1;
  }
  bool empty() const { return cdf_.empty(); }

 private:
  std::vector<double> cdf_;
};

}  // namespace cx::gen
