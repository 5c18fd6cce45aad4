#include "metrics/extra_output.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <tuple>

#include "io/csv_reader.h"
#include "metrics/output.h"

namespace cx {

namespace {

// A core row (service and article empty) or an extended one, in one order.
struct AnyRow {
  const MetricRow* row;
  std::string_view service, article;
};

std::vector<AnyRow> Merged(const ScoreResult& core, const ExtraResult& extra) {
  std::vector<AnyRow> rows;
  rows.reserve(core.rows.size() + extra.rows.size());
  for (const MetricRow& r : core.rows) rows.push_back({&r, {}, {}});
  for (const ExtraRow& r : extra.rows) rows.push_back({&r.row, r.service, r.article});
  std::stable_sort(rows.begin(), rows.end(), [](const AnyRow& a, const AnyRow& b) {
    return std::tie(a.row->keys, a.row->metric, a.service, a.article) <
           std::tie(b.row->keys, b.row->metric, b.service, b.article);
  });
  return rows;
}

std::string Optional(const std::optional<double>& v) { return v ? FormatFixed6(*v) : ""; }

}  // namespace

std::string FormatAllCsv(const ScoreResult& core, const ExtraResult& extra) {
  std::string out;
  for (Dimension d : core.by) out += std::string(DimensionName(d)) + ",";
  out += "metric,numerator,denominator,value,pending,service,article,low,high\n";
  for (const AnyRow& a : Merged(core, extra)) {
    const MetricRow& row = *a.row;
    for (const std::string& k : row.keys) out += CsvField(k) + ",";
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", row.metric, FormatNumerator(row),
                       row.denominator ? std::to_string(*row.denominator) : "",
                       Optional(row.value), row.pending ? std::to_string(*row.pending) : "",
                       CsvField(a.service), CsvField(a.article), Optional(row.low),
                       Optional(row.high));
  }
  return out;
}

std::string FormatAllJson(const ScoreResult& core, const ExtraResult& extra) {
  nlohmann::ordered_json j;
  j["horizon"] = FormatTimestampUtc(core.horizon);
  j["contacts"] = core.contacts;
  j["contacts_without_customer_id"] = core.without_customer;
  j["extended"] = {{"sessions", extra.sessions},
                   {"sessions_of_customers_without_contacts", extra.sessions_no_contacts},
                   {"views", extra.views},
                   {"views_without_customer_id", extra.views_without_customer},
                   {"agent_uses", extra.agent_uses},
                   {"agent_uses_unlinked", extra.agent_uses_unlinked},
                   {"outside_periods", extra.outside_periods},
                   {"outages", extra.outages}};
  auto& rows = j["rows"] = nlohmann::ordered_json::array();
  for (const AnyRow& a : Merged(core, extra)) {
    const MetricRow& row = *a.row;
    nlohmann::ordered_json o;
    for (size_t d = 0; d < core.by.size(); ++d) {
      o[std::string(DimensionName(core.by[d]))] = row.keys[d];
    }
    o["metric"] = row.metric;
    if (!a.service.empty()) o["service"] = a.service;
    if (!a.article.empty()) o["article"] = a.article;
    AddMetricJson(row, o);
    rows.push_back(std::move(o));
  }
  return j.dump(1) + "\n";
}

namespace {

struct Meaning {
  std::string_view metric, text;
};
constexpr Meaning kMeanings[] = {
    {"consent_rate", "handled contacts with the opt-in choice captured (of those reporting it)"},
    {"contacts_per_1000_orders", "contacts offered per 1000 orders of the period"},
    {"containment", "self-service sessions with no assisted contact within 24 h"},
    {"demographics_rate", "handled contacts with demographics captured (of those reporting it)"},
    {"kb_agent_use_rate", "handled contacts in which the agent used a knowledge article"},
    {"kb_deflection", "article views with no assisted contact within 24 h"},
    {"kb_helpful_rate", "helpful votes / (helpful + not helpful)"},
    {"no_customer_share", "contacts without customer_id (left out of FCR and containment)"},
};

std::string_view MeaningOf(std::string_view metric) {
  for (const Meaning& m : kMeanings) {
    if (m.metric == metric) return m.text;
  }
  return "";
}

bool IsClient(const MetricRow& r, const std::vector<Dimension>& by) {
  for (size_t d = 0; d < by.size(); ++d) {
    if (by[d] != Dimension::kPeriod && r.keys[d] != kAllKey) return false;
  }
  return true;
}

std::string Title(const MetricRow& r, const std::vector<Dimension>& by) {
  std::string title;
  for (size_t d = 0; d < by.size(); ++d) {
    if (r.keys[d] == kAllKey) continue;
    title += fmt::format("{}{} {}", title.empty() ? "" : ", ", DimensionName(by[d]),
                         r.keys[d].empty() ? "(none)" : r.keys[d]);
  }
  return title;
}

std::string Percent(const std::optional<double>& v) {
  return v ? fmt::format("{:.1f}%", 100 * *v) : "-";
}

std::string Shown(const MetricRow& r) {
  if (r.metric == "contacts_per_1000_orders") {
    return r.value ? fmt::format("{:.1f}", *r.value) : "-";
  }
  return Percent(r.value);
}

std::string Interval(const MetricRow& r) {
  return r.low ? fmt::format("{:.1f}-{:.1f}%", 100 * *r.low, 100 * *r.high) : "";
}

void ClientSection(const ExtraResult& x, std::string* out) {
  std::vector<std::string> current;
  for (const ExtraRow& e : x.rows) {
    const MetricRow& r = e.row;
    if (!e.service.empty() || !e.article.empty() || !IsClient(r, x.by)) continue;
    if (r.keys != current) {
      current = r.keys;
      *out += fmt::format("\n{}, all partners\n  {:<26} {:>10}  {:<13} {:>7} {:>7}  {}\n",
                          Title(r, x.by), "metric", "value", "95% interval", "n", "pending",
                          "meaning");
    }
    *out += fmt::format("  {:<26} {:>10}  {:<13} {:>7} {:>7}  {}\n", r.metric, Shown(r),
                        Interval(r), r.denominator ? std::to_string(*r.denominator) : "",
                        r.pending ? std::to_string(*r.pending) : "", MeaningOf(r.metric));
  }
}

void GroupSection(const ExtraResult& x, std::string* out) {
  constexpr std::string_view kColumns[] = {"kb_agent_use_rate", "demographics_rate",
                                           "consent_rate", "no_customer_share",
                                           "contacts_per_1000_orders"};
  std::map<std::vector<std::string>, std::map<std::string_view, const MetricRow*>> groups;
  for (const ExtraRow& e : x.rows) {
    if (e.service.empty() && e.article.empty() && !IsClient(e.row, x.by)) {
      groups[e.row.keys][e.row.metric] = &e.row;
    }
  }
  if (groups.empty()) return;
  *out += fmt::format("\nPer group{:<30} {:>9} {:>9} {:>9} {:>9} {:>10}\n", "", "kb use",
                      "demogr.", "consent", "no cust.", "per 1000 o.");
  for (const auto& [keys, metrics] : groups) {
    std::string label;
    for (const std::string& k : keys) label += (label.empty() ? "" : " ") + (k.empty() ? "-" : k);
    *out += fmt::format("  {:<37}", label);
    for (std::string_view m : kColumns) {
      auto it = metrics.find(m);
      *out += fmt::format(" {:>9}", it == metrics.end() ? "" : Shown(*it->second));
    }
    *out += "\n";
  }
}

void UptimeSection(const ExtraResult& x, std::string* out) {
  // (period keys, service) -> metric -> row.
  std::map<std::pair<std::vector<std::string>, std::string>, std::map<std::string_view,
                                                                      const MetricRow*>> rows;
  for (const ExtraRow& e : x.rows) {
    if (!e.service.empty()) rows[{e.row.keys, e.service}][e.row.metric] = &e.row;
  }
  if (rows.empty()) return;
  *out += fmt::format("\nUptime per service ({} outages; a period still open at the horizon is "
                      "measured up to it and marked *)\n"
                      "  {:<18} {:<24} {:>9} {:>10} {:>10} {:>12}\n",
                      x.outages, "service", "accountable, period", "uptime", "downtime",
                      "measured", "allowed");
  for (const auto& [key, m] : rows) {
    const MetricRow* up = m.at("uptime");
    const MetricRow* down = m.at("downtime_hours");
    auto allowed = m.find("downtime_allowed_hours");
    std::string label;
    for (const std::string& k : key.first) label += (label.empty() ? "" : " ") + k;
    *out += fmt::format(
        "  {:<18} {:<24} {:>9} {:>10} {:>10} {:>12}\n", key.second, label,
        up->value ? fmt::format("{:.3f}%{}", 100 * *up->value, up->pending == 1 ? "*" : "")
                  : "-",
        down->value ? fmt::format("{:.2f} h", *down->value) : "-",
        fmt::format("{:.1f} h", static_cast<double>(up->denominator.value_or(0)) / 3600),
        allowed == m.end() || !allowed->second->value
            ? ""
            : fmt::format("{:.2f} h", *allowed->second->value));
  }
}

void ArticleSection(const ExtraResult& x, std::string* out) {
  constexpr size_t kTop = 10;
  // Per period keys: the articles by views (closed + pending), most viewed first.
  std::map<std::vector<std::string>, std::vector<std::pair<const ExtraRow*, const ExtraRow*>>>
      periods;
  std::map<std::pair<std::vector<std::string>, std::string>, const ExtraRow*> helpful;
  for (const ExtraRow& e : x.rows) {
    if (e.article.empty()) continue;
    if (e.row.metric == "kb_deflection") periods[e.row.keys].push_back({&e, nullptr});
    if (e.row.metric == "kb_helpful_rate") helpful[{e.row.keys, e.article}] = &e;
  }
  for (auto& [keys, list] : periods) {
    for (auto& p : list) p.second = helpful[{keys, p.first->article}];
    auto views = [](const ExtraRow* e) {
      return e->row.denominator.value_or(0) + e->row.pending.value_or(0);
    };
    std::stable_sort(list.begin(), list.end(),
                     [&](const auto& a, const auto& b) { return views(a.first) > views(b.first); });
    *out += fmt::format("\nMost viewed articles, {} ({} of {})\n  {:<14} {:>6} {:>11}  {:<13} "
                        "{:>8} {:>6}\n",
                        Title(list.front().first->row, x.by), std::min(kTop, list.size()),
                        list.size(), "article", "views", "deflection", "95% interval",
                        "helpful", "votes");
    for (size_t i = 0; i < list.size() && i < kTop; ++i) {
      const MetricRow& d = list[i].first->row;
      const MetricRow* h = list[i].second ? &list[i].second->row : nullptr;
      *out += fmt::format("  {:<14} {:>6} {:>11}  {:<13} {:>8} {:>6}\n", list[i].first->article,
                          views(list[i].first), Percent(d.value), Interval(d),
                          h ? Percent(h->value) : "-", h ? h->denominator.value_or(0) : 0);
    }
  }
}

}  // namespace

std::string FormatExtraTable(const ExtraResult& x) {
  std::string out = fmt::format(
      "\nExtended metrics (docs/decisions/0005-extended-metrics.md): {} self-service sessions "
      "({} of customers with no contact), {} article views ({} without customer_id, left out), "
      "{} agent uses ({} naming no loaded contact); {} events in periods without contacts are "
      "left out.\n",
      x.sessions, x.sessions_no_contacts, x.views, x.views_without_customer, x.agent_uses,
      x.agent_uses_unlinked, x.outside_periods);
  ClientSection(x, &out);
  GroupSection(x, &out);
  UptimeSection(x, &out);
  ArticleSection(x, &out);
  return out;
}

}  // namespace cx
