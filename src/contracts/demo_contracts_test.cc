// The example contracts on the demo generator's data (the same data `cxpact demo` builds):
// Delta, the "watermelon", meets every speed KPI and earns its outcome bonus, yet its FCR
// stays below the in-house centre's and the termination trigger fires after three months.
#include <gtest/gtest.h>

#include "base/testing/temp_dir.h"
#include "contracts/contract_reader.h"
#include "contracts/evaluator.h"
#include "generate/generator.h"

namespace cx {
namespace {

namespace fs = std::filesystem;

TEST(DemoContractsTest, DeltaIsAWatermelon) {
  testing::TempDir dir;
  GenerateOptions generate;  // 100,000 contacts, 2026-01 to 2026-04, as the demo.
  ASSERT_TRUE(Generate(generate, dir.path()).ok());
  auto data = LoadDatasetFromFolder(dir.path(), ValidateOptions{});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  auto contracts = LoadContracts(fs::path(CXPACT_SOURCE_DIR) / "examples/contracts");
  ASSERT_TRUE(contracts.ok()) << contracts.status().ToString();
  const Contract* delta = nullptr;
  FactsOptions options;
  for (const Contract& c : *contracts) {
    if (c.partner() == "delta") delta = &c;
    if (c.in_house()) options.in_house.push_back(c.partner());
  }
  ASSERT_NE(delta, nullptr);
  auto terms = delta->TermsFor(*ParseYearMonth("2026-01"));
  const Dimension by[] = {Dimension::kPartner, Dimension::kPeriod};
  auto score = Score(*data, terms->settings, by);
  ASSERT_TRUE(score.ok()) << score.status().ToString();
  auto facts = FactsFromScore(*score, nullptr, &data->volumes, "delta", options);
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_EQ(facts->size(), 4u);
  auto out = EvaluateContract(*delta, *facts);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  for (const MonthOutcome& m : *out) {
    const std::string month = FormatMonth(m.month);
    for (const KpiMonth& k : m.kpis) EXPECT_EQ(k.status, KpiStatus::kMet) << month << k.metric;
    EXPECT_EQ(m.invoice.credits_cents, 0) << month;
    EXPECT_GT(m.invoice.outcome_bonus_cents, 0) << month;  // Paid extra for speed.
    const bool third_month_on = m.month >= *ParseYearMonth("2026-03");
    ASSERT_EQ(m.termination.size(), third_month_on ? 1u : 0u) << month;
    if (!third_month_on) continue;
    const TerminationFlag& flag = m.termination[0];
    EXPECT_EQ(flag.name, "fcr below the in-house centre");
    ASSERT_EQ(flag.evidence.size(), 3u);
    for (const Evidence& e : flag.evidence) {
      EXPECT_EQ(e.peer, "inhouse-nyc");
      EXPECT_LT(*e.value + 0.1, *e.peer_value) << "not even close";
    }
  }
}

}  // namespace
}  // namespace cx
