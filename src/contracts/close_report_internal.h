// Pieces of the close report (close_report.h) shared by its files: tolerant readers of the
// close JSON (any field may be missing, null or of another type), HTML escaping, the display
// formats of metric values and money, and the inline SVG charts. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cx::close_report {

using Json = nlohmann::json;

// --- Tolerant JSON access ---------------------------------------------------------------------
// The member `key` of `j`, or nullptr when `j` is no object or the member is absent or null.
const Json* Field(const Json& j, std::string_view key);
// `j[key]` when it is an array, else an empty array.
const Json& ArrayOf(const Json& j, std::string_view key);
// `j[key]` when it is an object, else an empty object.
const Json& ObjectOf(const Json& j, std::string_view key);
std::optional<double> Number(const Json& j, std::string_view key);
// An integer member; a float that holds an integer counts, anything else is nullopt.
std::optional<int64_t> Integer(const Json& j, std::string_view key);
// A string member as is, a number or boolean as its JSON text, else "".
std::string Text(const Json& j, std::string_view key);
bool Flag(const Json& j, std::string_view key);  // True only for a boolean true.

// --- HTML ----------------------------------------------------------------------------------------
// Escapes & < > " ' so the text is safe in element content and in quoted attributes.
std::string Escape(std::string_view text);

// --- Display formats ----------------------------------------------------------------------------
// Their results are HTML-safe (a currency code written out is escaped).
enum class Scale {
  kRate,     // A share in [0, 1]: "88.0%".
  kSeconds,  // "42.5 s".
  kHours,    // "3.2 h".
  kNps,      // Signed: "+31.0".
  kScore,    // A mean score or ratio: "4.12".
  kCount,    // "1,234".
  kNumber,   // Anything else: "0.123", "12.5".
  kChange,   // A signed relative change: "+10.0%".
};
// The display scale of a metric: from the metric catalog, else from its name's suffix.
Scale ScaleOfMetric(std::string_view metric);
// "First-contact resolution" for "fcr"; unknown names are humanized.
std::string HumanMetricName(std::string_view metric);
// "per_resolved" -> "Per resolved".
std::string Humanize(std::string_view snake);
// A value of the metric: "88.0%", "42.5 s", "3.2 h", "+31.0", "4.12", "1,234".
std::string FormatValue(Scale scale, double value);
// An interval "87.0–89.0%" (unit written once).
std::string FormatInterval(Scale scale, double low, double high);
// Axis tick labels: like FormatValue with the fewest decimals that tell the ticks apart.
std::string FormatTick(Scale scale, double value, double step);
// 1234567 -> "1,234,567".
std::string GroupThousands(int64_t value);
// Inserts thousands separators into the integer part of a decimal string ("12000.5").
std::string GroupDecimalString(std::string_view decimal);
// Cents in the currency: "$99,500.00", "−$500.00", "1,200.00 CHF".
std::string FormatMoney(int64_t cents, std::string_view currency);
// The currency's symbol prefix ("$") or "" when it is written as a suffix code.
std::string CurrencySymbol(std::string_view currency);

// --- Page pieces (close_report_html.cc) ---------------------------------------------------------
// Each returns HTML; text from the JSON is escaped.
inline constexpr std::string_view kDash = "<span class=\"muted\">—</span>";
std::string_view ReportCss();
// `j[key]` as escaped text, or a dash.
std::string Esc(const Json& j, std::string_view key);
// `j[key]` cents as money (negative and zero styled), or a dash.
std::string Money(const Json& j, std::string_view key, std::string_view currency);
// `j[key]` in the display format of `metric`, or a dash.
std::string MetricValue(const Json& j, std::string_view key, std::string_view metric);
// The human name with the machine name small below it.
std::string MetricCell(std::string_view metric);
// A coloured label; `cls` is one of good, bad, warn, info, none, kind. `text` is HTML.
std::string Pill(std::string_view cls, std::string_view text);
std::string StatusPill(std::string_view status);  // "met", "missed", else not measured.
std::string Section(std::string_view id, std::string_view title, std::string_view intro,
                    const std::string& body);
std::string Empty(std::string_view what);  // A muted "nothing to show" paragraph.
// A table of ready cells; `right[c]` right-aligns column c (numbers).
std::string Table(const std::vector<std::string>& head, const std::vector<bool>& right,
                  const std::vector<std::vector<std::string>>& rows);

// --- Sections below the KPIs (close_report_sections.cc) ------------------------------------------
std::string MoneySection(const Json& partner_close);
std::string ConsequencesSection(const Json& partner_close);
std::string AuditSection(const Json& partner_close);
std::string AllocationSection(const Json& partner_close);

// --- Chart primitives (close_report_svg.cc)
// ------------------------------------------------------- Okabe-Ito colours, distinguishable with
// the common colour-vision deficiencies.
inline constexpr std::string_view kSlaColours[] = {"#0072B2", "#009E73", "#56B4E9", "#CC79A7",
                                                   "#000000"};
inline constexpr std::string_view kOutcomeColours[] = {"#D55E00", "#E69F00", "#CC79A7", "#7A5195",
                                                       "#000000"};

// An SVG coordinate with one decimal.
std::string Coord(double v);

// One metric's points of the trend, keyed by the index of their month in the report's months.
struct Series {
  std::string metric;
  bool sla = false;
  std::map<size_t, double> value, low, high, target;
};
// "Jan 2026" for "2026-01"; other text as is.
std::string MonthName(const std::string& period);
// The distinct periods of `trend`, sorted ("YYYY-MM" sorts by time).
std::vector<std::string> MonthsOf(const Json& trend);
// One Series per metric of `trend`, in order of first appearance.
std::vector<Series> SeriesOf(const Json& trend, const std::vector<std::string>& months);
bool HigherIsBetter(std::string_view metric);  // From the catalog; unknown metrics: true.

struct Axis {
  double low, high, step;
};
// Round ticks over [lo, hi] plus a little padding, kept within the scale's bounds.
Axis MakeAxis(double lo, double hi, Scale scale);

// A plot area of `months` evenly spaced months inside an SVG viewBox.
struct Frame {
  double left, top, width, height;
  Axis axis;
  size_t months;
  double X(size_t month) const;
  double Y(double value) const;
};
// Horizontal grid lines with tick labels, month labels below, and a shade on `current`.
void AppendGridAndAxes(const Frame& f, Scale scale, const std::vector<std::string>& months,
                       std::string_view current, std::string& svg);
// Runs of consecutive month indexes present in `m`.
std::vector<std::vector<size_t>> Runs(const std::map<size_t, double>& m);
// One <polyline> per run of two or more consecutive months.
std::string Polylines(const Frame& f, const std::map<size_t, double>& m, std::string_view attrs);

// --- Charts (close_report_charts.cc) -------------------------------------------------------------
// One small multiple per metric in `trend` (close.md "trend"): the value line, its 95% interval
// as a shaded band, the target as a dashed line. Returns the panels' HTML (figure elements).
std::string RenderTrendPanels(const Json& trend, std::string_view period);
// Two panels over the same months: each SLA's margin to its target beside each outcome's change
// since the first month, both signed so that up is better.
std::string RenderSlaBesideOutcome(const Json& trend, std::string_view period);
struct Bar {
  std::string label;
  int64_t cents = 0;
  bool highlight = false;
};
// Horizontal bars comparing invoice totals.
std::string RenderInvoiceBars(const std::vector<Bar>& bars, std::string_view currency);

}  // namespace cx::close_report
