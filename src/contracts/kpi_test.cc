#include "contracts/kpi.h"

#include <gtest/gtest.h>

namespace cx {
namespace {

Kpi Fcr(double target) {
  Kpi k;
  k.metric = "fcr";
  k.info = FindMetric("fcr");
  k.target = target;
  k.min_sample = 100;
  return k;
}

TEST(KpiTest, MetMissedAndNotMeasured) {
  const Kpi k = Fcr(0.70);
  const KpiObservation equal[] = {{0.70, 500, {}, {}}};
  EXPECT_EQ(JudgeKpi(k, equal).status, KpiStatus::kMet);  // Equal meets.
  const KpiObservation below[] = {{0.69, 500, {}, {}}};
  EXPECT_EQ(JudgeKpi(k, below).status, KpiStatus::kMissed);
  const KpiObservation small[] = {{0.10, 99, {}, {}}};
  EXPECT_EQ(JudgeKpi(k, small).status, KpiStatus::kNotMeasured);
  const KpiObservation none[] = {{}};
  EXPECT_EQ(JudgeKpi(k, none).status, KpiStatus::kNotMeasured);
  Kpi asa = k;
  asa.metric = "asa_seconds";
  asa.direction = Direction::kLowerIsBetter;
  asa.target = 30;
  const KpiObservation slow[] = {{31, 500, {}, {}}};
  EXPECT_EQ(JudgeKpi(asa, slow).status, KpiStatus::kMissed);
}

TEST(KpiTest, IntervalJudgementGivesTheBenefitOfTheDoubt) {
  Kpi k = Fcr(0.78);
  k.judged_on = Judgement::kInterval;
  const KpiObservation reaches[] = {{0.76, 500, 0.72, 0.79}};
  EXPECT_EQ(JudgeKpi(k, reaches).status, KpiStatus::kMet);
  const KpiObservation short_of[] = {{0.76, 500, 0.73, 0.77}};
  EXPECT_EQ(JudgeKpi(k, short_of).status, KpiStatus::kMissed);
}

TEST(KpiTest, RollingQuarterPoolsBySample) {
  // (0.70 x 1000 + 0.80 x 500 + 0.60 x 500) / 2000 = 1400 / 2000 = 0.70. The month before
  // the three is ignored.
  Kpi k = Fcr(0.70);
  k.period = KpiPeriod::kRollingQuarter;
  const KpiObservation months[] = {
      {0.10, 9000, {}, {}}, {0.70, 1000, {}, {}}, {0.80, 500, {}, {}}, {0.60, 500, {}, {}}};
  const KpiJudgement j = JudgeKpi(k, months);
  EXPECT_EQ(j.sample, 2000);
  EXPECT_NEAR(*j.value, 0.70, 1e-12);
  EXPECT_EQ(j.status, KpiStatus::kMet);
  // The monthly KPI judges the last month alone: 0.60 misses.
  EXPECT_EQ(JudgeKpi(Fcr(0.70), months).status, KpiStatus::kMissed);
}

// A quarter of exactly the target meets it: pooled from the months' counts, 644 / 3220 is
// 0.2. Weighting the monthly values in doubles gave 0.20000000000000004, a miss.
TEST(KpiTest, RollingQuarterPoolsTheCountsExactly) {
  Kpi k;
  k.metric = "abandon_rate";
  k.info = FindMetric("abandon_rate");
  k.direction = Direction::kLowerIsBetter;
  k.target = 0.2;
  k.period = KpiPeriod::kRollingQuarter;
  const auto month = [](int64_t num, int64_t den) {
    return KpiObservation{static_cast<double>(num) / static_cast<double>(den), den, {}, {}, num};
  };
  const KpiObservation months[] = {month(173, 1138), month(47, 1243), month(424, 839)};
  const KpiJudgement j = JudgeKpi(k, months);
  EXPECT_EQ(j.sample, 3220);
  EXPECT_EQ(*j.value, 0.2);
  EXPECT_EQ(j.status, KpiStatus::kMet);
  // Seconds: µs sums over samples, scaled by the catalog (asa: 30 s a contact exactly).
  Kpi asa = k;
  asa.metric = "asa_seconds";
  asa.info = FindMetric("asa_seconds");
  asa.target = 30;
  const KpiObservation waits[] = {{29.9, 1000, {}, {}, 29'900'000'000},
                                  {30.2, 500, {}, {}, 15'100'000'000}};
  EXPECT_EQ(*JudgeKpi(asa, waits).value, 30.0);
}

}  // namespace
}  // namespace cx
