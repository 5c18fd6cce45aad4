// Chart primitives of the close report: the trend as series over months, round axes, grids and
// polylines. Coordinates are printed with one decimal so the output is byte-stable.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "contracts/close_report_internal.h"
#include "contracts/metric_catalog.h"

namespace cx::close_report {

namespace {

constexpr std::string_view kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

double NiceStep(double raw) {
  if (!(raw > 0)) return 1;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  const double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * magnitude;
}

// ("Apr", "2026") for "2026-04"; other text as is, with no year.
std::pair<std::string, std::string> MonthLabel(const std::string& period) {
  if (period.size() == 7 && period[4] == '-') {
    const int m = std::atoi(period.c_str() + 5);
    if (m >= 1 && m <= 12) return {std::string(kMonthNames[m - 1]), period.substr(0, 4)};
  }
  return {period, ""};
}

}  // namespace

std::string Coord(double v) { return fmt::format("{:.1f}", v); }

std::string MonthName(const std::string& period) {
  auto [month, year] = MonthLabel(period);
  return year.empty() ? month : month + " " + year;
}

std::vector<std::string> MonthsOf(const Json& trend) {
  std::set<std::string> months;
  if (!trend.is_array()) return {};
  for (const Json& p : trend) {
    if (std::string m = Text(p, "period"); !m.empty()) months.insert(m);
  }
  return {months.begin(), months.end()};
}

std::vector<Series> SeriesOf(const Json& trend, const std::vector<std::string>& months) {
  std::vector<Series> out;
  if (!trend.is_array()) return out;
  for (const Json& p : trend) {
    const std::string metric = Text(p, "metric");
    const std::string period = Text(p, "period");
    if (metric.empty() || period.empty()) continue;
    auto it =
        std::find_if(out.begin(), out.end(), [&](const Series& s) { return s.metric == metric; });
    if (it == out.end()) {
      it = out.emplace(out.end());
      it->metric = metric;
    }
    it->sla = it->sla || Text(p, "kind") == "sla";
    const size_t i = std::lower_bound(months.begin(), months.end(), period) - months.begin();
    if (auto v = Number(p, "value")) it->value[i] = *v;
    if (auto v = Number(p, "low")) it->low[i] = *v;
    if (auto v = Number(p, "high")) it->high[i] = *v;
    if (auto v = Number(p, "target")) it->target[i] = *v;
  }
  return out;
}

bool HigherIsBetter(std::string_view metric) {
  const MetricInfo* m = FindMetric(metric);
  return m == nullptr || m->better == Direction::kHigherIsBetter;
}

Axis MakeAxis(double lo, double hi, Scale scale) {
  const double min_span =
      scale == Scale::kRate ? 0.02 : std::max(std::max(std::fabs(hi), std::fabs(lo)) * 0.05, 1e-6);
  const double span = std::max(hi - lo, min_span);
  const double mid = (lo + hi) / 2;
  lo = std::min(lo, mid - span / 2) - span * 0.12;
  hi = std::max(hi, mid + span / 2) + span * 0.12;
  if (scale == Scale::kRate) lo = std::max(lo, 0.0), hi = std::min(hi, 1.0);
  if (scale == Scale::kSeconds || scale == Scale::kHours || scale == Scale::kCount) {
    lo = std::max(lo, 0.0);
  }
  if (scale == Scale::kNps) lo = std::max(lo, -100.0), hi = std::min(hi, 100.0);
  Axis a{0, 0, NiceStep((hi - lo) / 4)};
  for (;;) {
    a.low = std::floor(lo / a.step + 1e-9) * a.step;
    a.high = std::ceil(hi / a.step - 1e-9) * a.step;
    if ((a.high - a.low) / a.step <= 6.5) break;
    a.step = NiceStep(a.step * 1.5);
  }
  if (a.high <= a.low) a.high = a.low + a.step;
  return a;
}

double Frame::X(size_t month) const {
  constexpr double kPad = 14;
  if (months <= 1) return left + width / 2;
  return left + kPad +
         static_cast<double>(month) * (width - 2 * kPad) / static_cast<double>(months - 1);
}

double Frame::Y(double value) const {
  return top + height - (value - axis.low) / (axis.high - axis.low) * height;
}

void AppendGridAndAxes(const Frame& f, Scale scale, const std::vector<std::string>& months,
                       std::string_view current, std::string& svg) {
  for (size_t i = 0; i < months.size(); ++i) {
    if (months[i] != current) continue;
    const double half = months.size() > 1 ? (f.X(1) - f.X(0)) * 0.4 : 14;
    const double x0 = std::max(f.left, f.X(i) - half);
    const double x1 = std::min(f.left + f.width, f.X(i) + half);
    svg += fmt::format("<rect class=\"now\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                       Coord(x0), Coord(f.top), Coord(x1 - x0), Coord(f.height));
  }
  const Axis& a = f.axis;
  const long ticks = std::lround((a.high - a.low) / a.step);
  for (long t = 0; t <= ticks; ++t) {
    const double v = a.low + static_cast<double>(t) * a.step;
    const double y = f.Y(v);
    svg += fmt::format("<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
                       Coord(f.left), Coord(f.left + f.width), Coord(y), Coord(y));
    svg += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                       Coord(f.left - 6), Coord(y + 3.5), FormatTick(scale, v, a.step));
  }
  // Every other month past eight, counted back from the latest so that one is labelled; the
  // year under the first label and wherever it changes.
  const size_t every = months.size() > 8 ? 2 : 1;
  std::string last_year;
  for (size_t i = 0; i < months.size(); ++i) {
    if ((months.size() - 1 - i) % every != 0) continue;
    auto [label, year] = MonthLabel(months[i]);
    if (year == last_year) {
      year.clear();
    } else {
      last_year = year;
    }
    const double y = f.top + f.height + 14;
    svg += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                       Coord(f.X(i)), Coord(y), Escape(label));
    if (!year.empty()) {
      svg += fmt::format(
          "<text class=\"tick year\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
          Coord(f.X(i)), Coord(y + 11), Escape(year));
    }
  }
}

std::vector<std::vector<size_t>> Runs(const std::map<size_t, double>& m) {
  std::vector<std::vector<size_t>> runs;
  for (const auto& [i, v] : m) {
    if (runs.empty() || runs.back().back() + 1 != i) runs.emplace_back();
    runs.back().push_back(i);
  }
  return runs;
}

std::string Polylines(const Frame& f, const std::map<size_t, double>& m, std::string_view attrs) {
  std::string out;
  for (const auto& run : Runs(m)) {
    if (run.size() < 2) continue;
    std::string points;
    for (size_t i : run) {
      points +=
          fmt::format("{}{},{}", points.empty() ? "" : " ", Coord(f.X(i)), Coord(f.Y(m.at(i))));
    }
    out += fmt::format("<polyline {} points=\"{}\"/>", attrs, points);
  }
  return out;
}

}  // namespace cx::close_report
