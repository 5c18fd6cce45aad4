// Worked examples of the consequences, month by month; every amount is computed by hand in the
// comments. The contracts charge 10.00 per handled contact and the facts have 1000 handled
// contacts, so each month's charges are 10,000.00 unless said otherwise.
#include "contracts/evaluator.h"

#include <gtest/gtest.h>

#include "contracts/contract_reader.h"

namespace cx {
namespace {

const MonthIndex kJan2026 = *ParseYearMonth("2026-01");

Contract Parse(std::string_view sow_body, std::string_view commercials = "") {
  std::string text = R"(
[[msa]]
effective = 2026-01-01
client = "Acme"
partner = "p1"
term_start = 2026-01-01
term_end = 2026-12-31
[[sow]]
effective = 2026-01-01
)";
  text += sow_body;
  text += "\n[sow.commercials]\nmodel = \"per_handled\"\nunit_price = 10.00\n";
  text += commercials;
  auto c = ParseContract(text, "test.toml");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return *c;
}

// Facts of month `i` (0 = 2026-01) with the given metric values, 1000 contacts each.
MonthFacts Month(int i, std::map<std::string, double> values) {
  MonthFacts f;
  f.month = kJan2026 + i;
  for (const auto& [metric, v] : values) f.metrics[metric] = {v, 1000, {}, {}};
  f.usage.handled = 1000;
  f.usage.resolved = 700;
  f.usage.fcr_denominator = 1000;
  f.usage.handle_time = 250 * kMicrosPerHour;
  return f;
}

std::vector<MonthOutcome> Evaluate(const Contract& c, const std::vector<MonthFacts>& months,
                              EvaluateOptions options = {}) {
  auto out = EvaluateContract(c, months, options);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : std::vector<MonthOutcome>{};
}

TEST(EvaluatorTest, CreditsAreCappedAtTheAtRiskAmountAndEarnedBack) {
  // At risk 12% of 10,000.00 = 1,200.00; weights 100 + 80 + 70 = 250% of it.
  const Contract c = Parse(R"(at_risk_percent = 12
earn_back_months = 2
[[sow.kpi]]
metric = "service_level"
target = 0.80
weight = 100
[[sow.kpi]]
metric = "fcr"
target = 0.70
weight = 80
[[sow.kpi]]
metric = "csat"
target = 0.80
weight = 70
)");
  const std::map<std::string, double> all_met = {
      {"service_level", 0.85}, {"fcr", 0.72}, {"csat", 0.82}};
  const auto out = Evaluate(c, {
      Month(0, {{"service_level", 0.75}, {"fcr", 0.65}, {"csat", 0.70}}),  // All missed.
      Month(1, {{"service_level", 0.85}, {"fcr", 0.65}, {"csat", 0.82}}),  // fcr missed.
      Month(2, all_met), Month(3, all_met), Month(4, all_met)});
  ASSERT_EQ(out.size(), 5u);
  // Jan: raw credits 1,200 + 960 + 840 = 3,000 > 1,200: scaled by 1,200 / 3,000 to
  // 480 + 384 + 336 = 1,200. Invoice 10,000 - 1,200 = 8,800.00.
  EXPECT_EQ(out[0].at_risk_cents, 120'000);
  EXPECT_EQ(out[0].kpis[0].credit_cents, 48'000);
  EXPECT_EQ(out[0].kpis[1].credit_cents, 38'400);
  EXPECT_EQ(out[0].kpis[2].credit_cents, 33'600);
  EXPECT_EQ(out[0].invoice.credits_cents, -120'000);
  EXPECT_EQ(out[0].invoice.total_cents, 880'000);
  // Feb: only fcr missed, 960.00 (uncapped). fcr's January credit becomes final (a miss
  // before two met months). Invoice 9,040.00.
  EXPECT_EQ(out[1].kpis[1].credit_cents, 96'000);
  EXPECT_EQ(out[1].invoice.total_cents, 904'000);
  EXPECT_TRUE(out[1].earn_backs.empty());
  // Mar: service_level and csat met in Feb and Mar: their January credits come back,
  // 480 + 336. Invoice 10,000 + 816 = 10,816.00.
  ASSERT_EQ(out[2].earn_backs.size(), 2u);
  EXPECT_EQ(out[2].earn_backs[0].metric, "service_level");
  EXPECT_EQ(out[2].earn_backs[0].credit_month, kJan2026);
  EXPECT_EQ(out[2].earn_backs[0].cents, 48'000);
  EXPECT_EQ(out[2].earn_backs[1].cents, 33'600);
  EXPECT_EQ(out[2].invoice.earn_back_cents, 81'600);
  EXPECT_EQ(out[2].invoice.total_cents, 1'081'600);
  // Apr: fcr met in Mar and Apr: its February 960.00 comes back. Invoice 10,960.00.
  ASSERT_EQ(out[3].earn_backs.size(), 1u);
  EXPECT_EQ(out[3].earn_backs[0].credit_month, kJan2026 + 1);
  EXPECT_EQ(out[3].invoice.total_cents, 1'096'000);
  // May: nothing outstanding.
  EXPECT_EQ(out[4].invoice.total_cents, 1'000'000);
}

TEST(EvaluatorTest, CureWindowThenFailedCuresEscalateAndTriggerTermination) {
  // A breach (one miss) opens a 2-month window; met within it cures, else it fails.
  const Contract c = Parse(R"([[sow.kpi]]
metric = "fcr"
target = 0.70
min_sample = 100
[sow.cure]
months = 2
[[sow.termination]]
kind = "failed_cures"
count = 2
months = 12
)");
  std::vector<MonthFacts> m;
  for (double v : {0.60, 0.60, 0.75, 0.60, 0.0, 0.60, 0.60, 0.60, 0.60}) {
    m.push_back(Month(static_cast<int>(m.size()), {{"fcr", v}}));
  }
  m[4].metrics["fcr"].sample = 50;  // May: below min_sample, not measured.
  const auto out = Evaluate(c, m);
  ASSERT_EQ(out.size(), 9u);
  auto only_event = [&](int i) {
    EXPECT_EQ(out[i].cures.size(), 1u) << FormatMonth(out[i].month);
    return out[i].cures.empty() ? CureEvent{} : out[i].cures[0];
  };
  // Jan: missed -> window opened, deadline Mar. Feb: missed, still open. Mar: met -> cured.
  EXPECT_EQ(only_event(0).kind, CureEventKind::kOpened);
  EXPECT_EQ(only_event(0).deadline, kJan2026 + 2);
  EXPECT_TRUE(out[1].cures.empty());
  EXPECT_EQ(only_event(2).kind, CureEventKind::kCured);
  EXPECT_EQ(out[2].escalation_level, 0);
  // Apr: missed -> opened, deadline Jun. May: not measured (does not cure). Jun: missed at
  // the deadline -> failed, escalation 1.
  EXPECT_EQ(only_event(3).kind, CureEventKind::kOpened);
  EXPECT_EQ(out[4].kpis[0].status, KpiStatus::kNotMeasured);
  EXPECT_EQ(only_event(5).kind, CureEventKind::kFailed);
  EXPECT_EQ(out[5].escalation_level, 1);
  EXPECT_TRUE(out[5].termination.empty());  // One failed cure so far.
  // Jul: missed -> a new window (deadline Sep). Sep: failed again -> escalation 2, and two
  // failed cures within 12 months (Jun, Sep) trigger termination.
  EXPECT_EQ(only_event(6).kind, CureEventKind::kOpened);
  EXPECT_EQ(only_event(8).kind, CureEventKind::kFailed);
  EXPECT_EQ(out[8].escalation_level, 2);
  ASSERT_EQ(out[8].termination.size(), 1u);
  const TerminationFlag& flag = out[8].termination[0];
  ASSERT_EQ(flag.evidence.size(), 2u);
  EXPECT_EQ(flag.evidence[0].month, kJan2026 + 5);
  EXPECT_EQ(flag.evidence[1].month, kJan2026 + 8);
  EXPECT_EQ(flag.reason, "2 failed cures within 12 months (limit 2)");
}

TEST(EvaluatorTest, BreachCanNeedSeveralMissesInAWindow) {
  // A breach is the second miss within 3 months: Jan missed (1), Feb met, Mar missed (2).
  const Contract c = Parse(R"([[sow.kpi]]
metric = "fcr"
target = 0.70
[sow.cure]
months = 1
breach_misses = 2
breach_window = 3
)");
  const auto out = Evaluate(c, {Month(0, {{"fcr", 0.6}}), Month(1, {{"fcr", 0.8}}),
                           Month(2, {{"fcr", 0.6}})});
  EXPECT_TRUE(out[0].cures.empty());
  ASSERT_EQ(out[2].cures.size(), 1u);
  EXPECT_EQ(out[2].cures[0].breach_month, kJan2026 + 2);
}

// The partner's fcr against two in-house centres and an outsourcer (not in the group).
MonthFacts PeerMonth(int i, double ours, double nyc, double sf) {
  MonthFacts f = Month(i, {{"fcr", ours}});
  f.metrics["fcr"].high = ours + 0.02;
  f.peers.push_back({"inhouse-nyc", true, "fcr", {nyc, 800, {}, {}}});
  f.peers.push_back({"inhouse-sf", true, "fcr", {sf, 500, {}, {}}});
  f.peers.push_back({"atlas", false, "fcr", {0.50, 2000, {}, {}}});
  return f;
}

TEST(EvaluatorTest, TerminationTriggerAgainstTheWorstInHouseCentre) {
  constexpr std::string_view kSow = R"([[sow.kpi]]
metric = "service_level"
target = 0.80
[[sow.termination]]
name = "fcr below in-house"
kind = "below_peer"
metric = "fcr"
peers = "in_house"
months = 3
min_sample = 100
)";
  // Worst in-house per month: Jan 0.66 (sf), Feb 0.57 (sf), Mar 0.64, Apr 0.65, May 0.62.
  // Ours: 0.60 below, 0.58 not below (breaks the run), 0.61, 0.59, 0.55 below: three
  // consecutive months first in May. Atlas (0.50) is not in-house and must not count.
  const std::vector<MonthFacts> months = {
      PeerMonth(0, 0.60, 0.72, 0.66), PeerMonth(1, 0.58, 0.74, 0.57),
      PeerMonth(2, 0.61, 0.73, 0.64), PeerMonth(3, 0.59, 0.75, 0.65),
      PeerMonth(4, 0.55, 0.70, 0.62)};
  const auto out = Evaluate(Parse(kSow), months);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(out[i].termination.empty()) << i;
  ASSERT_EQ(out[4].termination.size(), 1u);
  const TerminationFlag& flag = out[4].termination[0];
  EXPECT_EQ(flag.name, "fcr below in-house");
  ASSERT_EQ(flag.evidence.size(), 3u);
  EXPECT_EQ(flag.evidence[0].month, kJan2026 + 2);
  EXPECT_EQ(flag.evidence[0].peer, "inhouse-sf");
  EXPECT_DOUBLE_EQ(*flag.evidence[0].peer_value, 0.64);
  EXPECT_DOUBLE_EQ(*flag.evidence[2].value, 0.55);
  EXPECT_EQ(flag.reason,
            "fcr below the worst in-house centre for 3 consecutive months: 2026-03 0.61 vs "
            "inhouse-sf 0.64; 2026-04 0.59 vs inhouse-sf 0.65; 2026-05 0.55 vs inhouse-sf 0.62");
  // With significant = true our interval's top (value + 0.02) must also be below: in May
  // 0.57 < 0.62 but in April 0.61 < 0.65 and March 0.63 < 0.64 too, so it still fires...
  std::string significant(kSow);
  significant += "significant = true\n";
  EXPECT_EQ(Evaluate(Parse(significant), months)[4].termination.size(), 1u);
  // ...but not when March's interval reaches the peer (0.62 + 0.02 >= 0.64).
  std::vector<MonthFacts> close = months;
  close[2].metrics["fcr"].value = 0.62;
  close[2].metrics["fcr"].high = 0.64;
  EXPECT_TRUE(Evaluate(Parse(significant), close)[4].termination.empty());
  EXPECT_EQ(Evaluate(Parse(kSow), close)[4].termination.size(), 1u);
}

TEST(EvaluatorTest, RebidExemptionAfterConsecutiveMonthsOfAllKpisMet) {
  const Contract c = Parse(R"([[sow.kpi]]
metric = "fcr"
target = 0.70
min_sample = 100
[[sow.kpi]]
metric = "csat"
target = 0.80
[sow.rebid_exemption]
months = 3
)");
  const std::map<std::string, double> met = {{"fcr", 0.75}, {"csat", 0.85}};
  std::vector<MonthFacts> m = {Month(0, met), Month(1, met), Month(2, met),
                               Month(3, met), Month(4, met), Month(5, met)};
  m[2].metrics["fcr"].sample = 10;  // Mar: fcr not measured -> not "all met", streak resets.
  const auto out = Evaluate(c, m);
  EXPECT_EQ(out[1].rebid.streak, 2);
  EXPECT_EQ(out[2].rebid.streak, 0);
  EXPECT_FALSE(out[4].rebid.exempt);  // Apr, May: 2.
  EXPECT_TRUE(out[5].rebid.exempt);   // Apr, May, Jun: 3.
  EXPECT_EQ(out[5].rebid.exempt_since, kJan2026 + 5);
}

TEST(EvaluatorTest, RebidExemptionOnANamedMetricLevel) {
  const Contract c = Parse(R"([[sow.kpi]]
metric = "fcr"
target = 0.70
[sow.rebid_exemption]
months = 2
metric = "csat"
level = 0.90
)");
  const auto out = Evaluate(c, {Month(0, {{"fcr", 0.5}, {"csat", 0.91}}),
                           Month(1, {{"fcr", 0.5}, {"csat", 0.90}})});
  EXPECT_FALSE(out[0].rebid.exempt);
  EXPECT_TRUE(out[1].rebid.exempt);  // csat at 0.90 or better twice, whatever fcr does.
}

TEST(EvaluatorTest, BonusesAreCappedAtTheBonusCap) {
  // Cap 1% of 10,000.00 = 100.00. Over-target: fcr 0.78 beats 0.70 by 0.08 >= 0.05, 2% of
  // charges = 200.00; improvement: csat 0.76 is 0.06 over the 0.70 baseline, 50.00.
  // 250.00 > 100.00: scaled to 80.00 + 20.00. Invoice 10,100.00.
  const Contract c = Parse(R"(at_risk_percent = 12
bonus_cap_percent = 1
[[sow.kpi]]
metric = "fcr"
target = 0.70
[[sow.bonus]]
kind = "over_target"
metric = "fcr"
margin = 0.05
share_percent = 2
[[sow.bonus]]
kind = "improvement"
metric = "csat"
baseline = 0.70
min_improvement = 0.05
amount = 50.00
)");
  const auto out = Evaluate(c, {Month(0, {{"fcr", 0.78}, {"csat", 0.76}})});
  ASSERT_EQ(out[0].invoice.lines.size(), 3u);
  EXPECT_EQ(out[0].invoice.lines[1].amount_cents, 8000);
  EXPECT_EQ(out[0].invoice.lines[2].amount_cents, 2000);
  EXPECT_EQ(out[0].invoice.total_cents, 1'010'000);
}

TEST(EvaluatorTest, WhatIfInvoicesUnderTheListedModels) {
  // fcr missed, weight 50%, at risk 10%. Usage: 1000 handled, 700 resolved, 250 hours.
  //   actual per_handled 10.00: 10,000.00, at risk 1,000.00, credit 500.00 -> 9,500.00
  //   per_resolved 14.00: 700 x 14 = 9,800.00, at risk 980.00, credit 490.00 -> 9,310.00
  //   per_hour 30.00: 250 x 30 = 7,500.00, at risk 750.00, credit 375.00 -> 7,125.00
  const Contract c = Parse(R"(at_risk_percent = 10
[[sow.kpi]]
metric = "fcr"
target = 0.75
weight = 50
)", R"([[sow.commercials.what_if]]
model = "per_resolved"
unit_price = 14.00
[[sow.commercials.what_if]]
model = "per_hour"
unit_price = 30.00
)");
  const auto out = Evaluate(c, {Month(0, {{"fcr", 0.70}})});
  EXPECT_EQ(out[0].invoice.label, "per_handled");
  EXPECT_EQ(out[0].invoice.total_cents, 950'000);
  ASSERT_EQ(out[0].what_if.size(), 2u);
  EXPECT_EQ(out[0].what_if[0].label, "per_resolved");
  EXPECT_EQ(out[0].what_if[0].charges_cents, 980'000);
  EXPECT_EQ(out[0].what_if[0].credits_cents, -49'000);
  EXPECT_EQ(out[0].what_if[0].total_cents, 931'000);
  EXPECT_EQ(out[0].what_if[1].total_cents, 712'500);
}

TEST(EvaluatorTest, DerivedWhatIfPricesAreCalibratedOnTheFirstMonth) {
  // No what_if listed: per_hour and per_resolved priced to cost 10,000.00 in January
  // (10,000 / 250 h = 40.00 per hour; 10,000 / 700 = 14.285714 per resolved contact).
  // February: 1200 handled, 900 resolved, 280 hours:
  //   actual 12,000.00; per_hour 280 x 40 = 11,200.00;
  //   per_resolved 900 x 14.285714 = 12,857.1426 -> 12,857.14.
  const Contract c = Parse("[[sow.kpi]]\nmetric = \"fcr\"\ntarget = 0.5\n");
  MonthFacts feb = Month(1, {{"fcr", 0.75}});
  feb.usage.handled = 1200;
  feb.usage.resolved = 900;
  feb.usage.handle_time = 280 * kMicrosPerHour;
  const auto out = Evaluate(c, {Month(0, {{"fcr", 0.7}}), feb});
  ASSERT_EQ(out[1].what_if.size(), 2u);
  EXPECT_EQ(out[0].what_if[0].total_cents, 1'000'000);
  EXPECT_EQ(out[1].invoice.total_cents, 1'200'000);
  EXPECT_EQ(out[1].what_if[0].label, "per_hour (equivalent)");
  EXPECT_EQ(out[1].what_if[0].total_cents, 1'120'000);
  EXPECT_EQ(out[1].what_if[1].total_cents, 1'285'714);
}

TEST(EvaluatorTest, SowVersionsApplyByMonth) {
  // v2 effective 2026-02-10 applies from March: February is still judged on 0.70.
  std::string body = "[[sow.kpi]]\nmetric = \"fcr\"\ntarget = 0.70\n";
  body += "\n[sow.commercials]\nmodel = \"per_handled\"\nunit_price = 10.00\n";
  body += "[[sow]]\neffective = 2026-02-10\n[[sow.kpi]]\nmetric = \"fcr\"\ntarget = 0.80\n";
  const Contract c = Parse(body);
  const auto out = Evaluate(c, {Month(0, {{"fcr", 0.75}}), Month(1, {{"fcr", 0.75}}),
                           Month(2, {{"fcr", 0.75}})});
  EXPECT_EQ(out[1].kpis[0].status, KpiStatus::kMet);
  EXPECT_EQ(out[2].kpis[0].status, KpiStatus::kMissed);
  EXPECT_DOUBLE_EQ(out[2].kpis[0].target, 0.80);
}

TEST(EvaluatorTest, MonthsMustBeConsecutiveAndWithinTheTerm) {
  const Contract c = Parse("[[sow.kpi]]\nmetric = \"fcr\"\ntarget = 0.5\n");
  ContractEvaluator e(c);
  ASSERT_TRUE(e.Next(Month(0, {})).ok());
  auto gap = e.Next(Month(2, {}));
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.status().message(),
            "test.toml: months must be evaluated in order without gaps: 2026-03 after 2026-01");
  auto late = ContractEvaluator(c).Next(Month(12, {}));
  EXPECT_EQ(late.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace cx
