#include "server/insight_routes.h"

#include <algorithm>
#include <charconv>

#include "server/api_route.h"

namespace cx::server {

namespace {

using nlohmann::json;

json InsightJson(const Insight& i) {
  json answers = json::array();
  for (const InsightAnswer& a : i.answers) {
    answers.push_back(
        {{"id", a.id}, {"author", a.author}, {"created_at", a.created_at}, {"body", a.body}});
  }
  return {{"id", i.id},
          {"partner", i.partner},
          {"author", i.author},
          {"created_at", i.created_at},
          {"updated_at", i.updated_at},
          {"title", i.title},
          {"body", i.body},
          {"status", i.status},
          {"answers", answers}};
}

// The insight `{id}` if the caller may see it; NotFound otherwise (whether it exists or not).
Result<Insight> Visible(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  std::string_view text = ctx.Param("id");
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return NotFound("no such insight");
  }
  ASSIGN_OR_RETURN(std::optional<Insight> insight, data.FindInsight(id));
  if (!insight || !scope.CanSeePartner(insight->partner)) return NotFound("no such insight");
  return std::move(*insight);
}

Result<HttpResponse> Create(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  ASSIGN_OR_RETURN(json body, JsonBody(ctx));
  ASSIGN_OR_RETURN(std::string partner,
                   StringField(body, "partner", 200, scope.principal().partner));
  ASSIGN_OR_RETURN(std::string title, StringField(body, "title", kMaxInsightTitle));
  ASSIGN_OR_RETURN(std::string text, StringField(body, "body", kMaxInsightBody));
  if (partner.empty()) return InvalidArgument("'partner' is required");
  if (title.empty() || text.empty()) return InvalidArgument("'title' and 'body' are required");
  if (!scope.CanWriteFor(partner)) {
    return PermissionDenied("user '{}' may not write insights about this partner",
                            scope.principal().user);
  }
  if (scope.CanSeeAllPartners()) {  // A client admin: the partner must exist.
    ASSIGN_OR_RETURN(std::vector<std::string> partners, data.Partners());
    if (std::find(partners.begin(), partners.end(), partner) == partners.end()) {
      return NotFound("no data for partner '{}'", partner);
    }
  }
  Insight insight;
  insight.partner = partner;
  insight.author = scope.principal().user;
  insight.created_at = data.Now();
  insight.title = std::move(title);
  insight.body = std::move(text);
  ASSIGN_OR_RETURN(insight.id, data.AddInsight(insight));
  insight.updated_at = insight.created_at;
  return HttpResponse::Json(201, InsightJson(insight));
}

Result<HttpResponse> List(ApiData& data, const TenantScope& scope) {
  ASSIGN_OR_RETURN(std::vector<Insight> all, data.Insights());
  all = scope.Filter(std::move(all), [](const Insight& i) { return i.partner; });
  json out = json::array();
  for (const Insight& i : all) out.push_back(InsightJson(i));
  return HttpResponse::Json(200, {{"insights", out}});
}

Result<HttpResponse> Answer(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  ASSIGN_OR_RETURN(Insight insight, Visible(data, ctx, scope));
  if (!scope.CanAdminister()) {
    return PermissionDenied("only a client admin answers insights");
  }
  ASSIGN_OR_RETURN(json body, JsonBody(ctx));
  ASSIGN_OR_RETURN(std::string text, StringField(body, "body", kMaxInsightBody));
  if (text.empty()) return InvalidArgument("'body' is required");
  ASSIGN_OR_RETURN(int64_t id, data.AddInsightAnswer({0, insight.id, scope.principal().user,
                                                      data.Now(), std::move(text)}));
  (void)id;
  ASSIGN_OR_RETURN(std::optional<Insight> updated, data.FindInsight(insight.id));
  if (!updated) return NotFound("no such insight");
  return HttpResponse::Json(200, InsightJson(*updated));
}

Result<HttpResponse> SetStatus(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  ASSIGN_OR_RETURN(Insight insight, Visible(data, ctx, scope));
  if (!scope.CanWriteFor(insight.partner)) {
    return PermissionDenied("user '{}' may not change insights", scope.principal().user);
  }
  ASSIGN_OR_RETURN(json body, JsonBody(ctx));
  ASSIGN_OR_RETURN(std::string status, StringField(body, "status", 16));
  if (status != "open" && status != "answered" && status != "closed") {
    return InvalidArgument("'status' must be open, answered or closed");
  }
  RETURN_IF_ERROR(data.SetInsightStatus(insight.id, status));
  ASSIGN_OR_RETURN(std::optional<Insight> updated, data.FindInsight(insight.id));
  if (!updated) return NotFound("no such insight");
  return HttpResponse::Json(200, InsightJson(*updated));
}

}  // namespace

void AddInsightRoutes(Router& router, ApiData& data) {
  AddScopedRoute(router, PostRoute("/api/v1/insights", "insight_create"),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return Create(data, ctx, scope);
                 });
  AddScopedRoute(
      router, GetRoute("/api/v1/insights"),
      [&data](const RouteContext&, const TenantScope& scope) { return List(data, scope); });
  AddScopedRoute(router, PostRoute("/api/v1/insights/{id}/answer", "insight_answer"),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return Answer(data, ctx, scope);
                 });
  AddScopedRoute(router, PostRoute("/api/v1/insights/{id}/status", "insight_status"),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return SetStatus(data, ctx, scope);
                 });
}

}  // namespace cx::server
