#include "contracts/close.h"

#include <gtest/gtest.h>

namespace cx {
namespace {

using nlohmann::json;

TEST(CloseDiffTest, NamesArrayElementsByPartnerAndMetric) {
  json before = json::parse(R"({"period":"2026-03","partners":[
    {"partner":"atlas","kpis":[{"metric":"fcr","value":0.7},{"metric":"aht_seconds","value":400}]},
    {"partner":"delta","kpis":[{"metric":"fcr","value":0.55}]}]})");
  json after = before;
  after["partners"][1]["kpis"][0]["value"] = 0.56;
  after["partners"][0]["kpis"].push_back({{"metric", "nps"}, {"value", 10}});
  const auto lines = DiffCloseDocuments(before, after);
  ASSERT_EQ(lines.size(), 2u);
  // An added element shows whole.
  EXPECT_EQ(lines[0], "/partners[atlas]/kpis[nps]: null -> {\"metric\":\"nps\",\"value\":10}");
  EXPECT_EQ(lines[1], "/partners[delta]/kpis[fcr]/value: 0.55 -> 0.56");
  EXPECT_TRUE(DiffCloseDocuments(before, before).empty());
}

TEST(CloseDiffTest, ReorderedPartnersAreNotChanges) {
  json a = json::parse(R"({"partners":[{"partner":"a","x":1},{"partner":"b","x":2}]})");
  json b = json::parse(R"({"partners":[{"partner":"b","x":2},{"partner":"a","x":1}]})");
  EXPECT_TRUE(DiffCloseDocuments(a, b).empty());
}

TEST(CloseDiffTest, RepeatedNamesPairInOrder) {
  // Two cure events of one metric: the second changed, and a third was added.
  json a = json::parse(R"({"cures":[{"metric":"fcr","event":"opened"},{"metric":"fcr","event":"opened"}]})");
  json b = json::parse(R"({"cures":[{"metric":"fcr","event":"opened"},{"metric":"fcr","event":"failed"},
                                    {"metric":"fcr","event":"opened"}]})");
  const auto lines = DiffCloseDocuments(a, b);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "/cures[fcr#2]/event: \"opened\" -> \"failed\"");
  EXPECT_EQ(lines[1], "/cures[fcr#3]: null -> {\"event\":\"opened\",\"metric\":\"fcr\"}");
}

TEST(CloseTest, RefusesToRunWithoutData) {
  CloseInputs in;
  EXPECT_FALSE(RunClose(in).ok());
}

}  // namespace
}  // namespace cx
