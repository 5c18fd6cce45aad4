// Helpers shared by the calendar layer's tests (not part of the library).
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "base/time.h"

namespace cx::testing {

// The instant of a canonical timestamp (`2026-03-06T15:00:00Z`, `...-05:00`).
inline Micros At(std::string_view text) {
  std::optional<Micros> t = ParseTimestamp(text);
  EXPECT_TRUE(t.has_value()) << "bad timestamp in test: " << text;
  return t.value_or(0);
}

constexpr Micros Sec(int64_t n) { return n * kMicrosPerSecond; }
constexpr Micros Min(int64_t n) { return n * 60 * kMicrosPerSecond; }
constexpr Micros Hrs(int64_t n) { return n * kMicrosPerHour; }

}  // namespace cx::testing
