// Micro-benchmarks of the calendar's hot calls: Cum (business time prefix) and PeriodIndex
// (month / week / day of an instant in a reporting zone). Random instants over three years.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "calendar/business_calendar.h"
#include "calendar/period.h"

namespace cx {
namespace {

constexpr Micros kFrom = 1735689600LL * kMicrosPerSecond;  // 2025-01-01T00:00Z
constexpr Micros kTo = 1830297600LL * kMicrosPerSecond;    // 2028-01-01T00:00Z

std::vector<Micros> RandomInstants(size_t n) {
  std::mt19937_64 rng(1);
  std::uniform_int_distribution<Micros> any(kFrom, kTo - 1);
  std::vector<Micros> out(n);
  for (Micros& t : out) t = any(rng);
  return out;
}

void BM_Cum(benchmark::State& state) {
  BusinessCalendarSpec spec =
      BusinessCalendarSpec::Weekdays("America/New_York", Hours(9, 0, 17, 0));
  spec.holidays = {CivilDay::FromYmd(2026, 1, 1), CivilDay::FromYmd(2026, 1, 19),
                   CivilDay::FromYmd(2026, 2, 16), CivilDay::FromYmd(2026, 5, 25)};
  const BusinessCalendar cal = BusinessCalendar::Build(spec, kFrom, kTo).value();
  const std::vector<Micros> ts = RandomInstants(1 << 16);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(cal.Cum(ts[i]));
    i = (i + 1) & (ts.size() - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Cum);

void BM_PeriodIndex(benchmark::State& state) {
  const TimeZone& tz = *TimeZone::Find("America/New_York").value();
  const PeriodKind kind = static_cast<PeriodKind>(state.range(0));
  const std::vector<Micros> ts = RandomInstants(1 << 16);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(PeriodIndex(tz, kind, ts[i]));
    i = (i + 1) & (ts.size() - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PeriodIndex)
    ->Arg(static_cast<int>(PeriodKind::kDay))
    ->Arg(static_cast<int>(PeriodKind::kWeek))
    ->Arg(static_cast<int>(PeriodKind::kMonth));

// A column of 10M instants mapped to months in one loop, as the engine does.
void BM_PeriodIndexColumn10M(benchmark::State& state) {
  const TimeZone& tz = *TimeZone::Find("America/New_York").value();
  std::vector<Micros> ts(10'000'000);
  std::mt19937_64 rng(2);
  std::uniform_int_distribution<Micros> any(kFrom, kTo - 1);
  for (Micros& t : ts) t = any(rng);
  std::vector<int32_t> out(ts.size());
  for (auto _ : state) {
    for (size_t i = 0; i < ts.size(); ++i) {
      out[i] = static_cast<int32_t>(PeriodIndex(tz, PeriodKind::kMonth, ts[i]));
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(ts.size()));
}
BENCHMARK(BM_PeriodIndexColumn10M)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cx
