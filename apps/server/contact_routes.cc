#include "server/contact_routes.h"

#include <charconv>

#include "server/api_route.h"

namespace cx::server {

namespace {

using nlohmann::json;

// Query parameter `name` as an integer in [0, max]; `fallback` when absent or empty.
Result<int64_t> IntParam(const RouteContext& ctx, std::string_view name, int64_t fallback,
                         int64_t max) {
  ASSIGN_OR_RETURN(std::optional<std::string> text, QueryParam(ctx.request.query, name));
  if (!text || text->empty()) return fallback;
  int64_t value = -1;
  const char* end = text->data() + text->size();
  auto [at, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || at != end || value < 0 || value > max) {
    return InvalidArgument("{} must be a whole number from 0 to {}", name, max);
  }
  return value;
}

Result<std::string> RequiredParam(const RouteContext& ctx, std::string_view name) {
  ASSIGN_OR_RETURN(std::optional<std::string> text, QueryParam(ctx.request.query, name));
  if (!text || text->empty()) return InvalidArgument("the {} parameter is required", name);
  return *text;
}

Result<HttpResponse> Contacts(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  DrilldownRequest request;
  request.partner = std::string(ctx.Param("partner"));
  RETURN_IF_ERROR(scope.RequirePartner(request.partner));
  ASSIGN_OR_RETURN(request.period, RequiredParam(ctx, "period"));
  ASSIGN_OR_RETURN(request.metric, RequiredParam(ctx, "metric"));
  ASSIGN_OR_RETURN(request.limit,
                   IntParam(ctx, "limit", kDrilldownDefaultLimit, kDrilldownMaxLimit));
  ASSIGN_OR_RETURN(request.offset, IntParam(ctx, "offset", 0, INT64_MAX));
  // Clients may read which partner a repeat went to; a partner user reads "another partner".
  request.name_other_partners = scope.CanSeeAllPartners();
  ASSIGN_OR_RETURN(Drilldown d, data.DrillDown(request));
  json contacts = json::array();
  for (const DrilldownEntry& e : d.entries) {
    json entry = {
        {"contact_id", e.contact_id},    {"arrived_at", e.arrived_at},
        {"channel", e.channel},          {"queue", e.queue ? json(*e.queue) : json(nullptr)},
        {"counts_in_denominator", true}, {"counts_in_numerator", e.in_numerator}};
    if (request.metric == "nps") entry["counts_against_numerator"] = e.against_numerator;
    entry["why"] = e.why;
    contacts.push_back(std::move(entry));
  }
  return HttpResponse::Json(200, {{"partner", request.partner},
                                  {"period", request.period},
                                  {"metric", request.metric},
                                  {"total", d.total},
                                  {"in_numerator", d.in_numerator},
                                  {"offset", request.offset},
                                  {"limit", request.limit},
                                  {"horizon", d.horizon},
                                  {"data_version", d.data_version},
                                  {"contacts", std::move(contacts)}});
}

}  // namespace

void AddContactRoutes(Router& router, ApiData& data) {
  AddScopedRoute(router, GetRoute("/api/v1/partners/{partner}/contacts"),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return Contacts(data, ctx, scope);
                 });
}

}  // namespace cx::server
