#include "contracts/contract_reader.h"

#include <gtest/gtest.h>

#include <set>

namespace cx {
namespace {

// A minimal valid contract; tests append layers or replace lines.
constexpr std::string_view kMsa = R"(contract = "t"
[[msa]]
effective = 2026-01-01
client = "Acme"
partner = "p1"
term_start = 2026-01-01
)";
constexpr std::string_view kSow = R"([[sow]]
effective = 2026-01-01
[[sow.kpi]]
metric = "fcr"
target = 0.7
weight = 50
[sow.commercials]
model = "per_handled"
unit_price = 3.5
)";

std::string Text(std::string_view extra = "") {
  return std::string(kMsa) + std::string(kSow) + std::string(extra);
}

// The message of a failed parse ("" when it parsed).
std::string ErrorOf(const std::string& text) {
  auto c = ParseContract(text, "c.toml");
  return c.ok() ? "" : c.status().message();
}

TEST(ContractReaderTest, MinimalContractTakesTheDefaults) {
  auto c = ParseContract(Text(), "c.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->partner(), "p1");
  EXPECT_EQ(c->currency, "USD");
  const Kpi& k = c->sow[0].kpis[0];
  EXPECT_EQ(k.direction, Direction::kHigherIsBetter);  // fcr's own direction.
  EXPECT_EQ(k.weight_bp, 5000);
  EXPECT_EQ(k.min_sample, 0);
  EXPECT_EQ(c->sow[0].pricing.unit_price_micros, 3'500'000);
  EXPECT_EQ(c->msa[0].cancellation_notice_months, 3);
  auto terms = c->TermsFor(*ParseYearMonth("2026-03"));
  ASSERT_TRUE(terms.ok());
  EXPECT_EQ(terms->operations, nullptr);  // No manual: MetricSettings defaults.
  EXPECT_EQ(terms->settings.service_level_threshold, 20 * kMicrosPerSecond);
}

TEST(ContractReaderTest, VersionsApplyFromTheFirstMonthStartingOnOrAfterTheirDate) {
  // SOW v2 is effective 2026-03-15: March began under v1, so v2 applies from April.
  const std::string text = Text(R"([[sow]]
effective = 2026-03-15
[[sow.kpi]]
metric = "fcr"
target = 0.75
[sow.commercials]
model = "per_handled"
unit_price = 3.6
[[operations]]
effective = 2026-02-01
[operations.thresholds]
service_level_seconds = 30
repeat_window_hours = 72
short_abandon_seconds = 10
response_hours = 24
response_time = "calendar"
)");
  auto c = ParseContract(text, "c.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto at = [&](const char* month) { return *c->TermsFor(*ParseYearMonth(month)); };
  EXPECT_DOUBLE_EQ(at("2026-03").sow->kpis[0].target, 0.7);
  EXPECT_DOUBLE_EQ(at("2026-04").sow->kpis[0].target, 0.75);
  EXPECT_DOUBLE_EQ(at("2027-01").sow->kpis[0].target, 0.75);
  EXPECT_EQ(at("2026-01").operations, nullptr);
  const MetricSettings s = at("2026-02").settings;
  EXPECT_EQ(s.service_level_threshold, 30 * kMicrosPerSecond);
  EXPECT_EQ(s.repeat_window, 72 * kMicrosPerHour);
  EXPECT_EQ(s.short_abandon, 10 * kMicrosPerSecond);
  EXPECT_EQ(s.response_target, 24 * kMicrosPerHour);
  EXPECT_EQ(s.response_time, ElapsedTime::kCalendar);
  // Before the first MSA/SOW: nothing applies.
  auto before = c->TermsFor(*ParseYearMonth("2025-12"));
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.status().code(), StatusCode::kNotFound);
}

TEST(ContractReaderTest, TermLimitsTheMonthsInForce) {
  std::string text = Text();
  text.replace(text.find("term_start"), 0, "term_end = 2026-06-30\n");
  auto c = ParseContract(text, "c.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->TermsFor(*ParseYearMonth("2026-06"))->in_term);
  EXPECT_FALSE(c->TermsFor(*ParseYearMonth("2026-07"))->in_term);
}

TEST(ContractReaderTest, OperationsCalendarUsesTheSettingsFormat) {
  auto c = ParseContract(Text(R"([[operations]]
effective = 2026-01-01
time_zone = "America/Chicago"
queues = ["billing"]
[operations.calendar]
weekdays = "08:00-18:00"
sat = "09:00-13:00"
holidays = ["2026-01-01", 2026-07-03]
)"), "c.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const OperationsVersion& o = c->operations[0];
  EXPECT_EQ(o.settings.time_zone, "America/Chicago");
  EXPECT_EQ(o.settings.calendar.time_zone, "America/Chicago");
  EXPECT_EQ(o.settings.calendar.weekly[0], std::vector<OpenRange>{Hours(8, 0, 18, 0)});
  EXPECT_EQ(o.settings.calendar.weekly[5], std::vector<OpenRange>{Hours(9, 0, 13, 0)});
  EXPECT_TRUE(o.settings.calendar.weekly[6].empty());
  EXPECT_EQ(o.settings.calendar.holidays.size(), 2u);
  EXPECT_EQ(o.queues, std::vector<std::string>{"billing"});
}

// Each error class names the file and the line of the offending key or table.
TEST(ContractReaderTest, SyntaxErrorNamesTheLine) {
  EXPECT_EQ(ErrorOf(Text("[[sow.kpi]\n")).substr(0, 9), "c.toml:16");
}

TEST(ContractReaderTest, UnknownKeyNamesTheLine) {
  EXPECT_EQ(ErrorOf(Text("[[operations]]\neffective = 2026-01-01\nthreshold = 3\n")),
            "c.toml:18: unknown key 'operations.threshold'");
}

TEST(ContractReaderTest, UnknownAndUnfitMetrics) {
  std::string text = Text();
  text.replace(text.find("\"fcr\""), 5, "\"fcrr\"");
  EXPECT_EQ(ErrorOf(text),
            "c.toml:10: unknown metric 'fcrr' (see docs/contracts.md for the list)");
  text = Text();
  text.replace(text.find("\"fcr\""), 5, "\"offered\"");
  EXPECT_EQ(ErrorOf(text), "c.toml:10: metric 'offered' is a volume and cannot carry a target");
  text = Text();
  text.replace(text.find("\"fcr\""), 5, "\"nps_margin\"");
  EXPECT_EQ(ErrorOf(text),
            "c.toml:10: metric 'nps_margin' is a statistic and cannot carry a target");
}

TEST(ContractReaderTest, ImpossibleTargets) {
  auto with_kpi = [](std::string_view metric, std::string_view target) {
    std::string text = Text();
    text.replace(text.find("\"fcr\""), 5, fmt::format("\"{}\"", metric));
    text.replace(text.find("0.7"), 3, std::string(target));
    return ErrorOf(text);
  };
  EXPECT_EQ(with_kpi("fcr", "70"),
            "c.toml:11: target of fcr must be a share between 0 and 1 (0.8 is 80%)");
  EXPECT_EQ(with_kpi("nps", "120"), "c.toml:11: target of nps must be an NPS between -100 and 100");
  EXPECT_EQ(with_kpi("asa_seconds", "-5"),
            "c.toml:11: target of asa_seconds must be a non-negative number of seconds");
  EXPECT_EQ(with_kpi("ces", "9"), "c.toml:11: target of ces must be a mean score between 1 and 7");
  EXPECT_EQ(with_kpi("nps", "-20"), "");  // A negative NPS target is possible.
}

TEST(ContractReaderTest, NegativeWeightsAndPrices) {
  std::string text = Text();
  text.replace(text.find("weight = 50"), 11, "weight = -5");
  EXPECT_EQ(ErrorOf(text),
            "c.toml:12: weight must be a percentage from 0 to 100 with at most 2 decimals");
  text = Text();
  text.replace(text.find("unit_price = 3.5"), 16, "unit_price = -3.5");
  EXPECT_EQ(ErrorOf(text),
            "c.toml:15: unit_price must be a non-negative price with at most 6 decimals");
  text = Text();
  text.replace(text.find("unit_price = 3.5"), 16, "unit_price = 3.1234567");
  EXPECT_EQ(ErrorOf(text).substr(0, 10), "c.toml:15:");
}

TEST(ContractReaderTest, UnknownPricingModel) {
  std::string text = Text();
  text.replace(text.find("\"per_handled\""), 13, "\"per_minute\"");
  EXPECT_EQ(ErrorOf(text),
            "c.toml:14: model must be one of per_hour, per_fte, per_handled, per_resolved, "
            "subscription");
}

TEST(ContractReaderTest, DuplicateAndOverlappingVersions) {
  std::string dup = Text();
  dup += std::string(kSow);  // Same effective date again, from line 16.
  EXPECT_EQ(ErrorOf(dup),
            "c.toml:16: two [[sow]] versions effective 2026-01-01 (the other at line 7)");
  // 2026-02-10 and 2026-02-20 both first apply to 2026-03: the first could never apply.
  std::string overlap = Text("[[operations]]\neffective = 2026-02-10\n"
                             "[[operations]]\neffective = 2026-02-20\n");
  EXPECT_EQ(ErrorOf(overlap),
            "c.toml:18: [[operations]] versions effective 2026-02-20 and 2026-02-10 (line 16) "
            "both first apply to 2026-03: a version applies from the first month that starts "
            "on or after its date");
}

TEST(ContractReaderTest, StructuralErrors) {
  EXPECT_EQ(ErrorOf(std::string(kMsa)), "c.toml:1: a contract needs at least one [[sow]]");
  std::string text = Text("[[msa]]\neffective = 2026-06-01\nclient = \"Acme\"\n"
                          "partner = \"p2\"\nterm_start = 2026-01-01\n");
  EXPECT_EQ(ErrorOf(text).substr(0, 40), "c.toml:16: partner 'p2' differs from 'p1");
  text = Text("[sow.cure]\nmonths = 2\nbreach_misses = 3\nbreach_window = 2\n");
  EXPECT_EQ(ErrorOf(text), "c.toml:16: cure.breach_misses cannot exceed cure.breach_window");
  text = Text("[[sow.kpi]]\nmetric = \"time_to_resolve_p90_hours\"\ntarget = 48\n"
              "period = \"rolling_quarter\"\n");
  EXPECT_EQ(ErrorOf(text).substr(0, 10), "c.toml:19:");
  text = Text("[[sow.kpi]]\nmetric = \"fcr\"\ntarget = 0.8\n");
  EXPECT_EQ(ErrorOf(text), "c.toml:16: a second KPI on fcr in the same SOW");
  text = Text("[[sow.bonus]]\nkind = \"over_target\"\nmetric = \"csat\"\namount = 100\n");
  EXPECT_EQ(ErrorOf(text),
            "c.toml:18: an over_target bonus on csat needs a KPI on csat in the same SOW");
}

TEST(ContractReaderTest, EveryExampleContractLoads) {
  auto all = LoadContracts(std::string(CXPACT_SOURCE_DIR) + "/examples/contracts");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  // One per partner of the demo generator (src/generate/profiles.cc).
  std::set<std::string> partners;
  std::set<PricingModel> models;
  for (const Contract& c : *all) {
    partners.insert(c.partner());
    models.insert(c.sow[0].pricing.model);
    EXPECT_TRUE(c.TermsFor(*ParseYearMonth("2026-01")).ok()) << c.file;
  }
  EXPECT_EQ(partners, (std::set<std::string>{"atlas", "bluepeak", "corvid", "delta",
                                              "inhouse-nyc"}));
  EXPECT_EQ(models.size(), 4u);  // per_hour, per_handled, per_resolved, subscription.
  for (const Contract& c : *all) {
    EXPECT_EQ(c.in_house(), c.partner() == "inhouse-nyc");
    if (c.partner() != "delta") continue;
    // The watermelon: speed-only KPIs, and FCR watched against the in-house centre.
    for (const Kpi& k : c.sow[0].kpis) {
      EXPECT_TRUE(k.metric == "service_level" || k.metric == "asa_seconds" ||
                  k.metric == "abandon_rate") << k.metric;
    }
    ASSERT_FALSE(c.sow[0].termination.empty());
    EXPECT_EQ(c.sow[0].termination[0].kind, TriggerKind::kBelowPeer);
    EXPECT_EQ(c.sow[0].termination[0].metric, "fcr");
    EXPECT_TRUE(c.sow[0].termination[0].in_house_peers);
  }
}

}  // namespace
}  // namespace cx
