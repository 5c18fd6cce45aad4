// Judging one KPI for one month: met, missed, or not measured (sample below the contract's
// minimum, or no value). A value meets its target when it is at least as good as the target
// in the KPI's direction (equal meets). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "contracts/contract.h"
#include "contracts/facts.h"

namespace cx {

enum class KpiStatus { kMet, kMissed, kNotMeasured };
std::string_view KpiStatusName(KpiStatus s);  // "met", "missed", "not measured"

// True when `value` is at least as good as `threshold` in direction `d`.
bool AtLeastAsGood(Direction d, double value, double threshold);
// How far `value` is beyond `threshold` on the good side (negative when worse).
double Beyond(Direction d, double value, double threshold);

struct KpiJudgement {
  KpiStatus status = KpiStatus::kNotMeasured;
  std::optional<double> value;  // The month's value, or the pooled quarter's.
  int64_t sample = 0;
};

// Judges `kpi` on `trailing`: the observations of the months up to the one judged, oldest
// first, the judged month last (a month without data is an empty observation). kMonth reads
// the last only; kRollingQuarter pools the last three, weighting each value by its sample
// (exact for rates, means and NPS) and is judged on the pooled value.
KpiJudgement JudgeKpi(const Kpi& kpi, std::span<const KpiObservation> trailing);

}  // namespace cx
