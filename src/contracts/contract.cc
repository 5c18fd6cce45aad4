#include "contracts/contract.h"

#include <fmt/format.h>

namespace cx {

std::string FormatMonth(MonthIndex month) {
  return fmt::format("{:04d}-{:02d}", FloorDiv(month, 12), FloorMod(month, 12) + 1);
}

CivilDay FirstDayOfMonth(MonthIndex month) {
  return CivilDay::FromYmd(static_cast<int>(FloorDiv(month, 12)),
                           static_cast<int>(FloorMod(month, 12)) + 1, 1);
}

MonthIndex MonthOf(CivilDay day) { return day.year() * 12 + (day.month() - 1); }

std::string_view PricingModelName(PricingModel m) {
  switch (m) {
    case PricingModel::kPerHour: return "per_hour";
    case PricingModel::kPerFte: return "per_fte";
    case PricingModel::kPerHandled: return "per_handled";
    case PricingModel::kPerResolved: return "per_resolved";
    case PricingModel::kSubscription: return "subscription";
  }
  return "";
}

const Kpi* SowVersion::FindKpi(std::string_view metric) const {
  for (const Kpi& k : kpis) {
    if (k.metric == metric) return &k;
  }
  return nullptr;
}

namespace {

// The latest version effective on or before `day` (versions sorted by effective date).
template <typename V>
const V* InForce(const std::vector<V>& versions, CivilDay day) {
  const V* found = nullptr;
  for (const V& v : versions) {
    if (v.effective <= day) found = &v;
  }
  return found;
}

}  // namespace

Result<ContractTerms> Contract::TermsFor(MonthIndex month) const {
  const CivilDay first = FirstDayOfMonth(month);
  ContractTerms t;
  t.month = month;
  t.msa = InForce(msa, first);
  t.sow = InForce(sow, first);
  t.operations = InForce(operations, first);
  if (!t.msa) {
    return NotFound("{}: no [[msa]] version is effective by {} (the first day of {})", file,
                    first.ToString(), FormatMonth(month));
  }
  if (!t.sow) {
    return NotFound("{}: no [[sow]] version is effective by {} (the first day of {})", file,
                    first.ToString(), FormatMonth(month));
  }
  if (t.operations) t.settings = t.operations->settings;
  const CivilDay last = FirstDayOfMonth(month + 1) - 1;
  t.in_term = t.msa->term_start <= last && (!t.msa->term_end || first <= *t.msa->term_end);
  return t;
}

}  // namespace cx
