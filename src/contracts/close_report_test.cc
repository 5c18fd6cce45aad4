#include "contracts/close_report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace cx {
namespace {

using nlohmann::json;

// One partner's close as the lead's close writes it: a partner whose SLAs are green while
// first-contact resolution, repeats and CSAT get worse month after month.
json Fixture() {
  json trend = json::array();
  auto add = [&](const char* metric, const char* kind, json target,
                 std::initializer_list<double> values, double half) {
    const char* months[] = {"2026-01", "2026-02", "2026-03", "2026-04"};
    int i = 0;
    for (double v : values) {
      trend.push_back({{"period", months[i++]},
                       {"metric", metric},
                       {"value", v},
                       {"low", v - half},
                       {"high", v + half},
                       {"target", target},
                       {"kind", kind}});
    }
  };
  add("service_level", "sla", 0.8, {0.86, 0.87, 0.9, 0.88}, 0.01);
  add("asa_seconds", "sla", 30, {24.5, 27.1, 29.4, 34.2}, 1.6);
  add("abandon_rate", "sla", 0.05, {0.031, 0.034, 0.029, 0.033}, 0.004);
  add("fcr", "outcome", nullptr, {0.62, 0.6, 0.57, 0.55}, 0.01);
  add("repeat_rate", "outcome", nullptr, {0.18, 0.2, 0.22, 0.24}, 0.008);
  add("csat", "outcome", nullptr, {0.84, 0.82, 0.8, 0.78}, 0.012);
  return json{
      {"period", "2026-04"},
      {"version", 1},
      {"fingerprint", "9f2c41d7be0a55e3c1f08a2b7d6e4c93a1b2c3d4e5f60718293a4b5c6d7e8f90"},
      {"partner", "delta"},
      {"in_house", false},
      {"contract",
       {{"file", "delta.toml"},
        {"msa_effective", "2026-01-01"},
        {"sow_effective", "2026-01-01"},
        {"operations_effective", "2026-03-01"},
        {"pricing", "subscription"}}},
      {"kpis",
       {{{"metric", "service_level"},
         {"kind", "sla"},
         {"target", 0.8},
         {"direction", "higher"},
         {"value", 0.88},
         {"low", 0.87},
         {"high", 0.89},
         {"sample", 61234},
         {"status", "met"},
         {"weight", 0.4},
         {"credit_cents", 0}},
        {{"metric", "asa_seconds"},
         {"kind", "sla"},
         {"target", 30},
         {"direction", "lower"},
         {"value", 34.2},
         {"low", 32.6},
         {"high", 35.8},
         {"sample", 53890},
         {"status", "missed"},
         {"weight", 0.3},
         {"credit_cents", -50000}},
        {{"metric", "abandon_rate"},
         {"kind", "sla"},
         {"target", 0.05},
         {"direction", "lower"},
         {"value", 0.033},
         {"low", 0.029},
         {"high", 0.037},
         {"sample", 61234},
         {"status", "met"},
         {"weight", 0.3},
         {"credit_cents", 0}},
        {{"metric", "nps"},
         {"kind", "sla"},
         {"target", 20},
         {"direction", "higher"},
         {"value", nullptr},
         {"sample", 0},
         {"status", "not measured"},
         {"weight", 0},
         {"credit_cents", 0}}}},
      {"outcomes",
       {{{"metric", "fcr"}, {"value", 0.55}, {"low", 0.54}, {"high", 0.56}, {"sample", 5000}}}},
      {"trend", trend},
      {"money",
       {{"currency", "USD"},
        {"at_risk_cents", 1200000},
        {"charges_cents", 10000000},
        {"credits_cents", -50000},
        {"bonuses_cents", 0},
        {"earn_back_cents", 0},
        {"outcome_bonus_cents", 0},
        {"total_cents", 9950000}}},
      {"invoice",
       {{"label", "subscription"},
        {"lines",
         {{{"kind", "charge"},
           {"description", "Management fee"},
           {"quantity", "12000"},
           {"unit_price", "1.25"},
           {"amount_cents", 1500000}},
          {{"kind", "charge"},
           {"description", "Seats (monthly)"},
           {"quantity", "170"},
           {"unit_price", "500.00"},
           {"amount_cents", 8500000}},
          {{"kind", "credit"},
           {"description", "Service credit: asa_seconds missed"},
           {"quantity", "1"},
           {"unit_price", "-500.00"},
           {"amount_cents", -50000}}}}}},
      {"what_if",
       {{{"label", "per_resolved"},
         {"total_cents", 8800000},
         {"charges_cents", 8850000},
         {"lines",
          {{{"kind", "charge"},
            {"description", "Resolved contacts"},
            {"quantity", "33679"},
            {"unit_price", "2.6277"},
            {"amount_cents", 8850000}}}}},
        {{"label", "per_hour"}, {"total_cents", 10420000}, {"charges_cents", 10470000}},
        {{"label", "per_contact"}, {"total_cents", 9700000}, {"charges_cents", 9750000}}}},
      {"cures",
       {{{"event", "opened"},
         {"metric", "asa_seconds"},
         {"breach_month", "2026-04"},
         {"deadline", "2026-06"}}}},
      {"escalation_level", 1},
      {"termination",
       {{{"name", "fcr_vs_inhouse"},
         {"reason", "fcr below the worst in-house centre for 3 consecutive months"},
         {"evidence",
          {{{"month", "2026-02"},
            {"metric", "fcr"},
            {"value", 0.6},
            {"peer", "inhouse-nyc"},
            {"peer_value", 0.71}},
           {{"month", "2026-03"},
            {"metric", "fcr"},
            {"value", 0.57},
            {"peer", "inhouse-nyc"},
            {"peer_value", 0.7}},
           {{"month", "2026-04"},
            {"metric", "fcr"},
            {"value", 0.55},
            {"peer", "inhouse-nyc"},
            {"peer_value", 0.72}}}}}}},
      {"rebid", {{"exempt", false}, {"streak", 0}}},
      {"audit",
       {{"tolerances",
         {{{"metric", "service_level"},
           {"sentence",
            "80% of calls answered within 20 s lets 12,247 of 61,234 calls wait "
            "longer — any amount longer."}},
          {{"metric", "abandon_rate"},
           {"sentence",
            "An abandon rate of 5% lets 3,062 of 61,234 callers hang up unanswered."}}}},
        {"watermelon",
         {{"flagged", true},
          {"summary", "SLAs met while fcr is significantly worse than the peer median"},
          {"evidence",
           {{{"metric", "fcr"},
             {"against", "peer median"},
             {"value", 0.55},
             {"comparison", 0.78},
             {"p_value", 0.0001},
             {"worse", true}},
            {{"metric", "csat"},
             {"against", "peer median"},
             {"value", 0.78},
             {"comparison", 0.81},
             {"p_value", 0.012},
             {"worse", true}}}}}},
        {"reconciliation",
         {{{"metric", "service_level"},
           {"reported", 0.93},
           {"recomputed", 0.88},
           {"difference", 0.05},
           {"cause", "treatment of abandons"},
           {"summary", "The partner leaves short abandons out of the denominator."}}}}}},
      {"allocation",
       {{{"queue", "billing"},
         {"share_bp", 4500},
         {"pool_winner", "corvid"},
         {"summary", "Challenger share after two months ranked second."}},
        {{"queue", "tech_support"},
         {"share_bp", 2000},
         {"pool_winner", "corvid"},
         {"summary", "Reduced: fcr below peers."}}}},
  };
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

TEST(CloseReportTest, FullFixtureShowsFormattedNumbers) {
  const std::string html = RenderCloseReportHtml(Fixture());
  if (const char* out = std::getenv("CXPACT_CLOSE_REPORT_OUT")) std::ofstream(out) << html;
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("88.0%"), std::string::npos);       // service_level value.
  EXPECT_NE(html.find("87.0–89.0%"), std::string::npos);  // Its interval.
  EXPECT_NE(html.find("≥ 80.0%"), std::string::npos);     // Its target.
  EXPECT_NE(html.find("≤ 30.0 s"), std::string::npos);    // asa_seconds target.
  EXPECT_NE(html.find("$99,500.00"), std::string::npos);  // Invoice total.
  EXPECT_NE(html.find("−$500.00"), std::string::npos);    // The credit.
  EXPECT_NE(html.find("$88,000.00"), std::string::npos);  // A what-if total.
  EXPECT_NE(html.find("61,234"), std::string::npos);      // A sample.
  EXPECT_NE(html.find("45.0%"), std::string::npos);       // An allocation share.
  EXPECT_NE(html.find("+5.0 pp"), std::string::npos);     // A reconciliation gap.
  EXPECT_NE(html.find("First-contact resolution"), std::string::npos);
  EXPECT_NE(html.find("Generated by cxpact close"), std::string::npos);
  EXPECT_NE(html.find("9f2c41d7be0a"), std::string::npos);
  EXPECT_EQ(Count(html, "class=\"pill good\">✓ met"), 2u);
  EXPECT_EQ(Count(html, "class=\"pill bad\">✗ missed"), 1u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST(CloseReportTest, OneTrendSvgWithBandPerMetric) {
  const std::string html = RenderCloseReportHtml(Fixture());
  for (int i = 0; i < 6; ++i) {
    const std::string id = "id=\"trend-" + std::to_string(i) + "-t\"";
    const size_t at = html.find(id);
    ASSERT_NE(at, std::string::npos) << id;
    const size_t end = html.find("</svg>", at);
    const std::string svg = html.substr(at, end - at);
    EXPECT_NE(svg.find("<path class=\"band\""), std::string::npos) << id;
    EXPECT_NE(svg.find("<polyline class=\"line\""), std::string::npos) << id;
    EXPECT_NE(svg.find("<title>2026-04: "), std::string::npos) << id;
  }
  EXPECT_EQ(html.find("id=\"trend-6-t\""), std::string::npos);
  // Targets only on the three SLAs; two panels of SLA beside outcome.
  EXPECT_EQ(Count(html, "<path class=\"target\""), 3u);
  EXPECT_NE(html.find("id=\"sla-margin-t\""), std::string::npos);
  EXPECT_NE(html.find("id=\"outcome-change-t\""), std::string::npos);
}

TEST(CloseReportTest, EscapesText) {
  json j = Fixture();
  j["partner"] = "<script>alert(1)</script>";
  j["audit"]["watermelon"]["summary"] = "fcr & csat \"worse\"";
  const std::string html = RenderCloseReportHtml(j);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("fcr &amp; csat &quot;worse&quot;"), std::string::npos);
}

TEST(CloseReportTest, IsDeterministic) {
  EXPECT_EQ(RenderCloseReportHtml(Fixture()), RenderCloseReportHtml(Fixture()));
}

TEST(CloseReportTest, MinimalJsonRenders) {
  const std::string html = RenderCloseReportHtml(json{{"period", "2026-04"}, {"partner", "x"}});
  EXPECT_NE(html.find("<h1>x</h1>"), std::string::npos);
  EXPECT_NE(html.find("No open flags"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  const std::string no_data = RenderCloseReportHtml(
      json{{"period", "2026-04"}, {"partner", "x"}, {"status", "no data for the period"}});
  EXPECT_NE(no_data.find("No data for the period"), std::string::npos);
}

TEST(CloseReportTest, WrongTypesAndNullsRender) {
  EXPECT_NE(RenderCloseReportHtml(json()).find("</html>"), std::string::npos);
  EXPECT_NE(RenderCloseReportHtml(json::array({1, 2})).find("</html>"), std::string::npos);
  json j = {{"partner", 7},
            {"kpis", {nullptr, 3, {{"metric", nullptr}, {"value", "high"}}}},
            {"trend",
             {{{"period", "2026-01"}, {"metric", "fcr"}, {"value", nullptr}},
              {{"period", 5}, {"metric", "x"}},
              "junk"}},
            {"money", {{"currency", nullptr}, {"total_cents", 1.5}}},
            {"what_if", "none"},
            {"termination", {{{"evidence", {nullptr}}}}},
            {"allocation", {{{"share_bp", "half"}}}}};
  const std::string html = RenderCloseReportHtml(j);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  EXPECT_NE(html.find("No values in the trend."), std::string::npos);
}

TEST(CloseReportTest, LongTrendWithGapsAndSingleMonths) {
  json trend = json::array();
  for (int m = 0; m < 14; ++m) {
    const std::string period = fmt::format("{}-{:02}", 2025 + (m + 2) / 12, (m + 2) % 12 + 1);
    if (m != 6) {  // A month without fcr: the line and band break there.
      const double v = 0.6 - 0.004 * m;
      trend.push_back({{"period", period},
                       {"metric", "fcr"},
                       {"value", v},
                       {"low", v - 0.01},
                       {"high", v + 0.01},
                       {"kind", "outcome"}});
    }
    trend.push_back({{"period", period},
                     {"metric", "aht_seconds"},
                     {"value", 400 + 3 * m},
                     {"target", m < 7 ? 420 : 450},
                     {"kind", "sla"}});
  }
  trend.push_back({{"period", "2026-04"},
                   {"metric", "nps"},
                   {"value", 12},
                   {"low", 8},
                   {"high", 16},
                   {"target", 10},
                   {"kind", "sla"}});
  const std::string html = RenderCloseReportHtml(json{{"period", "2026-04"}, {"trend", trend}});
  if (const char* out = std::getenv("CXPACT_CLOSE_REPORT_OUT_LONG")) std::ofstream(out) << html;
  const size_t fcr = html.find("fcr</code>");
  ASSERT_NE(fcr, std::string::npos);
  const std::string panel = html.substr(fcr, html.find("</svg>", fcr) - fcr);
  EXPECT_EQ(Count(panel, "<path class=\"band\""), 2u);
  EXPECT_EQ(Count(panel, "<polyline"), 2u);
  EXPECT_NE(panel.find(">2026</text>"), std::string::npos);  // The year under January.
  EXPECT_NE(html.find("Mar 2025"), std::string::npos);
}

TEST(CloseReportTest, FormatsEachScale) {
  json j = {{"period", "2026-04"},
            {"money", {{"currency", "EUR"}, {"total_cents", -123456789}}},
            {"kpis",
             {{{"metric", "aht_seconds"}, {"value", 412.4}, {"status", "met"}},
              {{"metric", "time_to_resolve_p90_hours"}, {"value", 30.26}},
              {{"metric", "nps"}, {"value", 31}},
              {{"metric", "ces"}, {"value", 5.126}}}}};
  const std::string html = RenderCloseReportHtml(j);
  EXPECT_NE(html.find("412 s"), std::string::npos);
  EXPECT_NE(html.find("30.3 h"), std::string::npos);
  EXPECT_NE(html.find("+31.0"), std::string::npos);
  EXPECT_NE(html.find("5.13"), std::string::npos);
  EXPECT_NE(html.find("−€1,234,567.89"), std::string::npos);
}

}  // namespace
}  // namespace cx
