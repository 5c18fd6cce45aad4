#include "contracts/invoice.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "contracts/money.h"

namespace cx {

std::vector<int64_t> CapProRata(std::span<const int64_t> amounts, int64_t cap) {
  std::vector<int64_t> out(amounts.begin(), amounts.end());
  const int64_t sum = std::accumulate(amounts.begin(), amounts.end(), int64_t{0});
  if (sum <= cap) return out;
  std::vector<std::pair<int64_t, size_t>> remainders;  // (remainder, index)
  int64_t given = 0;
  for (size_t i = 0; i < amounts.size(); ++i) {
    const __int128 p = static_cast<__int128>(amounts[i]) * cap;
    out[i] = static_cast<int64_t>(p / sum);
    remainders.push_back({static_cast<int64_t>(p % sum), i});
    given += out[i];
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; given < cap && k < remainders.size(); ++k, ++given) {
    ++out[remainders[k].second];
  }
  return out;
}

namespace {

std::string Num(double v) { return fmt::format("{:.4g}", v); }

// The SOW bonuses earned this month, before the cap.
std::vector<InvoiceLine> Bonuses(const SowVersion& sow, const MonthFacts& facts,
                                 std::span<const KpiJudgement> judged, int64_t charges) {
  std::vector<InvoiceLine> out;
  for (const Bonus& b : sow.bonuses) {
    const Kpi* kpi = sow.FindKpi(b.metric);
    const Direction dir = kpi ? kpi->direction : b.info->better;
    std::string why;
    if (b.kind == BonusKind::kOverTarget) {
      const KpiJudgement& j = judged[static_cast<size_t>(kpi - sow.kpis.data())];
      if (j.status != KpiStatus::kMet || j.sample < b.min_sample ||
          Beyond(dir, *j.value, kpi->target) < b.margin) {
        continue;
      }
      why = fmt::format("{} {} beats target {} by at least {}", b.metric, Num(*j.value),
                        Num(kpi->target), Num(b.margin));
    } else {
      const KpiObservation* o = facts.Find(b.metric);
      const int64_t min_sample = std::max(b.min_sample, kpi ? kpi->min_sample : 0);
      if (!o || !o->value || o->sample == 0 || o->sample < min_sample ||
          Beyond(dir, *o->value, b.baseline) < b.min_improvement) {
        continue;
      }
      why = fmt::format("{} {} improves on baseline {} by at least {}", b.metric, Num(*o->value),
                        Num(b.baseline), Num(b.min_improvement));
    }
    const int64_t amount = b.share_bp ? ShareOfCents(charges, b.share_bp) : b.amount_cents;
    out.push_back({LineKind::kBonus, "Bonus: " + why, 0, 0, amount});
  }
  return out;
}

}  // namespace

Result<Settlement> Settle(const Pricing& pricing, const SowVersion& sow, const MonthFacts& facts,
                          std::span<const KpiJudgement> judged) {
  Settlement s;
  ASSIGN_OR_RETURN(s.charges, ChargeLines(pricing, facts.usage));
  for (const InvoiceLine& l : s.charges) s.charges_cents += l.amount_cents;
  s.outcome_bonus = OutcomeBonusLine(pricing.outcome_bonus, facts);
  s.at_risk_cents = ShareOfCents(s.charges_cents, sow.at_risk_bp);
  std::vector<int64_t> raw;
  for (size_t i = 0; i < sow.kpis.size(); ++i) {
    const bool missed = judged[i].status == KpiStatus::kMissed;
    raw.push_back(missed ? ShareOfCents(s.at_risk_cents, sow.kpis[i].weight_bp) : 0);
  }
  s.credit_cents = CapProRata(raw, s.at_risk_cents);
  for (size_t i = 0; i < sow.kpis.size(); ++i) {
    if (s.credit_cents[i] == 0) continue;
    const Kpi& k = sow.kpis[i];
    s.credits.push_back(
        {LineKind::kCredit,
         fmt::format("Service credit: {} missed ({} vs target {}), {}% of at-risk {}{}", k.metric,
                     Num(*judged[i].value), Num(k.target), FormatCents(k.weight_bp),
                     FormatCents(s.at_risk_cents),
                     s.credit_cents[i] != raw[i] ? " (pool capped)" : ""),
         0, 0, -s.credit_cents[i]});
  }
  s.bonuses = Bonuses(sow, facts, judged, s.charges_cents);
  std::vector<int64_t> amounts;
  for (const InvoiceLine& l : s.bonuses) amounts.push_back(l.amount_cents);
  const int64_t cap = ShareOfCents(s.charges_cents, sow.bonus_cap_bp.value_or(sow.at_risk_bp));
  const std::vector<int64_t> capped = CapProRata(amounts, cap);
  for (size_t i = 0; i < s.bonuses.size(); ++i) {
    if (capped[i] != amounts[i]) {
      s.bonuses[i].description += fmt::format(" (bonus cap {})", FormatCents(cap));
    }
    s.bonuses[i].amount_cents = capped[i];
  }
  std::erase_if(s.bonuses, [](const InvoiceLine& l) { return l.amount_cents == 0; });
  return s;
}

Invoice AssembleInvoice(MonthIndex month, const std::string& label, const std::string& currency,
                        const Settlement& s, std::span<const InvoiceLine> earn_backs) {
  Invoice inv;
  inv.month = month;
  inv.label = label;
  inv.currency = currency;
  auto add = [&](const InvoiceLine& l, int64_t* bucket) {
    inv.lines.push_back(l);
    *bucket += l.amount_cents;
  };
  for (const InvoiceLine& l : s.charges) add(l, &inv.charges_cents);
  if (s.outcome_bonus) add(*s.outcome_bonus, &inv.outcome_bonus_cents);
  for (const InvoiceLine& l : s.credits) add(l, &inv.credits_cents);
  for (const InvoiceLine& l : s.bonuses) add(l, &inv.bonuses_cents);
  for (const InvoiceLine& l : earn_backs) add(l, &inv.earn_back_cents);
  inv.total_cents = inv.charges_cents + inv.outcome_bonus_cents + inv.credits_cents +
                    inv.bonuses_cents + inv.earn_back_cents;
  return inv;
}

}  // namespace cx
