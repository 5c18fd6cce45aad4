// The close report's sections below the KPIs: money, consequences, SLA audit and allocation.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "contracts/close_report_internal.h"

namespace cx::close_report {

namespace {

// A unit price as the close writes it (a decimal string), with the currency: "−$500.00".
std::string UnitPrice(std::string_view price, std::string_view currency) {
  if (price.empty()) return std::string(kDash);
  const bool negative = price[0] == '-';
  if (negative) price.remove_prefix(1);
  const std::string symbol = CurrencySymbol(currency);
  const std::string amount = Escape(GroupDecimalString(price));
  const std::string sign = negative ? "−" : "";
  if (!symbol.empty() || currency.empty()) return sign + symbol + amount;
  return sign + amount + " " + Escape(currency);
}

std::string InvoiceLines(const Json& invoice, std::string_view currency) {
  std::vector<std::vector<std::string>> rows;
  for (const Json& l : ArrayOf(invoice, "lines")) {
    const std::string qty = Text(l, "quantity"), price = Text(l, "unit_price");
    rows.push_back({Text(l, "kind").empty() ? std::string(kDash)
                                            : Pill("kind", Escape(Humanize(Text(l, "kind")))),
                    Esc(l, "description"),
                    qty.empty() ? std::string(kDash) : Escape(GroupDecimalString(qty)),
                    UnitPrice(price, currency), Money(l, "amount_cents", currency)});
  }
  if (rows.empty()) return Empty("No invoice lines.");
  return Table({"Kind", "Description", "Quantity", "Unit price", "Amount"},
               {false, false, true, true, true}, rows);
}

// A signed difference of two values of the metric: "+5.0 pp" for rates.
std::string Difference(const Json& j, std::string_view key, std::string_view metric) {
  auto d = Number(j, key);
  if (!d) return std::string(kDash);
  const Scale scale = ScaleOfMetric(metric);
  if (scale == Scale::kRate) {
    std::string s = fmt::format("{:.1f}", *d * 100);
    if (s == "-0.0") s = "0.0";
    return (s[0] != '-' && s != "0.0" ? "+" : "") + s + " pp";
  }
  std::string s = FormatValue(scale, *d);
  return (*d > 0 && s[0] != '+' ? "+" : "") + s;
}

std::string PValue(const Json& j, std::string_view key) {
  auto p = Number(j, key);
  if (!p) return std::string(kDash);
  return *p < 0.001 ? "&lt; 0.001" : fmt::format("{:.3f}", *p);
}

}  // namespace

std::string MoneySection(const Json& pc) {
  const Json& money = ObjectOf(pc, "money");
  const Json& invoice = ObjectOf(pc, "invoice");
  const std::string currency = Text(money, "currency");
  std::string summary;
  for (auto [key, label] : {std::pair{"charges_cents", "Charges"},
                            {"credits_cents", "Credits"},
                            {"bonuses_cents", "Bonuses"},
                            {"earn_back_cents", "Earn-back"},
                            {"outcome_bonus_cents", "Outcome bonus"}}) {
    summary += fmt::format("<tr><th>{}</th><td class=\"r\">{}</td></tr>", label,
                           Money(money, key, currency));
  }
  summary += fmt::format("<tr class=\"total\"><th>Total</th><td class=\"r\">{}</td></tr>",
                         Money(money, "total_cents", currency));
  const std::string label = Text(invoice, "label");
  std::string left = fmt::format(
      "<div><h3>Invoice{}</h3>{}<table class=\"summary\"><tbody>{}</tbody></table></div>",
      label.empty() ? "" : " · " + Escape(Humanize(label)), InvoiceLines(invoice, currency),
      summary);

  std::vector<Bar> bars;
  auto actual = Integer(money, "total_cents");
  if (actual)
    bars.push_back({(label.empty() ? "Contract" : Humanize(label)) + " (actual)", *actual, true});
  std::string cards;
  for (const Json& w : ArrayOf(pc, "what_if")) {
    const std::string wl = Text(w, "label").empty() ? "What-if" : Humanize(Text(w, "label"));
    auto total = Integer(w, "total_cents");
    if (total) bars.push_back({wl, *total, false});
    std::string delta;
    if (total && actual) {
      const int64_t d = *total - *actual;
      delta = fmt::format("<span class=\"delta {}\">{}{} vs actual</span>",
                          d > 0   ? "up"
                          : d < 0 ? "down"
                                  : "",
                          d > 0 ? "+" : "", FormatMoney(d, currency));
    }
    const size_t n = ArrayOf(w, "lines").size();
    cards += fmt::format("<div class=\"whatif\"><h4>{}</h4><p class=\"big\">{}</p>{}{}</div>",
                         Escape(wl), Money(w, "total_cents", currency), delta,
                         n == 0 ? ""
                                : fmt::format("<details><summary>{} line{}</summary>{}"
                                              "</details>",
                                              n, n == 1 ? "" : "s", InvoiceLines(w, currency)));
  }
  std::string right = "<div><h3>What-if pricing</h3>";
  if (cards.empty()) {
    right += Empty("No what-if invoices.");
  } else {
    right += RenderInvoiceBars(bars, currency) + "<div class=\"whatifs\">" + cards + "</div>";
  }
  right += "</div>";
  return Section("money", "Money",
                 "This month's invoice under the contract's pricing, and what the same month "
                 "would have cost under the alternatives.",
                 "<div class=\"cols\">" + left + right + "</div>");
}

std::string ConsequencesSection(const Json& pc) {
  const auto level = Integer(pc, "escalation_level");
  std::string steps;
  for (int64_t i = 1; i <= std::max<int64_t>(3, level.value_or(0)); ++i) {
    steps += fmt::format("<span{}></span>", level && i <= *level ? " class=\"on\"" : "");
  }
  const Json& rebid = ObjectOf(pc, "rebid");
  const auto streak = Integer(rebid, "streak");
  const Json& cures = ArrayOf(pc, "cures");
  std::string body = fmt::format(
      "<div class=\"facts\">"
      "<div class=\"fact\"><h4>Escalation level</h4><p class=\"big\">{}</p><div class=\"steps\" "
      "aria-hidden=\"true\">{}</div><p class=\"muted\">Failed cure windows so far; it never "
      "goes down.</p></div>"
      "<div class=\"fact\"><h4>Cure events this month</h4><p class=\"big\">{}</p><p "
      "class=\"muted\">A missed KPI opens a window to cure it; failing it escalates.</p></div>"
      "<div class=\"fact\"><h4>Rebid</h4><p class=\"big\">{}</p><p class=\"muted\">{}</p></div>"
      "</div>",
      level ? std::to_string(*level) : std::string(kDash), steps, cures.size(),
      Flag(rebid, "exempt") ? Pill("info", "Exempt") : Pill("none", "Not exempt"),
      streak ? fmt::format("{} consecutive month{} meeting the exemption condition.", *streak,
                           *streak == 1 ? "" : "s")
             : "No streak recorded.");

  std::vector<std::vector<std::string>> rows;
  for (const Json& c : cures) {
    const std::string event = Text(c, "event");
    rows.push_back({Pill(event == "cured"    ? "good"
                         : event == "failed" ? "bad"
                                             : "warn",
                         event.empty() ? "event" : Escape(event)),
                    MetricCell(Text(c, "metric")), Esc(c, "breach_month"), Esc(c, "deadline")});
  }
  body += "<h3>Cure windows</h3>";
  body += rows.empty() ? Empty("No cure event this month.")
                       : Table({"Event", "Metric", "Breach month", "Deadline"}, {}, rows);

  body += "<h3>Termination triggers</h3>";
  const Json& flags = ArrayOf(pc, "termination");
  if (flags.empty()) body += Empty("No termination trigger holds this month.");
  for (const Json& f : flags) {
    std::vector<std::vector<std::string>> evidence;
    for (const Json& e : ArrayOf(f, "evidence")) {
      const std::string metric = Text(e, "metric");
      evidence.push_back({Esc(e, "month"), MetricCell(metric), MetricValue(e, "value", metric),
                          Esc(e, "peer"), MetricValue(e, "peer_value", metric)});
    }
    const std::string name = Text(f, "name");
    body += fmt::format("<div class=\"flag\"><h4>{} <code>{}</code></h4><p>{}</p>{}</div>",
                        name.empty() ? "Trigger" : Escape(Humanize(name)), Escape(name),
                        Esc(f, "reason"),
                        evidence.empty() ? Empty("No evidence listed.")
                                         : Table({"Month", "Metric", "Value", "Peer", "Peer value"},
                                                 {false, false, true, false, true}, evidence));
  }
  return Section("consequences", "Consequences",
                 "What the contract does about misses: cure windows, escalation, termination "
                 "triggers and the exemption from the next rebid.",
                 body);
}

std::string AuditSection(const Json& pc) {
  const Json& audit = ObjectOf(pc, "audit");
  std::string body = "<h3>What each SLA tolerates</h3>";
  std::string sentences;
  for (const Json& t : ArrayOf(audit, "tolerances")) {
    sentences += fmt::format("<li><strong>{}</strong>: {}</li>",
                             Escape(HumanMetricName(Text(t, "metric"))), Esc(t, "sentence"));
  }
  body += sentences.empty() ? Empty("No tolerance computed.")
                            : "<ul class=\"sentences\">" + sentences + "</ul>";

  body += "<h3>Watermelon check</h3>";
  const Json& melon = ObjectOf(audit, "watermelon");
  if (melon.empty()) {
    body += Empty("Not computed.");
  } else {
    const bool flagged = Flag(melon, "flagged");
    body += fmt::format("<p class=\"callout {}\"><strong>{}</strong> {}</p>",
                        flagged ? "bad" : "good", flagged ? "Flagged." : "Not flagged.",
                        Text(melon, "summary").empty() ? "" : Esc(melon, "summary"));
    std::vector<std::vector<std::string>> rows;
    for (const Json& e : ArrayOf(melon, "evidence")) {
      const std::string metric = Text(e, "metric");
      const Json* worse = Field(e, "worse");
      rows.push_back({MetricCell(metric), Esc(e, "against"), MetricValue(e, "value", metric),
                      MetricValue(e, "comparison", metric), PValue(e, "p_value"),
                      worse == nullptr || !worse->is_boolean() ? std::string(kDash)
                      : worse->get<bool>()                     ? Pill("bad", "worse")
                                                               : Pill("good", "not worse")});
    }
    if (!rows.empty()) {
      body += Table({"Metric", "Compared with", "Value", "Comparison", "p-value", "Verdict"},
                    {false, false, true, true, true, false}, rows);
    }
  }

  body += "<h3>Reconciliation with the partner's own report</h3>";
  std::vector<std::vector<std::string>> rows;
  for (const Json& r : ArrayOf(audit, "reconciliation")) {
    const std::string metric = Text(r, "metric");
    rows.push_back({MetricCell(metric), MetricValue(r, "reported", metric),
                    MetricValue(r, "recomputed", metric), Difference(r, "difference", metric),
                    Esc(r, "cause"), Esc(r, "summary")});
  }
  body += rows.empty()
              ? Empty("The partner reported nothing to reconcile.")
              : Table({"Metric", "Reported", "Recomputed", "Difference", "Likely cause", "Summary"},
                      {false, true, true, true, false, false}, rows);
  return Section("audit", "SLA audit",
                 "How much each SLA lets through, whether green SLAs hide worse customer "
                 "outcomes, and how the partner's own figures compare with ours.",
                 body);
}

std::string AllocationSection(const Json& pc) {
  std::vector<std::vector<std::string>> rows;
  for (const Json& a : ArrayOf(pc, "allocation")) {
    std::string share(kDash);
    if (auto bp = Integer(a, "share_bp")) {
      const double pct = std::clamp(static_cast<double>(*bp) / 100.0, 0.0, 100.0);
      share = fmt::format(
          "<div class=\"share\"><span>{:.1f}%</span><span class=\"track\">"
          "<span class=\"fill\" style=\"width:{:.1f}%\"></span></span></div>",
          static_cast<double>(*bp) / 100.0, pct);
    }
    rows.push_back({Esc(a, "queue"), share, Esc(a, "pool_winner"), Esc(a, "summary")});
  }
  return Section("allocation", "Allocation for next period",
                 "This partner's share of each queue's volume next month.",
                 rows.empty() ? Empty("No allocation for this partner.")
                              : Table({"Queue", "Share", "Pool winner", "Why"},
                                      {false, true, false, false}, rows));
}

}  // namespace cx::close_report
