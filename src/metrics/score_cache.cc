#include "metrics/score_cache.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <mutex>
#include <set>

#include "io/byte_source.h"

namespace cx {

namespace {

using nlohmann::json;

constexpr int kFormat = 1;

// MetricRow::metric views static text; decoded names live here for the process.
std::string_view InternName(std::string_view name) {
  static std::mutex mu;
  static std::set<std::string, std::less<>> names;
  std::lock_guard<std::mutex> lock(mu);
  auto it = names.find(name);
  if (it == names.end()) it = names.emplace(name).first;
  return *it;
}

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json Optional(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

json EncodeRow(const MetricRow& r) {
  return json::array({r.keys, r.metric, static_cast<int>(r.numerator_kind), r.numerator,
                      Optional(r.denominator), Optional(r.value), Optional(r.pending),
                      Optional(r.low), Optional(r.high)});
}

template <typename T>
std::optional<T> Get(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<T>();
}

MetricRow DecodeRow(const json& a) {
  MetricRow r;
  r.keys = a.at(0).get<std::vector<std::string>>();
  r.metric = InternName(a.at(1).get<std::string>());
  r.numerator_kind = static_cast<MetricRow::Numerator>(a.at(2).get<int>());
  r.numerator = a.at(3).get<int64_t>();
  r.denominator = Get<int64_t>(a.at(4));
  r.value = Get<double>(a.at(5));
  r.pending = Get<int64_t>(a.at(6));
  r.low = Get<double>(a.at(7));
  r.high = Get<double>(a.at(8));
  return r;
}

json EncodeBy(const std::vector<Dimension>& by) {
  json out = json::array();
  for (Dimension d : by) out.push_back(static_cast<int>(d));
  return out;
}

std::vector<Dimension> DecodeBy(const json& j) {
  std::vector<Dimension> by;
  for (const json& d : j) by.push_back(static_cast<Dimension>(d.get<int>()));
  return by;
}

int IndexOf(const std::vector<Dimension>& by, Dimension d) {
  auto it = std::find(by.begin(), by.end(), d);
  return it == by.end() ? -1 : static_cast<int>(it - by.begin());
}

bool Keep(const std::vector<std::string>& keys, int partner_at, int period_at,
          std::string_view partner, std::string_view from, std::string_view to) {
  if (partner_at >= 0 && !partner.empty() && keys[partner_at] != partner && keys[partner_at] != "*") {
    return false;
  }
  if (period_at >= 0) {
    const std::string& p = keys[period_at];
    if (!from.empty() && p < from) return false;
    if (!to.empty() && p.substr(0, to.size()) > to) return false;
  }
  return true;
}

std::string ByText(std::span<const Dimension> by) {
  std::string out;
  for (Dimension d : by) {
    if (!out.empty()) out += ',';
    out += DimensionName(d);
  }
  return out;
}

void Mark(const ScorePhaseFn& phase, std::string_view name) {
  if (phase) phase(name);
}

}  // namespace

std::string EncodeScore(const ScoreResult& score, const ExtraResult* extra) {
  json rows = json::array();
  for (const MetricRow& r : score.rows) rows.push_back(EncodeRow(r));
  json doc = {{"format", kFormat},
              {"by", EncodeBy(score.by)},
              {"rows", rows},
              {"horizon", score.horizon},
              {"contacts", score.contacts},
              {"without_customer", score.without_customer}};
  if (extra) {
    json extra_rows = json::array();
    for (const ExtraRow& r : extra->rows) {
      extra_rows.push_back(json::array({EncodeRow(r.row), r.service, r.article}));
    }
    doc["extra"] = {{"by", EncodeBy(extra->by)},
                    {"rows", extra_rows},
                    {"horizon", extra->horizon},
                    {"counts", json::array({extra->sessions, extra->sessions_no_contacts,
                                            extra->views, extra->views_without_customer,
                                            extra->agent_uses, extra->agent_uses_unlinked,
                                            extra->outside_periods, extra->outages})}};
  }
  return doc.dump();
}

Result<CachedScore> DecodeScore(std::string_view text) {
  try {
    const json doc = json::parse(text);
    if (doc.at("format").get<int>() != kFormat) return InvalidArgument("cached score: old format");
    CachedScore out;
    out.score.by = DecodeBy(doc.at("by"));
    for (const json& r : doc.at("rows")) out.score.rows.push_back(DecodeRow(r));
    out.score.horizon = doc.at("horizon").get<int64_t>();
    out.score.contacts = doc.at("contacts").get<int64_t>();
    out.score.without_customer = doc.at("without_customer").get<int64_t>();
    if (doc.contains("extra")) {
      const json& e = doc["extra"];
      ExtraResult x;
      x.by = DecodeBy(e.at("by"));
      for (const json& r : e.at("rows")) {
        x.rows.push_back({DecodeRow(r.at(0)), r.at(1).get<std::string>(), r.at(2).get<std::string>()});
      }
      x.horizon = e.at("horizon").get<int64_t>();
      const json& c = e.at("counts");
      int64_t* counts[] = {&x.sessions, &x.sessions_no_contacts, &x.views,
                           &x.views_without_customer, &x.agent_uses, &x.agent_uses_unlinked,
                           &x.outside_periods, &x.outages};
      for (size_t i = 0; i < std::size(counts); ++i) *counts[i] = c.at(i).get<int64_t>();
      out.extra = std::move(x);
    }
    return out;
  } catch (const json::exception& e) {
    return InvalidArgument("cached score: {}", e.what());
  }
}

void FilterScore(CachedScore& s, std::string_view partner, std::string_view from,
                 std::string_view to) {
  const int partner_at = IndexOf(s.score.by, Dimension::kPartner);
  const int period_at = IndexOf(s.score.by, Dimension::kPeriod);
  std::erase_if(s.score.rows, [&](const MetricRow& r) {
    return !Keep(r.keys, partner_at, period_at, partner, from, to);
  });
  if (s.extra) {
    const int xp = IndexOf(s.extra->by, Dimension::kPartner);
    const int xt = IndexOf(s.extra->by, Dimension::kPeriod);
    std::erase_if(s.extra->rows, [&](const ExtraRow& r) {
      return !Keep(r.row.keys, xp, xt, partner, from, to);
    });
  }
}

Result<CachedScore> ComputeScore(const Dataset& data, const MetricSettings& settings,
                                 const ScoreRequest& request, const ScorePhaseFn& phase,
                                 const ScoreProgress& progress) {
  CachedScore out;
  ASSIGN_OR_RETURN(out.score, Score(data, settings, request.by, {.progress = progress}));
  Mark(phase, "compute");
  if (request.metrics == "all") {
    ExtraOptions extra_options;
    if (request.uptime_target >= 0) extra_options.uptime_target = request.uptime_target;
    extra_options.progress = progress;
    ASSIGN_OR_RETURN(ExtraResult extra, ScoreExtra(data, settings, request.by, extra_options));
    out.extra = std::move(extra);
    Mark(phase, "extended");
  }
  return out;
}

Result<CachedScore> ScoreWorkspace(Store& store, const MetricSettings& settings,
                                   const ScoreRequest& request, const ScorePhaseFn& phase,
                                   const LoadProgress& progress) {
  if (request.metrics != "core" && request.metrics != "all") {
    return InvalidArgument("metrics must be core or all, not '{}'", request.metrics);
  }
  ASSIGN_OR_RETURN(int64_t version, store.DataVersion());
  const std::string what =
      fmt::format("{}\nby={}\nmetrics={}\nuptime={}\n", kScoreRules, ByText(request.by),
                  request.metrics, request.uptime_target) +
      request.settings_bytes;
  const std::string key = "score:" + Sha256HexOf(what);
  ASSIGN_OR_RETURN(std::optional<std::string> cached, store.GetCached(key, version));
  if (cached) {
    auto decoded = DecodeScore(*cached);
    if (decoded.ok()) {
      Mark(phase, "cached");
      return std::move(*decoded);
    }
  }
  ASSIGN_OR_RETURN(Dataset data,
                   LoadDatasetFromStore(store,
                                        request.metrics == "all" ? DatasetScope::kAll
                                                                 : DatasetScope::kCore,
                                        progress));
  Mark(phase, "load");
  ASSIGN_OR_RETURN(CachedScore out, ComputeScore(data, settings, request, phase, progress));
  RETURN_IF_ERROR(
      store.PutCached(key, version, EncodeScore(out.score, out.extra ? &*out.extra : nullptr)));
  return out;
}

}  // namespace cx
