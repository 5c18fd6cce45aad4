#include "server/data_routes.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "contracts/metric_catalog.h"
#include "ranking/stack_rank.h"
#include "server/api_route.h"
#include "server/metric_json.h"

namespace cx::server {

namespace {

using nlohmann::json;

// The overview's axes: SLAs (speed) against outcomes, the watermelon quadrant.
constexpr std::string_view kSlaMetrics[] = {"service_level", "response_within"};
constexpr std::string_view kOutcomeMetrics[] = {"fcr", "nps", "csat"};
// Others in the overview are labelled in the order of this metric (best first).
constexpr std::string_view kOverviewOrder = "fcr";

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

// A figure of a partner the caller may not see, as the caller gets it: to `decimals` decimals.
// A full double gives its fraction away: 0.8133047210300429 is 379/466, the partner's volume.
// A rate to 0.1 point and an NPS to 0.1 point still rank and compare, and name no sample size.
json Coarse(std::optional<double> v, int decimals) {
  if (!v) return nullptr;
  const double scale = std::pow(10.0, decimals);
  return std::round(*v * scale) / scale;
}

json MetricsJson(const std::map<std::string, MetricRow>& rows, bool full) {
  json out = json::object();
  for (const auto& [name, r] : rows) {
    out[name] = full ? json{{"value", OptionalJson(r.value)},
                            {"low", OptionalJson(r.low)},
                            {"high", OptionalJson(r.high)},
                            {"denominator", OptionalJson(r.denominator)}}
                     : json{{"value", Coarse(r.value, name == "nps" ? 1 : 3)}};
  }
  return out;
}

Result<std::string> PeriodOrLatest(const RouteContext& ctx, const ScoreSnapshot& snapshot) {
  ASSIGN_OR_RETURN(std::optional<std::string> period, QueryParam(ctx.request.query, "period"));
  if (period && !period->empty()) {
    RETURN_IF_ERROR(CheckPeriod(*period, "period"));
    return *period;
  }
  if (snapshot.periods.empty()) return NotFound("no data has been loaded yet");
  return snapshot.periods.back();
}

// The answers' JSON rendered once per snapshot, so that a request mostly copies text: every
// partner's scorecard, period by period, and the overviews asked for so far. Thread-safe.
class Rendered {
 public:
  explicit Rendered(std::shared_ptr<const ScoreSnapshot> snapshot)
      : snapshot_(std::move(snapshot)) {
    for (const std::string& partner : snapshot_->partners) {
      std::vector<std::pair<std::string, std::string>>& out = periods_[partner];
      json period;
      auto flush = [&] {
        if (period.is_null()) return;
        out.emplace_back(period["period"].get<std::string>(), DumpJson(period));
      };
      for (const MetricRow* r : snapshot_->RowsOf(partner)) {  // By period.
        if (period.is_null() || period["period"] != r->keys[1]) {
          flush();
          period = {{"period", r->keys[1]}, {"metrics", json::array()}};
        }
        json row = MetricRowJson(*r);
        row["meaning"] = MeaningJson(r->metric);
        period["metrics"].push_back(std::move(row));
      }
      flush();
    }
  }

  const ScoreSnapshot& snapshot() const { return *snapshot_; }
  bool Of(const ScoreSnapshot* s) const { return snapshot_.get() == s; }

  // {"period", "metrics"} of each of `partner`'s periods, in order, as JSON text.
  const std::vector<std::pair<std::string, std::string>>& PeriodsOf(
      const std::string& partner) const {
    static const std::vector<std::pair<std::string, std::string>> kNone;
    auto it = periods_.find(partner);
    return it == periods_.end() ? kNone : it->second;
  }

  // The body under `key`, made by `make` the first time (up to kMaxMemo keys; then each time).
  std::shared_ptr<const std::string> Memo(const std::string& key,
                                          const std::function<std::string()>& make) const {
    {
      std::lock_guard lock(mu_);
      auto it = memo_.find(key);
      if (it != memo_.end()) return it->second;
    }
    auto made = std::make_shared<const std::string>(make());
    std::lock_guard lock(mu_);
    if (memo_.size() < kMaxMemo) memo_.emplace(key, made);
    return made;
  }

 private:
  static constexpr size_t kMaxMemo = 512;  // Periods x viewers; any month may be asked for.
  const std::shared_ptr<const ScoreSnapshot> snapshot_;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> periods_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::shared_ptr<const std::string>> memo_;  // GUARDED_BY(mu_)
};

// The rendering of the latest snapshot the routes were asked about. Thread-safe.
class RenderCache {
 public:
  std::shared_ptr<const Rendered> For(const std::shared_ptr<const ScoreSnapshot>& snapshot) {
    std::lock_guard lock(mu_);  // Others wait while a new snapshot renders (milliseconds).
    if (last_ && last_->Of(snapshot.get())) return last_;
    auto made = std::make_shared<const Rendered>(snapshot);
    // A request still holding an older snapshot does not evict the newer one.
    if (!last_ || snapshot->data_version >= last_->snapshot().data_version) last_ = made;
    return made;
  }

 private:
  std::mutex mu_;
  std::shared_ptr<const Rendered> last_;  // GUARDED_BY(mu_)
};

Result<HttpResponse> Scorecard(ApiData& data, RenderCache& cache, const RouteContext& ctx,
                               const TenantScope& scope) {
  const std::string partner(ctx.Param("partner"));
  RETURN_IF_ERROR(scope.RequirePartner(partner));
  ASSIGN_OR_RETURN(PeriodRange range, PeriodRangeParams(ctx.request.query));
  ASSIGN_OR_RETURN(ScoreView view, data.Score());
  const ScoreSnapshot& snapshot = *view.snapshot;
  if (!snapshot.HasPartner(partner)) {
    return NotFound("no data for this partner");
  }
  const std::shared_ptr<const Rendered> rendered = cache.For(view.snapshot);
  const std::string name = DumpJson(partner);
  size_t size = name.size() + 32;
  for (const auto& [period, text] : rendered->PeriodsOf(partner)) {
    if (range.Contains(period)) size += text.size() + 1;
  }
  HttpResponse out;  // One allocation: a 12-month answer is some 80 KB.
  out.body = VersionedStart(view, size);
  out.body += R"(,"partner":)";
  out.body += name;
  out.body += R"(,"periods":[)";
  bool any = false;
  for (const auto& [period, text] : rendered->PeriodsOf(partner)) {
    if (!range.Contains(period)) continue;
    if (any) out.body += ',';
    out.body += text;
    any = true;
  }
  out.body += "]}";
  return out;
}

json OverviewJson(const ScoreSnapshot& snapshot, const std::string& period,
                  const TenantScope& scope) {
  const OverviewRows rows = Collect(snapshot.score.score);
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
  return {{"period", period},
          {"sla_metrics", sla},
          {"outcome_metrics", outcomes},
          {"ordered_by", kOverviewOrder},
          {"partners", partners},
          {"trends", trends}};
}

Result<HttpResponse> Overview(ApiData& data, RenderCache& cache, const RouteContext& ctx,
                              const TenantScope& scope) {
  ASSIGN_OR_RETURN(ScoreView view, data.Score());
  ASSIGN_OR_RETURN(std::string period, PeriodOrLatest(ctx, *view.snapshot));
  const std::shared_ptr<const Rendered> rendered = cache.For(view.snapshot);
  // What a caller sees depends on the period and on whom it may see: every partner (clients)
  // or its own.
  const std::string viewer = scope.CanSeeAllPartners() ? "*" : scope.principal().partner;
  const auto body = rendered->Memo(period + "\n" + viewer, [&] {
    return DumpJson(OverviewJson(rendered->snapshot(), period, scope));
  });
  return Versioned(view, *body);
}

Result<HttpResponse> Rank(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  ASSIGN_OR_RETURN(std::optional<std::string> metric, QueryParam(ctx.request.query, "metric"));
  if (!metric || metric->empty()) return InvalidArgument("the metric parameter is required");
  const MetricInfo* info = FindMetric(*metric);
  if (info == nullptr || info->scale != MetricScale::kRate || !IsKpiMetric(*info)) {
    return InvalidArgument("rank tests rates (e.g. fcr, service_level, abandon_rate)");
  }
  const bool higher = info->better == Direction::kHigherIsBetter;
  ASSIGN_OR_RETURN(ScoreView view, data.Score());
  const ScoreResult& score = view.snapshot->score.score;
  ASSIGN_OR_RETURN(std::string period, PeriodOrLatest(ctx, *view.snapshot));
  std::vector<RankInput> inputs;
  for (const MetricRow& r : score.rows) {
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
                  {"value", visible ? json(e.rate) : Coarse(e.rate, 3)},
                  {"tied_with", e.tied_with.empty() ? json(nullptr) : json(label_of[e.tied_with])},
                  {"p_value", visible ? json(e.p_value) : Coarse(e.p_value, 3)}};
    if (visible) {
      entry["successes"] = e.successes;
      entry["n"] = e.n;
    }
    entries.push_back(std::move(entry));
  }
  return Versioned(view, DumpJson({{"metric", *metric},
                                   {"period", period},
                                   {"better", higher ? "higher" : "lower"},
                                   {"alpha", 0.05},
                                   {"entries", entries}}));
}

// The metric catalog, for every reader (it holds no partner data): what each metric means, and
// the settings that the portal's scores use, so that a page can name the window or target a
// figure depends on (docs/api.md).
HttpResponse Metrics(const MetricSettings& s) {
  json metrics = json::array();
  for (const MetricInfo& m : KnownMetrics()) {
    json entry = MeaningJson(m.name, /*with_what=*/true);
    entry["metric"] = m.name;
    metrics.push_back(std::move(entry));
  }
  const auto in = [](Micros v, Micros unit) { return static_cast<double>(v) / unit; };
  const json settings = {
      {"time_zone", s.time_zone},
      {"repeat_window_hours", in(s.repeat_window, kMicrosPerHour)},
      {"service_level_seconds", in(s.service_level_threshold, kMicrosPerSecond)},
      {"response_hours", in(s.response_target, kMicrosPerHour)},
      {"response_time", s.response_time == ElapsedTime::kBusiness ? "business" : "calendar"},
      {"short_abandon_seconds", in(s.short_abandon, kMicrosPerSecond)},
  };
  return HttpResponse::Json(200, {{"metrics", std::move(metrics)}, {"settings", settings}});
}

}  // namespace

void AddDataRoutes(Router& router, ApiData& data) {
  AddScopedRoute(router, GetRoute("/api/v1/metrics"),
                 [&data](const RouteContext&, const TenantScope&) -> Result<HttpResponse> {
                   return Metrics(data.settings());
                 });
  auto cache = std::make_shared<RenderCache>();
  AddScopedRoute(router, GetRoute("/api/v1/partners/{partner}/scorecard"),
                 [&data, cache](const RouteContext& ctx, const TenantScope& scope) {
                   return Scorecard(data, *cache, ctx, scope);
                 });
  AddScopedRoute(router, GetRoute("/api/v1/overview"),
                 [&data, cache](const RouteContext& ctx, const TenantScope& scope) {
                   return Overview(data, *cache, ctx, scope);
                 });
  AddScopedRoute(router, GetRoute("/api/v1/rank"),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return Rank(data, ctx, scope);
                 });
}

}  // namespace cx::server
