// The watermelon flag of sla_audit.h: green SLAs outside, red outcomes inside.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/stats.h"
#include "metrics/sla_audit.h"
#include "metrics/sla_audit_internal.h"

namespace cx {

namespace {

enum class OutcomeKind { kRate, kNps, kMedian };

struct Outcome {
  std::string_view name;
  OutcomeKind kind;
  bool higher_is_better;
};

constexpr Outcome kOutcomes[] = {
    {"fcr", OutcomeKind::kRate, true},
    {"fcr_same_reason", OutcomeKind::kRate, true},
    {"repeat_rate", OutcomeKind::kRate, false},
    {"csat", OutcomeKind::kRate, true},
    {"ces_share_5plus", OutcomeKind::kRate, true},
    {"nps", OutcomeKind::kNps, true},
    {"time_to_resolve_median_hours", OutcomeKind::kMedian, false},
    {"time_to_resolve_median_business_hours", OutcomeKind::kMedian, false},
};

// One partner-period's figure for an outcome: a rate's counts, NPS with its standard error
// (in points), or a median with its closed issues.
struct Figure {
  double value = 0;
  int64_t successes = 0, n = 0;
  double se = 0;  // NPS only.
};

std::optional<Figure> FigureOf(const internal::PartnerPeriodRows& rows, const Outcome& o,
                               std::string_view partner, std::string_view period) {
  const MetricRow* r = rows.Find(partner, period, o.name);
  if (!r || !r->value || !r->denominator || *r->denominator <= 0) return std::nullopt;
  Figure f{*r->value, r->numerator, *r->denominator, 0};
  if (o.kind == OutcomeKind::kNps) {
    const MetricRow* p = rows.Find(partner, period, "nps_promoters");
    const MetricRow* d = rows.Find(partner, period, "nps_detractors");
    if (!p || !d) return std::nullopt;
    f.se = *NpsMargin(p->numerator, d->numerator, f.n, 1.0);
  }
  return f;
}

bool Worse(const Outcome& o, double value, double than) {
  return o.higher_is_better ? value < than : value > than;
}

// A comparison waiting for the per-test level (which depends on how many tests there are).
struct Pending {
  const Outcome* outcome;
  Comparison against;
  std::string label;
  Figure mine, other;  // For a peer median, other.value is the median.
};

OutcomeEvidence Evaluate(const Pending& c, double alpha, const WatermelonOptions& options) {
  const Outcome& o = *c.outcome;
  OutcomeEvidence e;
  e.metric = std::string(o.name);
  e.against = c.against;
  e.against_label = c.label;
  e.value = c.mine.value;
  e.comparison = c.other.value;
  const double z = NormalQuantileTwoSided(1 - alpha);
  const bool previous = c.against == Comparison::kPreviousPeriod;
  switch (o.kind) {
    case OutcomeKind::kRate: {
      auto w = Wilson(c.mine.successes, c.mine.n, z);
      e.low = w->low;
      e.high = w->high;
      if (previous) {
        e.test = "two-proportion z-test";
        const ProportionTest t =
            TwoProportionTest(c.mine.successes, c.mine.n, c.other.successes, c.other.n, alpha);
        e.p_value = t.p_value;
        e.worse = t.significant && Worse(o, e.value, e.comparison);
      } else {
        // The score test against the median as a fixed rate; the Wilson interval is its
        // inversion, so "the median lies outside the interval" is the same decision.
        e.test = "score test against the peer median";
        const double m = e.comparison;
        const double se = std::sqrt(m * (1 - m) / static_cast<double>(c.mine.n));
        if (se > 0) e.p_value = std::erfc(std::fabs(e.value - m) / se / std::sqrt(2.0));
        e.worse = o.higher_is_better ? *e.high < m : *e.low > m;
      }
      break;
    }
    case OutcomeKind::kNps: {
      e.low = e.value - z * c.mine.se;
      e.high = e.value + z * c.mine.se;
      const double se = previous ? std::hypot(c.mine.se, c.other.se) : c.mine.se;
      e.test = previous ? "NPS difference over its standard error"
                        : "NPS against the peer median over its standard error";
      const double diff = e.value - e.comparison;
      e.p_value = se > 0 ? std::erfc(std::fabs(diff) / se / std::sqrt(2.0)) : (diff == 0 ? 1 : 0);
      e.worse = *e.p_value < alpha && Worse(o, e.value, e.comparison);
      break;
    }
    case OutcomeKind::kMedian: {
      e.test = fmt::format("median rule: more than {:.0f}% worse on at least {} closed issues",
                           100 * options.median_worse_by, options.min_issues);
      const double limit = o.higher_is_better ? e.comparison * (1 - options.median_worse_by)
                                              : e.comparison * (1 + options.median_worse_by);
      e.worse = Worse(o, e.value, limit);
      break;
    }
  }
  return e;
}

}  // namespace

std::string_view ComparisonName(Comparison c) {
  return c == Comparison::kPreviousPeriod ? "previous period" : "peer median";
}

Result<WatermelonReport> CheckWatermelon(const ScoreResult& score, std::string_view partner,
                                         std::string_view period, std::span<const SlaCheck> slas,
                                         const WatermelonOptions& options) {
  ASSIGN_OR_RETURN(internal::PartnerPeriodRows rows, internal::PartnerPeriodRows::Build(score));
  const std::optional<int64_t> index = ParsePeriod(options.period, period);
  if (!index) return InvalidArgument("watermelon: period '{}' does not parse", period);
  const std::string previous = FormatPeriod(options.period, *index - 1);
  if (!(options.alpha > 0 && options.alpha < 1)) {
    return InvalidArgument("watermelon: alpha {} must be between 0 and 1", options.alpha);
  }
  WatermelonReport report;
  report.partner = std::string(partner);
  report.period = std::string(period);
  report.slas.assign(slas.begin(), slas.end());
  int evaluated = 0, met = 0;
  for (const SlaCheck& s : slas) {
    evaluated += s.value.has_value();
    met += s.value.has_value() && s.met;
  }
  report.slas_met = evaluated > 0 && met == evaluated;

  std::vector<Pending> pending;
  const std::vector<std::string> partners = rows.PartnersIn(period);
  for (const std::string& name : options.outcomes) {
    auto o = std::find_if(std::begin(kOutcomes), std::end(kOutcomes),
                          [&](const Outcome& x) { return x.name == name; });
    if (o == std::end(kOutcomes)) {
      return InvalidArgument(
          "watermelon: '{}' is not an outcome metric (use fcr, "
          "fcr_same_reason, repeat_rate, csat, ces_share_5plus, nps, "
          "time_to_resolve_median_hours or ..._business_hours)",
          name);
    }
    const std::optional<Figure> mine = FigureOf(rows, *o, partner, period);
    if (!mine) continue;
    const bool median = o->kind == OutcomeKind::kMedian;
    if (median && mine->n < options.min_issues) continue;
    if (auto prev = FigureOf(rows, *o, partner, previous);
        prev && !(median && prev->n < options.min_issues)) {
      pending.push_back({&*o, Comparison::kPreviousPeriod, previous, *mine, *prev});
    }
    std::vector<double> peers;
    for (const std::string& peer : partners) {
      if (peer == partner) continue;
      auto f = FigureOf(rows, *o, peer, period);
      if (f && !(median && f->n < options.min_issues)) peers.push_back(f->value);
    }
    if (static_cast<int>(peers.size()) >= std::max(1, options.min_peers)) {
      std::sort(peers.begin(), peers.end());
      Figure m;
      m.value = *Percentile(peers, 0.5);
      pending.push_back({&*o, Comparison::kPeerMedian,
                         fmt::format("median of {} peers", peers.size()), *mine, m});
    }
  }
  const int tests =
      static_cast<int>(std::count_if(pending.begin(), pending.end(), [](const Pending& p) {
        return p.outcome->kind != OutcomeKind::kMedian;
      }));
  report.alpha_per_test = options.alpha / std::max(1, tests);
  std::vector<std::string> worse;
  for (const Pending& p : pending) {
    report.evidence.push_back(Evaluate(p, report.alpha_per_test, options));
    const OutcomeEvidence& e = report.evidence.back();
    if (e.worse) {
      worse.push_back(fmt::format("{} {:.4g} against {:.4g} ({})", e.metric, e.value, e.comparison,
                                  e.against_label));
    }
  }
  report.flagged = report.slas_met && !worse.empty();
  if (report.flagged) {
    report.summary =
        fmt::format("Watermelon: {} meets its {} SLA(s) in {} while {} {} worse: {}.", partner,
                    evaluated, period, worse.size() == 1 ? "one outcome is" : "outcomes are",
                    "significantly", fmt::join(worse, "; "));
  } else if (!report.slas_met) {
    report.summary = evaluated == 0 ? fmt::format("{} has no SLA data in {}.", partner, period)
                                    : fmt::format(
                                          "{} misses {} of {} SLA(s) in {}: not a "
                                          "watermelon, the SLA report already shows red.",
                                          partner, evaluated - met, evaluated, period);
  } else {
    report.summary = fmt::format(
        "{} meets its SLAs in {} and no outcome is significantly worse "
        "({} comparisons, {} tests at {:.4g} each).",
        partner, period, report.evidence.size(), tests, report.alpha_per_test);
  }
  return report;
}

}  // namespace cx
