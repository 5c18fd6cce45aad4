#include "server/partner_routes.h"

#include <gtest/gtest.h>

#include "portal/http_server_test_util.h"
#include "portal/router_auth_routes.h"

namespace cx::server {
namespace {

HttpRequest Req(std::string method, std::string path) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

class PartnerRoutesTest : public ::testing::Test {
 protected:
  PartnerRoutesTest() : router_(auth_) {
    AddAuthRoutes(router_);
    AddPartnerRoutes(router_, [this]() -> Result<std::vector<std::string>> {
      if (fail_) return IoError("database is locked at /secret/cxpact.db");
      return std::vector<std::string>{"alpha", "delta", "zeta"};
    });
  }
  HttpResponse GetAs(const std::string& user) {
    HttpRequest login = Req("POST", "/api/v1/login");
    login.headers.emplace_back("content-type", "application/json");
    login.body = R"({"user":")" + user + R"(","password":"pw"})";
    HttpResponse session = router_.Handle(login);
    std::string cookie;
    for (auto& [k, v] : session.headers) {
      if (k == "Set-Cookie") cookie = v.substr(0, v.find(';'));
    }
    HttpRequest get = Req("GET", "/api/v1/partners");
    get.headers.emplace_back("cookie", cookie);
    return router_.Handle(get);
  }

  testing::FakeAuthenticator auth_;
  Router router_;
  bool fail_ = false;
};

TEST_F(PartnerRoutesTest, ClientsSeeEveryPartner) {
  HttpResponse r = GetAs("admin");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["partners"].size(), 3u);
}

TEST_F(PartnerRoutesTest, PartnerUserSeesOnlyItself) {
  HttpResponse r = GetAs("delta");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body),
            nlohmann::json::parse(R"({"partners":[{"name":"delta"}]})"));
}

TEST_F(PartnerRoutesTest, StoreFailureIs500WithoutDetails) {
  fail_ = true;
  HttpResponse r = GetAs("admin");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST_F(PartnerRoutesTest, RequiresASession) {
  EXPECT_EQ(router_.Handle(Req("GET", "/api/v1/partners")).status, 401);
}

}  // namespace
}  // namespace cx::server
