#include "server/api_route.h"

#include <algorithm>
#include <stdexcept>

namespace cx::server {

ScopedRoute GetRoute(std::string pattern) {
  ScopedRoute r;
  r.method = "GET";
  r.pattern = std::move(pattern);
  return r;
}

ScopedRoute PostRoute(std::string pattern, std::string audit_action, RouteOptions options) {
  ScopedRoute r;
  r.method = "POST";
  r.pattern = std::move(pattern);
  r.audit_action = std::move(audit_action);
  r.options = options;
  return r;
}

void AddScopedRoute(Router& router, ScopedRoute route, ScopedHandler handler) {
  if (!route.pattern.starts_with("/api/") || route.pattern == kLoginPath) {
    throw std::logic_error("scoped route outside the authenticated API: " + route.pattern);
  }
  const bool audited = IsStateChange(route.method);
  if (audited && route.audit_action.empty()) {
    throw std::logic_error("state-changing route without an audit action: " + route.pattern);
  }
  Router* r = &router;
  router.Add(
      route.method, route.pattern,
      [r, action = route.audit_action, audited,
       handler = std::move(handler)](const RouteContext& ctx) -> Result<HttpResponse> {
        if (ctx.principal == nullptr) return PermissionDenied("no session");  // Never: policy.
        const TenantScope scope(*ctx.principal);
        Result<HttpResponse> out = [&]() -> Result<HttpResponse> {
          try {
            return handler(ctx, scope);
          } catch (const std::exception& e) {
            return Internal("{}", e.what());
          }
        }();
        // Every write, and every access the scope denied (as the router audits its own).
        const bool denied = !out.ok() && out.status().code() == StatusCode::kPermissionDenied;
        if (audited || denied) {
          std::string outcome = "ok";
          if (denied) {
            outcome = "denied: " + out.status().message();
          } else if (!out.ok()) {
            outcome = "error: " + out.status().message();
          } else if (out->status >= 400) {
            outcome = "error: " + std::to_string(out->status);
          }
          r->authenticator().Audit({r->options().now(), ctx.principal->user, ctx.request.client_ip,
                                    audited ? action : "denied",
                                    ctx.request.method + " " + ctx.request.path, outcome});
        }
        return out;
      },
      route.options);
}

Result<std::optional<std::string>> QueryParam(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    if (key != name) continue;
    std::string_view raw = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    std::optional<std::string> value = PercentDecode(raw);
    if (!value) return InvalidArgument("query parameter '{}' is not valid percent-encoding", name);
    return value;
  }
  return std::optional<std::string>();
}

Result<nlohmann::json> JsonBody(const RouteContext& ctx) {
  std::string_view type = ctx.request.Header("content-type");
  if (!type.starts_with("application/json")) {
    return InvalidArgument("the body must be application/json");
  }
  nlohmann::json body = nlohmann::json::parse(ctx.request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgument("the body must be a JSON object");
  }
  return body;
}

Result<std::string> StringField(const nlohmann::json& body, std::string_view name, size_t max_bytes,
                                std::string fallback) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_string()) return InvalidArgument("'{}' must be a string", name);
  std::string value = it->get<std::string>();
  if (value.size() > max_bytes) {
    return InvalidArgument("'{}' is longer than {} bytes", name, max_bytes);
  }
  return value;
}

Status CheckPeriod(std::string_view p, std::string_view what) {
  const bool ok =
      p.size() == 7 && p[4] == '-' &&
      std::all_of(p.begin(), p.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
      p[5] >= '0' && p[5] <= '1' && p[6] >= '0' && p[6] <= '9' && p.substr(5) >= "01" &&
      p.substr(5) <= "12";
  if (!ok) return InvalidArgument("{} must be a month YYYY-MM", what);
  return Status::Ok();
}

Result<PeriodRange> PeriodRangeParams(std::string_view query) {
  ASSIGN_OR_RETURN(std::optional<std::string> from, QueryParam(query, "from"));
  ASSIGN_OR_RETURN(std::optional<std::string> to, QueryParam(query, "to"));
  PeriodRange out{from.value_or(""), to.value_or("")};
  if (!out.from.empty()) RETURN_IF_ERROR(CheckPeriod(out.from, "from"));
  if (!out.to.empty()) RETURN_IF_ERROR(CheckPeriod(out.to, "to"));
  return out;
}

}  // namespace cx::server
