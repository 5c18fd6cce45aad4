#include "metrics/output.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

#include "base/time.h"

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

namespace {

std::string Numerator(const MetricRow& r) {
  switch (r.numerator_kind) {
    case MetricRow::Numerator::kNone: return "";
    case MetricRow::Numerator::kCount: return std::to_string(r.numerator);
    case MetricRow::Numerator::kMicros: return FormatMicrosAsSeconds(r.numerator);
  }
  return "";
}

std::string Csv(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string FormatScoreCsv(const ScoreResult& r) {
  std::string out;
  for (Dimension d : r.by) out += std::string(DimensionName(d)) + ",";
  out += "metric,numerator,denominator,value,pending\n";
  for (const MetricRow& row : r.rows) {
    for (const std::string& k : row.keys) out += Csv(k) + ",";
    out += fmt::format("{},{},{},{},{}\n", row.metric, Numerator(row),
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
    if (row.numerator_kind == MetricRow::Numerator::kMicros) {
      o["numerator_seconds"] = static_cast<double>(row.numerator) / kMicrosPerSecond;
    } else if (row.numerator_kind == MetricRow::Numerator::kCount) {
      o["numerator"] = row.numerator;
    }
    if (row.denominator) o["denominator"] = *row.denominator;
    o["value"] = row.value ? nlohmann::ordered_json(*row.value) : nullptr;
    if (row.low) o["interval"] = {*row.low, *row.high};
    if (row.pending) o["pending"] = *row.pending;
    rows.push_back(std::move(o));
  }
  return j.dump(1) + "\n";
}

std::string FormatScoreTable(const ScoreResult& r) {
  // One block per group: metric, value (with its interval), n, pending.
  std::string out = fmt::format(
      "{} contacts up to {} (data horizon); {} without customer_id (left out of FCR and "
      "issues)\n",
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
      out += fmt::format("\n{}\n  {:<38} {:>14}  {:<21} {:>8} {:>8}\n", title, "metric", "value",
                         "95% interval", "n", "pending");
    }
    std::string value = row.value ? fmt::format("{:.3f}", *row.value) : "-";
    std::string interval = row.low ? fmt::format("[{:.3f}, {:.3f}]", *row.low, *row.high) : "";
    out += fmt::format("  {:<38} {:>14}  {:<21} {:>8} {:>8}\n", row.metric, value, interval,
                       row.denominator ? std::to_string(*row.denominator) : "",
                       row.pending ? std::to_string(*row.pending) : "");
  }
  return out;
}

}  // namespace cx
