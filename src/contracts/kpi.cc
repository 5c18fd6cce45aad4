#include "contracts/kpi.h"

#include <algorithm>

namespace cx {

std::string_view KpiStatusName(KpiStatus s) {
  switch (s) {
    case KpiStatus::kMet: return "met";
    case KpiStatus::kMissed: return "missed";
    case KpiStatus::kNotMeasured: return "not measured";
  }
  return "";
}

bool AtLeastAsGood(Direction d, double value, double threshold) {
  return d == Direction::kHigherIsBetter ? value >= threshold : value <= threshold;
}

double Beyond(Direction d, double value, double threshold) {
  return d == Direction::kHigherIsBetter ? value - threshold : threshold - value;
}

KpiJudgement JudgeKpi(const Kpi& kpi, std::span<const KpiObservation> trailing) {
  KpiJudgement j;
  if (trailing.empty()) return j;
  std::optional<double> low, high;
  if (kpi.period == KpiPeriod::kMonth) {
    const KpiObservation& o = trailing.back();
    j.value = o.value;
    j.sample = o.sample;
    low = o.low;
    high = o.high;
  } else {
    double weighted = 0;
    for (const KpiObservation& o : trailing.last(std::min<size_t>(3, trailing.size()))) {
      if (!o.value || o.sample <= 0) continue;
      weighted += *o.value * static_cast<double>(o.sample);
      j.sample += o.sample;
    }
    if (j.sample > 0) j.value = weighted / static_cast<double>(j.sample);
  }
  if (!j.value || j.sample < kpi.min_sample || j.sample == 0) {
    j.status = KpiStatus::kNotMeasured;
    return j;
  }
  bool met = AtLeastAsGood(kpi.direction, *j.value, kpi.target);
  if (!met && kpi.judged_on == Judgement::kInterval && low && high) {
    // Missed only when even the interval's best end fails the target.
    const double best = kpi.direction == Direction::kHigherIsBetter ? *high : *low;
    met = AtLeastAsGood(kpi.direction, best, kpi.target);
  }
  j.status = met ? KpiStatus::kMet : KpiStatus::kMissed;
  return j;
}

}  // namespace cx
