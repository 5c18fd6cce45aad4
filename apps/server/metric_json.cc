#include "server/metric_json.h"

#include "contracts/metric_catalog.h"

namespace cx::server {

namespace {

using nlohmann::json;

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

}  // namespace

json OptionalJson(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json OptionalJson(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

json MetricRowJson(const MetricRow& r) {
  return {{"metric", r.metric},
          {"value", OptionalJson(r.value)},
          {"low", OptionalJson(r.low)},
          {"high", OptionalJson(r.high)},
          {"numerator", r.numerator},
          {"denominator", OptionalJson(r.denominator)},
          {"pending", OptionalJson(r.pending)}};
}

json MeaningJson(std::string_view metric, bool with_what) {
  const MetricInfo* m = FindMetric(metric);
  if (m == nullptr) return nullptr;
  json out = {{"scale", ScaleName(m->scale)},
              {"better", DirectionName(m->better)},
              {"range", BoundsOf(m->scale).what},
              {"kpi", IsKpiMetric(*m)}};
  if (with_what) out["what"] = m->what;
  return out;
}

std::string DumpJson(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string VersionedStart(const ScoreView& view, size_t more) {
  std::string out;
  out.reserve(more + 48);
  out += R"({"data_version":)";
  out += std::to_string(view.snapshot->data_version);
  out += view.stale() ? R"(,"stale":true)" : R"(,"stale":false)";
  return out;
}

HttpResponse Versioned(const ScoreView& view, std::string_view body) {
  HttpResponse out;
  out.body = VersionedStart(view, body.size());
  if (body.size() > 2) out.body += ',';
  out.body += body.substr(1);
  return out;
}

}  // namespace cx::server
