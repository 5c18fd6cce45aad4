#include "contracts/close.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include "contracts/evaluator.h"
#include "contracts/facts.h"
#include "contracts/kpi.h"
#include "contracts/money.h"
#include "metrics/extra_metrics.h"
#include "metrics/score.h"
#include "metrics/sla_audit.h"

namespace cx {

namespace {

using nlohmann::json;

// Speed measures a contract may hold as SLAs; the audit describes their tolerance. Every
// other KPI is an outcome.
bool IsSla(std::string_view metric) {
  for (std::string_view m : {"service_level", "response_within", "response_rate", "abandon_rate",
                             "asa_seconds", "uptime"}) {
    if (metric == m) return true;
  }
  return false;
}

// The outcome metrics every report shows beside the SLAs, whatever the contract measures.
constexpr std::string_view kOutcomes[] = {"fcr", "repeat_rate", "time_to_resolve_median_hours",
                                          "nps", "csat", "ces"};

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json Observation(const KpiObservation* o) {
  json j = json::object();
  j["value"] = o ? Optional(o->value) : json(nullptr);
  j["low"] = o ? Optional(o->low) : json(nullptr);
  j["high"] = o ? Optional(o->high) : json(nullptr);
  j["sample"] = o ? o->sample : 0;
  return j;
}

json Lines(const std::vector<InvoiceLine>& lines) {
  json out = json::array();
  for (const InvoiceLine& l : lines) {
    out.push_back({{"kind", LineKindName(l.kind)},
                   {"description", l.description},
                   {"quantity", FormatMilli(l.quantity_milli)},
                   {"unit_price", FormatMicros(l.unit_price_micros)},
                   {"amount_cents", l.amount_cents}});
  }
  return out;
}

json Money(const Invoice& inv, const std::string& currency, int64_t at_risk) {
  return {{"currency", currency},          {"at_risk_cents", at_risk},
          {"charges_cents", inv.charges_cents}, {"outcome_bonus_cents", inv.outcome_bonus_cents},
          {"credits_cents", inv.credits_cents}, {"bonuses_cents", inv.bonuses_cents},
          {"earn_back_cents", inv.earn_back_cents}, {"total_cents", inv.total_cents}};
}

// The scores a close reads, one per set of definitions in force (a contract's operations
// manual, or the workspace's settings), all partners each, so peers compare alike.
struct Scored {
  MetricSettings settings;
  ScoreResult score;
  ExtraResult extra;
};

class ScoreCache {
 public:
  explicit ScoreCache(const Dataset& data) : data_(data) {}
  Result<const Scored*> Get(const OperationsVersion* key, const MetricSettings& settings) {
    auto it = cache_.find(key);
    if (it != cache_.end()) return &it->second;
    const Dimension by[] = {Dimension::kPartner, Dimension::kPeriod};
    Scored s{settings, {}, {}};
    ASSIGN_OR_RETURN(s.score, Score(data_, settings, by));
    // What the extended metrics derive from the data alone is the same for every contract.
    if (!prepared_) prepared_ = PrepareExtra(data_);
    ASSIGN_OR_RETURN(s.extra, ScoreExtra(data_, settings, by, {}, &*prepared_));
    return &cache_.emplace(key, std::move(s)).first->second;
  }

 private:
  const Dataset& data_;
  std::optional<ExtraPrepared> prepared_;
  std::map<const OperationsVersion*, Scored> cache_;
};

const MetricRow* FindRow(const ScoreResult& score, std::string_view partner,
                         std::string_view period, std::string_view metric) {
  for (const MetricRow& r : score.rows) {
    if (r.keys[0] == partner && r.keys[1] == period && r.metric == metric) return &r;
  }
  return nullptr;
}

json Audit(const Scored& s, const Contract& c, const SowVersion& sow, std::string_view period,
           const std::vector<ReconcileRow>& reconciled) {
  json audit = {{"tolerances", json::array()}, {"reconciliation", json::array()}};
  std::vector<SlaTarget> slas;
  for (const Kpi& k : sow.kpis) {
    if (!IsSla(k.metric) || k.metric == "uptime") continue;  // Uptime is not a score row.
    SlaTarget t;
    t.metric = k.metric;
    t.target = k.target;
    t.threshold = k.metric == "service_level" ? s.settings.service_level_threshold
                                               : s.settings.response_target;
    t.business_time = s.settings.response_time == ElapsedTime::kBusiness;
    slas.push_back(t);
    const MetricRow* row = FindRow(s.score, c.partner(), period, k.metric);
    const int64_t denominator = row && row->denominator ? *row->denominator : 0;
    auto tolerance = DescribeTolerance(t, denominator);
    audit["tolerances"].push_back(
        {{"metric", k.metric},
         {"sentence", tolerance.ok() ? tolerance->sentence : tolerance.status().message()}});
  }
  auto checks = CheckSlas(s.score, c.partner(), period, slas);
  if (checks.ok()) {
    auto melon = CheckWatermelon(s.score, c.partner(), period, *checks);
    if (melon.ok()) {
      json evidence = json::array();
      for (const OutcomeEvidence& e : melon->evidence) {
        evidence.push_back({{"metric", e.metric}, {"against", e.against_label},
                            {"value", e.value}, {"comparison", e.comparison},
                            {"p_value", Optional(e.p_value)}, {"test", e.test},
                            {"worse", e.worse}});
      }
      audit["watermelon"] = {{"flagged", melon->flagged}, {"slas_met", melon->slas_met},
                             {"summary", melon->summary}, {"evidence", evidence}};
    } else {
      audit["watermelon"] = {{"flagged", false}, {"summary", melon.status().message()}};
    }
  }
  for (const ReconcileRow& r : reconciled) {
    if (r.report.partner != c.partner()) continue;
    audit["reconciliation"].push_back(
        {{"metric", r.report.metric}, {"reported", r.report.value},
         {"recomputed", Optional(r.recomputed)}, {"difference", Optional(r.difference)},
         {"cause", r.cause}, {"summary", r.summary}});
  }
  return audit;
}

// One partner's section of the close.
Result<json> ClosePartner(const CloseInputs& in, const Contract& c, ScoreCache& cache,
                          const std::vector<std::string>& in_house,
                          const std::vector<ReconcileRow>& reconciled) {
  const std::string period = FormatMonth(in.period);
  json doc = {{"partner", c.partner()}, {"in_house", c.in_house()}, {"period", period}};
  auto in_force = c.TermsFor(in.period);
  if (!in_force.ok()) {  // A contract that starts later: nothing to close for it yet.
    doc["status"] = "not in force for the period";
    doc["contract"] = {{"file", std::filesystem::path(c.file).filename().string()}};
    return doc;
  }
  const ContractTerms& terms = *in_force;
  doc["contract"] = {{"file", std::filesystem::path(c.file).filename().string()},
                     {"msa_effective", terms.msa->effective.ToString()},
                     {"sow_effective", terms.sow->effective.ToString()},
                     {"operations_effective", terms.operations
                                                  ? json(terms.operations->effective.ToString())
                                                  : json(nullptr)},
                     {"pricing", terms.sow->pricing.label},
                     {"in_term", terms.in_term}};
  // Without an operations manual, the close's own settings apply (docs/close.md).
  ASSIGN_OR_RETURN(const Scored* s,
                   cache.Get(terms.operations, terms.operations ? terms.settings : in.settings));
  FactsOptions facts_options;
  facts_options.in_house = in_house;
  ASSIGN_OR_RETURN(std::vector<MonthFacts> facts,
                   FactsFromScore(s->score, &s->extra, &in.data->volumes, c.partner(),
                                  facts_options));
  // The months evaluated: the contiguous run of months in term that ends with the period (the
  // period's terms apply to every month: a later version never reaches back, decision in
  // docs/close.md).
  std::vector<MonthFacts> months;
  for (const MonthFacts& f : facts) {
    if (f.month > in.period) break;
    auto t = c.TermsFor(f.month);
    if (!t.ok() || !t->in_term) {
      months.clear();
      continue;
    }
    months.push_back(f);
  }
  if (months.empty() || months.back().month != in.period) {
    doc["status"] = "no data for the period";
    return doc;
  }
  ASSIGN_OR_RETURN(std::vector<MonthOutcome> outcomes, EvaluateContract(c, months));
  const MonthOutcome& o = outcomes.back();
  const MonthFacts& f = months.back();
  doc["status"] = "closed";

  json kpis = json::array();
  for (const KpiMonth& k : o.kpis) {
    const Kpi* kpi = terms.sow->FindKpi(k.metric);
    const KpiObservation* obs = f.Find(k.metric);
    json j = {{"metric", k.metric},
              {"kind", IsSla(k.metric) ? "sla" : "outcome"},
              {"target", k.target},
              {"direction", DirectionName(k.direction)},
              {"value", Optional(k.value)},
              {"low", obs ? Optional(obs->low) : json(nullptr)},
              {"high", obs ? Optional(obs->high) : json(nullptr)},
              {"sample", k.sample},
              {"status", KpiStatusName(k.status)},
              {"weight", kpi ? static_cast<double>(kpi->weight_bp) / 10000 : 0.0},
              {"credit_cents", k.credit_cents}};
    kpis.push_back(j);
  }
  doc["kpis"] = kpis;
  json outcomes_now = json::array();
  for (std::string_view m : kOutcomes) {
    json j = Observation(f.Find(m));
    j["metric"] = m;
    outcomes_now.push_back(j);
  }
  doc["outcomes"] = outcomes_now;

  // Trends: every KPI and every outcome metric, month by month.
  std::vector<std::pair<std::string, std::optional<double>>> series;
  for (const Kpi& k : terms.sow->kpis) series.emplace_back(k.metric, k.target);
  for (std::string_view m : kOutcomes) {
    if (!terms.sow->FindKpi(m)) series.emplace_back(std::string(m), std::nullopt);
  }
  json trend = json::array();
  for (const auto& [metric, target] : series) {
    for (const MonthFacts& mf : months) {
      json j = Observation(mf.Find(metric));
      j["period"] = FormatMonth(mf.month);
      j["metric"] = metric;
      j["target"] = Optional(target);
      j["kind"] = IsSla(metric) ? "sla" : "outcome";
      trend.push_back(j);
    }
  }
  doc["trend"] = trend;

  doc["money"] = Money(o.invoice, c.currency, o.at_risk_cents);
  doc["invoice"] = {{"label", o.invoice.label}, {"lines", Lines(o.invoice.lines)}};
  json what_if = json::array();
  for (const Invoice& w : o.what_if) {
    what_if.push_back({{"label", w.label}, {"charges_cents", w.charges_cents},
                       {"total_cents", w.total_cents}, {"lines", Lines(w.lines)}});
  }
  doc["what_if"] = what_if;

  json cures = json::array();
  for (const CureEvent& e : o.cures) {
    cures.push_back({{"event", CureEventName(e.kind)}, {"metric", e.metric},
                     {"breach_month", FormatMonth(e.breach_month)},
                     {"deadline", FormatMonth(e.deadline)}});
  }
  doc["cures"] = cures;
  doc["escalation_level"] = o.escalation_level;
  json termination = json::array();
  for (const TerminationFlag& t : o.termination) {
    json evidence = json::array();
    for (const Evidence& e : t.evidence) {
      evidence.push_back({{"month", FormatMonth(e.month)}, {"metric", e.metric},
                          {"value", Optional(e.value)}, {"peer", e.peer},
                          {"peer_value", Optional(e.peer_value)}});
    }
    termination.push_back({{"name", t.name}, {"reason", t.reason}, {"evidence", evidence}});
  }
  doc["termination"] = termination;
  doc["rebid"] = {{"exempt", o.rebid.exempt}, {"streak", o.rebid.streak}};
  doc["audit"] = Audit(*s, c, *terms.sow, period, reconciled);
  return doc;
}

Result<json> Allocation(const CloseInputs& in) {
  if (!in.allocation) return json(nullptr);
  const Dimension by[] = {Dimension::kPartner, Dimension::kQueue, Dimension::kPeriod};
  ASSIGN_OR_RETURN(ScoreResult score, Score(*in.data, in.settings, by));
  ASSIGN_OR_RETURN(std::vector<AllocationCandidate> candidates,
                   CandidatesFromScore(score, *in.allocation, FormatMonth(in.period)));
  ASSIGN_OR_RETURN(AllocationResult result, Allocate(*in.allocation, candidates));
  json queues = json::array();
  for (const QueueAllocation& q : result.queues) {
    json shares = json::array();
    for (const PartnerShare& s : q.shares) {
      shares.push_back({{"partner", s.partner}, {"fixed_bp", s.fixed_bp},
                        {"pool_bp", s.pool_bp}, {"share_bp", s.total_bp()}});
    }
    queues.push_back({{"queue", q.queue}, {"shares", shares},
                      {"pool_winner", q.pool.winner}, {"pool_metric", q.pool.metric},
                      {"summary", q.pool.summary}});
  }
  return json{{"for_period", FormatMonth(in.period + 1)}, {"queues", queues}};
}

}  // namespace

Result<json> RunClose(const CloseInputs& in) {
  if (in.data == nullptr) return InvalidArgument("close: no data");
  std::vector<const Contract*> contracts;
  std::vector<std::string> in_house;
  for (const Contract& c : in.contracts) {
    contracts.push_back(&c);
    if (c.in_house()) in_house.push_back(c.partner());
  }
  std::sort(contracts.begin(), contracts.end(),
            [](const Contract* a, const Contract* b) { return a->partner() < b->partner(); });
  const std::string period = FormatMonth(in.period);
  std::vector<PartnerReport> reports;
  for (const PartnerReport& r : in.reports) {
    if (r.period == period) reports.push_back(r);
  }
  // Steps: the reconciliation (when there are reports), each contract, the allocation.
  const size_t steps = (reports.empty() ? 0 : 1) + contracts.size() + 1;
  size_t done = 0;
  if (in.progress) in.progress(0, 0);  // A bar shows at once, not after the reconciliation.
  const auto step = [&](size_t closed) {
    ++done;
    if (in.progress) {
      in.progress(static_cast<double>(done) / static_cast<double>(steps),
                  static_cast<int64_t>(closed));
    }
  };
  std::vector<ReconcileRow> reconciled;
  if (!reports.empty()) {
    ASSIGN_OR_RETURN(reconciled, Reconcile(*in.data, in.settings, reports));
    step(0);
  }
  ScoreCache cache(*in.data);
  json partners = json::array();
  for (const Contract* c : contracts) {
    auto doc = ClosePartner(in, *c, cache, in_house, reconciled);
    if (!doc.ok()) return doc.status().WithContext(c->file);
    partners.push_back(std::move(*doc));
    step(partners.size());
  }
  ASSIGN_OR_RETURN(json allocation, Allocation(in));
  step(partners.size());
  if (!allocation.is_null()) {
    for (json& p : partners) {
      json mine = json::array();
      for (const json& q : allocation["queues"]) {
        for (const json& s : q["shares"]) {
          if (s["partner"] == p["partner"]) {
            mine.push_back({{"queue", q["queue"]}, {"share_bp", s["share_bp"]},
                            {"pool_winner", q["pool_winner"]}, {"summary", q["summary"]}});
          }
        }
      }
      p["allocation"] = mine;
    }
  }
  return json{{"period", period}, {"partners", partners}, {"allocation", allocation}};
}

namespace {

std::string ElementName(const json& e, size_t i) {
  for (const char* key : {"partner", "metric", "queue", "label", "period"}) {
    if (e.is_object() && e.contains(key) && e[key].is_string()) {
      std::string name = e[key].get<std::string>();
      for (const char* when : {"period", "month"}) {
        if (std::string_view(key) == "metric" && e.contains(when) && e[when].is_string()) {
          name += "@" + e[when].get<std::string>();
          break;
        }
      }
      return name;
    }
  }
  return std::to_string(i);
}

void Diff(const json& a, const json& b, const std::string& path, std::vector<std::string>* out) {
  if (a.is_object() && b.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      Diff(it.value(), b.contains(it.key()) ? b[it.key()] : json(nullptr), path + "/" + it.key(), out);
    }
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (!a.contains(it.key())) Diff(json(nullptr), it.value(), path + "/" + it.key(), out);
    }
    return;
  }
  if (a.is_array() && b.is_array()) {
    // Elements pair up by name; a name that repeats gets "#2", "#3"... in order on both sides.
    auto names = [](const json& arr) {
      std::vector<std::string> out;
      std::map<std::string, int> count;
      for (size_t i = 0; i < arr.size(); ++i) {
        std::string name = ElementName(arr[i], i);
        if (const int n = ++count[name]; n > 1) name += "#" + std::to_string(n);
        out.push_back(std::move(name));
      }
      return out;
    };
    const std::vector<std::string> a_names = names(a), b_names = names(b);
    std::map<std::string, const json*> by_name;
    for (size_t i = 0; i < b.size(); ++i) by_name.emplace(b_names[i], &b[i]);
    for (size_t i = 0; i < a.size(); ++i) {
      auto it = by_name.find(a_names[i]);
      Diff(a[i], it == by_name.end() ? json(nullptr) : *it->second, path + "[" + a_names[i] + "]", out);
      if (it != by_name.end()) by_name.erase(it);
    }
    for (size_t i = 0; i < b.size(); ++i) {
      if (by_name.count(b_names[i])) Diff(json(nullptr), b[i], path + "[" + b_names[i] + "]", out);
    }
    return;
  }
  if (a != b) out->push_back(path + ": " + a.dump() + " -> " + b.dump());
}

}  // namespace

std::vector<std::string> DiffCloseDocuments(const json& before, const json& after) {
  std::vector<std::string> out;
  Diff(before, after, "", &out);
  return out;
}

}  // namespace cx
