#include "contracts/pricing.h"

#include <fmt/format.h>

#include <cmath>

#include "contracts/kpi.h"
#include "contracts/money.h"

namespace cx {

std::string_view LineKindName(LineKind k) {
  switch (k) {
    case LineKind::kCharge: return "charge";
    case LineKind::kOutcomeBonus: return "outcome_bonus";
    case LineKind::kCredit: return "credit";
    case LineKind::kBonus: return "bonus";
    case LineKind::kEarnBack: return "earn_back";
  }
  return "";
}

int64_t ProductiveHoursMilli(const Pricing& pricing, const MonthUsage& usage) {
  if (usage.productive_hours_milli) return *usage.productive_hours_milli;
  // handle µs / 3.6e9 hours, x1000 thousandths, / (occupancy_bp / 10000).
  return MulDivRound(usage.handle_time, kBasisPoints, 3'600'000 * pricing.occupancy_bp);
}

namespace {

InvoiceLine Line(LineKind kind, std::string description, int64_t quantity_milli,
                 int64_t unit_price_micros) {
  return {kind, std::move(description), quantity_milli, unit_price_micros,
          LineAmountCents(quantity_milli, unit_price_micros)};
}

std::string HoursNote(const Pricing& p, const MonthUsage& u) {
  if (u.productive_hours_milli) return "supplied";
  return fmt::format("handle time / {}% occupancy", FormatCents(p.occupancy_bp));
}

// The quantity (thousandths) the model's unit price applies to.
Result<int64_t> Quantity(const Pricing& p, PricingModel model, const MonthUsage& u) {
  switch (model) {
    case PricingModel::kPerHour: return ProductiveHoursMilli(p, u);
    case PricingModel::kPerFte:
      return MulDivRound(ProductiveHoursMilli(p, u), kMilli, p.hours_per_fte_milli);
    case PricingModel::kPerHandled: return u.handled * kMilli;
    case PricingModel::kPerResolved: return u.resolved * kMilli;
    case PricingModel::kSubscription:
      if (!u.active_subscriptions) {
        return FailedPrecondition("the subscription model needs the month's "
                                  "active_subscriptions (volumes feed)");
      }
      return *u.active_subscriptions * kMilli;
  }
  return Internal("unknown pricing model");
}

}  // namespace

Result<std::vector<InvoiceLine>> ChargeLines(const Pricing& p, const MonthUsage& u) {
  ASSIGN_OR_RETURN(int64_t q, Quantity(p, p.model, u));
  std::vector<InvoiceLine> out;
  switch (p.model) {
    case PricingModel::kPerHour:
      out.push_back(Line(LineKind::kCharge,
                         fmt::format("Productive hours ({})", HoursNote(p, u)), q,
                         p.unit_price_micros));
      break;
    case PricingModel::kPerFte:
      out.push_back(Line(LineKind::kCharge,
                         fmt::format("FTE-months ({} productive hours / {} per FTE)",
                                     FormatMilli(ProductiveHoursMilli(p, u)),
                                     FormatMilli(p.hours_per_fte_milli)),
                         q, p.unit_price_micros));
      break;
    case PricingModel::kPerHandled:
      out.push_back(Line(LineKind::kCharge, "Handled contacts", q, p.unit_price_micros));
      break;
    case PricingModel::kPerResolved:
      out.push_back(Line(LineKind::kCharge, "Contacts resolved on first contact (fcr)", q,
                         p.unit_price_micros));
      break;
    case PricingModel::kSubscription:
      out.push_back(Line(LineKind::kCharge,
                         fmt::format("Management fee: active subscriptions ({})",
                                     p.subscription_measure == "average" ? "daily average"
                                                                         : "month end"),
                         q, p.subscription_price_micros));
      out.push_back(Line(LineKind::kCharge, "Transactions: handled contacts",
                         u.handled * kMilli, p.transaction_price_micros));
      break;
  }
  return out;
}

std::optional<InvoiceLine> OutcomeBonusLine(const OutcomeBonus& b, const MonthFacts& facts) {
  std::optional<InvoiceLine> line;
  if (b.kind == OutcomeKind::kPerPoint) {
    const KpiObservation* o = facts.Find(b.metric);
    if (!o || !o->value || o->sample == 0 || o->sample < b.min_sample) return std::nullopt;
    const double points = Beyond(b.info->better, *o->value, b.target) / PointOf(b.info->scale);
    const int64_t points_milli = std::llround(points * kMilli);
    if (points_milli <= 0) return std::nullopt;
    line = Line(LineKind::kOutcomeBonus,
                fmt::format("Outcome bonus: {} points of {} beyond {}", FormatMilli(points_milli),
                            b.metric, b.target),
                points_milli, b.per_point_micros);
  } else if (b.kind == OutcomeKind::kResolvedAboveRate) {
    const MonthUsage& u = facts.usage;
    if (u.fcr_denominator == 0 || u.fcr_denominator < b.min_sample) return std::nullopt;
    const double expected = b.rate * static_cast<double>(u.fcr_denominator);
    const int64_t excess = u.resolved - static_cast<int64_t>(std::ceil(expected - 1e-9));
    if (excess <= 0) return std::nullopt;
    line = Line(LineKind::kOutcomeBonus,
                fmt::format("Outcome bonus: resolved contacts beyond {} of {}", b.rate,
                            u.fcr_denominator),
                excess * kMilli, b.per_contact_micros);
  }
  if (line && b.cap_cents && line->amount_cents > *b.cap_cents) {
    line->amount_cents = *b.cap_cents;
    line->description += fmt::format(" (capped at {})", FormatCents(*b.cap_cents));
  }
  return line;
}

Result<Pricing> EquivalentPricing(const Pricing& current, PricingModel model,
                                  const MonthUsage& calibration) {
  ASSIGN_OR_RETURN(auto lines, ChargeLines(current, calibration));
  int64_t charges = 0;
  for (const InvoiceLine& l : lines) charges += l.amount_cents;
  Pricing alt = current;
  alt.model = model;
  alt.label = fmt::format("{} (equivalent)", PricingModelName(model));
  alt.outcome_bonus = {};
  alt.transaction_price_micros = 0;
  ASSIGN_OR_RETURN(int64_t q, Quantity(alt, model, calibration));
  if (q == 0) {
    return FailedPrecondition("no {} quantity on the calibration month", PricingModelName(model));
  }
  // cents -> micro-units: x 10000; per thousandth of quantity: x 1000.
  const int64_t price = MulDivRound(charges, 10'000 * kMilli, q);
  alt.unit_price_micros = model == PricingModel::kSubscription ? 0 : price;
  alt.subscription_price_micros = model == PricingModel::kSubscription ? price : 0;
  return alt;
}

}  // namespace cx
