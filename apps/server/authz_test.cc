// The portal API's authorization, end to end: a workspace of generated data for five partners
// (closed for one month with the example contracts), real users of every role in a real
// SqliteAuthenticator, and every route of Router::Routes() called as every role and
// anonymously, with every partner name, period, kind and insight id (also other partners'), with
// and without the CSRF token. A partner user must never receive another partner's name or
// contact id prefix, on any route; a route the test does not know how to call successfully
// fails the test, so a new route cannot go unchecked.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include "contracts/metric_catalog.h"
#include "portal/http_server.h"
#include "server/authz_world.h"
#include "server/close_routes.h"

namespace cx::server::authz {
namespace {

// Sends `request` to 127.0.0.1:`port` and returns everything the server writes until it closes.
std::string Exchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    for (size_t sent = 0; sent < request.size();) {
      const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    char buf[65536];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
      out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class AuthzTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { world_ = new AuthzWorld(); }
  static void TearDownTestSuite() {
    delete world_;
    world_ = nullptr;
  }

  // The values each path parameter takes: every tenant's, and some that exist for nobody.
  static std::vector<std::string> ValuesOf(const std::string& param) {
    if (param == "partner") {
      std::vector<std::string> v = kPartners;
      v.push_back("nobody");
      return v;
    }
    if (param == "period") {
      std::vector<std::string> v = kPeriods;
      v.push_back("2026-13");
      return v;
    }
    if (param == "kind") {
      std::vector<std::string> v;
      for (const KindSpec& k : AllKinds()) v.emplace_back(k.name);
      v.push_back("secrets");
      return v;
    }
    if (param == "id") {
      std::vector<std::string> v;
      for (const auto& [partner, id] : world_->insight_of) v.push_back(std::to_string(id));
      v.push_back("999999");
      v.push_back("abc");
      return v;
    }
    return {};
  }

  // Every concrete path of `pattern`; empty when it has a parameter the test does not know.
  static std::vector<std::string> Expand(const std::string& pattern) {
    std::vector<std::string> paths = {""};
    size_t i = 0;
    while (i < pattern.size()) {
      const size_t open = pattern.find('{', i);
      if (open == std::string::npos) {
        for (std::string& p : paths) p += pattern.substr(i);
        break;
      }
      const size_t close = pattern.find('}', open);
      const std::string literal = pattern.substr(i, open - i);
      const std::vector<std::string> values = ValuesOf(pattern.substr(open + 1, close - open - 1));
      if (values.empty()) return {};
      std::vector<std::string> next;
      for (const std::string& p : paths) {
        for (const std::string& v : values) next.push_back(p + literal + v);
      }
      paths = std::move(next);
      i = close + 1;
    }
    return paths;
  }

  // The query strings and bodies a route is called with ({""} when it takes none).
  static std::vector<std::string> QueriesOf(const std::string& pattern) {
    std::vector<std::string> q = {""};
    if (pattern == "/api/v1/rank") {
      q = {"", "metric=fcr", "metric=aht_seconds"};
      for (const std::string& p : kPeriods) q.push_back("metric=service_level&period=" + p);
    } else if (pattern == "/api/v1/overview") {
      for (const std::string& p : kPeriods) q.push_back("period=" + p);
    } else if (pattern.ends_with("/scorecard") || pattern.ends_with("/quality")) {
      q.push_back("from=2026-02&to=2026-03");
    } else if (pattern.ends_with("/contacts")) {
      // Every month's repeats in full (their reasons are where another partner could show) and
      // refusals: no parameters, a metric without a drill-down, a bad period, a bad page. Every
      // other metric: DrillDownCountsWhatTheScorecardShows (its own partner only, so that the
      // refusals, each audited, stay few).
      q = {"", "period=2026-02&metric=aht_seconds", "period=2026-13&metric=fcr",
           "period=2026-02&metric=fcr&limit=501",
           "period=2026-03&metric=fcr_same_reason&limit=500&offset=1"};
      for (const std::string& p : kPeriods) q.push_back("period=" + p + "&metric=fcr&limit=500");
    }
    return q;
  }
  static std::optional<std::vector<std::string>> BodiesOf(const RouteInfo& route,
                                                          const Caller& caller) {
    if (!route.state_change || route.upload) return std::vector<std::string>{""};
    if (route.pattern == "/api/v1/login") {
      return std::vector<std::string>{json{
          {"user", caller.name.empty() ? "nobody" : caller.name},
          {"password", caller.name.empty()
                           ? "wrong password!"
                           : kPassword}}.dump()};
    }
    if (route.pattern == "/api/v1/logout") return std::vector<std::string>{""};
    if (route.pattern == "/api/v1/insights") {
      std::vector<std::string> b = {json{{"title", "t"}, {"body", "b"}}.dump()};
      for (const std::string& p : kPartners) {
        b.push_back(json{{"partner", p}, {"title", "t"}, {"body", "b"}}.dump());
      }
      return b;
    }
    if (route.pattern == "/api/v1/insights/{id}/answer") {
      return std::vector<std::string>{json{{"body", "answered"}}.dump()};
    }
    if (route.pattern == "/api/v1/insights/{id}/status") {
      return std::vector<std::string>{json{{"status", "open"}}.dump(),
                                      json{{"status", "bogus"}}.dump()};
    }
    return std::nullopt;
  }

  // Fails when `body` of a response to `caller` carries another partner's data.
  static void ExpectNoOtherPartner(const Caller& caller, std::string text,
                                   const std::string& label) {
    if (caller.role != Role::kPartnerUser) return;
    // The report's stylesheet has a class "delta" (a difference), which is no partner's data.
    for (const std::string markup : {".delta{", "class=\"delta "}) {
      for (size_t at = text.find(markup); at != std::string::npos; at = text.find(markup)) {
        text.erase(at, markup.size());
      }
    }
    // Session and CSRF tokens are random, nobody's data.
    json parsed = json::parse(text.substr(0, text.find("\nSet-Cookie: ")), nullptr, false);
    if (parsed.is_object() && parsed.contains("csrf")) {
      parsed.erase("csrf");
      text = parsed.dump();
    }
    for (const std::string& other : kPartners) {
      if (other == caller.partner) continue;
      // "inhouse-nyc" contains no other name, but a partner's name may contain another's.
      std::string scrubbed = text;
      if (caller.partner.find(other) != std::string::npos) {
        for (size_t at = scrubbed.find(caller.partner); at != std::string::npos;
             at = scrubbed.find(caller.partner)) {
          scrubbed.erase(at, caller.partner.size());
        }
      }
      EXPECT_EQ(scrubbed.find(other), std::string::npos)
          << caller.name << " read " << other << "'s name: " << label << "\n"
          << text.substr(0, 600);
      auto prefix = world_->id_prefix.find(other);
      if (prefix != world_->id_prefix.end()) {  // An id: its prefix and a digit.
        for (size_t at = scrubbed.find(prefix->second); at != std::string::npos;
             at = scrubbed.find(prefix->second, at + 1)) {
          const size_t next = at + prefix->second.size();
          EXPECT_FALSE(next < scrubbed.size() &&
                       std::isdigit(static_cast<unsigned char>(scrubbed[next])))
              << caller.name << " read " << other << "'s contact ids: " << label << "\n"
              << scrubbed.substr(at, 40);
        }
      }
    }
  }

  static AuthzWorld* world_;
};

AuthzWorld* AuthzTest::world_ = nullptr;

TEST_F(AuthzTest, EveryRouteAsEveryRoleLeaksNothing) {
  ASSERT_TRUE(world_->status.ok()) << world_->status.ToString();
  AuthzWorld& w = *world_;
  std::set<std::pair<std::string, std::string>> routes, succeeded;
  std::map<std::string, int> calls_by_caller;
  for (const RouteInfo& route : w.router->Routes()) {
    routes.insert({route.method, route.pattern});
    const std::vector<std::string> paths = Expand(route.pattern);
    ASSERT_FALSE(paths.empty()) << "the test does not know a parameter of " << route.pattern;
    for (const Caller& caller : w.callers) {
      const std::optional<std::vector<std::string>> bodies = BodiesOf(route, caller);
      ASSERT_TRUE(bodies.has_value())
          << "the test has no request body for " << route.method << " " << route.pattern;
      for (const std::string& path : paths) {
        for (const std::string& query : QueriesOf(route.pattern)) {
          for (const std::string& body : *bodies) {
            for (const bool csrf : {true, false}) {
              if (!csrf && !route.state_change) continue;
              Caller as = caller;
              if (route.pattern == "/api/v1/logout" && !caller.name.empty()) {
                auto session = w.LoginAs(caller.name);  // Keep the caller's own session.
                ASSERT_TRUE(session.ok());
                std::tie(as.cookie, as.csrf) = *session;
              }
              const std::string label =
                  route.method + " " + path + "?" + query + " " + body + (csrf ? "" : " (no CSRF)");
              // Uploads: every partner's file, the caller's own and the others'.
              std::vector<fs::path> files = {fs::path()};
              if (route.upload) {
                files.clear();
                for (const std::string& p : kPartners) files.push_back(w.contacts_file[p]);
              }
              for (const fs::path& file : files) {
                HttpRequest r = AuthzWorld::Request(as, route.method, path, csrf);
                r.query = query;
                r.body = body;
                if (route.upload) {
                  r.body_file = file;
                  r.headers.emplace_back("x-file-name", file.filename().string());
                }
                auto version_before = w.ws->store().DataVersion();
                HttpResponse out = w.router->Handle(r);
                auto version_after = w.ws->store().DataVersion();
                ++calls_by_caller[caller.name];
                SCOPED_TRACE(caller.name + " " + label + " " + file.filename().string());
                std::string everything = out.body;
                for (const auto& [k, v] : out.headers) {
                  if (k != "Set-Cookie") everything += "\n" + k + ": " + v;  // A random token.
                }
                ExpectNoOtherPartner(caller, everything, label);
                EXPECT_LT(out.status, 500) << out.body;
                if (route.requires_auth && caller.name.empty()) {
                  EXPECT_EQ(out.status, 401);
                }
                if (route.requires_auth && route.state_change && !csrf && !caller.name.empty()) {
                  EXPECT_EQ(out.status, 403);
                }
                if (out.status != 200 && out.status != 201) {
                  EXPECT_EQ(*version_before, *version_after) << "a refused call loaded data";
                }
                // A partner user: another partner in the path is refused.
                if (caller.role == Role::kPartnerUser &&
                    route.pattern.find("{partner}") != std::string::npos) {
                  const bool own =
                      path.find("/partners/" + caller.partner + "/") != std::string::npos;
                  if (!own) {
                    EXPECT_EQ(out.status, 403) << out.body;
                  }
                }
                if (caller.role == Role::kPartnerUser && route.upload &&
                    file != w.contacts_file[caller.partner]) {
                  // Another partner's rows: 403 (a file that is not of the kind at all: 400).
                  if (path.ends_with("/contacts")) {
                    EXPECT_EQ(out.status, 403) << out.body;
                  }
                  EXPECT_GE(out.status, 400) << out.body;
                }
                if (caller.role == Role::kClientViewer && route.state_change &&
                    route.pattern != "/api/v1/login" && route.pattern != "/api/v1/logout") {
                  EXPECT_GE(out.status, 400) << "a viewer wrote";
                }
                if ((out.status == 200 || out.status == 201) && !caller.name.empty()) {
                  succeeded.insert({route.method, route.pattern});
                }
                if (route.pattern == "/api/v1/partners/{partner}/report/{period}" &&
                    out.status == 200) {
                  EXPECT_TRUE(out.content_type.starts_with("text/html"));
                  bool csp = false;
                  for (const auto& [k, v] : out.headers) {
                    csp |= k == "Content-Security-Policy" && v == kReportCsp;
                  }
                  EXPECT_TRUE(csp);
                }
              }
            }
          }
        }
      }
    }
  }
  // Every route answered some role successfully: the test reaches every handler's real work.
  EXPECT_EQ(succeeded, routes);
  EXPECT_GT(routes.size(), 15u);
  for (const Caller& c : w.callers) EXPECT_GT(calls_by_caller[c.name], 100) << c.name;
}

TEST_F(AuthzTest, PartnerUsersSeeTheirOwnDataOnly) {
  ASSERT_TRUE(world_->status.ok()) << world_->status.ToString();
  AuthzWorld& w = *world_;
  for (const Caller& c : w.callers) {
    if (c.role != Role::kPartnerUser) continue;
    SCOPED_TRACE(c.name);
    HttpResponse insights =
        w.router->Handle(AuthzWorld::Request(c, "GET", "/api/v1/insights", false));
    ASSERT_EQ(insights.status, 200);
    const json listed = json::parse(insights.body);
    for (const json& i : listed["insights"]) {
      EXPECT_EQ(i["partner"], c.partner);
    }
    HttpRequest close =
        AuthzWorld::Request(c, "GET", std::string("/api/v1/closes/") + kClosedPeriod, false);
    HttpResponse doc = w.router->Handle(close);
    ASSERT_EQ(doc.status, 200) << doc.body;
    const json d = json::parse(doc.body);
    ASSERT_EQ(d["partners"].size(), 1u);
    EXPECT_EQ(d["partners"][0]["partner"], c.partner);
    HttpResponse rank = w.router->Handle([&] {
      HttpRequest r = AuthzWorld::Request(c, "GET", "/api/v1/rank", false);
      r.query = "metric=fcr";
      return r;
    }());
    ASSERT_EQ(rank.status, 200) << rank.body;
    int own = 0, anonymous = 0;
    const json ranked = json::parse(rank.body);
    for (const json& e : ranked["entries"]) {
      own += e["partner"] == c.partner;
      anonymous += e["anonymous"].get<bool>();
      if (e["anonymous"].get<bool>()) {
        EXPECT_FALSE(e.contains("n"));
        // Figures to 3 decimals: a full double is a fraction that names the sample size.
        for (const char* key : {"value", "p_value"}) {
          if (e[key].is_null()) continue;
          const double v = e[key].get<double>() * 1000;
          EXPECT_NEAR(v, std::round(v), 1e-6) << key << " " << e.dump();
        }
      }
    }
    EXPECT_EQ(own, 1);
    HttpResponse overview =
        w.router->Handle(AuthzWorld::Request(c, "GET", "/api/v1/overview", false));
    ASSERT_EQ(overview.status, 200) << overview.body;
    int coarse = 0;
    const json overview_doc = json::parse(overview.body);
    for (const json& p : overview_doc["partners"]) {
      if (!p["anonymous"].get<bool>()) continue;
      for (const auto& [metric, m] : p["metrics"].items()) {
        if (m["value"].is_null()) continue;
        const double v = m["value"].get<double>() * (metric == "nps" ? 10 : 1000);
        EXPECT_NEAR(v, std::round(v), 1e-6) << metric << " " << p.dump();
        ++coarse;
      }
    }
    EXPECT_GT(coarse, 0) << overview.body.substr(0, 600);
    EXPECT_EQ(anonymous, static_cast<int>(kPartners.size()) - 1);
    HttpResponse quarantine =
        w.router->Handle(AuthzWorld::Request(c, "GET", "/api/v1/quarantine", false));
    ASSERT_EQ(quarantine.status, 200);
    const json entries = json::parse(quarantine.body)["entries"];
    EXPECT_FALSE(entries.empty());  // Its own upload's bad row.
    for (const json& e : entries) {
      EXPECT_EQ(e["file"], w.contacts_file[c.partner].filename().string());
    }
  }
  const Caller& admin = w.callers[1];
  HttpResponse all = w.router->Handle(AuthzWorld::Request(admin, "GET", "/api/v1/insights", false));
  EXPECT_EQ(json::parse(all.body)["insights"].size() >= kPartners.size(), true);
  HttpResponse doc = w.router->Handle(
      AuthzWorld::Request(admin, "GET", std::string("/api/v1/closes/") + kClosedPeriod, false));
  EXPECT_EQ(json::parse(doc.body)["partners"].size(), kPartners.size());
}

// The drill-down route counts what the scorecard shows, for every partner, period and metric
// it explains, as a client and as the partner's own user; a partner user's reasons say
// "another partner" where a client's name it, and leak nothing else of another partner.
TEST_F(AuthzTest, DrillDownCountsWhatTheScorecardShows) {
  ASSERT_TRUE(world_->status.ok()) << world_->status.ToString();
  AuthzWorld& w = *world_;
  const auto explained = DrilldownMetrics();
  int compared = 0, another = 0, named = 0;
  for (const Caller& c : w.callers) {
    if (c.role == Role::kClientViewer) continue;  // Anonymous too; the viewer reads as the admin.
    for (const std::string& partner : kPartners) {
      if (c.role == Role::kPartnerUser && partner != c.partner) continue;
      SCOPED_TRACE(c.name + " " + partner);
      const std::string base = "/api/v1/partners/" + partner;
      json card;
      for (int attempt = 0; attempt < 200; ++attempt) {  // Until the latest data is scored.
        HttpResponse r = w.router->Handle(AuthzWorld::Request(c, "GET", base + "/scorecard", false));
        ASSERT_EQ(r.status, 200) << r.body;
        card = json::parse(r.body);
        if (!card.value("stale", false)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      for (const json& period : card["periods"]) {
        for (const json& row : period["metrics"]) {
          const std::string metric = row["metric"];
          if (std::find(explained.begin(), explained.end(), metric) == explained.end()) continue;
          HttpRequest q = AuthzWorld::Request(c, "GET", base + "/contacts", false);
          q.query = "period=" + period["period"].get<std::string>() + "&metric=" + metric +
                    "&limit=500";
          HttpResponse r = w.router->Handle(q);
          ASSERT_EQ(r.status, 200) << q.query << " " << r.body;
          ExpectNoOtherPartner(c, r.body, q.path + "?" + q.query);
          const json d = json::parse(r.body);
          EXPECT_EQ(d["total"], row["denominator"]) << q.query;
          EXPECT_EQ(d["in_numerator"], row["numerator"]) << q.query;
          if (card.contains("data_version")) {
            EXPECT_EQ(d["data_version"], card["data_version"]);
          }
          ++compared;
          for (const json& e : d["contacts"]) {
            const std::string why = e["why"];
            another += why.find("(another partner)") != std::string::npos;
            for (const std::string& other : kPartners) {
              named += other != partner && why.find("(" + other + ", contact ") != std::string::npos;
            }
          }
        }
      }
    }
  }
  EXPECT_GE(compared, 2 * 5 * 3 * static_cast<int>(explained.size()));
  EXPECT_GT(another, 0);  // Repeats at other partners, for partner users...
  EXPECT_GT(named, 0);    // ...and named for the client.
}

// The data-quality rates of every partner, as a client and as the partner's own user: one row
// of each rate for every month of the scorecard, made of that partner's contacts (the share
// without a customer id is out of the scorecard's offered contacts), and the same for both.
TEST_F(AuthzTest, QualityRatesAreThePartnersOwnForEveryMonth) {
  ASSERT_TRUE(world_->status.ok()) << world_->status.ToString();
  AuthzWorld& w = *world_;
  const Caller& admin = w.callers[1];
  ASSERT_EQ(admin.role, Role::kClientAdmin);
  // Reads `path` as `c` once the latest data is scored.
  auto read = [&](const Caller& c, const std::string& path) {
    json out;
    for (int attempt = 0; attempt < 200; ++attempt) {
      HttpResponse r = w.router->Handle(AuthzWorld::Request(c, "GET", path, false));
      EXPECT_EQ(r.status, 200) << path << " " << r.body;
      if (r.status != 200) return json();
      out = json::parse(r.body);
      if (!out.value("stale", false)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return out;
  };
  int64_t captured = 0;  // Demographics and consent captured, over every partner and month.
  for (const Caller& c : w.callers) {
    if (c.role != Role::kPartnerUser) continue;
    SCOPED_TRACE(c.partner);
    const std::string base = "/api/v1/partners/" + c.partner;
    const json card = read(admin, base + "/scorecard");
    const json quality = read(admin, base + "/quality");
    EXPECT_EQ(read(c, base + "/quality"), quality);  // The partner reads what the client reads.
    EXPECT_EQ(quality["data_version"], card["data_version"]);
    ASSERT_EQ(quality["periods"].size(), kPeriods.size());
    ASSERT_EQ(card["periods"].size(), kPeriods.size());
    for (size_t i = 0; i < kPeriods.size(); ++i) {
      const json& month = quality["periods"][i];
      EXPECT_EQ(month["period"], kPeriods[i]);
      std::map<std::string, json> score;
      for (const json& m : card["periods"][i]["metrics"]) score[m["metric"]] = m;
      std::map<std::string, json> rates;
      for (const json& m : month["metrics"]) rates[m["metric"]] = m;
      ASSERT_EQ(rates.size(), 3u);
      EXPECT_EQ(rates["no_customer_share"]["denominator"], score["offered"]["numerator"]);
      EXPECT_GT(rates["no_customer_share"]["denominator"].get<int64_t>(), 0);
      for (const char* m : {"demographics_rate", "consent_rate"}) {
        EXPECT_LE(rates[m]["denominator"].get<int64_t>(), score["handled"]["numerator"]) << m;
        captured += rates[m]["numerator"].get<int64_t>();
      }
      EXPECT_FALSE(rates["consent_rate"]["meaning"]["what"].get<std::string>().empty());
    }
  }
  EXPECT_GT(captured, 0);
}

// The catalog explains every metric a scorecard shows, and names the settings behind them
// (here the defaults: a 7-day repeat window, 20 s, 48 business hours, 5 s short abandons).
TEST_F(AuthzTest, TheMetricCatalogExplainsEveryScorecardMetric) {
  ASSERT_TRUE(world_->status.ok()) << world_->status.ToString();
  AuthzWorld& w = *world_;
  const Caller& partner = w.callers.back();
  ASSERT_EQ(partner.role, Role::kPartnerUser);
  HttpResponse r = w.router->Handle(AuthzWorld::Request(partner, "GET", "/api/v1/metrics", false));
  ASSERT_EQ(r.status, 200) << r.body;
  const json catalog = json::parse(r.body);
  std::map<std::string, json> entries;
  for (const json& e : catalog["metrics"]) entries[e["metric"]] = e;
  EXPECT_EQ(entries.size(), KnownMetrics().size());
  HttpResponse card = w.router->Handle(AuthzWorld::Request(
      partner, "GET", "/api/v1/partners/" + partner.partner + "/scorecard", false));
  ASSERT_EQ(card.status, 200) << card.body;
  const json scorecard = json::parse(card.body);
  int shown = 0;
  for (const json& m : scorecard["periods"].at(0)["metrics"]) {
    const std::string name = m["metric"];
    ASSERT_TRUE(entries.contains(name)) << name;
    EXPECT_FALSE(entries[name]["what"].get<std::string>().empty()) << name;
    EXPECT_EQ(entries[name]["scale"], m["meaning"]["scale"]) << name;
    ++shown;
  }
  EXPECT_GT(shown, 20);
  const json& settings = catalog["settings"];
  EXPECT_EQ(settings["repeat_window_hours"], 168);
  EXPECT_EQ(settings["service_level_seconds"], 20);
  EXPECT_EQ(settings["response_hours"], 48);
  EXPECT_EQ(settings["response_time"], "business");
  EXPECT_EQ(settings["short_abandon_seconds"], 5);
}

TEST_F(AuthzTest, AnUploadChangesTheNextScorecard) {
  ASSERT_TRUE(world_->status.ok()) << world_->status.ToString();
  AuthzWorld& w = *world_;
  const Caller* delta = w.UserOf("delta");
  ASSERT_NE(delta, nullptr);
  auto contacts = [&] {
    HttpResponse r = w.router->Handle(
        AuthzWorld::Request(*delta, "GET", "/api/v1/partners/delta/scorecard", false));
    EXPECT_EQ(r.status, 200) << r.body;
    int64_t handled = 0;
    const json card = json::parse(r.body);
    for (const json& p : card["periods"]) {
      for (const json& m : p["metrics"]) {
        if (m["metric"] == "offered") handled += m["numerator"].get<int64_t>();
      }
    }
    return handled;
  };
  const int64_t before = contacts();  // Offered contacts, all months.
  ASSERT_GT(before, 0);
  // A new contact of delta, answered and handled, in the data's first month.
  std::string text = ReadAll(w.contacts_file["delta"]);
  std::istringstream in(text);
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  std::vector<std::string> f = Split(row);
  const std::vector<std::string> columns = Split(header);
  const size_t id_at = std::find(columns.begin(), columns.end(), "contact_id") - columns.begin();
  f[id_at] += "NEW";
  std::string line;
  for (size_t i = 0; i < f.size(); ++i) line += (i ? "," : "") + f[i];
  HttpRequest upload = AuthzWorld::Request(*delta, "POST", "/api/v1/uploads/contacts", true);
  upload.headers.emplace_back("x-file-name", "delta-more.csv");
  upload.body_file = w.dir.Write("delta-more.csv", header + "\n" + line + "\n");
  HttpResponse r = w.router->Handle(upload);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["counts"]["inserted"], 1);
  EXPECT_EQ(contacts(), before + 1);
}

// A survey_id does not name its partner: a partner user's upload that reuses another partner's
// survey_id, with its own partner code, would replace that partner's survey. It is refused and
// changes nothing; the answer names no other partner.
TEST_F(AuthzTest, APartnerUploadCannotReplaceAnotherPartnersSurvey) {
  ASSERT_TRUE(world_->status.ok()) << world_->status.ToString();
  AuthzWorld& w = *world_;
  const Caller* delta = w.UserOf("delta");
  ASSERT_NE(delta, nullptr);
  std::istringstream in(ReadAll(w.dir / "raw" / "surveys.csv"));
  std::string header, row;
  std::getline(in, header);
  const std::vector<std::string> columns = Split(header);
  const size_t partner_at = std::find(columns.begin(), columns.end(), "partner") - columns.begin();
  std::vector<std::string> f;
  while (std::getline(in, row)) {
    f = Split(row);
    if (f.size() == columns.size() && f[partner_at] == "atlas") break;
  }
  ASSERT_EQ(f.size(), columns.size());
  ASSERT_EQ(f[partner_at], "atlas");
  f[partner_at] = "delta";
  std::string line;
  for (size_t i = 0; i < f.size(); ++i) line += (i ? "," : "") + f[i];
  const int64_t before = *w.ws->store().CountHistory(Kind::kSurveys);
  HttpRequest upload = AuthzWorld::Request(*delta, "POST", "/api/v1/uploads/surveys", true);
  upload.headers.emplace_back("x-file-name", "delta-surveys.csv");
  upload.body_file = w.dir.Write("delta-surveys.csv", header + "\n" + line + "\n");
  HttpResponse r = w.router->Handle(upload);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("another partner"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("atlas"), std::string::npos) << r.body;
  EXPECT_EQ(*w.ws->store().CountHistory(Kind::kSurveys), before);  // Nothing replaced.
}

// Through the real HTTP server: an upload streamed to a temporary file loads, and the report
// carries its own Content-Security-Policy instead of (not beside) the default one.
TEST_F(AuthzTest, RealServerStreamsUploadsAndServesTheReportPolicy) {
  ASSERT_TRUE(world_->status.ok()) << world_->status.ToString();
  AuthzWorld& w = *world_;
  const Caller& atlas = w.callers[3];
  ASSERT_EQ(atlas.partner, "atlas");
  HttpServerOptions options;
  options.port = 0;
  options.upload_dir = w.dir / "uploads";
  HttpServer server(*w.router, options);
  ASSERT_TRUE(server.Start().ok());

  const std::string report = Exchange(
      server.port(), "GET /api/v1/partners/atlas/report/2026-03 HTTP/1.1\r\nHost: x\r\nCookie: " +
                         atlas.cookie + "\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(report.starts_with("HTTP/1.1 200")) << report.substr(0, 300);
  EXPECT_EQ(Count(report, "Content-Security-Policy: "), 1);
  EXPECT_NE(report.find("Content-Security-Policy: " + std::string(kReportCsp)), std::string::npos);
  EXPECT_NE(report.find("<!DOCTYPE html>"), std::string::npos);

  const std::string file = ReadAll(w.contacts_file["atlas"]);
  const std::string upload =
      Exchange(server.port(),
               "POST /api/v1/uploads/contacts HTTP/1.1\r\nHost: x\r\nCookie: " + atlas.cookie +
                   "\r\nX-CSRF-Token: " + atlas.csrf +
                   "\r\nX-File-Name: again.csv\r\nContent-Length: " + std::to_string(file.size()) +
                   "\r\nConnection: close\r\n\r\n" + file);
  ASSERT_TRUE(upload.starts_with("HTTP/1.1 200")) << upload.substr(0, 500);
  const json loaded = json::parse(upload.substr(upload.find("\r\n\r\n") + 4));
  EXPECT_EQ(loaded["file"], "again.csv");
  EXPECT_EQ(loaded["counts"]["quarantined"], 1);
  server.Stop();
  // The body file and the named copy are gone.
  EXPECT_TRUE(fs::is_empty(w.dir / "uploads"));
}

}  // namespace
}  // namespace cx::server::authz
