#include "metrics/output.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

#include "base/time.h"
#include "io/csv_reader.h"

namespace cx {

std::string FormatFixed6(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  // The exact decimal expansion of a double's binary value ends within ~1100 digits; 60 places
  // after the point are exact for every magnitude a metric has (>= 1e-12), so the seventh
  // digit and what follows decide the rounding exactly.
  std::string s = fmt::format("{:.60f}", std::fabs(v));
  const size_t dot = s.find('.');
  std::string digits = s.substr(0, dot) + s.substr(dot + 1, 6);
  if (s[dot + 7] >= '5') {  // Half or more of the last kept unit: away from zero.
    int i = static_cast<int>(digits.size()) - 1;
    for (; i >= 0 && digits[i] == '9'; --i) digits[i] = '0';
    if (i < 0) {
      digits.insert(digits.begin(), '1');
    } else {
      ++digits[i];
    }
  }
  std::string out = digits.substr(0, digits.size() - 6) + "." + digits.substr(digits.size() - 6);
  const bool zero = out.find_first_not_of("0.") == std::string::npos;
  return (v < 0 && !zero ? "-" : "") + out;
}

std::string FormatNumerator(const MetricRow& r) {
  switch (r.numerator_kind) {
    case MetricRow::Numerator::kNone: return "";
    case MetricRow::Numerator::kCount: return std::to_string(r.numerator);
    case MetricRow::Numerator::kMicros: return FormatMicrosAsSeconds(r.numerator);
  }
  return "";
}

void AddMetricJson(const MetricRow& row, nlohmann::ordered_json& o) {
  if (row.numerator_kind == MetricRow::Numerator::kMicros) {
    o["numerator_seconds"] = static_cast<double>(row.numerator) / kMicrosPerSecond;
  } else if (row.numerator_kind == MetricRow::Numerator::kCount) {
    o["numerator"] = row.numerator;
  }
  if (row.denominator) o["denominator"] = *row.denominator;
  o["value"] = row.value ? nlohmann::ordered_json(*row.value) : nullptr;
  if (row.low) o["interval"] = {*row.low, *row.high};
  if (row.pending) o["pending"] = *row.pending;
}

std::string FormatScoreCsv(const ScoreResult& r) {
  std::string out;
  for (Dimension d : r.by) out += std::string(DimensionName(d)) + ",";
  out += "metric,numerator,denominator,value,pending\n";
  for (const MetricRow& row : r.rows) {
    for (const std::string& k : row.keys) out += CsvField(k) + ",";
    out += fmt::format("{},{},{},{},{}\n", row.metric, FormatNumerator(row),
                       row.denominator ? std::to_string(*row.denominator) : "",
                       row.value ? FormatFixed6(*row.value) : "",
                       row.pending ? std::to_string(*row.pending) : "");
  }
  return out;
}

std::string FormatScoreJson(const ScoreResult& r) {
  nlohmann::ordered_json j;
  j["horizon"] = FormatTimestampUtc(r.horizon);
  j["contacts"] = r.contacts;
  j["contacts_without_customer_id"] = r.without_customer;
  auto& rows = j["rows"] = nlohmann::ordered_json::array();
  for (const MetricRow& row : r.rows) {
    nlohmann::ordered_json o;
    for (size_t d = 0; d < r.by.size(); ++d) o[std::string(DimensionName(r.by[d]))] = row.keys[d];
    o["metric"] = row.metric;
    AddMetricJson(row, o);
    rows.push_back(std::move(o));
  }
  return j.dump(1) + "\n";
}

namespace {

// What each metric means, in a line, for people reading the table.
struct Meaning {
  std::string_view metric, unit, text;
};
constexpr Meaning kMeanings[] = {
    {"abandon_rate", "%", "left before an answer (short abandons excluded)"},
    {"abandoned", "", "contacts abandoned before an agent answered"},
    {"aht_seconds", "s", "mean handle time (talk + hold + wrap-up)"},
    {"asa_seconds", "s", "mean speed of answer, voice and chat"},
    {"ces", "", "mean customer effort score (1-7, 7 = easy)"},
    {"ces_share_5plus", "%", "share of effort scores of 5 or more"},
    {"contacts_per_issue", "", "contacts a customer needed per issue"},
    {"csat", "%", "share of satisfaction scores of 4 or 5"},
    {"csat_wilson_high", "%", "upper end of the csat interval"},
    {"csat_wilson_low", "%", "lower end of the csat interval"},
    {"fcr", "%", "resolved on first contact: no repeat by the customer within the window"},
    {"fcr_same_reason", "%", "as fcr, counting only repeats for the same reason"},
    {"handled", "", "contacts an agent handled"},
    {"nps", "pts", "net promoter score (promoters - detractors)"},
    {"nps_detractors", "%", "share of scores 0-6"},
    {"nps_margin", "+-", "margin of error of the NPS (95%)"},
    {"nps_promoters", "%", "share of scores 9-10"},
    {"offered", "", "contacts that arrived"},
    {"repeat_rate", "%", "handled contacts followed by a repeat within the window"},
    {"response_rate", "%", "linked survey answers per handled contact"},
    {"response_within", "%", "emails/messages answered within the target time"},
    {"service_level", "%", "voice/chat answered within the threshold"},
    {"short_abandon", "", "abandoned within seconds (not counted against the partner)"},
    {"time_to_resolve_median_business_hours", "bh", "median issue duration, business hours"},
    {"time_to_resolve_median_hours", "h", "median issue duration"},
    {"time_to_resolve_p90_business_hours", "bh", "90th percentile issue duration, business hours"},
    {"time_to_resolve_p90_hours", "h", "90th percentile issue duration"},
    {"transfer_rate", "%", "handled contacts transferred"},
};

const Meaning* MeaningOf(std::string_view metric) {
  for (const Meaning& m : kMeanings) {
    if (m.metric == metric) return &m;
  }
  return nullptr;
}

std::string Shown(double v, std::string_view unit) {
  if (unit == "%") return fmt::format("{:.1f}%", 100 * v);
  if (unit.empty()) return v == std::floor(v) ? fmt::format("{:.0f}", v) : fmt::format("{:.2f}", v);
  if (unit == "pts") return fmt::format("{:+.1f}", v);
  if (unit == "+-") return fmt::format("+-{:.1f}", v);
  return fmt::format("{:.2f} {}", v, unit);
}

}  // namespace

std::string FormatScoreTable(const ScoreResult& r) {
  std::string out = fmt::format(
      "{} contacts up to {} (data horizon); {} without customer_id (left out of FCR and "
      "issues).\nPending: results whose window ends after the horizon, left out of the rate.\n",
      r.contacts, FormatTimestampUtc(r.horizon), r.without_customer);
  std::vector<std::string> current;
  for (const MetricRow& row : r.rows) {
    if (row.keys != current) {
      current = row.keys;
      std::string title;
      for (size_t d = 0; d < r.by.size(); ++d) {
        title += fmt::format("{}{} {}", d ? ", " : "", DimensionName(r.by[d]),
                             row.keys[d].empty() ? "(none)" : row.keys[d]);
      }
      out += fmt::format("\n{}\n  {:<38} {:>10}  {:<15} {:>7} {:>7}  {}\n", title, "metric",
                         "value", "95% interval", "n", "pending", "meaning");
    }
    const Meaning* m = MeaningOf(row.metric);
    const std::string_view unit = m ? m->unit : "";
    std::string value = row.value ? Shown(*row.value, unit) : "-";
    std::string interval;
    if (row.low && unit == "%") {
      interval = fmt::format("{:.1f}-{:.1f}%", 100 * *row.low, 100 * *row.high);
    }
    out += fmt::format("  {:<38} {:>10}  {:<15} {:>7} {:>7}  {}\n", row.metric, value, interval,
                       row.denominator ? std::to_string(*row.denominator) : "",
                       row.pending ? std::to_string(*row.pending) : "", m ? m->text : "");
  }
  return out;
}

}  // namespace cx
