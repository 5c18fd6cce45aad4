#include "contracts/kpi.h"

#include <algorithm>

#include "engine/stats.h"

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

namespace {

// The value of `months` together, each weighted by its sample (the sum of samples into
// `*sample`). From the counts when every month has its numerator: one division, so that a
// quarter of exactly the target meets it. (Summing value * sample in doubles made
// 173/1138, 47/1243 and 424/839 pool to 0.20000000000000004, which misses a "<= 20%" target.)
std::optional<double> Pooled(const Kpi& kpi, std::span<const KpiObservation> months,
                             int64_t* sample) {
  double weighted = 0;
  int64_t numerator = 0;
  bool exact = kpi.info != nullptr;
  for (const KpiObservation& o : months) {
    if (!o.value || o.sample <= 0) continue;
    weighted += *o.value * static_cast<double>(o.sample);
    *sample += o.sample;
    exact = exact && o.numerator.has_value();
    if (exact) numerator += *o.numerator;
  }
  if (*sample == 0) return std::nullopt;
  if (!exact) return weighted / static_cast<double>(*sample);
  return Quotient(numerator * kpi.info->scale_up, *sample * kpi.info->scale_down);
}

}  // namespace

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
    j.value = Pooled(kpi, trailing.last(std::min<size_t>(3, trailing.size())), &j.sample);
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
