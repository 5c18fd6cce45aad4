#include "base/status.h"

#include <gtest/gtest.h>

namespace cx {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return InvalidArgument("value {} is not positive", v);
  return v;
}

Result<int> Doubled(int v) {
  ASSIGN_OR_RETURN(int p, ParsePositive(v));
  return 2 * p;
}

Status Check(int v) {
  RETURN_IF_ERROR(ParsePositive(v));
  return Status::Ok();
}

TEST(StatusTest, ResultCarriesValueOrError) {
  EXPECT_EQ(*Doubled(4), 8);
  Result<int> bad = Doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "value -1 is not positive");
}

TEST(StatusTest, ReturnIfErrorPassesTheFirstFailureUp) {
  EXPECT_TRUE(Check(1).ok());
  EXPECT_EQ(Check(0).WithContext("a.csv:3").message(), "a.csv:3: value 0 is not positive");
}

}  // namespace
}  // namespace cx
