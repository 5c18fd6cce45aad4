// ContractEvaluator's termination triggers and rebid exemption (evaluator.h).
#include <fmt/format.h>

#include <algorithm>

#include "contracts/evaluator.h"

namespace cx {

namespace {

std::string Num(double v) { return fmt::format("{:.4g}", v); }

// One month of a below_peer condition: our value is worse than the worst selected peer's.
std::optional<Evidence> BelowPeer(const TerminationTrigger& g, Direction dir,
                                  const MonthFacts& f) {
  const KpiObservation* ours = f.Find(g.metric);
  if (!ours || !ours->value || ours->sample == 0 || ours->sample < g.min_sample) {
    return std::nullopt;
  }
  const PeerObservation* worst = nullptr;
  for (const PeerObservation& p : f.peers) {
    const bool selected =
        g.in_house_peers ? p.in_house
                         : std::find(g.peers.begin(), g.peers.end(), p.partner) != g.peers.end();
    const KpiObservation& o = p.observation;
    if (!selected || p.metric != g.metric || !o.value || o.sample == 0 || o.sample < g.min_sample) {
      continue;
    }
    if (!worst || !AtLeastAsGood(dir, *o.value, *worst->observation.value)) worst = &p;
  }
  if (!worst) return std::nullopt;
  const double peer = *worst->observation.value;
  double ours_best = *ours->value;
  if (g.significant) {
    const auto& end = dir == Direction::kHigherIsBetter ? ours->high : ours->low;
    if (end) ours_best = *end;
  }
  if (AtLeastAsGood(dir, ours_best, peer)) return std::nullopt;
  return Evidence{f.month, g.metric, ours->value, worst->partner, peer};
}

}  // namespace

void ContractEvaluator::Terminate(const SowVersion& sow, MonthOutcome* out) const {
  const MonthIndex m = out->month;
  for (const TerminationTrigger& g : sow.termination) {
    TerminationFlag flag{g.name, "", {}};
    bool holds = true;
    if (g.kind == TriggerKind::kFailedCures) {
      for (const auto& [month, metric] : failed_cures_) {
        if (month > m - g.months) flag.evidence.push_back({month, metric, {}, "", {}});
      }
      holds = static_cast<int>(flag.evidence.size()) >= g.count;
      flag.reason = fmt::format("{} failed cures within {} months (limit {})",
                                flag.evidence.size(), g.months, g.count);
    } else {
      const Kpi* kpi = sow.FindKpi(g.metric);
      const Direction dir = kpi ? kpi->direction : g.info->better;
      if (static_cast<int>(history_.size()) < g.months) holds = false;
      for (int j = g.months - 1; holds && j >= 0; --j) {
        const MonthFacts& f = history_[history_.size() - 1 - static_cast<size_t>(j)];
        if (g.kind == TriggerKind::kBelowPeer) {
          auto e = BelowPeer(g, dir, f);
          holds = e.has_value();
          if (e) flag.evidence.push_back(std::move(*e));
        } else {
          const auto& st = kpis_.find(g.metric)->second;
          auto it = st.statuses.find(f.month);
          holds = it != st.statuses.end() && it->second == KpiStatus::kMissed;
          if (holds) flag.evidence.push_back({f.month, g.metric, st.values.at(f.month), "", {}});
        }
      }
      if (holds && g.kind == TriggerKind::kBelowPeer) {
        std::string months;
        for (const Evidence& e : flag.evidence) {
          months += fmt::format("{}{} {} vs {} {}", months.empty() ? "" : "; ",
                                FormatMonth(e.month), Num(*e.value), e.peer, Num(*e.peer_value));
        }
        flag.reason = fmt::format("{} below the worst {} for {} consecutive months: {}",
                                  g.metric, g.in_house_peers ? "in-house centre" : "named peer",
                                  g.months, months);
      } else if (holds) {
        flag.reason = fmt::format("{} missed its target {} consecutive months", g.metric,
                                  g.months);
      }
    }
    if (holds) out->termination.push_back(std::move(flag));
  }
}

void ContractEvaluator::Rebid(const SowVersion& sow, const MonthFacts& facts, MonthOutcome* out) {
  const RebidExemption& x = sow.rebid;
  bool holds = false;
  if (x.months > 0 && x.all_kpis_met) {
    holds = !out->kpis.empty() &&
            std::all_of(out->kpis.begin(), out->kpis.end(),
                        [](const KpiMonth& k) { return k.status == KpiStatus::kMet; });
  } else if (x.months > 0) {
    const KpiObservation* o = facts.Find(x.metric);
    const Kpi* kpi = sow.FindKpi(x.metric);
    const int64_t min_sample = kpi ? kpi->min_sample : 0;
    holds = o && o->value && o->sample > 0 && o->sample >= min_sample &&
            AtLeastAsGood(kpi ? kpi->direction : x.info->better, *o->value, x.level);
  }
  rebid_.streak = holds ? rebid_.streak + 1 : 0;
  if (x.months > 0 && rebid_.streak >= x.months && !rebid_.exempt) {
    rebid_.exempt = true;
    rebid_.exempt_since = out->month;
  }
  out->rebid = rebid_;
}

Result<std::vector<MonthOutcome>> EvaluateContract(const Contract& contract,
                                                   std::span<const MonthFacts> months,
                                                   const EvaluateOptions& options) {
  ContractEvaluator evaluator(contract, options);
  std::vector<MonthOutcome> out;
  for (const MonthFacts& f : months) {
    ASSIGN_OR_RETURN(MonthOutcome o, evaluator.Next(f));
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace cx
