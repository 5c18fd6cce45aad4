// How the portal API's routes are registered: every handler is added through AddScopedRoute,
// which builds the request's TenantScope from the session's principal (the one place that does)
// and writes to the audit log the outcome of every state-changing call and every access the
// handler denied (PermissionDenied). Plus the small request
// helpers the routes share (query parameters, JSON bodies, period checks). Thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "portal/router.h"
#include "portal/scope.h"

namespace cx::server {

using ScopedHandler =
    std::function<Result<HttpResponse>(const RouteContext& ctx, const TenantScope& scope)>;

struct ScopedRoute {
  std::string method;
  std::string pattern;
  // The audit log's action for a state-changing route ("upload", "insight_create", ...); each
  // call is audited with "METHOD path" and "ok", "denied: ..." or "error: ...". A denied call
  // of any other route is audited as action "denied".
  std::string audit_action;
  RouteOptions options;
};

ScopedRoute GetRoute(std::string pattern);
// A state-changing route (POST), audited as `audit_action`.
ScopedRoute PostRoute(std::string pattern, std::string audit_action, RouteOptions options = {});

// Registers `handler` under `route`, which must be an authenticated /api/ route (logic_error
// otherwise, like Router::Add's other programmer errors).
void AddScopedRoute(Router& router, ScopedRoute route, ScopedHandler handler);

// The decoded value of query parameter `name`, or nullopt when absent; InvalidArgument when it
// is malformed.
Result<std::optional<std::string>> QueryParam(std::string_view query, std::string_view name);

// The body as a JSON object; InvalidArgument otherwise (also for a Content-Type that is not
// application/json).
Result<nlohmann::json> JsonBody(const RouteContext& ctx);
// A string member of a JSON object: `fallback` when absent or null, InvalidArgument when not a
// string or longer than `max_bytes`.
Result<std::string> StringField(const nlohmann::json& body, std::string_view name, size_t max_bytes,
                                std::string fallback = "");

// InvalidArgument unless `period` is a month "YYYY-MM".
Status CheckPeriod(std::string_view period, std::string_view what);

// The months a route's `from` and `to` query parameters ask for, both inclusive; an absent or
// empty one leaves that end open.
struct PeriodRange {
  std::string from, to;
  bool Contains(std::string_view period) const {
    return (from.empty() || period >= from) && (to.empty() || period <= to);
  }
};
// InvalidArgument when `from` or `to` is present but not a month YYYY-MM.
Result<PeriodRange> PeriodRangeParams(std::string_view query);

}  // namespace cx::server
