// The SLA audit: tolerance sentences from the month's numbers, and the watermelon flag on a
// hand-made score whose tests are worked out in the comments.
#include "metrics/sla_audit.h"

#include <gtest/gtest.h>

namespace cx {
namespace {

SlaTarget Sla(std::string metric, double target, Micros threshold = 0) {
  SlaTarget s;
  s.metric = std::move(metric);
  s.target = target;
  s.threshold = threshold;
  return s;
}

SlaTolerance Describe(const SlaTarget& sla, int64_t den) {
  auto r = DescribeTolerance(sla, den);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : SlaTolerance{};
}

TEST(SlaToleranceTest, ServiceLevelLetsTheRestWaitAnyAmount) {
  // 20% of 6,100 = 1,220.
  SlaTolerance t = Describe(Sla("service_level", 0.80, 20 * kMicrosPerSecond), 6100);
  EXPECT_EQ(t.allowed, 1220);
  EXPECT_EQ(t.sentence,
            "80% of calls answered within 20 s lets 1,220 of this month's 6,100 calls wait "
            "longer — any amount longer.");
}

TEST(SlaToleranceTest, ResponseWithinIsExactInWholeContacts) {
  // 5% of 4,240 = 212 exactly; (1 - 0.95) * 4240 in doubles is 211.99999999999997.
  SlaTolerance t = Describe(Sla("response_within", 0.95, 48 * kMicrosPerHour), 4240);
  EXPECT_EQ(t.allowed, 212);
  EXPECT_EQ(t.sentence,
            "95% of emails answered within 48 business hours lets 212 of this month's 4,240 "
            "emails wait longer — any amount longer, or never be answered.");
}

TEST(SlaToleranceTest, UptimeAsDowntime) {
  // 5% of 720 h = 36 h; of 744 h = 37.2 h = 37 h 12 min.
  SlaTolerance t = Describe(Sla("uptime", 0.95), 30 * kMicrosPerDay);
  EXPECT_EQ(t.allowed, 36 * kMicrosPerHour);
  EXPECT_EQ(t.sentence,
            "95% uptime over a 30-day month allows 36 h of downtime — in one outage or spread "
            "over many.");
  EXPECT_NE(Describe(Sla("uptime", 0.95), 31 * kMicrosPerDay).sentence.find("37 h 12 min"),
            std::string::npos);
}

TEST(SlaToleranceTest, CeilingsAndAsaBudget) {
  // abandon_rate at most 5% of 6,100: 305 may be abandoned.
  EXPECT_EQ(Describe(Sla("abandon_rate", 0.05), 6100).allowed, 305);
  // ASA 30 s over 6,100 answered calls: 183,000 s = 50 h 50 min in total; 1% = 61 calls
  // could wait 3,000 s = 50 min each.
  SlaTolerance asa = Describe(Sla("asa_seconds", 30), 6100);
  EXPECT_EQ(asa.allowed, 183000 * kMicrosPerSecond);
  EXPECT_EQ(asa.sentence,
            "An ASA of at most 30 s over this month's 6,100 answered calls is a budget of "
            "50 h 50 min of waiting in total: it is met even if 61 of them wait 50 min each "
            "while the rest are answered at once.");
  // A 10% survey response rate over 4,240 handled contacts: 424 responses, 3,816 without.
  SlaTolerance rr = Describe(Sla("response_rate", 0.10), 4240);
  EXPECT_EQ(rr.allowed, 3816);
  EXPECT_NE(rr.sentence.find("met with 424 responses"), std::string::npos) << rr.sentence;
}

TEST(SlaToleranceTest, BadTargetsAreErrors) {
  EXPECT_FALSE(DescribeTolerance(Sla("aht_seconds", 300), 10).ok());
  EXPECT_FALSE(DescribeTolerance(Sla("service_level", 80), 10).ok());
  EXPECT_FALSE(DescribeTolerance(Sla("service_level", 0.8), -1).ok());
}

TEST(SlaToleranceTest, Formatting) {
  EXPECT_EQ(GroupThousands(0), "0");
  EXPECT_EQ(GroupThousands(999), "999");
  EXPECT_EQ(GroupThousands(1234567), "1,234,567");
  EXPECT_EQ(FormatDuration(45 * kMicrosPerSecond), "45 s");
  EXPECT_EQ(FormatDuration(90 * kMicrosPerSecond), "1 min 30 s");
  EXPECT_EQ(FormatDuration(kMicrosPerHour * 3 + 59 * 60 * kMicrosPerSecond + 45 * kMicrosPerSecond),
            "4 h");
}

TEST(SlaCheckTest, FloorsAndCeilings) {
  EXPECT_TRUE(CheckSla(Sla("service_level", 0.8), 4880.0 / 6100).met);
  EXPECT_FALSE(CheckSla(Sla("service_level", 0.8), 0.79).met);
  EXPECT_FALSE(CheckSla(Sla("asa_seconds", 30), 30.5).met);
  EXPECT_TRUE(CheckSla(Sla("abandon_rate", 0.05), 0.049).met);
  EXPECT_FALSE(CheckSla(Sla("service_level", 0.8), std::nullopt).met);
}

// A score by partner and period, filled by hand.
class WatermelonTest : public ::testing::Test {
 protected:
  void SetUp() override { score_.by = {Dimension::kPartner, Dimension::kPeriod}; }

  void Rate(std::string p, std::string t, std::string_view m, int64_t x, int64_t n) {
    MetricRow r;
    r.keys = {std::move(p), std::move(t)};
    r.metric = m;
    SetRate(r, x, n, std::nullopt, 1.96);
    score_.rows.push_back(r);
  }
  void Nps(const std::string& p, const std::string& t, int64_t promoters, int64_t detractors,
           int64_t n) {
    MetricRow r;
    r.keys = {p, t};
    r.metric = "nps";
    r.numerator_kind = MetricRow::Numerator::kCount;
    r.numerator = promoters - detractors;
    r.denominator = n;
    r.value = 100.0 * static_cast<double>(promoters - detractors) / static_cast<double>(n);
    score_.rows.push_back(r);
    Rate(p, t, "nps_promoters", promoters, n);
    Rate(p, t, "nps_detractors", detractors, n);
  }
  void Median(std::string p, std::string t, double hours, int64_t issues) {
    MetricRow r;
    r.keys = {std::move(p), std::move(t)};
    r.metric = "time_to_resolve_median_hours";
    r.denominator = issues;
    r.value = hours;
    score_.rows.push_back(r);
  }

  // bluepeak meets its 80% service level in 2026-03 (850 of 1,000) and its FCR fell.
  void Fill(int64_t fcr_now, int64_t fcr_before) {
    Rate("bluepeak", "2026-03", "service_level", 850, 1000);
    Rate("bluepeak", "2026-03", "fcr", fcr_now, 1000);
    Rate("bluepeak", "2026-02", "fcr", fcr_before, 1000);
    Rate("atlas", "2026-03", "fcr", 800, 1000);
    Rate("corvid", "2026-03", "fcr", 760, 1000);
    Rate("delta", "2026-03", "fcr", 720, 1000);
    Nps("bluepeak", "2026-03", 300, 200, 1000);
    Nps("bluepeak", "2026-02", 320, 180, 1000);
    Nps("atlas", "2026-03", 350, 150, 1000);
    Nps("corvid", "2026-03", 320, 200, 1000);
    Nps("delta", "2026-03", 300, 220, 1000);
    Median("bluepeak", "2026-03", 30, 100);
    Median("bluepeak", "2026-02", 20, 100);
    Median("atlas", "2026-03", 24, 100);
    Median("corvid", "2026-03", 26, 100);
    Median("delta", "2026-03", 30, 100);
  }

  WatermelonReport Check(const WatermelonOptions& o, double sla_target = 0.8) {
    const SlaTarget sla[] = {Sla("service_level", sla_target, 20 * kMicrosPerSecond)};
    auto checks = CheckSlas(score_, "bluepeak", "2026-03", sla);
    EXPECT_TRUE(checks.ok());
    auto r = CheckWatermelon(score_, "bluepeak", "2026-03", *checks, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : WatermelonReport{};
  }

  const OutcomeEvidence* Find(const WatermelonReport& r, std::string_view metric, Comparison c) {
    for (const OutcomeEvidence& e : r.evidence) {
      if (e.metric == metric && e.against == c) return &e;
    }
    ADD_FAILURE() << "no evidence " << metric;
    return nullptr;
  }

  ScoreResult score_;
  WatermelonOptions options_{.outcomes = {"fcr", "nps", "time_to_resolve_median_hours"}};
};

TEST_F(WatermelonTest, GreenSlaRedFcr) {
  // 4 tests (fcr and nps, each against 2026-02 and the peer median): 0.05 / 4 = 0.0125.
  // fcr 700 against 780 of 1,000: pooled 0.74, se = sqrt(0.74 * 0.26 * 0.002) = 0.019616,
  //   z = -4.08, p = 4.5e-5: worse.
  // fcr against the peer median 0.76 (0.72, 0.76, 0.80): se0 = sqrt(0.76 * 0.24 / 1000) =
  //   0.013506, z = -4.44, p = 9e-6: worse.
  // nps 10 (se 100 sqrt(0.49 / 1000) = 2.2136) against 14 (se 2.1918): z = -4 / 3.1151 =
  //   -1.28, p = 0.199; against the peer median 12: z = -0.90, p = 0.366. Neither is worse.
  // Median time to resolve 30 h against 20 h: over 20 x 1.25 = 25: worse; against the peer
  //   median 26 h (24, 26, 30): limit 32.5 h: not worse.
  Fill(700, 780);
  WatermelonReport r = Check(options_);
  EXPECT_TRUE(r.slas_met);
  EXPECT_DOUBLE_EQ(r.alpha_per_test, 0.0125);
  ASSERT_EQ(r.evidence.size(), 6u);
  const OutcomeEvidence* fcr_prev = Find(r, "fcr", Comparison::kPreviousPeriod);
  EXPECT_TRUE(fcr_prev->worse);
  EXPECT_EQ(fcr_prev->against_label, "2026-02");
  EXPECT_NEAR(*fcr_prev->p_value, 4.5e-5, 0.3e-5);
  const OutcomeEvidence* fcr_peer = Find(r, "fcr", Comparison::kPeerMedian);
  EXPECT_TRUE(fcr_peer->worse);
  EXPECT_DOUBLE_EQ(fcr_peer->comparison, 0.76);
  EXPECT_EQ(fcr_peer->against_label, "median of 3 peers");
  EXPECT_LT(*fcr_peer->high, 0.76);
  const OutcomeEvidence* nps_prev = Find(r, "nps", Comparison::kPreviousPeriod);
  EXPECT_FALSE(nps_prev->worse);
  EXPECT_NEAR(*nps_prev->p_value, 0.199, 0.002);
  EXPECT_NEAR(*Find(r, "nps", Comparison::kPeerMedian)->p_value, 0.366, 0.002);
  EXPECT_TRUE(Find(r, "time_to_resolve_median_hours", Comparison::kPreviousPeriod)->worse);
  EXPECT_FALSE(Find(r, "time_to_resolve_median_hours", Comparison::kPeerMedian)->worse);
  EXPECT_TRUE(r.flagged);
  EXPECT_NE(r.summary.find("Watermelon"), std::string::npos) << r.summary;
}

TEST_F(WatermelonTest, MissedSlaIsNotAWatermelon) {
  // Same red FCR, but the service level 85% misses a 90% target: the SLA report is red
  // already, so the flag stays down while the evidence is still there.
  Fill(700, 780);
  WatermelonReport r = Check(options_, 0.9);
  EXPECT_FALSE(r.slas_met);
  EXPECT_FALSE(r.flagged);
  EXPECT_TRUE(Find(r, "fcr", Comparison::kPreviousPeriod)->worse);
}

TEST_F(WatermelonTest, BonferroniKeepsNoiseGreen) {
  // fcr 700 against 740 of 1,000: pooled 0.72, se = sqrt(0.72 * 0.28 * 0.002) = 0.020080,
  // z = -1.99, p = 0.046. Peers are left out (min_peers 10), so only the previous period is
  // tested. Alone, fcr is one test at 0.05: worse, flagged. With nps in the family (two tests
  // at 0.025 each) the same fcr drop is not significant, and nps (p 0.199) is not either.
  Fill(700, 740);
  WatermelonOptions alone{.outcomes = {"fcr"}, .min_peers = 10};
  WatermelonReport one = Check(alone);
  ASSERT_EQ(one.evidence.size(), 1u);
  EXPECT_DOUBLE_EQ(one.alpha_per_test, 0.05);
  EXPECT_NEAR(*one.evidence[0].p_value, 0.046, 0.001);
  EXPECT_TRUE(one.evidence[0].worse);
  EXPECT_TRUE(one.flagged);
  WatermelonOptions family{.outcomes = {"fcr", "nps"}, .min_peers = 10};
  WatermelonReport two = Check(family);
  EXPECT_DOUBLE_EQ(two.alpha_per_test, 0.025);
  EXPECT_FALSE(Find(two, "fcr", Comparison::kPreviousPeriod)->worse);
  EXPECT_FALSE(two.flagged);
}

TEST_F(WatermelonTest, SmallMediansAreNotCompared) {
  Fill(780, 780);
  score_.rows.clear();
  Rate("bluepeak", "2026-03", "service_level", 850, 1000);
  Median("bluepeak", "2026-03", 90, 29);  // Under min_issues (30).
  Median("bluepeak", "2026-02", 10, 100);
  WatermelonReport r = Check(options_);
  EXPECT_TRUE(r.evidence.empty());
  EXPECT_FALSE(r.flagged);
}

TEST_F(WatermelonTest, BadInput) {
  Fill(700, 780);
  const SlaCheck none[] = {CheckSla(Sla("service_level", 0.8), 0.85)};
  WatermelonOptions o{.outcomes = {"aht_seconds"}};
  EXPECT_FALSE(CheckWatermelon(score_, "bluepeak", "2026-03", none, o).ok());
  EXPECT_FALSE(CheckWatermelon(score_, "bluepeak", "March", none).ok());
  ScoreResult by_partner;
  by_partner.by = {Dimension::kPartner};
  EXPECT_FALSE(CheckWatermelon(by_partner, "bluepeak", "2026-03", none).ok());
}

}  // namespace
}  // namespace cx
