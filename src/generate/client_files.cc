#include "generate/client_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "generate/csv_out.h"
#include "generate/profiles.h"
#include "generate/random.h"

namespace cx::gen {

namespace {

struct Outage {
  Micros start, end;
  int service;
};

}  // namespace

int64_t AppendOutages(const Timeline& timeline, uint64_t seed, std::string* out) {
  Rng rng(seed, 6);
  std::vector<Outage> outages;
  const auto services = Services();
  for (int m = 0; m < timeline.num_months(); ++m) {
    const Micros from = timeline.DayStart(timeline.MonthFirstDay(m));
    const Micros to = timeline.DayStart(timeline.MonthFirstDay(m + 1));
    for (int s = 0; s < static_cast<int>(services.size()); ++s) {
      for (int n = 1 + static_cast<int>(rng.Below(4)); n > 0; --n) {
        Micros start = from + static_cast<Micros>(rng.Uniform() * static_cast<double>(to - from));
        start -= start % kMicrosPerSecond;
        const double minutes = std::clamp(rng.LogNormal(45, 1.0), 3.0, 600.0);
        const Micros end = start + static_cast<Micros>(minutes * 60) * kMicrosPerSecond;
        outages.push_back({start, end, s});
        if (rng.Bernoulli(0.2)) {  // reported again by a second monitor, overlapping
          outages.push_back({start + 600 * kMicrosPerSecond, end + 1800 * kMicrosPerSecond, s});
        }
      }
    }
  }
  std::sort(outages.begin(), outages.end(), [](const Outage& a, const Outage& b) {
    return a.start != b.start ? a.start < b.start : a.service < b.service;
  });
  for (const Outage& o : outages) {
    const ServiceProfile& s = services[o.service];
    out->append(s.name);
    out->push_back(',');
    out->append(Partners()[s.partner].code);
    out->push_back(',');
    AppendTimestamp(o.start, {.local = true}, timeline, out);
    out->push_back(',');
    AppendTimestamp(o.end, {.local = true}, timeline, out);
    out->push_back('\n');
  }
  return static_cast<int64_t>(outages.size());
}

int64_t AppendVolumes(const Timeline& timeline, int64_t contacts, uint64_t seed, std::string* out) {
  static constexpr double kOrderWeekday[7] = {1.08, 1.02, 1.0, 1.0, 1.05, 0.92, 0.85};
  Rng rng(seed, 8);
  const double per_day = static_cast<double>(contacts) / timeline.num_days();
  double subscriptions = std::max(5000.0, static_cast<double>(contacts) * 6.0);
  int64_t rows = 0;
  for (int day = 0; day < timeline.num_days(); ++day) {
    const CivilDate c = CivilFromDays(timeline.CivilDay(day));
    const std::string date = fmt::format("{:04d}-{:02d}-{:02d}", c.year, c.month, c.day);
    const double orders = per_day * 14.0 * kOrderWeekday[timeline.Weekday(day)] *
                          (timeline.IsHoliday(day) ? 0.6 : 1.0) * (1.0 + 0.001 * day) *
                          rng.LogNormal(1.0, 0.08);
    subscriptions *= 1.0 + 0.0004 + 0.0008 * rng.Normal();
    fmt::format_to(std::back_inserter(*out), "{},orders,{}\n{},active_subscriptions,{}\n", date,
                   static_cast<int64_t>(std::llround(orders)), date,
                   static_cast<int64_t>(std::llround(subscriptions)));
    rows += 2;
  }
  return rows;
}

}  // namespace cx::gen
