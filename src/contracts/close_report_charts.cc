// The inline SVG charts of the close report: one trend small multiple per metric, SLA beside
// outcome, and the bars comparing the invoice with its what-if alternatives.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "contracts/close_report_internal.h"

namespace cx::close_report {

namespace {

constexpr std::string_view kDashes[] = {"", "7 4", "2 3", "9 3 2 3", "4 2"};

// The extent of all values of the maps, or nullopt when they are empty.
std::optional<std::pair<double, double>> Extent(
    std::initializer_list<const std::map<size_t, double>*> maps) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto* m : maps) {
    for (const auto& [i, v] : *m) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (!(lo <= hi)) return std::nullopt;
  return std::make_pair(lo, hi);
}

std::string SvgOpen(std::string_view id, int width, int height, std::string_view title,
                    std::string_view desc) {
  return fmt::format(
      "<svg viewBox=\"0 0 {1} {2}\" role=\"img\" aria-labelledby=\"{0}-t {0}-d\">"
      "<title id=\"{0}-t\">{3}</title><desc id=\"{0}-d\">{4}</desc>",
      id, width, height, Escape(title), Escape(desc));
}

// The 95% interval: one closed band per run of months that have both ends (a short bar for a
// month alone).
std::string Bands(const Frame& f, const Series& s, std::string_view colour) {
  std::map<size_t, double> both;
  for (const auto& [i, l] : s.low) {
    if (s.high.count(i)) both[i] = l;
  }
  std::string out;
  for (const auto& run : Runs(both)) {
    const double half = run.size() == 1 ? 5 : 0;
    std::string d = fmt::format("M{},{}", Coord(f.X(run[0]) - half), Coord(f.Y(s.high.at(run[0]))));
    for (size_t i : run)
      d += fmt::format(" L{},{}", Coord(f.X(i) + half), Coord(f.Y(s.high.at(i))));
    for (auto it = run.rbegin(); it != run.rend(); ++it) {
      d += fmt::format(" L{},{}", Coord(f.X(*it) + half), Coord(f.Y(s.low.at(*it))));
    }
    d += fmt::format(" L{},{}", Coord(f.X(run[0]) - half), Coord(f.Y(s.low.at(run[0]))));
    out += fmt::format("<path class=\"band\" fill=\"{}\" d=\"{} Z\"/>", colour, d);
  }
  return out;
}

// The target as a dashed step line reaching half a month either side of each month with one.
std::string TargetLine(const Frame& f, const Series& s, Scale scale) {
  std::string out;
  const double half = f.months > 1 ? (f.X(1) - f.X(0)) / 2 : f.width / 2;
  for (const auto& run : Runs(s.target)) {
    std::string d;
    for (size_t i : run) {
      const double x0 = std::max(f.left, f.X(i) - half);
      const double x1 = std::min(f.left + f.width, f.X(i) + half);
      const double y = f.Y(s.target.at(i));
      d += fmt::format("{}{},{} L{},{}", d.empty() ? "M" : " L", Coord(x0), Coord(y), Coord(x1),
                       Coord(y));
    }
    out += fmt::format("<path class=\"target\" d=\"{}\"/>", d);
  }
  if (!s.target.empty()) {
    const double t = s.target.rbegin()->second;
    const bool above = f.Y(t) - f.top > 14;
    out += fmt::format(
        "<text class=\"target-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">target {}</text>",
        Coord(f.left + f.width - 2), Coord(f.Y(t) + (above ? -4 : 12)), FormatValue(scale, t));
  }
  return out;
}

std::string TrendPanel(const Series& s, const std::vector<std::string>& months,
                       std::string_view current, int index) {
  const Scale scale = ScaleOfMetric(s.metric);
  const std::string human = HumanMetricName(s.metric);
  std::string out = fmt::format(
      "<figure class=\"panel\"><figcaption><span class=\"name\"><span class=\"chip {}\">{}</span>"
      " {} <code>{}</code></span>",
      s.sla ? "sla" : "outcome", s.sla ? "SLA" : "Outcome", Escape(human), Escape(s.metric));
  if (!s.value.empty()) {
    out += fmt::format("<span class=\"latest\">{}</span>",
                       FormatValue(scale, s.value.rbegin()->second));
  }
  out += "</figcaption>";
  const auto extent = Extent({&s.value, &s.low, &s.high, &s.target});
  if (!extent) return out + "<p class=\"empty\">No values in the trend.</p></figure>";

  const Frame f{50, 10, 300, 150, MakeAxis(extent->first, extent->second, scale), months.size()};
  const bool higher = HigherIsBetter(s.metric);
  const std::string_view colour = s.sla ? kSlaColours[0] : kOutcomeColours[0];
  std::string desc = fmt::format("{} by month from {} to {}", human, months.front(), months.back());
  if (!s.value.empty()) {
    desc += fmt::format("; {}: {}", months[s.value.rbegin()->first],
                        FormatValue(scale, s.value.rbegin()->second));
  }
  if (!s.target.empty()) {
    desc += fmt::format("; target {}", FormatValue(scale, s.target.rbegin()->second));
  }
  out += SvgOpen(fmt::format("trend-{}", index), 360, 192, human + " trend", desc + ".");
  AppendGridAndAxes(f, scale, months, current, out);
  out += Bands(f, s, colour);
  out += TargetLine(f, s, scale);
  out += Polylines(f, s.value, fmt::format("class=\"line\" stroke=\"{}\"", colour));
  for (const auto& [i, v] : s.value) {
    std::string tip = fmt::format("{}: {}", months[i], FormatValue(scale, v));
    if (s.low.count(i) && s.high.count(i)) {
      tip += fmt::format(" (95% interval {})", FormatInterval(scale, s.low.at(i), s.high.at(i)));
    }
    bool miss = false;
    if (s.target.count(i)) {
      const double t = s.target.at(i);
      miss = higher ? v < t : v > t;
      tip += fmt::format("; target {} {}: {}", higher ? "≥" : "≤", FormatValue(scale, t),
                         miss ? "missed" : "met");
    }
    out += fmt::format(
        "<circle class=\"pt{}\" cx=\"{}\" cy=\"{}\" r=\"{}\" {}=\"{}\"><title>{}</title></circle>",
        miss ? " miss" : "", Coord(f.X(i)), Coord(f.Y(v)), miss ? "4" : "3.5",
        miss ? "stroke" : "fill", colour, Escape(tip));
  }
  return out + "</svg></figure>";
}

// One panel of SLA beside outcome: the series already turned into signed changes (up is better).
struct ChangePanel {
  std::string id, title, zero_label, better, worse;
  bool sla = false;
  std::vector<std::pair<std::string, std::map<size_t, double>>> lines;  // (metric, changes)
  std::vector<std::map<size_t, std::string>> tips;
};

ChangePanel Panel(std::string id, std::string title, std::string zero_label, std::string better,
                  std::string worse, bool sla) {
  ChangePanel p;
  p.id = std::move(id);
  p.title = std::move(title);
  p.zero_label = std::move(zero_label);
  p.better = std::move(better);
  p.worse = std::move(worse);
  p.sla = sla;
  return p;
}

std::string RenderChangePanel(const ChangePanel& p, const std::vector<std::string>& months,
                              std::string_view current) {
  std::string out = fmt::format(
      "<figure class=\"panel wide\"><figcaption><span class=\"name\">"
      "{}</span></figcaption>",
      Escape(p.title));
  double lo = 0, hi = 0;
  for (const auto& [metric, m] : p.lines) {
    if (auto e = Extent({&m})) lo = std::min(lo, e->first), hi = std::max(hi, e->second);
  }
  if (p.lines.empty()) {
    return out + fmt::format("<p class=\"empty\">No {} in the trend.</p></figure>",
                             p.sla ? "SLA with a target" : "outcome metric");
  }
  const Axis axis = MakeAxis(std::min(lo, -0.01), std::max(hi, 0.01), Scale::kChange);
  const Frame f{58, 10, 466, 180, axis, months.size()};
  out += SvgOpen(p.id, 540, 222, p.title,
                 fmt::format("{} by month; 0 is {}; up is better.", p.title, p.zero_label));
  const double zero = f.Y(0);
  out += fmt::format(
      "<rect class=\"good\" x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"{3}\"/>"
      "<rect class=\"bad\" x=\"{0}\" y=\"{4}\" width=\"{2}\" height=\"{5}\"/>",
      Coord(f.left), Coord(f.top), Coord(f.width), Coord(zero - f.top), Coord(zero),
      Coord(f.top + f.height - zero));
  AppendGridAndAxes(f, Scale::kChange, months, current, out);
  out += fmt::format("<line class=\"zero\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
                     Coord(f.left), Coord(f.left + f.width), Coord(zero), Coord(zero));
  out += fmt::format("<text class=\"zone\" x=\"{}\" y=\"{}\">▲ {}</text>", Coord(f.left + 6),
                     Coord(f.top + 13), Escape(p.better));
  out += fmt::format("<text class=\"zone\" x=\"{}\" y=\"{}\">▼ {}</text>", Coord(f.left + 6),
                     Coord(f.top + f.height - 6), Escape(p.worse));
  const auto& palette = p.sla ? kSlaColours : kOutcomeColours;
  for (size_t k = 0; k < p.lines.size(); ++k) {
    const std::string_view colour = palette[k % std::size(palette)];
    const std::string_view dash = kDashes[k % std::size(kDashes)];
    out +=
        Polylines(f, p.lines[k].second,
                  fmt::format("class=\"line\" stroke=\"{}\"{}", colour,
                              dash.empty() ? "" : fmt::format(" stroke-dasharray=\"{}\"", dash)));
    for (const auto& [i, v] : p.lines[k].second) {
      const std::string tip = Escape(p.tips[k].at(i));
      if (p.sla) {
        out += fmt::format(
            "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"><title>{}</title>"
            "</circle>",
            Coord(f.X(i)), Coord(f.Y(v)), colour, tip);
      } else {
        out += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"7\" height=\"7\" fill=\"{}\">"
            "<title>{}</title></rect>",
            Coord(f.X(i) - 3.5), Coord(f.Y(v) - 3.5), colour, tip);
      }
    }
  }
  out += "</svg><ul class=\"legend\">";
  for (size_t k = 0; k < p.lines.size(); ++k) {
    out += fmt::format(
        "<li><svg viewBox=\"0 0 26 10\" aria-hidden=\"true\"><line x1=\"1\" "
        "x2=\"25\" y1=\"5\" y2=\"5\" stroke=\"{}\" stroke-width=\"2.5\"{}/></svg>"
        "{}</li>",
        palette[k % std::size(palette)],
        kDashes[k % std::size(kDashes)].empty()
            ? ""
            : fmt::format(" stroke-dasharray=\"{}\"", kDashes[k % std::size(kDashes)]),
        Escape(HumanMetricName(p.lines[k].first)));
  }
  return out + "</ul></figure>";
}

}  // namespace

std::string RenderTrendPanels(const Json& trend, std::string_view period) {
  const std::vector<std::string> months = MonthsOf(trend);
  if (months.empty()) return "";
  std::vector<Series> series = SeriesOf(trend, months);
  // SLAs first, then outcomes, each in the order the trend lists them.
  std::stable_partition(series.begin(), series.end(), [](const Series& s) { return s.sla; });
  std::string out;
  int index = 0;
  for (const Series& s : series) out += TrendPanel(s, months, period, index++);
  return out;
}

std::string RenderSlaBesideOutcome(const Json& trend, std::string_view period) {
  const std::vector<std::string> months = MonthsOf(trend);
  if (months.empty()) return "";
  const std::string first = MonthName(months.front());
  ChangePanel sla = Panel("sla-margin", "SLAs: margin to target", "the target",
                          "better than target", "worse than target", true);
  ChangePanel outcome =
      Panel("outcome-change", "Outcomes: change since " + first, "the level of " + first,
            "better than in " + first, "worse than in " + first, false);
  for (const Series& s : SeriesOf(trend, months)) {
    const Scale scale = ScaleOfMetric(s.metric);
    const double sign = HigherIsBetter(s.metric) ? 1 : -1;
    std::map<size_t, double> change;
    std::map<size_t, std::string> tips;
    const std::string human = HumanMetricName(s.metric);
    if (s.sla) {
      for (const auto& [i, v] : s.value) {
        if (!s.target.count(i) || s.target.at(i) == 0) continue;
        const double t = s.target.at(i);
        change[i] = sign * (v - t) / std::fabs(t);
        tips[i] = fmt::format("{} {}: {} against target {} ({} of target)", months[i], human,
                              FormatValue(scale, v), FormatValue(scale, t),
                              FormatValue(Scale::kChange, change[i]));
      }
    } else if (!s.value.empty() && s.value.begin()->second != 0) {
      const auto& [first, v0] = *s.value.begin();
      for (const auto& [i, v] : s.value) {
        change[i] = sign * (v - v0) / std::fabs(v0);
        tips[i] = fmt::format("{} {}: {} ({} {}: {})", months[i], human, FormatValue(scale, v),
                              months[first], FormatValue(scale, v0),
                              FormatValue(Scale::kChange, change[i]));
      }
    }
    if (change.empty()) continue;
    ChangePanel& panel = s.sla ? sla : outcome;
    panel.lines.emplace_back(s.metric, std::move(change));
    panel.tips.push_back(std::move(tips));
  }
  return RenderChangePanel(sla, months, period) + RenderChangePanel(outcome, months, period);
}

std::string RenderInvoiceBars(const std::vector<Bar>& bars, std::string_view currency) {
  if (bars.empty()) return "";
  int64_t max = 1;
  for (const Bar& b : bars) max = std::max(max, b.cents);
  constexpr double kLabel = 150, kBar = 220, kRow = 28;
  const int height = static_cast<int>(bars.size() * kRow) + 8;
  std::string out = SvgOpen("invoice-bars", 470, height, "Invoice totals compared",
                            "The invoice under the contract's pricing beside each what-if "
                            "pricing's invoice for the same month.");
  for (size_t k = 0; k < bars.size(); ++k) {
    const Bar& b = bars[k];
    const double y = 6 + static_cast<double>(k) * kRow;
    const double w =
        b.cents > 0 ? kBar * static_cast<double>(b.cents) / static_cast<double>(max) : 0;
    const std::string amount = FormatMoney(b.cents, currency);
    out += fmt::format(
        "<text class=\"bar-label{0}\" x=\"{1}\" y=\"{2}\" text-anchor=\"end\">{3}</text>"
        "<rect class=\"bar{0}\" x=\"{4}\" y=\"{5}\" width=\"{6}\" height=\"18\" rx=\"3\">"
        "<title>{3}: {7}</title></rect>"
        "<text class=\"bar-value{0}\" x=\"{8}\" y=\"{2}\">{7}</text>",
        b.highlight ? " actual" : "", Coord(kLabel - 8), Coord(y + 13), Escape(b.label),
        Coord(kLabel), Coord(y), Coord(std::max(w, 1.0)), amount, Coord(kLabel + w + 6));
  }
  return out + "</svg>";
}

}  // namespace cx::close_report
