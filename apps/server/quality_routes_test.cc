// The data-quality route over a real store holding contacts only (no activity feed): every
// partner's capture rates by period, with what they are made of and what they mean, for the
// partner's own user and for clients; another partner's are refused through the tenant scope.
#include "server/quality_routes.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

#include "base/testing/temp_dir.h"
#include "contracts/metric_catalog.h"
#include "ingest/ingest.h"
#include "portal/http_server_test_util.h"

namespace cx::server {
namespace {

using nlohmann::json;

struct Contact {
  std::string partner, id, customer, day;  // day: YYYY-MM-DD.
  bool abandoned = false;
  std::string demographics, consent;  // "true", "false" or "" (not reported).
};

std::string ContactsCsv(const std::vector<Contact>& contacts) {
  std::string out =
      "contact_id,partner,site,queue,channel,customer_id,reason,arrived_at,customer_sent_at,"
      "answered_at,ended_at,handle_seconds,abandoned,transferred,agent_id,order_id,"
      "demographics_collected,consent_recorded\n";
  for (const Contact& c : contacts) {
    const std::string answered = c.abandoned ? "" : c.day + "T10:00:20Z";
    out += fmt::format(
        "{},{},manila,orders,voice,{},delivery_status,{}T10:00:00Z,,{},{}T10:05:00Z,"
        "{},{},false,{},,{},{}\n",
        c.id, c.partner, c.customer, c.day, answered, c.day, c.abandoned ? "" : "280",
        c.abandoned ? "true" : "false", c.abandoned ? "" : "a1", c.demographics, c.consent);
  }
  return out;
}

class QualityRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_ / "cxpact.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    // delta, January: 6 offered, 2 without a customer id, 1 abandoned; of the 5 handled, 4
    // report demographics (3 collected) and 3 report consent (1 recorded). February: 2 offered,
    // both identified, neither reporting demographics.
    Load({{"delta", "d1", "k1", "2026-01-03", false, "true", "true"},
          {"delta", "d2", "", "2026-01-04", false, "true", "false"},
          {"delta", "d3", "k3", "2026-01-05", false, "true", ""},
          {"delta", "d4", "", "2026-01-06", false, "false", ""},
          {"delta", "d5", "k5", "2026-01-07", false, "", "false"},
          {"delta", "d6", "k6", "2026-01-08", true, "true", "true"},  // Abandoned: not handled.
          {"delta", "d7", "k7", "2026-02-02", false, "", "true"},
          {"delta", "d8", "k8", "2026-02-03", false, "", "true"},
          // atlas: 3 offered in January, none identified.
          {"atlas", "a1", "", "2026-01-03", false, "true", "true"},
          {"atlas", "a2", "", "2026-01-04", false, "true", "true"},
          {"atlas", "a3", "", "2026-01-05", false, "true", "true"}});
    auto portal = PortalStore::Open(dir_ / "portal.db");
    ASSERT_TRUE(portal.ok()) << portal.status().ToString();
    portal_ = std::move(*portal);
    ApiDataOptions options;
    options.refresh_wait = std::chrono::minutes(1);  // Every answer is of the current data.
    options.log = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      log_.emplace_back(line);
    };
    data_ = std::make_unique<ApiData>(*store_, *portal_, std::move(options));
    router_ = std::make_unique<Router>(auth_);
    AddQualityRoutes(*router_, *data_);
  }

  void Load(const std::vector<Contact>& contacts) {
    const auto file = dir_.Write("contacts.csv", ContactsCsv(contacts));
    IngestOptions options;
    options.validate.require_customer_id = false;  // As for phone traffic: loaded, and counted.
    auto report = IngestCanonicalFile(*store_, Kind::kContacts, file, options);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    ASSERT_EQ(report->counts.quarantined, 0);
  }

  HttpResponse GetAs(const std::string& user, const std::string& path,
                     const std::string& query = "") {
    auto session = auth_.Login(user, "pw", "127.0.0.1", 0);
    EXPECT_TRUE(session.ok());
    HttpRequest r;
    r.method = "GET";
    r.path = path;
    r.query = query;
    r.headers.emplace_back("cookie", std::string(router_->cookie_name()) + "=" + session->token);
    return router_->Handle(r);
  }

  // How many refreshes the server logged whose line contains `what`.
  int Logged(std::string_view what) {
    std::lock_guard lock(log_mu_);
    return static_cast<int>(std::count_if(log_.begin(), log_.end(), [&](const std::string& l) {
      return l.find(what) != std::string::npos;
    }));
  }

  // The row of `metric` in `period` of a quality answer, or null.
  static json Row(const json& answer, const std::string& period, const std::string& metric) {
    for (const json& p : answer["periods"]) {
      if (p["period"] != period) continue;
      for (const json& m : p["metrics"]) {
        if (m["metric"] == metric) return m;
      }
    }
    return nullptr;
  }

  static void ExpectRate(const json& row, int64_t numerator, int64_t denominator) {
    ASSERT_TRUE(row.is_object()) << "no row";
    SCOPED_TRACE(row.dump());
    EXPECT_EQ(row["numerator"], numerator);
    EXPECT_EQ(row["denominator"], denominator);
    EXPECT_DOUBLE_EQ(row["value"].get<double>(), static_cast<double>(numerator) / denominator);
    EXPECT_LE(row["low"].get<double>(), row["value"].get<double>());
    EXPECT_GE(row["high"].get<double>(), row["value"].get<double>());
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<PortalStore> portal_;
  std::unique_ptr<ApiData> data_;
  testing::FakeAuthenticator auth_;
  std::unique_ptr<Router> router_;
  std::mutex log_mu_;
  std::vector<std::string> log_;  // GUARDED_BY(log_mu_)
};

TEST_F(QualityRoutesTest, PartnerUserGetsItsOwnRatesByPeriodWithoutActivityFeeds) {
  HttpResponse r = GetAs("delta", "/api/v1/partners/delta/quality");
  ASSERT_EQ(r.status, 200) << r.body;
  const json a = json::parse(r.body);
  EXPECT_EQ(a["partner"], "delta");
  EXPECT_EQ(a["stale"], false);
  EXPECT_GT(a["data_version"].get<int64_t>(), 0);
  EXPECT_EQ(a["metrics"], json({"no_customer_share", "demographics_rate", "consent_rate"}));
  ASSERT_EQ(a["periods"].size(), 2u);
  EXPECT_EQ(a["periods"][0]["period"], "2026-01");
  EXPECT_EQ(a["periods"][1]["period"], "2026-02");
  // Each period lists the three rates in the answer's order.
  for (const json& p : a["periods"]) {
    ASSERT_EQ(p["metrics"].size(), 3u);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(p["metrics"][i]["metric"], a["metrics"][i]);
  }
  ExpectRate(Row(a, "2026-01", "no_customer_share"), 2, 6);
  ExpectRate(Row(a, "2026-01", "demographics_rate"), 3, 4);
  ExpectRate(Row(a, "2026-01", "consent_rate"), 1, 3);
  ExpectRate(Row(a, "2026-02", "no_customer_share"), 0, 2);
  ExpectRate(Row(a, "2026-02", "consent_rate"), 2, 2);
  // Nobody reported demographics in February: the rate is undefined, not 0.
  const json none = Row(a, "2026-02", "demographics_rate");
  EXPECT_EQ(none["denominator"], 0);
  EXPECT_TRUE(none["value"].is_null());
  // What each rate means, in words, from the metric catalog.
  const json meaning = Row(a, "2026-01", "no_customer_share")["meaning"];
  EXPECT_EQ(meaning["scale"], "rate");
  EXPECT_EQ(meaning["better"], "lower");
  EXPECT_EQ(meaning["what"], std::string(FindMetric("no_customer_share")->what));
  EXPECT_NE(meaning["what"].get<std::string>().find("customer id"), std::string::npos);
  EXPECT_EQ(r.body.find("atlas"), std::string::npos);
}

TEST_F(QualityRoutesTest, AnotherPartnerIsRefusedAndAuditedWithoutItsName) {
  for (const std::string other : {"atlas", "nobody"}) {
    HttpResponse r = GetAs("delta", "/api/v1/partners/" + other + "/quality");
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(r.body.find(other), std::string::npos) << r.body;
  }
  int denied = 0;
  for (const AuditEntry& e : auth_.audit()) {
    denied += e.action == "denied" && e.target == "GET /api/v1/partners/atlas/quality";
  }
  EXPECT_EQ(denied, 1);
}

TEST_F(QualityRoutesTest, ClientsReadAnyPartnerAndAskForMonths) {
  HttpResponse r = GetAs("admin", "/api/v1/partners/atlas/quality");
  ASSERT_EQ(r.status, 200) << r.body;
  json a = json::parse(r.body);
  ASSERT_EQ(a["periods"].size(), 1u);
  ExpectRate(Row(a, "2026-01", "no_customer_share"), 3, 3);

  r = GetAs("admin", "/api/v1/partners/delta/quality", "from=2026-02&to=2026-12");
  ASSERT_EQ(r.status, 200) << r.body;
  a = json::parse(r.body);
  ASSERT_EQ(a["periods"].size(), 1u);
  EXPECT_EQ(a["periods"][0]["period"], "2026-02");
  r = GetAs("admin", "/api/v1/partners/delta/quality", "to=2026-01");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["periods"].size(), 1u);

  EXPECT_EQ(GetAs("admin", "/api/v1/partners/delta/quality", "from=2026-13").status, 400);
  EXPECT_EQ(GetAs("admin", "/api/v1/partners/delta/quality", "to=March").status, 400);
  EXPECT_EQ(GetAs("admin", "/api/v1/partners/nobody/quality").status, 404);
}

TEST_F(QualityRoutesTest, NeedsASession) {
  HttpRequest r;
  r.method = "GET";
  r.path = "/api/v1/partners/delta/quality";
  EXPECT_EQ(router_->Handle(r).status, 401);
}

// The extended metrics cost more than the core ones: the server computes them only for the
// quality route, once per data version, and the core score never waits for them.
TEST_F(QualityRoutesTest, TheExtendedScoreIsComputedOnlyWhenAskedFor) {
  ASSERT_TRUE(data_->Score().ok());
  EXPECT_EQ(Logged("scored in"), 1);
  EXPECT_EQ(Logged("metrics: all"), 0);
  ASSERT_EQ(GetAs("delta", "/api/v1/partners/delta/quality").status, 200);
  ASSERT_EQ(GetAs("admin", "/api/v1/partners/atlas/quality").status, 200);
  EXPECT_EQ(Logged("metrics: all"), 1);  // Once for the data version, whoever asks.
  Load({{"delta", "d9", "k9", "2026-02-10", false, "", ""}});
  ASSERT_TRUE(data_->Score().ok());  // New data: the core score again, and only it.
  EXPECT_EQ(Logged("scored in"), 3);
  EXPECT_EQ(Logged("metrics: all"), 1);
  ASSERT_EQ(GetAs("delta", "/api/v1/partners/delta/quality").status, 200);
  EXPECT_EQ(Logged("metrics: all"), 2);
}

// The rates follow the data: a load shows at the next request.
TEST_F(QualityRoutesTest, ALoadChangesTheRates) {
  ASSERT_EQ(GetAs("delta", "/api/v1/partners/delta/quality").status, 200);
  Load({{"delta", "d9", "", "2026-02-10", false, "true", ""}});
  HttpResponse r = GetAs("delta", "/api/v1/partners/delta/quality", "from=2026-02");
  ASSERT_EQ(r.status, 200) << r.body;
  const json a = json::parse(r.body);
  ExpectRate(Row(a, "2026-02", "no_customer_share"), 1, 3);
  ExpectRate(Row(a, "2026-02", "demographics_rate"), 1, 1);
}

}  // namespace
}  // namespace cx::server
