#include "portal/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "portal/http_server_test_util.h"
#include "portal/router_auth_routes.h"

namespace cx {
namespace {

HttpRequest Req(std::string method, std::string path, std::string body = "") {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.body = std::move(body);
  r.client_ip = "127.0.0.1";
  if (!r.body.empty()) r.headers.emplace_back("content-type", "application/json");
  return r;
}

std::string_view HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() : router_(auth_, RouterOptions{.secure_cookies = false, .now = [] { return 5; }}) {
    AddAuthRoutes(router_);
  }
  // Logs in and returns {token, csrf}.
  std::pair<std::string, std::string> Login(std::string user = "admin") {
    HttpResponse r = router_.Handle(
        Req("POST", "/api/v1/login", R"({"user":")" + user + R"(","password":"pw"})"));
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = nlohmann::json::parse(r.body);
    std::string cookie(HeaderOf(r, "Set-Cookie"));
    std::string token =
        cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
    return {token, j["csrf"].get<std::string>()};
  }
  HttpRequest Authed(std::string method, std::string path, const std::string& token,
                     const std::string& csrf = "") {
    HttpRequest r = Req(std::move(method), std::move(path));
    r.headers.emplace_back("cookie", "theme=dark; cxpact_session=" + token);
    if (!csrf.empty()) r.headers.emplace_back("x-csrf-token", csrf);
    return r;
  }

  testing::FakeAuthenticator auth_;
  Router router_;
};

TEST_F(RouterTest, LoginSetsStrictHttpOnlyCookieAndAnswersCsrfAndPrincipal) {
  HttpResponse r =
      router_.Handle(Req("POST", "/api/v1/login", R"({"user":"delta","password":"pw"})"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(HeaderOf(r, "Set-Cookie"), "cxpact_session=tok1; Path=/; HttpOnly; SameSite=Strict");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["csrf"], "csrf1");
  EXPECT_EQ(j["principal"]["role"], "partner_user");
  EXPECT_EQ(j["principal"]["partner"], "delta");
}

TEST_F(RouterTest, SecureCookiesUseTheHostPrefix) {
  Router secure(auth_, RouterOptions{.secure_cookies = true});
  AddAuthRoutes(secure);
  HttpResponse r =
      secure.Handle(Req("POST", "/api/v1/login", R"({"user":"admin","password":"pw"})"));
  EXPECT_EQ(HeaderOf(r, "Set-Cookie"),
            "__Host-cxpact_session=tok1; Secure; Path=/; HttpOnly; SameSite=Strict");
}

TEST_F(RouterTest, BadLoginIs401AndMalformedLoginIs400) {
  EXPECT_EQ(
      router_.Handle(Req("POST", "/api/v1/login", R"({"user":"admin","password":"x"})")).status,
      401);
  EXPECT_EQ(router_.Handle(Req("POST", "/api/v1/login", "{nope")).status, 400);
  HttpRequest form = Req("POST", "/api/v1/login");
  form.body = "user=admin&password=pw";
  form.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  EXPECT_EQ(router_.Handle(form).status, 415);
}

TEST_F(RouterTest, ApiWithoutSessionIs401AndAudited) {
  EXPECT_EQ(router_.Handle(Req("GET", "/api/v1/me")).status, 401);
  EXPECT_EQ(router_.Handle(Authed("GET", "/api/v1/me", "forged")).status, 401);
  EXPECT_EQ(router_.Handle(Req("GET", "/api/v1/no-such-route")).status, 401);
  auto audit = auth_.audit();
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0].action, "denied");
  EXPECT_EQ(audit[0].target, "GET /api/v1/me");
  EXPECT_EQ(audit[0].client_ip, "127.0.0.1");
  EXPECT_EQ(audit[0].at, 5);
}

TEST_F(RouterTest, StateChangeNeedsTheSessionsCsrfToken) {
  auto [token, csrf] = Login();
  EXPECT_EQ(router_.Handle(Authed("POST", "/api/v1/logout", token)).status, 403);
  EXPECT_EQ(router_.Handle(Authed("POST", "/api/v1/logout", token, "csrf999")).status, 403);
  auto audit = auth_.audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[1].user, "admin");
  EXPECT_EQ(router_.Handle(Authed("GET", "/api/v1/me", token)).status, 200);  // Still live.
  HttpResponse out = router_.Handle(Authed("POST", "/api/v1/logout", token, csrf));
  EXPECT_EQ(out.status, 200);
  EXPECT_NE(HeaderOf(out, "Set-Cookie").find("Max-Age=0"), std::string_view::npos);
  EXPECT_EQ(router_.Handle(Authed("GET", "/api/v1/me", token)).status, 401);  // Revoked.
}

TEST_F(RouterTest, MeAnswersThePrincipalAndTheSessionsCsrfToken) {
  auto [token, csrf] = Login("delta");
  auto [other_token, other_csrf] = Login("admin");
  HttpResponse r = router_.Handle(Authed("GET", "/api/v1/me", token));
  ASSERT_EQ(r.status, 200);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["principal"]["user"], "delta");
  EXPECT_EQ(j["principal"]["partner"], "delta");
  EXPECT_EQ(j["csrf"], csrf);  // This session's, not another's.
  EXPECT_NE(j["csrf"], other_csrf);
}

TEST_F(RouterTest, RoutesListsPolicyOfEveryRoute) {
  router_.Add("GET", "/health", [](const RouteContext&) -> Result<HttpResponse> {
    return HttpResponse::Json(200, {{"ok", true}});
  });
  router_.Add(
      "PUT", "/api/v1/uploads/{partner}",
      [](const RouteContext&) -> Result<HttpResponse> { return HttpResponse::Json(200, {}); },
      RouteOptions{.upload = true});
  for (const RouteInfo& r : router_.Routes()) {
    bool is_login = r.pattern == "/api/v1/login";
    EXPECT_EQ(r.requires_auth, r.pattern.starts_with("/api/") && !is_login) << r.pattern;
    EXPECT_EQ(r.state_change, r.method != "GET") << r.pattern;
    EXPECT_EQ(r.upload, r.pattern.starts_with("/api/v1/uploads")) << r.pattern;
  }
  EXPECT_EQ(router_.Routes().size(), 5u);
  EXPECT_THROW(router_.Add("GET", "/health", nullptr), std::logic_error);
}

TEST_F(RouterTest, PathParametersAreDecodedAndMethodMismatchIs405) {
  router_.Add("GET", "/api/v1/partners/{partner}/scorecard",
              [](const RouteContext& ctx) -> Result<HttpResponse> {
                return HttpResponse::Json(200, {{"partner", std::string(ctx.Param("partner"))}});
              });
  auto [token, csrf] = Login();
  HttpResponse r = router_.Handle(Authed("GET", "/api/v1/partners/Acme%20BPO/scorecard", token));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(nlohmann::json::parse(r.body)["partner"], "Acme BPO");
  EXPECT_EQ(router_.Handle(Authed("DELETE", "/api/v1/partners/x/scorecard", token, csrf)).status,
            405);
  EXPECT_EQ(router_.Handle(Authed("GET", "/api/v1/partners/%2F/scorecard", token)).status, 404);
}

TEST_F(RouterTest, HandlerFailuresMapToStatusesWithoutLeakingInternals) {
  struct Case {
    Status status;
    int http;
  };
  std::vector<Case> cases = {
      {InvalidArgument("bad period"), 400},        {NotFound("no partner"), 404},
      {PermissionDenied("not yours"), 403},        {ResourceExhausted("slow down"), 429},
      {Internal("db at /secret/path broke"), 500}, {IoError("disk"), 500}};
  for (size_t i = 0; i < cases.size(); ++i) {
    Status s = cases[i].status;
    router_.Add("GET", "/case" + std::to_string(i),
                [s](const RouteContext&) -> Result<HttpResponse> { return s; });
    HttpResponse r = router_.Handle(Req("GET", "/case" + std::to_string(i)));
    EXPECT_EQ(r.status, cases[i].http) << s.ToString();
    std::string msg = nlohmann::json::parse(r.body)["error"];
    EXPECT_EQ(msg, r.status >= 500 ? "internal error" : s.message());
  }
  router_.Add("GET", "/throws", [](const RouteContext&) -> Result<HttpResponse> {
    throw std::runtime_error("secret detail");
  });
  HttpResponse r = router_.Handle(Req("GET", "/throws"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST(SecurityHeadersTest, EveryResponseCarriesThemAndApiIsNotCached) {
  HttpResponse r = HttpResponse::Json(200, {});
  AddSecurityHeaders("/api/v1/me", r);
  EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(r, "Referrer-Policy"), "no-referrer");
  EXPECT_EQ(HeaderOf(r, "X-Frame-Options"), "DENY");
  EXPECT_TRUE(HeaderOf(r, "Content-Security-Policy").starts_with("default-src 'self'"));
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-store");
  HttpResponse page;
  AddSecurityHeaders("/index.html", page);
  EXPECT_EQ(HeaderOf(page, "Cache-Control"), "");
}

TEST(SecurityHeadersTest, RouteSpecificPolicyReplacesTheDefault) {
  HttpResponse report;
  report.headers.emplace_back("Content-Security-Policy", "default-src 'none'");
  AddSecurityHeaders("/api/v1/partners/delta/report/2026-03", report);
  int policies = 0;
  for (const auto& [name, value] : report.headers) policies += name == "Content-Security-Policy";
  EXPECT_EQ(policies, 1);
  EXPECT_EQ(HeaderOf(report, "Content-Security-Policy"), "default-src 'none'");
}

TEST(PercentDecodeTest, DecodesAndRejectsMalformedOrNul) {
  EXPECT_EQ(*PercentDecode("a%20b%2e"), "a b.");
  EXPECT_FALSE(PercentDecode("a%2"));
  EXPECT_FALSE(PercentDecode("a%zz"));
  EXPECT_FALSE(PercentDecode("a%00b"));
}

}  // namespace
}  // namespace cx
