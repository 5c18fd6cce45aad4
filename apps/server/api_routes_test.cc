// The API's shared request plumbing: scoped routes and their audit, query parameters, upload
// names. The routes themselves are exercised over a real workspace in authz_test.cc.
#include <gtest/gtest.h>

#include "portal/http_server_test_util.h"
#include "portal/router_auth_routes.h"
#include "server/api_route.h"
#include "server/upload_routes.h"

namespace cx::server {
namespace {

TEST(SanitizeUploadNameTest, KeepsPlainNamesAndStripsFolders) {
  EXPECT_EQ(*SanitizeUploadName("contacts.csv"), "contacts.csv");
  EXPECT_EQ(*SanitizeUploadName("C:\\data\\march_2026-contacts.csv.gz"),
            "march_2026-contacts.csv.gz");
  EXPECT_EQ(*SanitizeUploadName("../../etc/surveys.jsonl"), "surveys.jsonl");
}

TEST(SanitizeUploadNameTest, RefusesWhatCouldEscapeOrConfuse) {
  for (const char* bad : {"", ".csv", "..", "a b.csv", "a;b.csv", "contacts.txt", "contacts", "x/",
                          "caf\xc3\xa9.csv"}) {
    EXPECT_EQ(SanitizeUploadName(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(SanitizeUploadName(std::string(125, 'a') + ".csv").ok());
}

TEST(QueryParamTest, FindsAndDecodes) {
  EXPECT_EQ(**QueryParam("a=1&from=2026-01&to=2026%2D03", "to"), "2026-03");
  EXPECT_EQ(**QueryParam("from", "from"), "");
  EXPECT_FALSE(QueryParam("a=1", "from")->has_value());
  EXPECT_FALSE(QueryParam("from=%zz", "from").ok());
}

TEST(CheckPeriodTest, AcceptsMonthsOnly) {
  EXPECT_TRUE(CheckPeriod("2026-03", "period").ok());
  for (const char* bad : {"2026-13", "2026-00", "2026-3", "26-03", "2026-03-01", "abcd-03"}) {
    EXPECT_FALSE(CheckPeriod(bad, "period").ok()) << bad;
  }
}

class ScopedRouteTest : public ::testing::Test {
 protected:
  ScopedRouteTest() : router_(auth_) {
    AddAuthRoutes(router_);
    AddScopedRoute(router_, PostRoute("/api/v1/things/{partner}", "thing_write"),
                   [](const RouteContext& ctx, const TenantScope& scope) -> Result<HttpResponse> {
                     RETURN_IF_ERROR(scope.RequirePartner(ctx.Param("partner")));
                     return HttpResponse::Json(200, {{"ok", true}});
                   });
    AddScopedRoute(router_, GetRoute("/api/v1/things/{partner}"),
                   [](const RouteContext& ctx, const TenantScope& scope) -> Result<HttpResponse> {
                     RETURN_IF_ERROR(scope.RequirePartner(ctx.Param("partner")));
                     return HttpResponse::Json(200, {{"ok", true}});
                   });
  }
  HttpResponse PostAs(const std::string& user, const std::string& path) {
    return CallAs(user, "POST", path);
  }
  HttpResponse CallAs(const std::string& user, const std::string& method, const std::string& path) {
    HttpRequest login;
    login.method = "POST";
    login.path = "/api/v1/login";
    login.headers.emplace_back("content-type", "application/json");
    login.body = R"({"user":")" + user + R"(","password":"pw"})";
    HttpResponse session = router_.Handle(login);
    std::string cookie;
    for (auto& [k, v] : session.headers) {
      if (k == "Set-Cookie") cookie = v.substr(0, v.find(';'));
    }
    HttpRequest post;
    post.method = method;
    post.path = path;
    post.headers.emplace_back("cookie", cookie);
    post.headers.emplace_back("x-csrf-token",
                              nlohmann::json::parse(session.body)["csrf"].get<std::string>());
    return router_.Handle(post);
  }

  testing::FakeAuthenticator auth_;
  Router router_;
};

TEST_F(ScopedRouteTest, WritesAreAuditedWithTheirOutcome) {
  EXPECT_EQ(PostAs("admin", "/api/v1/things/atlas").status, 200);
  EXPECT_EQ(PostAs("delta", "/api/v1/things/atlas").status, 403);
  std::vector<AuditEntry> writes;
  for (const AuditEntry& e : auth_.audit()) {
    if (e.action == "thing_write") writes.push_back(e);
  }
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0].user, "admin");
  EXPECT_EQ(writes[0].outcome, "ok");
  EXPECT_EQ(writes[0].target, "POST /api/v1/things/atlas");
  EXPECT_EQ(writes[1].user, "delta");
  EXPECT_TRUE(writes[1].outcome.starts_with("denied")) << writes[1].outcome;
}

TEST_F(ScopedRouteTest, ReadsAreAuditedOnlyWhenDenied) {
  EXPECT_EQ(CallAs("delta", "GET", "/api/v1/things/delta").status, 200);
  EXPECT_EQ(CallAs("delta", "GET", "/api/v1/things/atlas").status, 403);
  std::vector<AuditEntry> reads;
  for (const AuditEntry& e : auth_.audit()) {
    if (e.target.starts_with("GET ")) reads.push_back(e);
  }
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].action, "denied");
  EXPECT_EQ(reads[0].target, "GET /api/v1/things/atlas");
}

TEST_F(ScopedRouteTest, DenialDoesNotEchoThePartner) {
  HttpResponse r = PostAs("delta", "/api/v1/things/atlas");
  EXPECT_EQ(r.body.find("atlas"), std::string::npos) << r.body;
}

TEST(AddScopedRouteTest, RefusesRoutesOutsideThePolicy) {
  testing::FakeAuthenticator auth;
  Router router(auth);
  auto handler = [](const RouteContext&, const TenantScope&) -> Result<HttpResponse> {
    return HttpResponse::Json(200, {});
  };
  EXPECT_THROW(AddScopedRoute(router, GetRoute("/static/x"), handler), std::logic_error);
  EXPECT_THROW(AddScopedRoute(router, PostRoute("/api/v1/x", ""), handler), std::logic_error);
}

}  // namespace
}  // namespace cx::server
