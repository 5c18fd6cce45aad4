#include "contracts/evaluator.h"

#include <fmt/format.h>

#include <algorithm>

namespace cx {

std::string_view CureEventName(CureEventKind k) {
  switch (k) {
    case CureEventKind::kOpened: return "opened";
    case CureEventKind::kCured: return "cured";
    case CureEventKind::kFailed: return "failed";
  }
  return "";
}

ContractEvaluator::ContractEvaluator(const Contract& contract, EvaluateOptions options)
    : contract_(contract), options_(std::move(options)) {}

std::vector<KpiObservation> ContractEvaluator::Trailing(std::string_view metric) const {
  std::vector<KpiObservation> out;
  const size_t n = std::min<size_t>(3, history_.size());
  for (size_t i = history_.size() - n; i < history_.size(); ++i) {
    const KpiObservation* o = history_[i].Find(metric);
    out.push_back(o ? *o : KpiObservation{});
  }
  return out;
}

Result<std::vector<Pricing>> ContractEvaluator::WhatIfPricings(const SowVersion& sow) const {
  if (!sow.what_if.empty()) return sow.what_if;
  std::vector<Pricing> out;
  for (PricingModel model :
       {PricingModel::kPerHour, PricingModel::kPerHandled, PricingModel::kPerResolved}) {
    if (model == sow.pricing.model) continue;
    auto alt = EquivalentPricing(sow.pricing, model, *options_.what_if_calibration);
    if (alt.ok()) out.push_back(std::move(*alt));  // No quantity to calibrate on: left out.
  }
  return out;
}

Result<MonthOutcome> ContractEvaluator::Next(const MonthFacts& facts) {
  const MonthIndex m = facts.month;
  if (!history_.empty() && m != history_.back().month + 1) {
    return InvalidArgument("{}: months must be evaluated in order without gaps: {} after {}",
                           contract_.file, FormatMonth(m), FormatMonth(history_.back().month));
  }
  ASSIGN_OR_RETURN(ContractTerms terms, contract_.TermsFor(m));
  if (!terms.in_term) {
    return FailedPrecondition("{}: {} is outside the term of the agreement with {}",
                              contract_.file, FormatMonth(m), contract_.partner());
  }
  const SowVersion& sow = *terms.sow;
  if (!options_.what_if_calibration) options_.what_if_calibration = facts.usage;

  // Everything that can fail comes before the state changes.
  history_.push_back(facts);
  std::vector<KpiJudgement> judged;
  for (const Kpi& k : sow.kpis) judged.push_back(JudgeKpi(k, Trailing(k.metric)));
  history_.pop_back();
  ASSIGN_OR_RETURN(Settlement actual, Settle(sow.pricing, sow, facts, judged));
  ASSIGN_OR_RETURN(std::vector<Pricing> alternatives, WhatIfPricings(sow));
  std::vector<Settlement> what_if;
  for (const Pricing& p : alternatives) {
    auto s = Settle(p, sow, facts, judged);
    if (!s.ok()) return s.status().WithContext(fmt::format("what-if '{}'", p.label));
    what_if.push_back(std::move(*s));
  }

  history_.push_back(facts);
  MonthOutcome out;
  out.month = m;
  out.at_risk_cents = actual.at_risk_cents;
  for (size_t i = 0; i < sow.kpis.size(); ++i) {
    const Kpi& k = sow.kpis[i];
    out.kpis.push_back({k.metric, judged[i].status, judged[i].value, judged[i].sample, k.target,
                        k.direction, actual.credit_cents[i]});
    KpiState& st = kpis_[k.metric];
    st.statuses[m] = judged[i].status;
    st.values[m] = judged[i].value;
  }
  for (auto& [metric, st] : kpis_) {
    if (!sow.FindKpi(metric)) {  // A KPI the SOW dropped: its credits are final, its cure lapses.
      st.outstanding.clear();
      st.cure.reset();
    }
  }
  const std::vector<InvoiceLine> earn_backs = EarnBack(sow, &out);
  Cure(sow, &out);
  Terminate(sow, &out);
  Rebid(sow, facts, &out);
  out.escalation_level = escalation_level_;
  out.invoice = AssembleInvoice(m, sow.pricing.label, contract_.currency, actual, earn_backs);
  for (size_t i = 0; i < what_if.size(); ++i) {
    out.what_if.push_back(
        AssembleInvoice(m, alternatives[i].label, contract_.currency, what_if[i], earn_backs));
  }
  return out;
}

std::vector<InvoiceLine> ContractEvaluator::EarnBack(const SowVersion& sow, MonthOutcome* out) {
  std::vector<InvoiceLine> lines;
  for (const KpiMonth& km : out->kpis) {
    KpiState& st = kpis_[km.metric];
    if (km.status == KpiStatus::kMissed) {
      st.outstanding.clear();  // A miss before the earn-back run completes makes them final.
    } else if (km.status == KpiStatus::kMet) {
      for (Outstanding& o : st.outstanding) ++o.met;
      std::erase_if(st.outstanding, [&](const Outstanding& o) {
        if (o.met < sow.earn_back_months) return false;
        out->earn_backs.push_back({km.metric, o.month, o.cents});
        lines.push_back({LineKind::kEarnBack,
                         fmt::format("Earn-back: {} credit of {} returned after {} months met",
                                     km.metric, FormatMonth(o.month), sow.earn_back_months),
                         0, 0, o.cents});
        return true;
      });
    }
    if (km.credit_cents > 0 && sow.earn_back_months > 0) {
      st.outstanding.push_back({out->month, km.credit_cents});
    }
  }
  return lines;
}

void ContractEvaluator::Cure(const SowVersion& sow, MonthOutcome* out) {
  const MonthIndex m = out->month;
  for (const KpiMonth& km : out->kpis) {
    KpiState& st = kpis_[km.metric];
    if (st.cure) {
      if (km.status == KpiStatus::kMet || m >= st.cure->deadline) {
        CureEvent ev = *st.cure;
        ev.kind = km.status == KpiStatus::kMet ? CureEventKind::kCured : CureEventKind::kFailed;
        out->cures.push_back(ev);
        if (ev.kind == CureEventKind::kFailed) {
          ++escalation_level_;
          failed_cures_.push_back({m, km.metric});
        }
        st.cure.reset();
      }
      continue;
    }
    if (sow.cure.months == 0 || km.status != KpiStatus::kMissed) continue;
    int misses = 0;
    for (MonthIndex j = m - sow.cure.breach_window + 1; j <= m; ++j) {
      auto it = st.statuses.find(j);
      misses += it != st.statuses.end() && it->second == KpiStatus::kMissed;
    }
    if (misses >= sow.cure.breach_misses) {
      st.cure = CureEvent{CureEventKind::kOpened, km.metric, m, m + sow.cure.months};
      out->cures.push_back(*st.cure);
    }
  }
}

}  // namespace cx
