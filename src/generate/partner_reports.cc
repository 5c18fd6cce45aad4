#include "generate/partner_reports.h"

#include <fmt/format.h>

#include <algorithm>

#include "generate/profiles.h"

namespace cx::gen {

namespace {

constexpr Micros kSecond = kMicrosPerSecond;
constexpr int64_t kResponseTarget = 48 * 3600;  // business seconds

double Ratio(int64_t num, int64_t den) { return den > 0 ? static_cast<double>(num) / den : -1; }

}  // namespace

PartnerReports::PartnerReports(const Timeline& timeline, uint64_t seed)
    : timeline_(timeline),
      rng_(seed, 7),
      cells_(static_cast<size_t>(kNumPartners) * timeline.num_months()) {}

PartnerReports::Cell* PartnerReports::CellOf(int partner, Micros arrived) {
  const int month = timeline_.MonthOf(timeline_.DayOf(arrived));
  if (month < 0) return nullptr;
  return &cells_[static_cast<size_t>(partner) * timeline_.num_months() + month];
}

void PartnerReports::AddContact(const Contact& c) {
  Cell* cell = CellOf(c.partner, c.arrived);
  if (cell == nullptr) return;
  const bool short_abandon = IsShortAbandon(c);
  const bool early_abandon =
      c.abandoned && c.ended != kNoTime && c.ended - c.arrived < 30 * kSecond;
  const bool answered = c.answered != kNoTime;
  ++cell->offered;
  cell->short_abandons += short_abandon;
  cell->abandoned += c.abandoned;
  cell->offered_30 += !early_abandon;
  cell->abandoned_30 += c.abandoned && !early_abandon;
  if (IsLive(c.channel)) {
    const bool hit = answered && c.answered - c.arrived <= 20 * kSecond;
    if (!short_abandon) {
      ++cell->sl_offered;
      cell->sl_hits += hit;
    }
    if (answered) {
      ++cell->sl_answered;
      cell->sl_answered_hits += hit;
    }
    if (answered) {
      ++cell->asa_count;
      cell->asa_sum += static_cast<double>(c.answered - c.arrived) / kSecond;
    }
  } else if (!short_abandon) {
    const Micros start = c.sent != kNoTime ? c.sent : c.arrived;
    if (answered) {
      const bool hit = timeline_.BusinessSeconds(start, c.answered) <= kResponseTarget;
      cell->response_hits += hit;
      cell->response_misses += !hit;
      const bool hit_from_arrival =
          timeline_.BusinessSeconds(c.arrived, c.answered) <= kResponseTarget;
      cell->answered_hits += hit_from_arrival;
      cell->answered_misses += !hit_from_arrival;
    } else if (c.arrived + 10 * kMicrosPerDay <= timeline_.RangeEnd()) {
      ++cell->response_misses;  // its deadline has passed
    }
  }
  if (!c.abandoned && c.handle_tenths >= 0) {
    ++cell->aht_count;
    cell->aht_sum += c.handle_tenths / 10.0;
    cell->aht_sum_no_acw += (c.handle_tenths - c.acw_tenths) / 10.0;
  }
  if (!c.abandoned && c.customer != kNoCustomer &&
      c.arrived + kRepeatWindow <= timeline_.RangeEnd()) {
    cell->repeated += c.repeated;
    cell->resolved += !c.repeated;
  }
}

void PartnerReports::AddSurvey(const Contact& c, const SurveyEvent& s) {
  Cell* cell = CellOf(c.partner, c.arrived);
  if (cell == nullptr) return;
  // "Was your issue resolved?" - answered yes by anyone who is not unhappy.
  ++cell->survey_count;
  cell->survey_yes += s.csat >= 0 ? s.csat >= 3 : s.nps >= 6;
}

int64_t PartnerReports::Append(std::string* out) {
  int64_t rows = 0;
  for (int p = 0; p < kNumPartners; ++p) {
    const PartnerProfile& profile = Partners()[p];
    for (int m = 0; m < timeline_.num_months(); ++m) {
      const Cell& c = cells_[static_cast<size_t>(p) * timeline_.num_months() + m];
      if (c.offered == 0) continue;
      const bool flatter = profile.flattering_report;
      // Each partner's tooling differs a little from the product's definitions.
      auto rate = [&](double v) {
        return v < 0 ? v : std::clamp(v + (flatter ? 0.0 : 0.003 * rng_.Normal()), 0.0, 1.0);
      };
      auto secs = [&](double v) { return v * (1.0 + (flatter ? 0.0 : 0.01 * rng_.Normal())); };
      struct Metric {
        const char* name;
        double value;
      };
      const Metric metrics[] = {
          {"service_level", rate(flatter ? Ratio(c.sl_answered_hits, c.sl_answered)
                                         : Ratio(c.sl_hits, c.sl_offered))},
          {"asa_seconds", c.asa_count > 0 ? secs(c.asa_sum / c.asa_count) : -1},
          {"abandon_rate",
           rate(flatter ? Ratio(c.abandoned_30, c.offered_30)
                        : Ratio(c.abandoned - c.short_abandons, c.offered - c.short_abandons))},
          {"fcr", rate(flatter ? Ratio(c.survey_yes, c.survey_count)
                               : Ratio(c.resolved, c.resolved + c.repeated))},
          {"aht_seconds",
           c.aht_count > 0 ? secs((flatter ? c.aht_sum_no_acw : c.aht_sum) / c.aht_count) : -1},
          {"response_within",
           rate(flatter ? Ratio(c.answered_hits, c.answered_hits + c.answered_misses)
                        : Ratio(c.response_hits, c.response_hits + c.response_misses))},
      };
      for (const Metric& metric : metrics) {
        if (metric.value < 0) continue;
        fmt::format_to(std::back_inserter(*out), "{},{},{},{:.4f}\n", profile.code,
                       timeline_.MonthLabel(m), metric.name, metric.value);
        ++rows;
      }
    }
  }
  return rows;
}

}  // namespace cx::gen
