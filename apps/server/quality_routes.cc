#include "server/quality_routes.h"

#include <algorithm>
#include <map>

#include "server/api_route.h"
#include "server/metric_json.h"

namespace cx::server {

namespace {

using nlohmann::json;

// Only the contact-level capture rates: each needs nothing but the contacts file, so every
// partner has them for every month it has contacts. kb_agent_use_rate, also contact-level, is
// left out: it measures how agents work (and needs the knowledge-base feed), not what the
// records hold.
constexpr std::string_view kQualityMetrics[] = {"no_customer_share", "demographics_rate",
                                                "consent_rate"};

// The position of `metric` in kQualityMetrics, or -1.
int QualityIndex(std::string_view metric) {
  const auto* it = std::find(std::begin(kQualityMetrics), std::end(kQualityMetrics), metric);
  return it == std::end(kQualityMetrics) ? -1 : static_cast<int>(it - std::begin(kQualityMetrics));
}

json RowJson(const MetricRow& r) {
  json row = MetricRowJson(r);
  row["meaning"] = MeaningJson(r.metric, /*with_what=*/true);
  return row;
}

// {"metrics", "periods"} of `partner` in `range`: per period, the quality rows in
// kQualityMetrics' order.
json QualityJson(const ScoreSnapshot& snapshot, const std::string& partner,
                 const PeriodRange& range) {
  std::map<std::string, std::map<int, const MetricRow*>> by_period;
  for (const ExtraRow* e : snapshot.ExtraRowsOf(partner)) {
    const int at = QualityIndex(e->row.metric);
    if (at < 0 || !range.Contains(e->row.keys[1])) continue;
    by_period[e->row.keys[1]][at] = &e->row;
  }
  json periods = json::array();
  for (const auto& [period, rows] : by_period) {
    json metrics = json::array();
    for (const auto& [at, r] : rows) metrics.push_back(RowJson(*r));
    periods.push_back({{"period", period}, {"metrics", std::move(metrics)}});
  }
  json names = json::array();
  for (std::string_view m : kQualityMetrics) names.push_back(m);
  return {{"partner", partner}, {"metrics", std::move(names)}, {"periods", std::move(periods)}};
}

Result<HttpResponse> Quality(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  const std::string partner(ctx.Param("partner"));
  RETURN_IF_ERROR(scope.RequirePartner(partner));
  ASSIGN_OR_RETURN(PeriodRange range, PeriodRangeParams(ctx.request.query));
  ASSIGN_OR_RETURN(ScoreView view, data.ExtendedScore());
  const ScoreSnapshot& snapshot = *view.snapshot;
  if (!snapshot.HasPartner(partner)) {
    return NotFound("no data for this partner");
  }
  // Three rows a month: built per request, where the scorecard renders once per snapshot.
  return Versioned(view, DumpJson(QualityJson(snapshot, partner, range)));
}

}  // namespace

std::span<const std::string_view> QualityMetrics() { return kQualityMetrics; }

void AddQualityRoutes(Router& router, ApiData& data) {
  AddScopedRoute(router, GetRoute("/api/v1/partners/{partner}/quality"),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return Quality(data, ctx, scope);
                 });
}

}  // namespace cx::server
