#include "metrics/sla_audit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "metrics/extra_metrics.h"
#include "metrics/sla_audit_internal.h"

namespace cx {

namespace internal {

Result<PartnerPeriodRows> PartnerPeriodRows::Build(const ScoreResult& score) {
  auto at = [&](Dimension d) {
    return static_cast<size_t>(std::find(score.by.begin(), score.by.end(), d) - score.by.begin());
  };
  const size_t p = at(Dimension::kPartner), t = at(Dimension::kPeriod);
  if (score.by.size() != 2 || p >= 2 || t >= 2) {
    return InvalidArgument("the SLA audit needs a score grouped by partner and period");
  }
  PartnerPeriodRows out;
  for (const MetricRow& r : score.rows) {
    out.rows_[{r.keys[p], r.keys[t], std::string(r.metric)}] = &r;
  }
  return out;
}

const MetricRow* PartnerPeriodRows::Find(std::string_view partner, std::string_view period,
                                         std::string_view metric) const {
  auto it = rows_.find({std::string(partner), std::string(period), std::string(metric)});
  return it == rows_.end() ? nullptr : it->second;
}

std::vector<std::string> PartnerPeriodRows::PartnersIn(std::string_view period) const {
  std::set<std::string> out;
  for (const auto& [key, row] : rows_) {
    if (std::get<1>(key) == period) out.insert(std::get<0>(key));
  }
  return {out.begin(), out.end()};
}

}  // namespace internal

namespace {

struct SlaMetric {
  std::string_view name;
  bool floor;             // Higher is better: the target is a minimum.
  std::string_view noun;  // What the denominator counts.
};

constexpr SlaMetric kSlaMetrics[] = {
    {"service_level", true, "calls"},
    {"response_within", true, "emails"},
    {"response_rate", true, "handled contacts"},
    {"abandon_rate", false, "calls"},
    {"asa_seconds", false, "calls"},
    {"uptime", true, ""},
    {"fcr", true, "contacts"},
    {"csat", true, "survey answers"},
    {"ces_share_5plus", true, "survey answers"},
    {"repeat_rate", false, "contacts"},
    {"transfer_rate", false, "handled contacts"},
};

const SlaMetric* FindSlaMetric(std::string_view name) {
  for (const SlaMetric& m : kSlaMetrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

// 0.95 -> "95%", 0.955 -> "95.5%".
std::string Percent(double share) {
  std::string s = fmt::format("{:.2f}", 100 * share);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

std::string Threshold(Micros t) {
  if (t % kMicrosPerSecond == 0 && t < 120 * kMicrosPerSecond) {
    return fmt::format("{} s", t / kMicrosPerSecond);
  }
  return FormatDuration(t);
}

std::string BusinessHours(Micros t, bool business) {
  if (t % kMicrosPerHour == 0) {
    return fmt::format("{} {}hours", t / kMicrosPerHour, business ? "business " : "");
  }
  return FormatDuration(t) + (business ? " of business time" : "");
}

}  // namespace

std::string GroupThousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -static_cast<uint64_t>(n) : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string FormatDuration(Micros d) {
  const int64_t s = (d + kMicrosPerSecond / 2) / kMicrosPerSecond;
  const int64_t h = s / 3600, m = s % 3600 / 60, sec = s % 60;
  if (h > 0) {
    const int64_t mins = (s % 3600 + 30) / 60;  // Rounded to the minute once over an hour.
    if (mins == 60) return fmt::format("{} h", h + 1);
    return mins ? fmt::format("{} h {} min", h, mins) : fmt::format("{} h", h);
  }
  if (m > 0) return sec ? fmt::format("{} min {} s", m, sec) : fmt::format("{} min", m);
  return fmt::format("{} s", sec);
}

Result<bool> SlaTargetIsFloor(std::string_view metric) {
  const SlaMetric* m = FindSlaMetric(metric);
  if (!m) {
    std::vector<std::string_view> known;
    for (const SlaMetric& k : kSlaMetrics) known.push_back(k.name);
    return InvalidArgument("unknown SLA metric '{}' (use {})", metric, fmt::join(known, ", "));
  }
  return m->floor;
}

Result<SlaTolerance> DescribeTolerance(const SlaTarget& sla, int64_t den, PeriodKind period) {
  const SlaMetric* m = FindSlaMetric(sla.metric);
  if (!m) return SlaTargetIsFloor(sla.metric).status();
  const bool is_asa = sla.metric == "asa_seconds";
  if (is_asa ? !(sla.target >= 0 && std::isfinite(sla.target))
             : !(sla.target >= 0 && sla.target <= 1)) {
    return InvalidArgument("SLA {}: target {} is out of range", sla.metric, sla.target);
  }
  if (den < 0) return InvalidArgument("SLA {}: negative denominator {}", sla.metric, den);
  SlaTolerance out;
  out.sla = sla;
  out.denominator = den;
  const std::string noun = sla.noun.empty() ? std::string(m->noun) : sla.noun;
  const std::string_view per = PeriodKindName(period);
  const std::string pct = Percent(sla.target);
  // Shares in parts per million, so 95% of 4,240 is exactly 212 and not 211.99999.
  const int64_t ppm = std::llround(sla.target * 1e6);
  const int64_t fail = den * (m->floor ? 1'000'000 - ppm : ppm) / 1'000'000;
  const std::string a = GroupThousands(fail), d = GroupThousands(den);
  if (sla.metric == "uptime") {
    out.allowed = AllowedDowntime(sla.target, den);
    const std::string length = den % kMicrosPerDay == 0
                                   ? fmt::format("{}-day", den / kMicrosPerDay)
                                   : fmt::format("{}-hour", den / kMicrosPerHour);
    out.sentence = fmt::format(
        "{} uptime over a {} {} allows {} of downtime — in one outage "
        "or spread over many.",
        pct, length, per, FormatDuration(out.allowed));
    return out;
  }
  if (is_asa) {
    const Micros target_us = std::llround(sla.target * kMicrosPerSecond);
    out.allowed = target_us * den;
    const int64_t k = std::max<int64_t>(1, (den + 99) / 100);  // 1% of the calls, at least 1.
    out.sentence = den == 0
                       ? fmt::format("An ASA of at most {} has no answered {} to apply to this {}.",
                                     Threshold(target_us), noun, per)
                       : fmt::format(
                             "An ASA of at most {} over this {}'s {} answered {} is a budget "
                             "of {} of waiting in total: it is met even if {} of them wait "
                             "{} each while the rest are answered at once.",
                             Threshold(target_us), per, d, noun, FormatDuration(out.allowed),
                             GroupThousands(k), FormatDuration(out.allowed / k));
    return out;
  }
  out.allowed = fail;
  if (sla.metric == "service_level") {
    out.sentence = fmt::format(
        "{} of {} answered within {} lets {} of this {}'s {} {} wait "
        "longer — any amount longer.",
        pct, noun, Threshold(sla.threshold), a, per, d, noun);
  } else if (sla.metric == "response_within") {
    out.sentence = fmt::format(
        "{} of {} answered within {} lets {} of this {}'s {} {} wait "
        "longer — any amount longer, or never be answered.",
        pct, noun, BusinessHours(sla.threshold, sla.business_time), a, per, d, noun);
  } else if (sla.metric == "response_rate") {
    out.sentence = fmt::format(
        "A survey response rate of {} over this {}'s {} {} is met with "
        "{} responses: {} {} may go without one.",
        pct, per, d, noun, GroupThousands(den - fail), a, noun);
  } else if (sla.metric == "abandon_rate") {
    out.sentence = fmt::format(
        "An abandon rate of at most {} lets {} of this {}'s {} {} (short "
        "abandons left out) be abandoned — however long they waited "
        "first.",
        pct, a, per, d, noun);
  } else if (m->floor) {
    out.sentence = fmt::format("A {} target of {} lets {} of this {}'s {} {} miss it.", sla.metric,
                               pct, a, per, d, noun);
  } else {
    out.sentence = fmt::format("A {} ceiling of {} lets {} of this {}'s {} {} count against it.",
                               sla.metric, pct, a, per, d, noun);
  }
  return out;
}

SlaCheck CheckSla(const SlaTarget& sla, std::optional<double> value) {
  SlaCheck c{sla, value, false};
  const SlaMetric* m = FindSlaMetric(sla.metric);
  if (value && m) {
    constexpr double kEps = 1e-12;  // 4880 / 6100 meets 80% whatever the last bit says.
    c.met = m->floor ? *value >= sla.target - kEps : *value <= sla.target + kEps;
  }
  return c;
}

Result<std::vector<SlaCheck>> CheckSlas(const ScoreResult& score, std::string_view partner,
                                        std::string_view period, std::span<const SlaTarget> slas) {
  ASSIGN_OR_RETURN(internal::PartnerPeriodRows rows, internal::PartnerPeriodRows::Build(score));
  std::vector<SlaCheck> out;
  for (const SlaTarget& sla : slas) {
    RETURN_IF_ERROR(SlaTargetIsFloor(sla.metric));
    const MetricRow* r = rows.Find(partner, period, sla.metric);
    out.push_back(CheckSla(sla, r ? r->value : std::nullopt));
  }
  return out;
}

}  // namespace cx
