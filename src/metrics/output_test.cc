#include "metrics/output.h"

#include <gtest/gtest.h>

namespace cx {
namespace {

TEST(OutputTest, SixDecimalsHalfAwayFromZeroOnTheExactBinaryValue) {
  EXPECT_EQ(FormatFixed6(0.0078125), "0.007813");    // 2^-7: an exact tie, away from zero.
  EXPECT_EQ(FormatFixed6(-0.0078125), "-0.007813");
  EXPECT_EQ(FormatFixed6(5e-7), "0.000000");         // Stored as 4.99999999999999977e-7.
  EXPECT_EQ(FormatFixed6(1.5e-6), "0.000002");       // Stored as 1.50000000000000004e-6.
  EXPECT_EQ(FormatFixed6(-1e-9), "0.000000");        // No negative zero.
  EXPECT_EQ(FormatFixed6(0.0), "0.000000");
  EXPECT_EQ(FormatFixed6(-13.698630136986301), "-13.698630");
  EXPECT_EQ(FormatFixed6(9.9999996), "10.000000");   // The carry runs through the dot.
  EXPECT_EQ(FormatFixed6(1442), "1442.000000");
}

}  // namespace
}  // namespace cx
