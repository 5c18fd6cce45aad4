// Reconciliation of partner reports on a small hand-made month whose alternative figures are
// worked out in the comments: each report was made with one alternative definition, and the
// reconciliation must name it.
#include "metrics/sla_audit_reconcile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <vector>

#include "base/testing/temp_dir.h"
#include "generate/generator.h"

namespace cx {
namespace {

constexpr Micros kSecond = kMicrosPerSecond;

Micros T(std::string_view text) { return *ParseTimestamp(text); }

struct ContactSpec {
  std::string_view channel = "voice";
  Micros arrived = 0;
  Micros sent = kNull, answered = kNull, ended = kNull;
  bool abandoned = false;
};

class ReconcileTest : public ::testing::Test {
 protected:
  void Add(const ContactSpec& c) {
    using namespace contact_field;
    ids_.push_back("c" + std::to_string(ids_.size()));
    std::vector<Value> v(kCount, Value::Null());
    v[kPartner] = Value::Text("bluepeak");
    v[kContactId] = Value::Text(ids_.back());
    v[kCustomerId] = Value::Text(ids_.back());
    v[kChannel] = Value::Text(c.channel);
    v[kArrivedAt] = Value::Int(c.arrived);
    if (c.sent != kNull) v[kCustomerSentAt] = Value::Int(c.sent);
    if (c.answered != kNull) v[kAnsweredAt] = Value::Int(c.answered);
    if (c.ended != kNull) v[kEndedAt] = Value::Int(c.ended);
    v[kAbandoned] = Value::Int(c.abandoned);
    v[kTransferred] = Value::Int(0);
    builder_.Add(v);
  }

  // Voice, Monday 2026-03-16 from 14:00Z, a minute apart:
  //   60 answered after 5 s (hits), 20 answered after 60 s, 5 abandoned after 20 s,
  //   10 abandoned after 40 s, 10 short abandons (2 s).
  // Offered 105, short 10, abandoned 25.
  //   service_level = 60 / (105 - 10) = 0.631579; short abandons counted: 60 / 105 = 0.571429;
  //   under 30 s left out: 60 / 90 = 0.666667; answered only: 60 / 80 = 0.75;
  //   thresholds 10 s and 30 s: 0.631579 (every answer is at 5 s or 60 s).
  //   abandon_rate counts every channel: offered 130 with the 25 emails below, so
  //   abandon_rate = 15 / 120 = 0.125; short counted 25 / 130 = 0.192308;
  //   under 30 s left out: 10 / 115 = 0.086957; under 60 s left out: 0 / 105 = 0;
  //   voice only: 15 / 95 = 0.157895.
  // Email (business hours Mon-Fri 09-17 New York, target 48 business hours):
  //   10 sent Mon 03-02 10:00, arrived Wed 03-11 10:00, answered Thu 03-12 10:00:
  //      from sent 7 + 4 x 8 + 3 x 8 + 1 = 64 h (miss); from arrival 7 + 1 = 8 h (hit);
  //   10 arrived (and sent) Wed 03-11 10:00, answered Thu 03-12 10:00: 8 h, hits;
  //   5 arrived Tue 03-03 10:00, never answered, deadline long before the horizon: misses.
  //   response_within = 10 / 25 = 0.4; clock at arrival 20 / 25 = 0.8;
  //   calendar hours 10 / 25 = 0.4; answered only 10 / 20 = 0.5; both 20 / 20 = 1.
  void SetUp() override {
    Micros t = T("2026-03-16T14:00:00Z");
    auto voice = [&](int n, Micros answer_after, Micros abandon_after) {
      for (int i = 0; i < n; ++i, t += 60 * kSecond) {
        ContactSpec c{.arrived = t};
        if (answer_after != kNull) {
          c.answered = t + answer_after;
          c.ended = c.answered + 300 * kSecond;
        } else {
          c.abandoned = true;
          c.ended = t + abandon_after;
        }
        Add(c);
      }
    };
    voice(60, 5 * kSecond, kNull);
    voice(20, 60 * kSecond, kNull);
    voice(5, kNull, 20 * kSecond);
    voice(10, kNull, 40 * kSecond);
    voice(10, kNull, 2 * kSecond);
    for (int i = 0; i < 10; ++i) {
      Add({.channel = "email",
           .arrived = T("2026-03-11T10:00:00-04:00"),
           .sent = T("2026-03-02T10:00:00-05:00"),
           .answered = T("2026-03-12T10:00:00-04:00")});
      Add({.channel = "email",
           .arrived = T("2026-03-11T10:00:00-04:00"),
           .answered = T("2026-03-12T10:00:00-04:00")});
    }
    for (int i = 0; i < 5; ++i)
      Add({.channel = "email", .arrived = T("2026-03-03T10:00:00-05:00")});
    data_.contacts = builder_.Finish();
  }

  ReconcileRow One(std::string metric, double value, std::string partner = "bluepeak") {
    const PartnerReport r[] = {{std::move(partner), "2026-03", std::move(metric), value}};
    auto out = Reconcile(data_, MetricSettings{}, r);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    if (!out.ok() || out->size() != 1) return {};
    return (*out)[0];
  }

  std::vector<std::string> ids_;
  ContactTableBuilder builder_;
  Dataset data_;
};

TEST_F(ReconcileTest, ServiceLevelOverAnsweredContactsIsTheTreatmentOfAbandons) {
  ReconcileRow r = One("service_level", 0.75);
  ASSERT_TRUE(r.recomputed);
  EXPECT_NEAR(*r.recomputed, 60.0 / 95, 1e-12);
  EXPECT_NEAR(*r.difference, 0.75 - 60.0 / 95, 1e-12);
  EXPECT_EQ(r.cause, "treatment of abandons");
  EXPECT_EQ(r.variant, "abandoned contacts left out (answered only)");
  EXPECT_DOUBLE_EQ(*r.variant_value, 0.75);
  ASSERT_EQ(r.alternatives.size(), 6u);
  EXPECT_NEAR(*r.alternatives[0].value, 60.0 / 105, 1e-12);  // Short abandons counted.
  EXPECT_NEAR(*r.alternatives[1].value, 60.0 / 90, 1e-12);   // Under 30 s left out.
  EXPECT_NE(r.summary.find("likely cause is the treatment of abandons"), std::string::npos)
      << r.summary;
}

TEST_F(ReconcileTest, ShortAbandonsCountedAsMisses) {
  ReconcileRow r = One("service_level", 0.5714);
  EXPECT_EQ(r.cause, "treatment of abandons");
  EXPECT_EQ(r.variant, "short abandons counted as misses");
}

TEST_F(ReconcileTest, AbandonRateWithoutAbandonsUnder30Seconds) {
  ReconcileRow r = One("abandon_rate", 0.0870);
  EXPECT_NEAR(*r.recomputed, 15.0 / 120, 1e-12);
  ASSERT_EQ(r.alternatives.size(), 4u);
  EXPECT_NEAR(*r.alternatives[3].value, 15.0 / 95, 1e-12);  // Voice only.
  EXPECT_EQ(r.variant, "abandons under 30 s left out");
  EXPECT_EQ(r.cause, "treatment of abandons");
}

TEST_F(ReconcileTest, ResponseClockStartedAtArrival) {
  ReconcileRow r = One("response_within", 0.8);
  EXPECT_NEAR(*r.recomputed, 0.4, 1e-12);
  EXPECT_EQ(r.cause, "clock start");
  ReconcileRow both = One("response_within", 1.0);
  EXPECT_EQ(both.cause, "clock start and universe of data");
  ReconcileRow answered = One("response_within", 0.5);
  EXPECT_EQ(answered.cause, "universe of data");
}

TEST_F(ReconcileTest, MatchesUnexplainedAndNoData) {
  // Within one point of 0.631579: a match, even though no alternative is asked for.
  EXPECT_EQ(One("service_level", 0.635).cause, kCauseMatches);
  // 0.95 is 20 points from the nearest alternative (0.75).
  ReconcileRow far = One("service_level", 0.95);
  EXPECT_EQ(far.cause, kCauseUnexplained);
  EXPECT_TRUE(far.variant.empty());
  EXPECT_EQ(One("service_level", 0.8, "nobody").cause, kCauseNoData);
  EXPECT_EQ(One("no_such_metric", 1).cause, kCauseNoData);
  // ASA: answered voice waits are (60 x 5 s + 20 x 60 s) / 80 = 18.75 s. Reported 18.9 is
  // within 3% of it: a match, whatever the alternatives say.
  ReconcileRow asa = One("asa_seconds", 18.9);
  EXPECT_NEAR(*asa.recomputed, 18.75, 1e-9);
  EXPECT_EQ(asa.cause, kCauseMatches);
}

TEST_F(ReconcileTest, AsaWithAbandonedWaits) {
  // Waits of answered and abandoned calls: (60 x 5 + 20 x 60 + 5 x 20 + 10 x 40 + 10 x 2) / 105
  // = (300 + 1200 + 100 + 400 + 20) / 105 = 2020 / 105 = 19.238 s. That is within 3% of 18.75
  // (2.6%), so a 1% tolerance is needed to tell the two apart.
  const PartnerReport r[] = {{"bluepeak", "2026-03", "asa_seconds", 19.24}};
  auto out = Reconcile(data_, MetricSettings{}, r, {.relative_tolerance = 0.01});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)[0].cause, "treatment of abandons");
  EXPECT_NEAR(*(*out)[0].variant_value, 2020.0 / 105, 1e-9);
}

TEST_F(ReconcileTest, WeeklySettingsAreRejected) {
  MetricSettings weekly;
  weekly.period = PeriodKind::kWeek;
  const PartnerReport r[] = {{"bluepeak", "2026-03", "fcr", 0.8}};
  EXPECT_FALSE(Reconcile(data_, weekly, r).ok());
}

// Reports of several metrics reconciled together give what each gives alone, in either order:
// the settings variants some report reads FCR or the repeat rate from are scored with the
// per-customer scans, the others without, and each variant's score is shared.
TEST(ReconcileBatchTest, ABatchOfReportsGivesWhatEachGivesAlone) {
  testing::TempDir dir;
  GenerateOptions generate;
  generate.contacts = 20'000;
  ASSERT_TRUE(Generate(generate, dir.path()).ok());
  auto data = LoadDatasetFromFolder(dir.path(), ValidateOptions{});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  std::vector<PartnerReport> reports;
  for (const char* metric :
       {"service_level", "fcr", "abandon_rate", "repeat_rate", "response_within", "asa_seconds"}) {
    reports.push_back({"atlas", "2026-02", metric, 0.5});
  }
  const auto alone = [&](const PartnerReport& r) {
    auto out = Reconcile(*data, MetricSettings{}, std::span(&r, 1));
    EXPECT_TRUE(out.ok() && out->size() == 1);
    return out.ok() && out->size() == 1 ? (*out)[0] : ReconcileRow{};
  };
  for (int order = 0; order < 2; ++order) {
    auto batch = Reconcile(*data, MetricSettings{}, reports);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    ASSERT_EQ(batch->size(), reports.size());
    for (size_t i = 0; i < reports.size(); ++i) {
      SCOPED_TRACE(reports[i].metric);
      const ReconcileRow one = alone(reports[i]);
      const ReconcileRow& together = (*batch)[i];
      ASSERT_TRUE(together.recomputed.has_value());  // FCR and repeat rate too.
      EXPECT_EQ(together.recomputed, one.recomputed);
      EXPECT_EQ(together.summary, one.summary);
      ASSERT_EQ(together.alternatives.size(), one.alternatives.size());
      for (size_t k = 0; k < one.alternatives.size(); ++k) {
        EXPECT_EQ(together.alternatives[k].value, one.alternatives[k].value) << k;
      }
    }
    std::reverse(reports.begin(), reports.end());
  }
}

}  // namespace
}  // namespace cx
