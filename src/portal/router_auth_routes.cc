#include "portal/router_auth_routes.h"

#include <fmt/format.h>

namespace cx {

nlohmann::json PrincipalJson(const Principal& p) {
  nlohmann::json j{{"user", p.user}, {"role", std::string(RoleName(p.role))}};
  j["partner"] = p.is_client() ? nlohmann::json(nullptr) : nlohmann::json(p.partner);
  return j;
}

std::string SessionCookie(const Router& router, std::string_view token) {
  std::string c = fmt::format("{}={}; ", router.cookie_name(), token);
  if (router.options().secure_cookies) c += "Secure; ";
  c += "Path=/; HttpOnly; SameSite=Strict";
  if (token.empty()) c += "; Max-Age=0";
  return c;
}

namespace {

Result<HttpResponse> Login(Router& router, const RouteContext& ctx) {
  const HttpRequest& r = ctx.request;
  std::string_view type = r.Header("content-type");
  // Only JSON: an HTML form on another site cannot send it without a CORS preflight.
  if (!type.starts_with("application/json")) {
    return HttpResponse::Error(415, "login expects Content-Type: application/json");
  }
  nlohmann::json body = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object() || !body.contains("user") ||
      !body.contains("password") || !body["user"].is_string() || !body["password"].is_string()) {
    return InvalidArgument("login expects {{\"user\": string, \"password\": string}}");
  }
  Result<Session> s = router.authenticator().Login(body["user"].get<std::string>(),
                                                   body["password"].get<std::string>(), r.client_ip,
                                                   router.options().now());
  if (!s.ok()) {
    if (s.status().code() == StatusCode::kResourceExhausted) {
      return HttpResponse::Error(429, "too many login attempts; try again later");
    }
    if (s.status().code() == StatusCode::kPermissionDenied) {
      return HttpResponse::Error(401, "wrong user name or password");
    }
    return s.status();
  }
  HttpResponse res = HttpResponse::Json(
      200,
      {{"csrf", s->csrf}, {"principal", PrincipalJson(s->principal)}, {"expires", s->expires}});
  res.headers.emplace_back("Set-Cookie", SessionCookie(router, s->token));
  return res;
}

}  // namespace

void AddAuthRoutes(Router& router) {
  router.Add("POST", std::string(kLoginPath),
             [&router](const RouteContext& ctx) { return Login(router, ctx); });
  router.Add("POST", "/api/v1/logout", [&router](const RouteContext& ctx) -> Result<HttpResponse> {
    RETURN_IF_ERROR(router.authenticator().Logout(ctx.session_token));
    HttpResponse res = HttpResponse::Json(200, {{"ok", true}});
    res.headers.emplace_back("Set-Cookie", SessionCookie(router, ""));
    return res;
  });
  router.Add("GET", "/api/v1/me", [&router](const RouteContext& ctx) -> Result<HttpResponse> {
    // The CSRF token again: a reloaded page lost the one of the login answer.
    ASSIGN_OR_RETURN(std::string csrf, router.authenticator().SessionCsrf(ctx.session_token));
    return HttpResponse::Json(200, {{"principal", PrincipalJson(*ctx.principal)}, {"csrf", csrf}});
  });
}

}  // namespace cx
