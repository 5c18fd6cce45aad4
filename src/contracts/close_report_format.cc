// Tolerant JSON access, HTML escaping and display formats of the close report.

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "contracts/close_report_internal.h"
#include "contracts/metric_catalog.h"

namespace cx::close_report {

namespace {

const Json& EmptyArray() {
  static const Json kEmpty = Json::array();
  return kEmpty;
}

const Json& EmptyObject() {
  static const Json kEmpty = Json::object();
  return kEmpty;
}

struct HumanName {
  std::string_view metric;
  std::string_view name;
};

constexpr HumanName kHumanNames[] = {
    {"service_level", "Service level"},
    {"response_within", "Responses within target time"},
    {"abandon_rate", "Abandon rate"},
    {"asa_seconds", "Average speed of answer"},
    {"aht_seconds", "Average handle time"},
    {"transfer_rate", "Transfer rate"},
    {"fcr", "First-contact resolution"},
    {"fcr_same_reason", "First-contact resolution (same reason)"},
    {"repeat_rate", "Repeat-contact rate"},
    {"contacts_per_issue", "Contacts per issue"},
    {"time_to_resolve_median_hours", "Time to resolve (median)"},
    {"time_to_resolve_p90_hours", "Time to resolve (90th percentile)"},
    {"time_to_resolve_median_business_hours", "Time to resolve (median, business hours)"},
    {"time_to_resolve_p90_business_hours", "Time to resolve (p90, business hours)"},
    {"nps", "Net Promoter Score"},
    {"nps_promoters", "Promoters"},
    {"nps_detractors", "Detractors"},
    {"csat", "Customer satisfaction (CSAT)"},
    {"ces", "Customer effort score"},
    {"ces_share_5plus", "Low-effort share (CES 5+)"},
    {"response_rate", "Survey response rate"},
    {"kb_agent_use_rate", "Knowledge-base use by agents"},
    {"containment", "Self-service containment"},
    {"kb_deflection", "Knowledge-base deflection"},
    {"kb_helpful_rate", "Knowledge-base helpfulness"},
    {"contacts_per_1000_orders", "Contacts per 1,000 orders"},
    {"uptime", "Uptime"},
    {"downtime_hours", "Downtime"},
    {"offered", "Contacts offered"},
    {"handled", "Contacts handled"},
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The unit written after a value of the scale.
std::string_view UnitOf(Scale scale) {
  switch (scale) {
    case Scale::kRate:
    case Scale::kChange:
      return "%";
    case Scale::kSeconds:
      return " s";
    case Scale::kHours:
      return " h";
    default:
      return "";
  }
}

// Formats with `decimals` places and never shows a negative zero.
std::string Fixed(double v, int decimals) {
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

}  // namespace

const Json* Field(const Json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}

const Json& ArrayOf(const Json& j, std::string_view key) {
  const Json* f = Field(j, key);
  return f != nullptr && f->is_array() ? *f : EmptyArray();
}

const Json& ObjectOf(const Json& j, std::string_view key) {
  const Json* f = Field(j, key);
  return f != nullptr && f->is_object() ? *f : EmptyObject();
}

std::optional<double> Number(const Json& j, std::string_view key) {
  const Json* f = Field(j, key);
  if (f == nullptr || !f->is_number()) return std::nullopt;
  const double v = f->get<double>();
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::optional<int64_t> Integer(const Json& j, std::string_view key) {
  const Json* f = Field(j, key);
  if (f == nullptr) return std::nullopt;
  if (f->is_number_integer()) return f->get<int64_t>();
  if (f->is_number_float()) {
    const double v = f->get<double>();
    if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 9e15) {
      return static_cast<int64_t>(v);
    }
  }
  return std::nullopt;
}

std::string Text(const Json& j, std::string_view key) {
  const Json* f = Field(j, key);
  if (f == nullptr) return "";
  if (f->is_string()) return f->get<std::string>();
  if (f->is_number() || f->is_boolean()) return f->dump();
  return "";
}

bool Flag(const Json& j, std::string_view key) {
  const Json* f = Field(j, key);
  return f != nullptr && f->is_boolean() && f->get<bool>();
}

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Scale ScaleOfMetric(std::string_view metric) {
  if (const MetricInfo* m = FindMetric(metric)) {
    switch (m->scale) {
      case MetricScale::kRate:
        return Scale::kRate;
      case MetricScale::kSeconds:
        return Scale::kSeconds;
      case MetricScale::kHours:
        return Scale::kHours;
      case MetricScale::kNps:
        return Scale::kNps;
      case MetricScale::kCes:
      case MetricScale::kMean:
        return Scale::kScore;
      case MetricScale::kCount:
        return Scale::kCount;
      case MetricScale::kStatistic:
        return Scale::kNumber;
    }
  }
  if (EndsWith(metric, "_seconds")) return Scale::kSeconds;
  if (EndsWith(metric, "_hours")) return Scale::kHours;
  if (metric == "nps" || EndsWith(metric, "_nps")) return Scale::kNps;
  if (EndsWith(metric, "_rate") || EndsWith(metric, "_share") || metric == "csat" ||
      metric == "fcr" || metric == "service_level") {
    return Scale::kRate;
  }
  return Scale::kNumber;
}

std::string HumanMetricName(std::string_view metric) {
  for (const HumanName& h : kHumanNames) {
    if (h.metric == metric) return std::string(h.name);
  }
  std::string_view base = metric;
  for (std::string_view suffix : {"_seconds", "_hours"}) {
    if (EndsWith(base, suffix)) base.remove_suffix(suffix.size());
  }
  return base.empty() ? "(unnamed metric)" : Humanize(base);
}

std::string Humanize(std::string_view snake) {
  std::string out(snake);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::string FormatValue(Scale scale, double v) {
  if (!std::isfinite(v)) return "—";
  switch (scale) {
    case Scale::kRate:
      return Fixed(v * 100, 1) + "%";
    case Scale::kSeconds:
      return std::fabs(v) < 100 ? Fixed(v, 1) + " s" : GroupThousands(std::llround(v)) + " s";
    case Scale::kHours:
      return Fixed(v, 1) + " h";
    case Scale::kNps: {
      std::string s = Fixed(v, 1);
      return s[0] != '-' && s != "0.0" ? "+" + s : s;
    }
    case Scale::kScore:
      return Fixed(v, 2);
    case Scale::kCount:
      return GroupThousands(std::llround(v));
    case Scale::kNumber:
      return Fixed(v, std::fabs(v) < 10 ? 3 : 1);
    case Scale::kChange: {
      std::string s = Fixed(v * 100, 1);
      return (s[0] != '-' && s != "0.0" ? "+" + s : s) + "%";
    }
  }
  return Fixed(v, 2);
}

std::string FormatInterval(Scale scale, double low, double high) {
  const std::string_view unit = UnitOf(scale);
  std::string a = FormatValue(scale, low);
  if (!unit.empty() && EndsWith(a, unit)) a.resize(a.size() - unit.size());
  return a + "–" + FormatValue(scale, high);
}

std::string FormatTick(Scale scale, double v, double step) {
  const bool percent = scale == Scale::kRate || scale == Scale::kChange;
  const double shown_step = percent ? step * 100 : step;
  int decimals = 0;
  while (decimals < 4 && std::fabs(shown_step * std::pow(10, decimals) -
                                   std::round(shown_step * std::pow(10, decimals))) > 1e-6) {
    ++decimals;
  }
  const double shown = percent ? v * 100 : v;
  std::string s = Fixed(shown, decimals);
  if ((scale == Scale::kNps || scale == Scale::kChange) && s[0] != '-' &&
      s.find_first_not_of("0.") != std::string::npos) {
    s = "+" + s;
  }
  return s + std::string(UnitOf(scale));
}

std::string GroupThousands(int64_t value) {
  const bool negative = value < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string GroupDecimalString(std::string_view decimal) {
  size_t start = !decimal.empty() && decimal[0] == '-' ? 1 : 0;
  size_t end = decimal.find('.');
  if (end == std::string_view::npos) end = decimal.size();
  if (end == start) return std::string(decimal);
  for (size_t i = start; i < decimal.size(); ++i) {
    const char c = decimal[i];
    if (!(c >= '0' && c <= '9') && !(c == '.' && i == end)) return std::string(decimal);
  }
  std::string out(decimal.substr(0, start));
  for (size_t i = start; i < end; ++i) {
    if (i > start && (end - i) % 3 == 0) out += ',';
    out += decimal[i];
  }
  out += decimal.substr(end);
  return out;
}

std::string CurrencySymbol(std::string_view currency) {
  if (currency == "USD" || currency == "CAD" || currency == "AUD") {
    return currency == "USD" ? "$" : std::string(currency.substr(0, 2)) + "$";
  }
  if (currency == "EUR") return "€";
  if (currency == "GBP") return "£";
  return "";
}

std::string FormatMoney(int64_t cents, std::string_view currency) {
  const bool negative = cents < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  const std::string units = GroupThousands(static_cast<int64_t>(magnitude / 100));
  const std::string amount = fmt::format("{}.{:02}", units, magnitude % 100);
  const std::string symbol = CurrencySymbol(currency);
  std::string out = negative ? "−" : "";
  if (!symbol.empty() || currency.empty()) return out + symbol + amount;
  return out + amount + " " + Escape(currency);
}

}  // namespace cx::close_report
