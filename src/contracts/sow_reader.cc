// Reads one [[sow]] version: services, KPIs, consequences and commercials (docs/contracts.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "contracts/toml_reader.h"

namespace cx::contracts_internal {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMaxMonths = 120;

Result<Kpi> ReadKpi(const Reader& r, const toml::table& t) {
  RETURN_IF_ERROR(r.OnlyKeys(t, {"metric", "target", "direction", "weight", "min_sample",
                                 "period", "judged_on"}, "sow.kpi."));
  Kpi k;
  k.line = LineOf(t);
  ASSIGN_OR_RETURN(k.info, r.KpiMetric(t, "metric", "[[sow.kpi]]"));
  k.metric = std::string(k.info->name);
  k.direction = k.info->better;
  RETURN_IF_ERROR(r.Required(t, "target", "[[sow.kpi]] " + k.metric));
  RETURN_IF_ERROR(r.OnScale(t, "target", *k.info, &k.target));
  RETURN_IF_ERROR(r.Choice<Direction>(
      t, "direction",
      {{"higher", Direction::kHigherIsBetter}, {"lower", Direction::kLowerIsBetter}},
      &k.direction));
  RETURN_IF_ERROR(r.Percent(t, "weight", 100, &k.weight_bp));
  RETURN_IF_ERROR(r.Int(t, "min_sample", int64_t{0}, int64_t{1} << 40, &k.min_sample));
  RETURN_IF_ERROR(r.Choice<KpiPeriod>(
      t, "period", {{"month", KpiPeriod::kMonth}, {"rolling_quarter", KpiPeriod::kRollingQuarter}},
      &k.period));
  RETURN_IF_ERROR(r.Choice<Judgement>(
      t, "judged_on", {{"value", Judgement::kValue}, {"interval", Judgement::kInterval}},
      &k.judged_on));
  if (k.period == KpiPeriod::kRollingQuarter && !k.info->poolable) {
    return r.Error(*t.get("period"), fmt::format("{} cannot be pooled over a rolling quarter "
                                                 "(percentiles and uptime are monthly only)",
                                                 k.metric));
  }
  return k;
}

Result<Bonus> ReadBonus(const Reader& r, const toml::table& t, const SowVersion& sow) {
  RETURN_IF_ERROR(r.OnlyKeys(t, {"kind", "metric", "margin", "baseline", "min_improvement",
                                 "min_sample", "amount", "share_percent"}, "sow.bonus."));
  Bonus b;
  b.line = LineOf(t);
  RETURN_IF_ERROR(r.Required(t, "kind", "[[sow.bonus]]"));
  RETURN_IF_ERROR(r.Choice<BonusKind>(
      t, "kind",
      {{"over_target", BonusKind::kOverTarget}, {"improvement", BonusKind::kImprovement}},
      &b.kind));
  ASSIGN_OR_RETURN(b.info, r.KpiMetric(t, "metric", "[[sow.bonus]]"));
  b.metric = std::string(b.info->name);
  RETURN_IF_ERROR(r.Number(t, "margin", 0, kInf, &b.margin));
  RETURN_IF_ERROR(r.Number(t, "min_improvement", 0, kInf, &b.min_improvement));
  RETURN_IF_ERROR(r.Int(t, "min_sample", int64_t{0}, int64_t{1} << 40, &b.min_sample));
  if (b.kind == BonusKind::kOverTarget && !sow.FindKpi(b.metric)) {
    return r.Error(*t.get("metric"),
                   fmt::format("an over_target bonus on {} needs a KPI on {} in the same SOW",
                               b.metric, b.metric));
  }
  if (b.kind == BonusKind::kImprovement) {
    RETURN_IF_ERROR(r.Required(t, "baseline", "an improvement bonus"));
    RETURN_IF_ERROR(r.OnScale(t, "baseline", *b.info, &b.baseline));
  }
  RETURN_IF_ERROR(r.Amount(t, "amount", &b.amount_cents));
  RETURN_IF_ERROR(r.Percent(t, "share_percent", 100, &b.share_bp));
  if (t.contains("amount") == t.contains("share_percent")) {
    return r.Error(t, "a [[sow.bonus]] needs exactly one of 'amount' and 'share_percent'");
  }
  return b;
}

Result<TerminationTrigger> ReadTrigger(const Reader& r, const toml::table& t,
                                       const SowVersion& sow) {
  RETURN_IF_ERROR(r.OnlyKeys(t, {"name", "kind", "metric", "peers", "significant", "min_sample",
                                 "months", "count"}, "sow.termination."));
  TerminationTrigger g;
  g.line = LineOf(t);
  RETURN_IF_ERROR(r.Required(t, "kind", "[[sow.termination]]"));
  RETURN_IF_ERROR(r.Choice<TriggerKind>(t, "kind",
                                        {{"below_peer", TriggerKind::kBelowPeer},
                                         {"failed_cures", TriggerKind::kFailedCures},
                                         {"consecutive_misses", TriggerKind::kConsecutiveMisses}},
                                        &g.kind));
  RETURN_IF_ERROR(r.String(t, "name", &g.name));
  RETURN_IF_ERROR(r.Bool(t, "significant", &g.significant));
  RETURN_IF_ERROR(r.Int(t, "min_sample", int64_t{0}, int64_t{1} << 40, &g.min_sample));
  if (g.kind == TriggerKind::kFailedCures) g.months = 12;
  RETURN_IF_ERROR(r.Int(t, "months", 1, kMaxMonths, &g.months));
  RETURN_IF_ERROR(r.Int(t, "count", 1, kMaxMonths, &g.count));
  if (g.kind != TriggerKind::kFailedCures) {
    ASSIGN_OR_RETURN(g.info, r.KpiMetric(t, "metric", "this [[sow.termination]]"));
    g.metric = std::string(g.info->name);
  }
  if (g.kind == TriggerKind::kConsecutiveMisses && !sow.FindKpi(g.metric)) {
    return r.Error(t, fmt::format("consecutive_misses of {} needs a KPI on {}", g.metric, g.metric));
  }
  if (g.kind == TriggerKind::kBelowPeer) {
    ASSIGN_OR_RETURN(const toml::node* peers, r.Required(t, "peers", "a below_peer trigger"));
    if (peers->value<std::string>() == std::optional<std::string>("in_house")) {
      g.in_house_peers = true;
    } else {
      RETURN_IF_ERROR(r.StringList(t, "peers", &g.peers));
      if (g.peers.empty()) return r.Error(*peers, "peers must be \"in_house\" or partner ids");
    }
  }
  if (g.name.empty()) {
    g.name = g.kind == TriggerKind::kFailedCures
                 ? fmt::format("{} failed cures in {} months", g.count, g.months)
                 : fmt::format("{} {} for {} months", g.metric,
                               g.kind == TriggerKind::kBelowPeer ? "below peers" : "missed",
                               g.months);
  }
  return g;
}

Status ReadRebid(const Reader& r, const toml::table& t, RebidExemption* x) {
  RETURN_IF_ERROR(r.OnlyKeys(t, {"months", "all_kpis_met", "metric", "level"},
                             "sow.rebid_exemption."));
  RETURN_IF_ERROR(r.Required(t, "months", "[sow.rebid_exemption]"));
  RETURN_IF_ERROR(r.Int(t, "months", 1, kMaxMonths, &x->months));
  if (t.contains("metric")) {
    x->all_kpis_met = false;
    ASSIGN_OR_RETURN(x->info, r.KpiMetric(t, "metric", "[sow.rebid_exemption]"));
    x->metric = std::string(x->info->name);
    RETURN_IF_ERROR(r.Required(t, "level", "a rebid exemption on a metric"));
    RETURN_IF_ERROR(r.OnScale(t, "level", *x->info, &x->level));
  }
  if (t.contains("all_kpis_met")) {
    RETURN_IF_ERROR(r.Bool(t, "all_kpis_met", &x->all_kpis_met));
    if (x->all_kpis_met == t.contains("metric")) {
      return r.Error(t, "a rebid exemption is either all_kpis_met = true or a metric and level");
    }
  }
  return Status::Ok();
}

Status ReadOutcomeBonus(const Reader& r, const toml::table& t, OutcomeBonus* o) {
  RETURN_IF_ERROR(r.OnlyKeys(t, {"kind", "metric", "target", "min_sample", "per_point", "rate",
                                 "per_contact", "cap"}, "outcome_bonus."));
  RETURN_IF_ERROR(r.Required(t, "kind", "an outcome_bonus"));
  RETURN_IF_ERROR(r.Choice<OutcomeKind>(t, "kind",
                                        {{"per_point", OutcomeKind::kPerPoint},
                                         {"resolved_above_rate", OutcomeKind::kResolvedAboveRate}},
                                        &o->kind));
  if (o->kind == OutcomeKind::kPerPoint) {
    ASSIGN_OR_RETURN(o->info, r.KpiMetric(t, "metric", "a per_point outcome_bonus"));
    o->metric = std::string(o->info->name);
    RETURN_IF_ERROR(r.Required(t, "target", "a per_point outcome_bonus"));
    RETURN_IF_ERROR(r.OnScale(t, "target", *o->info, &o->target));
    RETURN_IF_ERROR(r.Required(t, "per_point", "a per_point outcome_bonus"));
    RETURN_IF_ERROR(r.Price(t, "per_point", &o->per_point_micros));
  } else {
    RETURN_IF_ERROR(r.Required(t, "rate", "a resolved_above_rate outcome_bonus"));
    RETURN_IF_ERROR(r.Number(t, "rate", 0, 1, &o->rate));
    RETURN_IF_ERROR(r.Required(t, "per_contact", "a resolved_above_rate outcome_bonus"));
    RETURN_IF_ERROR(r.Price(t, "per_contact", &o->per_contact_micros));
  }
  RETURN_IF_ERROR(r.Int(t, "min_sample", int64_t{0}, int64_t{1} << 40, &o->min_sample));
  if (t.contains("cap")) {
    int64_t cap = 0;
    RETURN_IF_ERROR(r.Amount(t, "cap", &cap));
    o->cap_cents = cap;
  }
  return Status::Ok();
}

}  // namespace

Result<Pricing> ReadPricing(const Reader& r, const toml::table& t, std::string_view where) {
  RETURN_IF_ERROR(r.OnlyKeys(t, {"model", "label", "unit_price", "subscription_price",
                                 "transaction_price", "occupancy", "hours_per_fte",
                                 "subscription_measure", "outcome_bonus", "what_if"}, where));
  Pricing p;
  p.line = LineOf(t);
  RETURN_IF_ERROR(r.Required(t, "model", where));
  RETURN_IF_ERROR(r.Choice<PricingModel>(t, "model",
                                         {{"per_hour", PricingModel::kPerHour},
                                          {"per_fte", PricingModel::kPerFte},
                                          {"per_handled", PricingModel::kPerHandled},
                                          {"per_resolved", PricingModel::kPerResolved},
                                          {"subscription", PricingModel::kSubscription}},
                                         &p.model));
  p.label = std::string(PricingModelName(p.model));
  RETURN_IF_ERROR(r.String(t, "label", &p.label));
  if (p.model == PricingModel::kSubscription) {
    RETURN_IF_ERROR(r.Required(t, "subscription_price", "the subscription model"));
    RETURN_IF_ERROR(r.Price(t, "subscription_price", &p.subscription_price_micros));
    RETURN_IF_ERROR(r.Price(t, "transaction_price", &p.transaction_price_micros));
    RETURN_IF_ERROR(r.Choice<std::string>(t, "subscription_measure",
                                          {{"average", "average"}, {"month_end", "month_end"}},
                                          &p.subscription_measure));
  } else {
    RETURN_IF_ERROR(r.Required(t, "unit_price", fmt::format("the {} model", p.label)));
    RETURN_IF_ERROR(r.Price(t, "unit_price", &p.unit_price_micros));
  }
  double occupancy = 1, hours_per_fte = 160;
  RETURN_IF_ERROR(r.Number(t, "occupancy", 0.05, 1, &occupancy));
  RETURN_IF_ERROR(r.Number(t, "hours_per_fte", 1, 744, &hours_per_fte));
  p.occupancy_bp = std::llround(occupancy * 10'000);
  p.hours_per_fte_milli = std::llround(hours_per_fte * 1000);
  if (const toml::table* o = t["outcome_bonus"].as_table()) {
    RETURN_IF_ERROR(ReadOutcomeBonus(r, *o, &p.outcome_bonus));
  } else if (t.contains("outcome_bonus")) {
    return r.Error(*t.get("outcome_bonus"), "outcome_bonus must be a table");
  }
  return p;
}

Result<SowVersion> ReadSow(const Reader& r, const toml::table& t) {
  RETURN_IF_ERROR(r.OnlyKeys(t, {"effective", "channels", "queues", "at_risk_percent",
                                 "earn_back_months", "bonus_cap_percent", "kpi", "cure", "bonus",
                                 "termination", "rebid_exemption", "commercials"}, "sow."));
  SowVersion s;
  s.line = LineOf(t);
  RETURN_IF_ERROR(r.Required(t, "effective", "[[sow]]"));
  RETURN_IF_ERROR(r.Date(t, "effective", &s.effective));
  RETURN_IF_ERROR(r.StringList(t, "channels", &s.channels));
  for (const std::string& c : s.channels) {
    if (c != "voice" && c != "chat" && c != "email" && c != "messaging") {
      return r.Error(*t.get("channels"),
                     fmt::format("unknown channel '{}' (voice, chat, email, messaging)", c));
    }
  }
  RETURN_IF_ERROR(r.StringList(t, "queues", &s.queues));
  RETURN_IF_ERROR(r.Percent(t, "at_risk_percent", 100, &s.at_risk_bp));
  RETURN_IF_ERROR(r.Int(t, "earn_back_months", 0, kMaxMonths, &s.earn_back_months));
  if (t.contains("bonus_cap_percent")) {
    int64_t cap = 0;
    RETURN_IF_ERROR(r.Percent(t, "bonus_cap_percent", 100, &cap));
    s.bonus_cap_bp = cap;
  }
  ASSIGN_OR_RETURN(auto kpis, r.Tables(t, "kpi"));
  for (const toml::table* k : kpis) {
    ASSIGN_OR_RETURN(Kpi kpi, ReadKpi(r, *k));
    if (s.FindKpi(kpi.metric)) {
      return r.Error(*k, fmt::format("a second KPI on {} in the same SOW", kpi.metric));
    }
    s.kpis.push_back(std::move(kpi));
  }
  if (const toml::node* n = t.get("cure")) {
    const toml::table* c = n->as_table();
    if (!c) return r.Error(*n, "cure must be a table");
    RETURN_IF_ERROR(r.OnlyKeys(*c, {"months", "breach_misses", "breach_window"}, "sow.cure."));
    RETURN_IF_ERROR(r.Int(*c, "months", 0, kMaxMonths, &s.cure.months));
    RETURN_IF_ERROR(r.Int(*c, "breach_misses", 1, kMaxMonths, &s.cure.breach_misses));
    RETURN_IF_ERROR(r.Int(*c, "breach_window", 1, kMaxMonths, &s.cure.breach_window));
    if (s.cure.breach_misses > s.cure.breach_window) {
      return r.Error(*c, "cure.breach_misses cannot exceed cure.breach_window");
    }
  }
  ASSIGN_OR_RETURN(auto bonuses, r.Tables(t, "bonus"));
  for (const toml::table* b : bonuses) {
    ASSIGN_OR_RETURN(Bonus bonus, ReadBonus(r, *b, s));
    s.bonuses.push_back(std::move(bonus));
  }
  ASSIGN_OR_RETURN(auto triggers, r.Tables(t, "termination"));
  for (const toml::table* g : triggers) {
    ASSIGN_OR_RETURN(TerminationTrigger trigger, ReadTrigger(r, *g, s));
    s.termination.push_back(std::move(trigger));
  }
  if (const toml::node* n = t.get("rebid_exemption")) {
    if (!n->as_table()) return r.Error(*n, "rebid_exemption must be a table");
    RETURN_IF_ERROR(ReadRebid(r, *n->as_table(), &s.rebid));
  }
  ASSIGN_OR_RETURN(const toml::node* c, r.Required(t, "commercials", "[[sow]]"));
  if (!c->as_table()) return r.Error(*c, "commercials must be a table");
  ASSIGN_OR_RETURN(s.pricing, ReadPricing(r, *c->as_table(), "sow.commercials."));
  ASSIGN_OR_RETURN(auto what_ifs, r.Tables(*c->as_table(), "what_if"));
  for (const toml::table* w : what_ifs) {
    if (w->contains("what_if")) return r.Error(*w, "a what_if cannot list its own what_if");
    ASSIGN_OR_RETURN(Pricing alt, ReadPricing(r, *w, "sow.commercials.what_if."));
    s.what_if.push_back(std::move(alt));
  }
  return s;
}

}  // namespace cx::contracts_internal
