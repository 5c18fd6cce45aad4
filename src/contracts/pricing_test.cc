// Each pricing model on hand-computed months, the outcome bonus, exact rounding and the
// derived what-if prices.
#include "contracts/pricing.h"

#include <gtest/gtest.h>

#include "contracts/invoice.h"
#include "contracts/money.h"

namespace cx {
namespace {

Pricing Model(PricingModel model, int64_t unit_price_micros) {
  Pricing p;
  p.model = model;
  p.unit_price_micros = unit_price_micros;
  return p;
}

int64_t Total(const Result<std::vector<InvoiceLine>>& lines) {
  int64_t sum = 0;
  for (const InvoiceLine& l : *lines) sum += l.amount_cents;
  return sum;
}

TEST(MoneyTest, RoundsHalfAwayFromZeroOnce) {
  EXPECT_EQ(MulDivRound(5, 1, 10), 1);    // 0.5 -> 1
  EXPECT_EQ(MulDivRound(-5, 1, 10), -1);  // -0.5 -> -1
  EXPECT_EQ(MulDivRound(4, 1, 10), 0);
  EXPECT_EQ(MulDivRound(15, 1, 10), 2);
  EXPECT_EQ(ToFixed(3.85, 2), 385);       // 3.8499999... in binary is still 3.85.
  EXPECT_EQ(ToFixed(0.045, 6), 45'000);
  EXPECT_EQ(ToFixed(3.1234567, 6), std::nullopt);
  EXPECT_EQ(FormatCents(-123456), "-1234.56");
  EXPECT_EQ(FormatMicros(45'000), "0.045");
  EXPECT_EQ(FormatMilli(1500), "1.5");
}

TEST(PricingTest, PerHourDerivesHoursFromHandleTime) {
  Pricing p = Model(PricingModel::kPerHour, 27'500'000);  // 27.50 per hour
  p.occupancy_bp = 8000;                                  // 80%
  MonthUsage u;
  u.handle_time = 800 * kMicrosPerHour;  // 800 handle hours / 0.80 = 1000 productive hours.
  EXPECT_EQ(ProductiveHoursMilli(p, u), 1'000'000);
  auto lines = ChargeLines(p, u);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ((*lines)[0].amount_cents, 2'750'000);  // 1000 x 27.50 = 27,500.00
  // Supplied hours win: 1234.567 h x 27.50 = 33,950.5925 -> 33,950.59.
  u.productive_hours_milli = 1'234'567;
  EXPECT_EQ(Total(ChargeLines(p, u)), 3'395'059);
}

TEST(PricingTest, PerFte) {
  Pricing p = Model(PricingModel::kPerFte, 4'800'000'000);  // 4,800.00 per FTE-month
  MonthUsage u;
  u.productive_hours_milli = 1'000'000;  // 1000 h / 160 h per FTE = 6.25 FTE
  auto lines = ChargeLines(p, u);
  EXPECT_EQ((*lines)[0].quantity_milli, 6250);
  EXPECT_EQ(Total(lines), 3'000'000);  // 6.25 x 4,800 = 30,000.00
}

TEST(PricingTest, PerHandledAndPerResolved) {
  MonthUsage u;
  u.handled = 3751;
  u.resolved = 2345;
  EXPECT_EQ(Total(ChargeLines(Model(PricingModel::kPerHandled, 3'600'000), u)),
            1'350'360);  // 3751 x 3.60 = 13,503.60
  EXPECT_EQ(Total(ChargeLines(Model(PricingModel::kPerResolved, 5'200'000), u)),
            1'219'400);  // 2345 x 5.20 = 12,194.00
}

TEST(PricingTest, SubscriptionFeePlusTransactions) {
  Pricing p;
  p.model = PricingModel::kSubscription;
  p.subscription_price_micros = 12'000;    // 0.012 per active subscription
  p.transaction_price_micros = 1'100'000;  // 1.10 per handled contact
  MonthUsage u;
  u.handled = 3751;
  auto missing = ChargeLines(p, u);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kFailedPrecondition);
  u.active_subscriptions = 612'345;
  auto lines = ChargeLines(p, u);
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].amount_cents, 734'814);  // 612,345 x 0.012 = 7,348.14
  EXPECT_EQ((*lines)[1].amount_cents, 412'610);  // 3751 x 1.10 = 4,126.10
}

TEST(PricingTest, OutcomeBonusPerPointWithCap) {
  OutcomeBonus b;
  b.kind = OutcomeKind::kPerPoint;
  b.metric = "service_level";
  b.info = FindMetric("service_level");
  b.target = 0.85;
  b.per_point_micros = 250'000'000;  // 250.00 per percentage point
  MonthFacts f;
  f.metrics["service_level"] = {0.8937, 2000, {}, {}};
  auto line = OutcomeBonusLine(b, f);
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->quantity_milli, 4370);   // 4.37 points
  EXPECT_EQ(line->amount_cents, 109'250);  // 4.37 x 250 = 1,092.50
  b.cap_cents = 100'000;
  EXPECT_EQ(OutcomeBonusLine(b, f)->amount_cents, 100'000);
  f.metrics["service_level"].value = 0.84;  // Below target: no bonus.
  EXPECT_FALSE(OutcomeBonusLine(b, f).has_value());
}

TEST(PricingTest, OutcomeBonusResolvedAboveRate) {
  OutcomeBonus b;
  b.kind = OutcomeKind::kResolvedAboveRate;
  b.rate = 0.70;
  b.per_contact_micros = 2'000'000;  // 2.00 per resolved contact beyond 70%
  MonthFacts f;
  f.usage.resolved = 2180;
  f.usage.fcr_denominator = 3000;  // 70% of 3000 = 2100; 80 beyond.
  auto line = OutcomeBonusLine(b, f);
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->quantity_milli, 80'000);
  EXPECT_EQ(line->amount_cents, 16'000);  // 80 x 2.00 = 160.00
}

TEST(PricingTest, EquivalentPricingCostsTheSameOnTheCalibrationMonth) {
  const Pricing current = Model(PricingModel::kPerHandled, 3'600'000);
  MonthUsage u;
  u.handled = 1000;  // 3,600.00
  u.resolved = 720;
  u.handle_time = 90 * kMicrosPerHour;
  auto per_resolved = EquivalentPricing(current, PricingModel::kPerResolved, u);
  ASSERT_TRUE(per_resolved.ok());
  EXPECT_EQ(per_resolved->unit_price_micros, 5'000'000);  // 3600 / 720 = 5.00
  auto per_hour = EquivalentPricing(current, PricingModel::kPerHour, u);
  EXPECT_EQ(per_hour->unit_price_micros, 40'000'000);  // 3600 / 90 h = 40.00
  u.resolved = 0;
  EXPECT_FALSE(EquivalentPricing(current, PricingModel::kPerResolved, u).ok());
}

TEST(InvoiceTest, CapProRataGivesLeftoverCentsToLargestRemainders) {
  // 600 + 400 + 800 = 1800 over a cap of 1000: 333.33, 222.22, 444.44 -> the leftover cent
  // goes to the largest remainder (444.44).
  const int64_t amounts[] = {600, 400, 800};
  EXPECT_EQ(CapProRata(amounts, 1000), (std::vector<int64_t>{333, 222, 445}));
  EXPECT_EQ(CapProRata(amounts, 5000), (std::vector<int64_t>{600, 400, 800}));
}

}  // namespace
}  // namespace cx
