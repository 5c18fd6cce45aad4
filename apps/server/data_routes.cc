#include "server/data_routes.h"

#include <algorithm>
#include <map>
#include <set>

#include "contracts/metric_catalog.h"
#include "ranking/stack_rank.h"
#include "server/api_route.h"

namespace cx::server {

namespace {

using nlohmann::json;

// The overview's axes: SLAs (speed) against outcomes, the watermelon quadrant.
constexpr std::string_view kSlaMetrics[] = {"service_level", "response_within"};
constexpr std::string_view kOutcomeMetrics[] = {"fcr", "nps", "csat"};
// Others in the overview are labelled in the order of this metric (best first).
constexpr std::string_view kOverviewOrder = "fcr";

json Opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json Opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

std::string_view ScaleName(MetricScale s) {
  switch (s) {
    case MetricScale::kRate:
      return "rate";
    case MetricScale::kSeconds:
      return "seconds";
    case MetricScale::kHours:
      return "hours";
    case MetricScale::kNps:
      return "nps";
    case MetricScale::kCes:
      return "ces";
    case MetricScale::kMean:
      return "mean";
    case MetricScale::kCount:
      return "count";
    case MetricScale::kStatistic:
      return "statistic";
  }
  return "";
}

json Meaning(std::string_view metric) {
  const MetricInfo* m = FindMetric(metric);
  if (m == nullptr) return nullptr;
  return {{"scale", ScaleName(m->scale)},
          {"better", DirectionName(m->better)},
          {"range", BoundsOf(m->scale).what},
          {"kpi", IsKpiMetric(*m)}};
}

json FullRow(const MetricRow& r) {
  return {{"metric", r.metric},       {"value", Opt(r.value)},
          {"low", Opt(r.low)},        {"high", Opt(r.high)},
          {"numerator", r.numerator}, {"denominator", Opt(r.denominator)},
          {"pending", Opt(r.pending)}};
}

bool IsOverviewMetric(std::string_view m) {
  return std::find(std::begin(kSlaMetrics), std::end(kSlaMetrics), m) != std::end(kSlaMetrics) ||
         std::find(std::begin(kOutcomeMetrics), std::end(kOutcomeMetrics), m) !=
             std::end(kOutcomeMetrics);
}

// partner -> period -> metric -> row, for the overview's metrics (client-level "*" rows left
// out: they mix every partner).
using OverviewRows = std::map<std::string, std::map<std::string, std::map<std::string, MetricRow>>>;

OverviewRows Collect(const ScoreResult& score) {
  OverviewRows out;
  for (const MetricRow& r : score.rows) {
    if (r.keys[0] == "*" || !IsOverviewMetric(r.metric)) continue;
    out[r.keys[0]][r.keys[1]][std::string(r.metric)] = r;
  }
  return out;
}

json MetricsJson(const std::map<std::string, MetricRow>& rows, bool full) {
  json out = json::object();
  for (const auto& [name, r] : rows) {
    out[name] = full ? json{{"value", Opt(r.value)},
                            {"low", Opt(r.low)},
                            {"high", Opt(r.high)},
                            {"denominator", Opt(r.denominator)}}
                     : json{{"value", Opt(r.value)}};
  }
  return out;
}

Result<std::string> PeriodOrLatest(const RouteContext& ctx, const ScoreResult& score) {
  ASSIGN_OR_RETURN(std::optional<std::string> period, QueryParam(ctx.request.query, "period"));
  if (period && !period->empty()) {
    RETURN_IF_ERROR(CheckPeriod(*period, "period"));
    return *period;
  }
  std::string latest;
  for (const MetricRow& r : score.rows) latest = std::max(latest, r.keys[1]);
  if (latest.empty()) return NotFound("no data has been loaded yet");
  return latest;
}

Result<HttpResponse> Scorecard(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  const std::string partner(ctx.Param("partner"));
  RETURN_IF_ERROR(scope.RequirePartner(partner));
  ASSIGN_OR_RETURN(std::optional<std::string> from, QueryParam(ctx.request.query, "from"));
  ASSIGN_OR_RETURN(std::optional<std::string> to, QueryParam(ctx.request.query, "to"));
  if (from && !from->empty()) RETURN_IF_ERROR(CheckPeriod(*from, "from"));
  if (to && !to->empty()) RETURN_IF_ERROR(CheckPeriod(*to, "to"));
  ASSIGN_OR_RETURN(std::vector<std::string> partners, data.Partners());
  if (std::find(partners.begin(), partners.end(), partner) == partners.end()) {
    return NotFound("no data for this partner");
  }
  ASSIGN_OR_RETURN(CachedScore score, data.ScoreByPartnerPeriod());
  FilterScore(score, partner, from.value_or(""), to.value_or(""));
  std::map<std::string, json> periods;
  for (const MetricRow& r : score.score.rows) {
    if (r.keys[0] != partner) continue;  // FilterScore keeps client-level rows too.
    json row = FullRow(r);
    row["meaning"] = Meaning(r.metric);
    periods[r.keys[1]].push_back(std::move(row));
  }
  json out = {{"partner", partner}, {"periods", json::array()}};
  for (auto& [period, rows] : periods) {
    out["periods"].push_back({{"period", period}, {"metrics", std::move(rows)}});
  }
  return HttpResponse::Json(200, out);
}

Result<HttpResponse> Overview(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  ASSIGN_OR_RETURN(CachedScore score, data.ScoreByPartnerPeriod());
  ASSIGN_OR_RETURN(std::string period, PeriodOrLatest(ctx, score.score));
  const OverviewRows rows = Collect(score.score);
  // Partners with data in the period, best on kOverviewOrder first, then by name.
  struct Entry {
    std::string partner;
    std::optional<double> order;
  };
  std::vector<Entry> entries;
  for (const auto& [partner, by_period] : rows) {
    auto p = by_period.find(period);
    if (p == by_period.end()) continue;
    auto m = p->second.find(std::string(kOverviewOrder));
    entries.push_back({partner, m == p->second.end() ? std::nullopt : m->second.value});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.order.has_value() != b.order.has_value()) return a.order.has_value();
    if (a.order && *a.order != *b.order) return *a.order > *b.order;
    return a.partner < b.partner;
  });
  std::vector<std::string> ranked;
  for (const Entry& e : entries) ranked.push_back(e.partner);
  const std::vector<std::string> labels = scope.RankLabels(ranked);
  json partners = json::array();
  for (size_t i = 0; i < ranked.size(); ++i) {
    const bool visible = scope.CanSeePartner(ranked[i]);
    partners.push_back({{"partner", labels[i]},
                        {"anonymous", !visible},
                        {"metrics", MetricsJson(rows.at(ranked[i]).at(period), visible)}});
  }
  json trends = json::array();
  for (const auto& [partner, by_period] : rows) {
    if (!scope.CanSeePartner(partner)) continue;  // Labels do not follow a partner over time.
    for (const auto& [month, metrics] : by_period) {
      trends.push_back(
          {{"partner", partner}, {"period", month}, {"metrics", MetricsJson(metrics, true)}});
    }
  }
  json sla = json::array(), outcomes = json::array();
  for (std::string_view m : kSlaMetrics) sla.push_back(m);
  for (std::string_view m : kOutcomeMetrics) outcomes.push_back(m);
  return HttpResponse::Json(200, {{"period", period},
                                  {"sla_metrics", sla},
                                  {"outcome_metrics", outcomes},
                                  {"ordered_by", kOverviewOrder},
                                  {"partners", partners},
                                  {"trends", trends}});
}

Result<HttpResponse> Rank(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  ASSIGN_OR_RETURN(std::optional<std::string> metric, QueryParam(ctx.request.query, "metric"));
  if (!metric || metric->empty()) return InvalidArgument("the metric parameter is required");
  const MetricInfo* info = FindMetric(*metric);
  if (info == nullptr || info->scale != MetricScale::kRate || !IsKpiMetric(*info)) {
    return InvalidArgument("rank tests rates (e.g. fcr, service_level, abandon_rate)");
  }
  const bool higher = info->better == Direction::kHigherIsBetter;
  ASSIGN_OR_RETURN(CachedScore score, data.ScoreByPartnerPeriod());
  ASSIGN_OR_RETURN(std::string period, PeriodOrLatest(ctx, score.score));
  std::vector<RankInput> inputs;
  for (const MetricRow& r : score.score.rows) {
    if (r.keys[0] != "*" && r.keys[1] == period && r.metric == *metric && r.denominator &&
        r.numerator_kind == MetricRow::Numerator::kCount) {
      inputs.push_back({r.keys[0], r.numerator, *r.denominator});
    }
  }
  std::vector<RankedEntry> ranked = StackRank(inputs, higher);
  std::stable_sort(ranked.begin(), ranked.end(), [](const RankedEntry& a, const RankedEntry& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.name < b.name;
  });
  std::vector<std::string> names;
  for (const RankedEntry& e : ranked) names.push_back(e.name);
  const std::vector<std::string> labels = scope.RankLabels(names);
  std::map<std::string, std::string> label_of;
  for (size_t i = 0; i < names.size(); ++i) label_of[names[i]] = labels[i];
  json entries = json::array();
  for (size_t i = 0; i < ranked.size(); ++i) {
    const RankedEntry& e = ranked[i];
    const bool visible = scope.CanSeePartner(e.name);
    json entry = {{"rank", e.rank},
                  {"partner", labels[i]},
                  {"anonymous", !visible},
                  {"value", e.rate},
                  {"tied_with", e.tied_with.empty() ? json(nullptr) : json(label_of[e.tied_with])},
                  {"p_value", e.p_value}};
    if (visible) {
      entry["successes"] = e.successes;
      entry["n"] = e.n;
    }
    entries.push_back(std::move(entry));
  }
  return HttpResponse::Json(200, {{"metric", *metric},
                                  {"period", period},
                                  {"better", higher ? "higher" : "lower"},
                                  {"alpha", 0.05},
                                  {"entries", entries}});
}

}  // namespace

void AddDataRoutes(Router& router, ApiData& data) {
  AddScopedRoute(router, GetRoute("/api/v1/partners/{partner}/scorecard"),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return Scorecard(data, ctx, scope);
                 });
  AddScopedRoute(router, GetRoute("/api/v1/overview"),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return Overview(data, ctx, scope);
                 });
  AddScopedRoute(router, GetRoute("/api/v1/rank"),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return Rank(data, ctx, scope);
                 });
}

}  // namespace cx::server
