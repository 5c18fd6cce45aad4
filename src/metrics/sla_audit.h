// The SLA audit ("the curse of the SLA"): what an SLA target tolerates, in the month's own
// numbers and in plain words; and the watermelon flag: SLAs green outside while outcome
// metrics (FCR, CSAT, CES, NPS, time to resolve) turn significantly worse inside.
// Semantics: docs/decisions/0007-allocation-and-sla-audit.md. Pure functions over value
// types; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "metrics/score.h"

namespace cx {

// An SLA: a metric and its target. Rates and uptime are shares in [0, 1]; asa_seconds is in
// seconds. Known metrics: service_level, response_within, response_rate, abandon_rate,
// asa_seconds, uptime, and the rates fcr, csat, ces_share_5plus, repeat_rate, transfer_rate.
struct SlaTarget {
  std::string metric;
  double target = 0;
  // The threshold the metric is computed with, for the sentence: T of service_level, H of
  // response_within (MetricSettings::service_level_threshold / response_target).
  Micros threshold = 0;
  bool business_time = true;  // response_within counted in business hours.
  std::string noun;           // What is counted ("calls"); empty: the metric's usual noun.
};

// True when a higher value is better (the target is a floor); false for a ceiling
// (abandon_rate, asa_seconds, repeat_rate, transfer_rate). Error for an unknown metric.
Result<bool> SlaTargetIsFloor(std::string_view metric);

// What an SLA lets through over one period, from the period's own denominator.
struct SlaTolerance {
  SlaTarget sla;
  int64_t denominator = 0;  // Contacts in the metric's denominator; µs of the period (uptime).
  // Contacts that may fail while the SLA is met; µs of downtime (uptime); µs of total
  // waiting (asa_seconds: target x answered contacts).
  int64_t allowed = 0;
  std::string sentence;  // "80% of calls answered within 20 s lets 1,220 of ..."
};

// `denominator` is the metric's denominator for the period (the row's denominator), or the
// period's length in µs for uptime. Errors: unknown metric, target out of range, negative
// denominator.
Result<SlaTolerance> DescribeTolerance(const SlaTarget& sla, int64_t denominator,
                                       PeriodKind period = PeriodKind::kMonth);

// An SLA evaluated on one partner and period.
struct SlaCheck {
  SlaTarget sla;
  std::optional<double> value;  // Empty when the period has no data for it.
  bool met = false;
};
SlaCheck CheckSla(const SlaTarget& sla, std::optional<double> value);

// The SLAs on one partner and period of a score grouped by partner and period (uptime is not
// a score row: check it with CheckSla on the ScoreExtra value).
Result<std::vector<SlaCheck>> CheckSlas(const ScoreResult& score, std::string_view partner,
                                        std::string_view period, std::span<const SlaTarget> slas);

struct WatermelonOptions {
  // Outcome metrics compared. Rates (fcr, repeat_rate, fcr_same_reason, csat,
  // ces_share_5plus) by two-proportion tests, nps by its standard error, the medians of
  // time_to_resolve_* by the median rule below.
  std::vector<std::string> outcomes = {"fcr", "csat", "ces_share_5plus", "nps",
                                       "time_to_resolve_median_hours"};
  double alpha = 0.05;  // Familywise over all tests made for the partner-period (Bonferroni).
  int min_peers = 2;    // Peers with data needed for a peer-median comparison.
  // Median rule: a median is worse when it is more than `median_worse_by` (relative) above
  // the comparison and both rest on at least `min_issues` closed issues.
  double median_worse_by = 0.25;
  int64_t min_issues = 30;
  PeriodKind period = PeriodKind::kMonth;  // To name the previous period.
};

enum class Comparison { kPreviousPeriod, kPeerMedian };
std::string_view ComparisonName(Comparison c);  // "previous period", "peer median"

struct OutcomeEvidence {
  std::string metric;
  Comparison against = Comparison::kPreviousPeriod;
  std::string against_label;  // "2026-02", or "median of 4 peers".
  double value = 0, comparison = 0;
  std::optional<double> p_value;    // Empty for the median rule.
  std::optional<double> low, high;  // This value's interval at the per-test level.
  std::string test;
  bool worse = false;
};

struct WatermelonReport {
  std::string partner, period;
  std::vector<SlaCheck> slas;
  bool slas_met = false;  // At least one SLA evaluated, and every evaluated SLA met.
  double alpha_per_test = 0;
  std::vector<OutcomeEvidence> evidence;  // Every comparison made, worse or not.
  bool flagged = false;                   // slas_met and some evidence is worse.
  std::string summary;
};

// The watermelon check of one partner and period over a score grouped by partner and period
// that also holds the previous period and the peers. Errors: another grouping, an unknown
// outcome metric, a period label that does not parse.
Result<WatermelonReport> CheckWatermelon(const ScoreResult& score, std::string_view partner,
                                         std::string_view period, std::span<const SlaCheck> slas,
                                         const WatermelonOptions& options = {});

// "6,100".
std::string GroupThousands(int64_t n);
// "36 h", "37 h 12 min", "50 min", "45 s".
std::string FormatDuration(Micros d);

}  // namespace cx
