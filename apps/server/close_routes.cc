#include "server/close_routes.h"

#include <set>

#include "contracts/close_report.h"
#include "server/api_route.h"
#include "server/close_filter.h"

namespace cx::server {

namespace {

using nlohmann::json;

// The latest close of `period` as a document; NotFound when the month was never closed.
Result<json> LatestDocument(ApiData& data, const std::string& period) {
  RETURN_IF_ERROR(CheckPeriod(period, "period"));
  ASSIGN_OR_RETURN(std::optional<CloseRecord> record, data.LatestClose(period));
  if (!record) return NotFound("the period has not been closed");
  json doc = json::parse(record->document, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return DataLoss("close {} version {}: the stored document is not JSON", period,
                    record->version);
  }
  doc["period"] = record->period;
  doc["version"] = record->version;
  return doc;
}

// The document as the caller may see it.
Result<json> Scoped(ApiData& data, const TenantScope& scope, json doc) {
  if (scope.CanSeeAllPartners()) return doc;
  ASSIGN_OR_RETURN(std::vector<std::string> partners, data.Partners());
  // Partners of the close that have no contacts (yet) are partners too.
  if (doc.contains("partners") && doc["partners"].is_array()) {
    for (const json& p : doc["partners"]) {
      if (p.is_object() && p.contains("partner") && p["partner"].is_string()) {
        partners.push_back(p["partner"].get<std::string>());
      }
    }
  }
  return CloseForPartner(doc, scope.principal().partner, partners);
}

Result<HttpResponse> Closes(ApiData& data, const TenantScope&) {
  ASSIGN_OR_RETURN(std::vector<std::string> periods, data.Periods());
  json out = json::array();
  for (const std::string& period : periods) {
    ASSIGN_OR_RETURN(std::optional<CloseRecord> record, data.LatestClose(period));
    if (!record) continue;
    json versions = json::array();
    for (int v = 1; v <= record->version; ++v) versions.push_back(v);
    out.push_back(
        {{"period", period}, {"latest_version", record->version}, {"versions", versions}});
  }
  return HttpResponse::Json(200, {{"closes", out}});
}

Result<HttpResponse> Close(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  ASSIGN_OR_RETURN(json doc, LatestDocument(data, std::string(ctx.Param("period"))));
  ASSIGN_OR_RETURN(json scoped, Scoped(data, scope, std::move(doc)));
  return HttpResponse::Json(200, scoped);
}

Result<HttpResponse> Report(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  const std::string partner(ctx.Param("partner"));
  RETURN_IF_ERROR(scope.RequirePartner(partner));
  ASSIGN_OR_RETURN(json doc, LatestDocument(data, std::string(ctx.Param("period"))));
  ASSIGN_OR_RETURN(json scoped, Scoped(data, scope, std::move(doc)));
  for (const json& p : scoped.value("partners", json::array())) {
    if (p.is_object() && p.value("partner", "") == partner) {
      HttpResponse r;
      r.content_type = "text/html; charset=utf-8";
      r.body = RenderCloseReportHtml(p);
      r.headers.emplace_back("Content-Security-Policy", std::string(kReportCsp));
      return r;
    }
  }
  return NotFound("the close has no entry for this partner");
}

Result<HttpResponse> Quarantine(ApiData& data, const TenantScope& scope) {
  ASSIGN_OR_RETURN(std::vector<QuarantineEntry> entries, data.Quarantine());
  if (!scope.CanSeeAllPartners()) {
    // Only files this partner's users uploaded (portal uploads are checked to hold its rows
    // only); files loaded otherwise cannot be attributed and are not shown.
    ASSIGN_OR_RETURN(std::vector<UploadRecord> uploads, data.Uploads());
    std::set<std::string> own;
    for (const UploadRecord& u : uploads) {
      if (!u.partner.empty() && scope.CanWriteFor(u.partner) && !u.sha256.empty()) {
        own.insert(u.sha256);
      }
    }
    std::erase_if(entries, [&](const QuarantineEntry& e) { return !own.contains(e.sha256); });
  }
  json out = json::array();
  for (const QuarantineEntry& e : entries) {
    out.push_back({{"kind", SpecOf(e.kind).name},
                   {"file", e.file},
                   {"sha256", e.sha256},
                   {"record", e.record},
                   {"line", e.line},
                   {"field", e.field},
                   {"value", e.value},
                   {"reason", e.reason},
                   {"detail", e.detail}});
  }
  return HttpResponse::Json(200, {{"entries", out}});
}

}  // namespace

void AddCloseRoutes(Router& router, ApiData& data) {
  AddScopedRoute(
      router, GetRoute("/api/v1/closes"),
      [&data](const RouteContext&, const TenantScope& scope) { return Closes(data, scope); });
  AddScopedRoute(router, GetRoute("/api/v1/closes/{period}"),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return Close(data, ctx, scope);
                 });
  AddScopedRoute(router, GetRoute("/api/v1/partners/{partner}/report/{period}"),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return Report(data, ctx, scope);
                 });
  AddScopedRoute(
      router, GetRoute("/api/v1/quarantine"),
      [&data](const RouteContext&, const TenantScope& scope) { return Quarantine(data, scope); });
}

}  // namespace cx::server
