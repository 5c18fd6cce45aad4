// The contracts layer on real engine output: the metric catalog matches the metrics Score and
// ScoreExtra produce, facts come from a score of the public golden set, and every example
// contract evaluates over them.
#include <gtest/gtest.h>

#include <set>

#include "contracts/contract_reader.h"
#include "contracts/evaluator.h"
#include "contracts/facts.h"
#include "contracts/money.h"

namespace cx {
namespace {

namespace fs = std::filesystem;
const fs::path kGolden = fs::path(CXPACT_SHARED_DIR) / "golden/small/input";

class GoldenContractsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(kGolden)) return;
    auto data = LoadDatasetFromFolder(kGolden, ValidateOptions{});
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    data_ = new Dataset(std::move(*data));
    const Dimension by[] = {Dimension::kPartner, Dimension::kPeriod};
    auto score = Score(*data_, MetricSettings{}, by);
    ASSERT_TRUE(score.ok()) << score.status().ToString();
    score_ = new ScoreResult(std::move(*score));
    auto extra = ScoreExtra(*data_, MetricSettings{}, by);
    ASSERT_TRUE(extra.ok()) << extra.status().ToString();
    extra_ = new ExtraResult(std::move(*extra));
  }
  void SetUp() override {
    if (!data_) GTEST_SKIP() << "no shared/ golden set beside the checkout";
  }
  static inline Dataset* data_ = nullptr;
  static inline ScoreResult* score_ = nullptr;
  static inline ExtraResult* extra_ = nullptr;
};

TEST_F(GoldenContractsTest, CatalogEqualsTheEngineMetrics) {
  std::set<std::string> produced;
  for (const MetricRow& r : score_->rows) produced.insert(std::string(r.metric));
  EXPECT_EQ(produced.size(), 28u);
  for (const ExtraRow& r : extra_->rows) produced.insert(std::string(r.row.metric));
  std::set<std::string> catalog;
  for (const MetricInfo& m : KnownMetrics()) catalog.insert(std::string(m.name));
  // downtime_allowed_hours appears only with an uptime target (ExtraOptions).
  produced.insert("downtime_allowed_hours");
  EXPECT_EQ(catalog, produced);
}

// A poolable metric's value is numerator * scale_up / (denominator * scale_down), so that a
// rolling quarter pools the counts (kpi.cc).
TEST_F(GoldenContractsTest, APoolableValueIsItsScaledNumeratorOverItsDenominator) {
  int checked = 0;
  const auto check = [&](const MetricRow& r) {
    const MetricInfo* m = FindMetric(r.metric);
    ASSERT_NE(m, nullptr) << r.metric;
    if (!m->poolable || !r.value || !r.denominator || *r.denominator == 0) return;
    ASSERT_NE(r.numerator_kind, MetricRow::Numerator::kNone) << r.metric;
    const double scaled =
        static_cast<double>(r.numerator * m->scale_up) /
        (static_cast<double>(*r.denominator) * static_cast<double>(m->scale_down));
    EXPECT_NEAR(scaled, *r.value, 1e-9 * std::max(1.0, std::abs(*r.value))) << r.metric;
    ++checked;
  };
  for (const MetricRow& r : score_->rows) check(r);
  for (const ExtraRow& r : extra_->rows) check(r.row);
  EXPECT_GT(checked, 500);
}

TEST_F(GoldenContractsTest, FactsCarryTheScoreRows) {
  FactsOptions options;
  options.in_house = {"inhouse-nyc"};
  auto facts = FactsFromScore(*score_, extra_, &data_->volumes, "delta", options);
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_FALSE(facts->empty());
  for (const MonthFacts& f : *facts) {
    const std::string period = FormatMonth(f.month);
    for (const MetricRow& r : score_->rows) {
      if (r.keys[0] != "delta" || r.keys[1] != period) continue;
      if (r.metric == "handled") {
        EXPECT_EQ(f.usage.handled, r.numerator);
      } else if (r.metric == "fcr") {
        EXPECT_EQ(f.usage.resolved, r.numerator);
      } else if (r.metric == "aht_seconds") {
        EXPECT_EQ(f.usage.handle_time, r.numerator);
      }
      ASSERT_NE(f.Find(r.metric), nullptr) << r.metric;
      EXPECT_EQ(f.Find(r.metric)->value, r.value) << r.metric;
    }
    bool saw_in_house = false;
    for (const PeerObservation& p : f.peers) {
      EXPECT_NE(p.partner, "delta");
      if (p.metric == "fcr" && p.partner == "inhouse-nyc") saw_in_house = p.in_house;
    }
    EXPECT_TRUE(saw_in_house) << period;
    EXPECT_TRUE(f.usage.active_subscriptions.has_value());
  }
}

TEST_F(GoldenContractsTest, EveryExampleContractEvaluatesOverTheGoldenMonths) {
  auto contracts = LoadContracts(fs::path(CXPACT_SOURCE_DIR) / "examples/contracts");
  ASSERT_TRUE(contracts.ok()) << contracts.status().ToString();
  FactsOptions options;
  for (const Contract& c : *contracts) {
    if (c.in_house()) options.in_house.push_back(c.partner());
  }
  for (const Contract& c : *contracts) {
    auto facts = FactsFromScore(*score_, extra_, &data_->volumes, c.partner(), options);
    ASSERT_TRUE(facts.ok()) << facts.status().ToString();
    auto out = EvaluateContract(c, *facts);
    ASSERT_TRUE(out.ok()) << c.partner() << ": " << out.status().ToString();
    ASSERT_EQ(out->size(), facts->size());
    for (size_t i = 0; i < out->size(); ++i) {
      const MonthOutcome& m = (*out)[i];
      int64_t sum = 0;
      for (const InvoiceLine& l : m.invoice.lines) sum += l.amount_cents;
      EXPECT_EQ(sum, m.invoice.total_cents) << c.partner();
      EXPECT_LE(-m.invoice.credits_cents, m.at_risk_cents) << c.partner();
      EXPECT_FALSE(m.what_if.empty()) << c.partner();
      if (c.partner() == "delta") {
        // 0.012 per active subscription (daily average) + 1.10 per handled contact.
        const MonthUsage& u = (*facts)[i].usage;
        EXPECT_EQ(m.invoice.charges_cents,
                  LineAmountCents(*u.active_subscriptions * 1000, 12'000) +
                      LineAmountCents(u.handled * 1000, 1'100'000));
      }
    }
  }
}

}  // namespace
}  // namespace cx
