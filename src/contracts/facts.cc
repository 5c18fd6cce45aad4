#include "contracts/facts.h"

#include <algorithm>

#include "base/time.h"
#include "engine/string_column.h"

namespace cx {

const KpiObservation* MonthFacts::Find(std::string_view metric) const {
  auto it = metrics.find(metric);
  return it == metrics.end() ? nullptr : &it->second;
}

std::optional<int64_t> MonthlyVolume(const VolumeTable& volumes, std::string_view kind,
                                     MonthIndex month, std::string_view measure) {
  const uint32_t id = volumes.kinds.Find(kind);
  if (id == kNoId) return std::nullopt;
  const int64_t first = FirstDayOfMonth(month).days();
  const int64_t end = FirstDayOfMonth(month + 1).days();
  int64_t sum = 0, n = 0, last_day = -1, last = 0;
  for (size_t i = 0; i < volumes.size(); ++i) {
    if (volumes.kind[i] != id || volumes.day[i] < first || volumes.day[i] >= end) continue;
    sum += volumes.count[i];
    ++n;
    if (volumes.day[i] >= last_day) {
      last_day = volumes.day[i];
      last = volumes.count[i];
    }
  }
  if (n == 0) return std::nullopt;
  if (measure == "month_end") return last;
  return (2 * sum + n) / (2 * n);  // Half up, counts are non-negative.
}

namespace {

KpiObservation FromRow(const MetricRow& row) {
  KpiObservation o;
  o.value = row.value;
  o.sample = row.denominator.value_or(0);
  if (row.numerator_kind != MetricRow::Numerator::kNone) o.numerator = row.numerator;
  o.low = row.low;
  o.high = row.high;
  return o;
}

}  // namespace

Result<std::vector<MonthFacts>> FactsFromScore(const ScoreResult& score, const ExtraResult* extra,
                                               const VolumeTable* volumes,
                                               std::string_view partner,
                                               const FactsOptions& options) {
  if (score.by != std::vector<Dimension>{Dimension::kPartner, Dimension::kPeriod} ||
      (extra && extra->by != score.by)) {
    return InvalidArgument("contract facts need a score grouped by partner,period");
  }
  std::map<MonthIndex, MonthFacts> months;
  auto add = [&](const MetricRow& row) -> Status {
    auto month = ParseYearMonth(row.keys[1]);
    if (!month) return InvalidArgument("contract facts need monthly periods, got '{}'", row.keys[1]);
    if (row.keys[0] == kAllKey) return Status::Ok();  // Client-level rows are nobody's.
    MonthFacts& f = months[*month];
    f.month = *month;
    if (row.keys[0] == partner) {
      f.metrics[std::string(row.metric)] = FromRow(row);
      if (row.metric == "handled") f.usage.handled = row.numerator;
      if (row.metric == "fcr") {
        f.usage.resolved = row.numerator;
        f.usage.fcr_denominator = row.denominator.value_or(0);
      }
      if (row.metric == "aht_seconds") f.usage.handle_time = row.numerator;
    } else {
      const bool in_house = std::find(options.in_house.begin(), options.in_house.end(),
                                      row.keys[0]) != options.in_house.end();
      f.peers.push_back({row.keys[0], in_house, std::string(row.metric), FromRow(row)});
    }
    return Status::Ok();
  };
  for (const MetricRow& row : score.rows) RETURN_IF_ERROR(add(row));
  if (extra) {
    for (const ExtraRow& row : extra->rows) {
      if (row.service.empty() && row.article.empty()) RETURN_IF_ERROR(add(row.row));
    }
  }
  // Keep the months from the partner's first to its last month with rows.
  std::vector<MonthFacts> out;
  for (auto& [month, f] : months) {
    if (f.metrics.empty() && out.empty()) continue;
    while (!out.empty() && out.back().month + 1 < month) {
      MonthFacts gap;
      gap.month = out.back().month + 1;
      out.push_back(std::move(gap));
    }
    out.push_back(std::move(f));
  }
  while (!out.empty() && out.back().metrics.empty()) out.pop_back();
  if (volumes) {
    for (MonthFacts& f : out) {
      f.usage.active_subscriptions =
          MonthlyVolume(*volumes, "active_subscriptions", f.month, options.subscription_measure);
    }
  }
  return out;
}

}  // namespace cx
