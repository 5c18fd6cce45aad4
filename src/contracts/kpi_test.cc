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

}  // namespace
}  // namespace cx
