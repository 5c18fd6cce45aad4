#include "contracts/money.h"

#include <fmt/format.h>

#include <cmath>

namespace cx {

int64_t MulDivRound(int64_t a, int64_t b, int64_t d) {
  const __int128 p = static_cast<__int128>(a) * b;
  const __int128 q = p / d;
  const __int128 r = p % d;
  __int128 out = q;
  if (2 * (r < 0 ? -r : r) >= d) out += (p < 0 ? -1 : 1);
  return static_cast<int64_t>(out);
}

std::optional<int64_t> ToFixed(double value, int decimals) {
  if (!std::isfinite(value)) return std::nullopt;
  const double scale = std::pow(10.0, decimals);
  const double scaled = value * scale;
  if (std::fabs(scaled) > 9e15) return std::nullopt;  // Beyond exact doubles.
  const double rounded = std::round(scaled);
  // A decimal literal like 3.85 is 3.8499999... in binary; anything further off needs more
  // places than allowed.
  if (std::fabs(scaled - rounded) > 1e-6) return std::nullopt;
  return static_cast<int64_t>(rounded);
}

namespace {

std::string FormatScaled(int64_t v, int64_t scale, int places, int min_places) {
  const bool negative = v < 0;
  const uint64_t a = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  const uint64_t whole = a / static_cast<uint64_t>(scale);
  std::string frac = fmt::format("{:0{}d}", a % static_cast<uint64_t>(scale), places);
  while (static_cast<int>(frac.size()) > min_places && frac.back() == '0') frac.pop_back();
  return fmt::format("{}{}{}{}", negative ? "-" : "", whole, frac.empty() ? "" : ".", frac);
}

}  // namespace

std::string FormatCents(int64_t cents) { return FormatScaled(cents, 100, 2, 2); }
std::string FormatMicros(int64_t micros) { return FormatScaled(micros, kMicrosPerUnit, 6, 2); }
std::string FormatMilli(int64_t milli) { return FormatScaled(milli, kMilli, 3, 0); }

}  // namespace cx
