#include "contracts/close.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "base/testing/temp_dir.h"
#include "contracts/contract_reader.h"
#include "generate/generator.h"

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

// A close tells a progress bar how far it has got: 0 as it starts, then a step for the
// reconciliation of the partners' reports, one per contract, one for the allocation; shares
// that rise to exactly 1 and the contracts closed so far. Listening changes nothing in the
// document.
TEST(CloseTest, ACloseReportsItsStepsUpToOne) {
  testing::TempDir dir;
  GenerateOptions generate;
  generate.contacts = 5'000;
  ASSERT_TRUE(Generate(generate, dir.path()).ok());
  auto data = LoadDatasetFromFolder(dir.path(), ValidateOptions{}, DatasetScope::kAll);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  auto contracts = LoadContracts(std::filesystem::path(CXPACT_SOURCE_DIR) / "examples/contracts");
  ASSERT_TRUE(contracts.ok()) << contracts.status().ToString();
  CloseInputs in;
  in.period = *ParseYearMonth("2026-03");
  in.data = &*data;
  in.contracts = *contracts;
  in.settings.period = PeriodKind::kMonth;
  in.reports = {{"atlas", "2026-03", "service_level", 0.8}};
  const auto quiet = RunClose(in);
  ASSERT_TRUE(quiet.ok()) << quiet.status().ToString();

  std::vector<double> shares;
  std::vector<int64_t> closed;
  in.progress = [&](double share, int64_t contracts) {
    shares.push_back(share);
    closed.push_back(contracts);
  };
  const auto heard = RunClose(in);
  ASSERT_TRUE(heard.ok()) << heard.status().ToString();
  EXPECT_EQ(*heard, *quiet);
  const size_t n = contracts->size();
  ASSERT_EQ(shares.size(), 1 + 1 + n + 1);  // At the start, then each step.
  EXPECT_EQ(shares.front(), 0.0);
  EXPECT_TRUE(std::is_sorted(shares.begin(), shares.end()));
  EXPECT_EQ(shares.back(), 1.0);
  EXPECT_EQ(closed[1], 0);  // The reconciliation comes first.
  EXPECT_EQ(closed.back(), static_cast<int64_t>(n));
}

}  // namespace
}  // namespace cx
