// One month's money under one pricing model: charges, the outcome bonus, service credits for
// missed KPIs (capped at the at-risk amount), SOW bonuses (capped) and earn-back returns,
// assembled into an invoice whose total is exact. Used for the actual invoice and for every
// what-if alternative. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "contracts/contract.h"
#include "contracts/kpi.h"
#include "contracts/pricing.h"

namespace cx {

struct Invoice {
  MonthIndex month = 0;
  std::string label;     // The pricing's label ("per_handled").
  std::string currency;
  std::vector<InvoiceLine> lines;  // Charges, outcome bonus, credits, bonuses, earn-backs.
  int64_t charges_cents = 0;
  int64_t outcome_bonus_cents = 0;
  int64_t credits_cents = 0;  // <= 0.
  int64_t bonuses_cents = 0;
  int64_t earn_back_cents = 0;
  // charges + outcome bonus + credits + bonuses + earn-back.
  int64_t total_cents = 0;
};

// The money of one month under `pricing`, before earn-backs.
struct Settlement {
  std::vector<InvoiceLine> charges;
  std::optional<InvoiceLine> outcome_bonus;
  int64_t charges_cents = 0;
  int64_t at_risk_cents = 0;          // charges x at_risk share, rounded to the cent.
  std::vector<int64_t> credit_cents;  // Per KPI of the SOW (same order), after the cap.
  std::vector<InvoiceLine> credits;   // The non-zero ones, negative amounts.
  std::vector<InvoiceLine> bonuses;   // After the bonus cap.
};

// `judged` holds one judgement per KPI of `sow`, in its order.
Result<Settlement> Settle(const Pricing& pricing, const SowVersion& sow, const MonthFacts& facts,
                          std::span<const KpiJudgement> judged);

// `amounts` scaled down so they sum to `cap` when they sum to more: each gets
// floor(amount x cap / sum), and the cents left go one each to the largest remainders (the
// earlier entry first on ties). Unchanged when the sum is within the cap.
std::vector<int64_t> CapProRata(std::span<const int64_t> amounts, int64_t cap);

Invoice AssembleInvoice(MonthIndex month, const std::string& label, const std::string& currency,
                        const Settlement& s, std::span<const InvoiceLine> earn_backs);

}  // namespace cx
