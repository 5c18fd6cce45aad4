// Pricing models: the charge lines of one month's invoice under a contract's commercials
// (per productive hour, per FTE, per handled contact, per resolved contact, subscription fee
// plus transactions) and the outcome bonus. Amounts are exact (contracts/money.h). Pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "contracts/contract.h"
#include "contracts/facts.h"

namespace cx {

enum class LineKind { kCharge, kOutcomeBonus, kCredit, kBonus, kEarnBack };
std::string_view LineKindName(LineKind k);  // "charge", "outcome_bonus", "credit", ...

struct InvoiceLine {
  LineKind kind = LineKind::kCharge;
  std::string description;
  int64_t quantity_milli = 0;     // Thousandths of the unit (hours, contacts, points).
  int64_t unit_price_micros = 0;  // Negative for credits.
  int64_t amount_cents = 0;       // round(quantity x unit price), or a share, or a cap.
  friend bool operator==(const InvoiceLine&, const InvoiceLine&) = default;
};

// The productive hours a per-hour or per-FTE price applies to, in thousandths: the supplied
// hours, else the month's handle time divided by the pricing's occupancy.
int64_t ProductiveHoursMilli(const Pricing& pricing, const MonthUsage& usage);

// The charge lines of `pricing` for a month. FailedPrecondition when the subscription model
// has no active_subscriptions for the month.
Result<std::vector<InvoiceLine>> ChargeLines(const Pricing& pricing, const MonthUsage& usage);

// The outcome bonus line, or nullopt when there is none this month (no clause, not measured,
// not beyond the target).
std::optional<InvoiceLine> OutcomeBonusLine(const OutcomeBonus& bonus, const MonthFacts& facts);

// A what-if pricing of `model` that costs what `current` costs on `calibration`: its unit
// price is current charges / the model's quantity, rounded to the micro-unit (the
// subscription model puts it all on the subscription price). FailedPrecondition when the
// model's quantity is zero on the calibration month.
Result<Pricing> EquivalentPricing(const Pricing& current, PricingModel model,
                                  const MonthUsage& calibration);

}  // namespace cx
