// Exact money for invoices: amounts are integer cents, unit prices integer micro-units of the
// currency (1e-6, so a price of 0.045 per subscription is exact), quantities integer
// thousandths (1.5 hours is 1500). No double ever holds an amount. Every product is rounded
// once, half away from zero, to the cent (docs/contracts.md "Money and rounding").
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cx {

inline constexpr int64_t kMicrosPerUnit = 1'000'000;  // Unit-price scale.
inline constexpr int64_t kMilli = 1000;                // Quantity scale.
inline constexpr int64_t kBasisPoints = 10'000;        // 100% in basis points.

// round(a * b / d), half away from zero, computed in 128 bits. d must be > 0.
int64_t MulDivRound(int64_t a, int64_t b, int64_t d);

// The amount in cents of `quantity_milli` thousandths of a unit at `unit_price_micros`.
inline int64_t LineAmountCents(int64_t quantity_milli, int64_t unit_price_micros) {
  return MulDivRound(quantity_milli, unit_price_micros, kMilli * kMicrosPerUnit / 100);
}

// `share_bp` basis points (1/100 of a percent) of `cents`, rounded to the cent.
inline int64_t ShareOfCents(int64_t cents, int64_t share_bp) {
  return MulDivRound(cents, share_bp, kBasisPoints);
}

// A decimal read from a contract file as an integer at `decimals` places (12.5 at 2 is 1250).
// nullopt when the number needs more places than that (beyond binary noise) or overflows.
std::optional<int64_t> ToFixed(double value, int decimals);

// -1234567 cents -> "-12345.67"; micro-units -> "0.045" (trailing zeros kept to 2 places);
// thousandths -> "1.5".
std::string FormatCents(int64_t cents);
std::string FormatMicros(int64_t micros);
std::string FormatMilli(int64_t milli);

}  // namespace cx
