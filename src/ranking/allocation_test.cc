// Champion/Challenger allocation on worked examples; every number in an assertion is worked
// out by hand in the comment above it (pooled two-proportion z: se = sqrt(p(1-p)(1/n1+1/n2))).
#include "ranking/allocation.h"

#include <gtest/gtest.h>

#include <numeric>

namespace cx {
namespace {

AllocationRule Rule(std::vector<std::string> metrics = {"fcr"}) {
  AllocationRule r;
  r.champion = "atlas";
  r.challenger = "corvid";
  r.champion_bp = 4500;
  r.challenger_bp = 2000;
  r.pool_metrics = std::move(metrics);
  return r;
}

AllocationCandidate Fcr(std::string queue, std::string partner, int64_t x, int64_t n) {
  return {std::move(queue), std::move(partner), {{"fcr", Sample::Rate(x, n)}}};
}

const PartnerShare& ShareOf(const QueueAllocation& q, std::string_view partner) {
  for (const PartnerShare& s : q.shares) {
    if (s.partner == partner) return s;
  }
  ADD_FAILURE() << "no share for " << partner;
  static const PartnerShare kNone;
  return kNone;
}

int Sum(const QueueAllocation& q) {
  int sum = 0;
  for (const PartnerShare& s : q.shares) sum += s.total_bp();
  return sum;
}

// The three partners of the billing queue: atlas 80%, corvid 70%, delta 85% FCR of 500 each.
std::vector<AllocationCandidate> Billing() {
  return {Fcr("billing", "atlas", 400, 500), Fcr("billing", "corvid", 350, 500),
          Fcr("billing", "delta", 425, 500)};
}

TEST(AllocationTest, SignificantLeadWinsThePool) {
  // delta 425/500 against runner-up atlas 400/500: pooled 825/1000 = 0.825,
  // se = sqrt(0.825 * 0.175 * (2/500)) = 0.024031, z = 0.05 / 0.024031 = 2.0806,
  // p = erfc(2.0806 / sqrt 2) = 0.0375 < 0.05: delta takes the 35% pool.
  auto r = Allocate(Rule(), Billing());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->queues.size(), 1u);
  const QueueAllocation& q = r->queues[0];
  EXPECT_EQ(q.pool.winner, "delta");
  EXPECT_EQ(q.pool.metric, "fcr");
  EXPECT_NEAR(q.pool.p_value, 0.0375, 0.0005);
  EXPECT_EQ(ShareOf(q, "atlas").total_bp(), 4500);
  EXPECT_EQ(ShareOf(q, "corvid").total_bp(), 2000);
  EXPECT_EQ(ShareOf(q, "delta").total_bp(), 3500);
  EXPECT_EQ(ShareOf(q, "delta").fixed_bp, 0);
  EXPECT_NE(q.pool.summary.find("delta takes the 35.00% pool on fcr"), std::string::npos)
      << q.pool.summary;
}

TEST(AllocationTest, TwoPoolMetricsHalveTheLevelAndTheLeadersSplit) {
  // Same data, pool metrics fcr and ces (no ces data): each metric is tested at 0.05 / 2 =
  // 0.025, and p = 0.0375 is not below it. The leaders tied on fcr are delta and atlas
  // (p 0.0375 >= 0.025); corvid is out: 350 against 425 of 500, pooled 0.775,
  // se = sqrt(0.775 * 0.225 * 0.004) = 0.026410, z = 0.15 / 0.026410 = 5.68.
  // The 3500 bp pool splits 1750 / 1750: atlas 4500 + 1750 = 6250, delta 1750, corvid 2000.
  auto r = Allocate(Rule({"fcr", "ces"}), Billing());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const QueueAllocation& q = r->queues[0];
  EXPECT_TRUE(q.pool.winner.empty());
  ASSERT_EQ(q.pool.contests.size(), 2u);
  EXPECT_DOUBLE_EQ(q.pool.contests[0].alpha, 0.025);
  EXPECT_FALSE(q.pool.contests[0].significant);
  EXPECT_EQ(q.pool.contests[0].tied_leaders, (std::vector<std::string>{"delta", "atlas"}));
  EXPECT_TRUE(q.pool.contests[1].leader.empty());  // No ces data.
  EXPECT_EQ(ShareOf(q, "atlas").total_bp(), 6250);
  EXPECT_EQ(ShareOf(q, "delta").total_bp(), 1750);
  EXPECT_EQ(ShareOf(q, "corvid").total_bp(), 2000);
  EXPECT_NE(q.pool.summary.find("No significant lead"), std::string::npos) << q.pool.summary;
}

TEST(AllocationTest, CesMeanDecidesWhenFcrIsTied) {
  // fcr 400/500 against 395/500 is noise. ces: corvid mean 5.6 (variance 1.44, n 400) against
  // atlas 5.3 (variance 1.69, n 400): se = sqrt(1.44/400 + 1.69/400) = 0.088459,
  // z = 0.3 / 0.088459 = 3.391, p = erfc(3.391 / sqrt 2) = 0.00070 < 0.025: corvid takes
  // the pool: 2000 + 3500 = 5500; atlas keeps 4500.
  std::vector<AllocationCandidate> c = {
      {"q", "atlas", {{"fcr", Sample::Rate(400, 500)}, {"ces", Sample::Mean(5.3, 1.69, 400)}}},
      {"q", "corvid", {{"fcr", Sample::Rate(395, 500)}, {"ces", Sample::Mean(5.6, 1.44, 400)}}}};
  auto r = Allocate(Rule({"fcr", "ces"}), c);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const QueueAllocation& q = r->queues[0];
  EXPECT_EQ(q.pool.winner, "corvid");
  EXPECT_EQ(q.pool.metric, "ces");
  EXPECT_NEAR(q.pool.p_value, 0.00070, 0.00002);
  EXPECT_EQ(ShareOf(q, "corvid").total_bp(), 5500);
  EXPECT_EQ(ShareOf(q, "atlas").total_bp(), 4500);
}

TEST(AllocationTest, ProRataSplitUsesLargestRemainders) {
  // No lead (400 vs 398 of 500). Pool 3500 pro rata 4500 : 2000:
  //   atlas 3500 * 4500 / 6500 = 2423 rest 500; corvid 3500 * 2000 / 6500 = 1076 rest 6000.
  // 3499 given, the last point goes to the larger remainder (corvid): 2423 + 1077.
  AllocationRule rule = Rule();
  rule.no_lead = PoolSplit::kProRata;
  std::vector<AllocationCandidate> c = {Fcr("q", "atlas", 400, 500), Fcr("q", "corvid", 398, 500)};
  auto r = Allocate(rule, c);
  ASSERT_TRUE(r.ok());
  const QueueAllocation& q = r->queues[0];
  EXPECT_EQ(ShareOf(q, "atlas").total_bp(), 6923);
  EXPECT_EQ(ShareOf(q, "corvid").total_bp(), 3077);
  EXPECT_EQ(ShareOf(q, "corvid").pool_bp, 1077);
}

TEST(AllocationTest, ChampionMissingFromAQueueLeavesItsShareToThePool) {
  // claims takes corvid and delta only; atlas's data there is not eligible. The pool is
  // 10000 - 2000 = 8000. delta 450/600 against corvid 390/600: pooled 840/1200 = 0.7,
  // se = sqrt(0.7 * 0.3 * (2/600)) = 0.026458, z = 0.1 / 0.026458 = 3.78, p = 0.00016.
  AllocationRule rule = Rule();
  rule.eligible["claims"] = {"delta", "corvid"};
  std::vector<AllocationCandidate> c = {Fcr("claims", "atlas", 590, 600),
                                        Fcr("claims", "corvid", 390, 600),
                                        Fcr("claims", "delta", 450, 600)};
  auto r = Allocate(rule, c);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const QueueAllocation& q = r->queues[0];
  ASSERT_EQ(q.shares.size(), 2u);
  EXPECT_EQ(q.pool.pool_bp, 8000);
  EXPECT_EQ(q.pool.winner, "delta");
  EXPECT_EQ(ShareOf(q, "delta").total_bp(), 8000);
  EXPECT_EQ(ShareOf(q, "corvid").total_bp(), 2000);
}

TEST(AllocationTest, ListedQueueWithoutDataAndSolePartner) {
  // "chat" is listed with atlas only and has no data: atlas 4500 + the whole pool.
  // "email" has only corvid: 2000 + pool 8000 (the sole partner is its own tie group).
  AllocationRule rule = Rule();
  rule.eligible["chat"] = {"atlas"};
  std::vector<AllocationCandidate> c = {Fcr("email", "corvid", 10, 20)};
  auto r = Allocate(rule, c);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->queues.size(), 2u);
  EXPECT_EQ(r->queues[0].queue, "chat");
  EXPECT_EQ(ShareOf(r->queues[0], "atlas").total_bp(), 10000);
  EXPECT_EQ(r->queues[1].queue, "email");
  EXPECT_EQ(ShareOf(r->queues[1], "corvid").total_bp(), 10000);
}

TEST(AllocationTest, ThirdsRoundToExactlyTenThousand) {
  // Shares 33.33% + 33.33% leave a pool of 3334 for three tied partners (all 50/100):
  // 1111 each with remainder 1 each; the last point goes to the first in best-first order
  // (equal rates: by name, atlas). atlas 3333 + 1112, corvid 3333 + 1111, delta 1111.
  AllocationRule rule = Rule();
  rule.champion_bp = 3333;
  rule.challenger_bp = 3333;
  std::vector<AllocationCandidate> c = {Fcr("q", "delta", 50, 100), Fcr("q", "corvid", 50, 100),
                                        Fcr("q", "atlas", 50, 100)};
  auto r = Allocate(rule, c);
  ASSERT_TRUE(r.ok());
  const QueueAllocation& q = r->queues[0];
  EXPECT_EQ(ShareOf(q, "atlas").total_bp(), 4445);
  EXPECT_EQ(ShareOf(q, "corvid").total_bp(), 4444);
  EXPECT_EQ(ShareOf(q, "delta").total_bp(), 1111);
  EXPECT_EQ(Sum(q), 10000);
}

TEST(AllocationTest, EverySplitSumsToTenThousand) {
  const std::vector<std::string> names = {"atlas", "b", "corvid", "d", "e", "f", "g"};
  for (PoolSplit split : {PoolSplit::kTiedLeaders, PoolSplit::kProRata}) {
    for (int champion = 0; champion <= 10000; champion += 37) {
      for (int challenger : {0, 1, 1234, 3001}) {
        if (champion + challenger > 10000) continue;
        for (size_t k = 1; k <= names.size(); ++k) {
          AllocationRule rule = Rule();
          rule.no_lead = split;
          rule.champion_bp = champion;
          rule.challenger_bp = challenger;
          std::vector<AllocationCandidate> c;
          for (size_t i = 0; i < k; ++i) c.push_back(Fcr("q", names[i], 30, 60));
          auto r = Allocate(rule, c);
          ASSERT_TRUE(r.ok());
          const QueueAllocation& q = r->queues[0];
          ASSERT_EQ(Sum(q), 10000) << champion << " " << challenger << " " << k;
          if (split == PoolSplit::kTiedLeaders) {
            int lo = 10000, hi = 0;
            for (const PartnerShare& s : q.shares) {
              lo = std::min(lo, s.pool_bp);
              hi = std::max(hi, s.pool_bp);
            }
            EXPECT_LE(hi - lo, 1);  // An equal split differs by at most one basis point.
          }
        }
      }
    }
  }
}

TEST(AllocationTest, BadInputIsAnError) {
  std::vector<AllocationCandidate> twice = {Fcr("q", "atlas", 1, 2), Fcr("q", "atlas", 1, 2)};
  EXPECT_FALSE(Allocate(Rule(), twice).ok());
  std::vector<AllocationCandidate> bad = {Fcr("q", "atlas", 3, 2)};
  EXPECT_FALSE(Allocate(Rule(), bad).ok());
  AllocationRule rule = Rule();
  rule.pool_metrics = {"nps"};
  EXPECT_FALSE(Allocate(rule, {}).ok());
}

TEST(AllocationRuleTest, ReadsTheAllocationTable) {
  auto r = ParseAllocationRuleText(R"([allocation]
champion = "atlas"
challenger = "corvid"
champion_share = 0.45
challenger_share = 0.2
pool_metrics = ["fcr", "ces"]
alpha = 0.1
no_lead = "pro_rata"
[allocation.queues]
billing = ["atlas", "delta"]
)",
                                   "contract.toml");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->champion, "atlas");
  EXPECT_EQ(r->challenger, "corvid");
  EXPECT_EQ(r->champion_bp, 4500);
  EXPECT_EQ(r->challenger_bp, 2000);
  EXPECT_EQ(r->pool_metrics, (std::vector<std::string>{"fcr", "ces"}));
  EXPECT_DOUBLE_EQ(r->alpha, 0.1);
  EXPECT_EQ(r->no_lead, PoolSplit::kProRata);
  EXPECT_EQ(r->eligible.at("billing"), (std::vector<std::string>{"atlas", "delta"}));
}

TEST(AllocationRuleTest, ErrorsNameTheFileAndLine) {
  auto expect_error = [](std::string_view text, std::string_view needle) {
    auto r = ParseAllocationRuleText(text, "c.toml");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().message();
  };
  expect_error("[allocation]\nchampion = \"a\"\nshare = 1\n",
               "c.toml:3: unknown key 'allocation.share'");
  expect_error("[allocation]\nchampion = \"a\"\nchampion_share = 0.45255\n",
               "c.toml:3: allocation.champion_share must be a share in whole basis points");
  expect_error("[allocation]\nchampion = \"a\"\nchampion_share = 2\n",
               "c.toml:3: allocation.champion_share must be a number from 0 to 1");
  expect_error("[allocation]\nchampion = \"\"\n",
               "c.toml:2: allocation.champion must be a partner");
  expect_error("[allocation]\nchampion = \"a\"\nalpha = 1\n", "c.toml:3: allocation.alpha must be");
  expect_error("[allocation]\nchampion = \"a\"\nno_lead = \"x\"\n",
               "c.toml:3: allocation.no_lead must be one of tied_leaders, pro_rata");
  expect_error("[allocation]\nchampion = \"a\"\n[allocation.queues]\nbilling = [\"a\", \"\"]\n",
               "c.toml:4: allocation.queues.billing has an empty name");
  expect_error("[allocation]\nchampion = \"a\"\n[allocation.queues]\nbilling = \"a\"\n",
               "c.toml:4: allocation.queues.billing must be a list of texts");
  expect_error("[allocation]\nchampion = \"a\"\npool_metrics = [\"nps\"]\n",
               "unknown pool metric 'nps'");
  expect_error("[allocation]\nchampion = \"a\"\nchallenger = \"a\"\n", "both champion");
  expect_error("[allocation]\nchallenger = \"a\"\n", "[allocation] needs 'champion'");
  expect_error("[allocation]\nchampion = \"a\"\nchallenger_share = 0.1\n", "no challenger");
  expect_error("[allocation]\nchampion = \"a\"\nchampion_share = 0.9\nchallenger = \"b\"\n",
               "at most 100%");
  expect_error("[other]\n", "no [allocation] table");
}

TEST(AllocationTest, CandidatesFromScoreRows) {
  ScoreResult score;
  score.by = {Dimension::kPartner, Dimension::kQueue, Dimension::kPeriod};
  auto row = [&](std::string p, std::string q, std::string t, std::string_view m, int64_t x,
                 int64_t n) {
    MetricRow r;
    r.keys = {std::move(p), std::move(q), std::move(t)};
    r.metric = m;
    SetRate(r, x, n, std::nullopt, 1.96);
    score.rows.push_back(r);
  };
  row("atlas", "billing", "2026-03", "fcr", 80, 100);
  row("atlas", "billing", "2026-03", "ces_share_5plus", 30, 40);
  row("atlas", "billing", "2026-02", "fcr", 1, 100);  // Another period.
  row("corvid", "", "2026-03", "fcr", 5, 10);         // No queue.
  auto c = CandidatesFromScore(score, Rule({"fcr", "ces"}), "2026-03");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->size(), 1u);
  const AllocationCandidate& a = (*c)[0];
  EXPECT_EQ(a.partner, "atlas");
  EXPECT_EQ(a.samples.at("fcr").successes, 80);
  EXPECT_EQ(a.samples.at("ces").successes, 30);
  EXPECT_EQ(a.samples.at("ces").n, 40);
  score.by = {Dimension::kPartner, Dimension::kPeriod};
  EXPECT_FALSE(CandidatesFromScore(score, Rule(), "2026-03").ok());
}

}  // namespace
}  // namespace cx
