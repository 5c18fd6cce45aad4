// The close report's page: header, status strip, SLA beside outcome, trends and KPIs; the
// sections below those are close_report_sections.cc.

#include "contracts/close_report.h"

#include <fmt/format.h>

#include <cmath>

#include "contracts/close_report_internal.h"

namespace cx {

namespace {

using close_report::Json;
using namespace close_report;  // NOLINT: the report's own helpers.

std::string Header(const Json& pc) {
  const Json& contract = ObjectOf(pc, "contract");
  std::string fingerprint = Text(pc, "fingerprint");
  const std::string short_fp = fingerprint.substr(0, 12);
  std::string meta;
  auto item = [&](std::string_view label, std::string value) {
    meta += fmt::format("<div><dt>{}</dt><dd>{}</dd></div>", label, value);
  };
  item("Period", Esc(pc, "period"));
  item("Version", Esc(pc, "version"));
  item("Fingerprint", short_fp.empty() ? std::string(kDash)
                                       : fmt::format("<code title=\"{}\">{}</code>",
                                                     Escape(fingerprint), Escape(short_fp)));
  item("Pricing", Text(contract, "pricing").empty() ? std::string(kDash)
                                                    : Escape(Humanize(Text(contract, "pricing"))));
  item("Contract file", Text(contract, "file").empty()
                            ? std::string(kDash)
                            : fmt::format("<code>{}</code>", Escape(Text(contract, "file"))));
  item("MSA in force since", Esc(contract, "msa_effective"));
  item("SOW in force since", Esc(contract, "sow_effective"));
  item("Operations manual since", Esc(contract, "operations_effective"));
  const std::string partner = Text(pc, "partner");
  return fmt::format(
      "<header class=\"card top\"><div class=\"who\"><p class=\"eyebrow\">Monthly close · {}</p>"
      "<h1>{}</h1><p class=\"sub\">{}</p></div><dl class=\"meta\">{}</dl></header>",
      Esc(pc, "period"), partner.empty() ? "Unnamed partner" : Escape(partner),
      Flag(pc, "in_house") ? "In-house centre (benchmark)" : "Outsourced partner", meta);
}

std::string StatusStrip(const Json& pc) {
  int met = 0, missed = 0, none = 0;
  for (const Json& k : ArrayOf(pc, "kpis")) {
    const std::string s = Text(k, "status");
    (s == "met" ? met : s == "missed" ? missed : none)++;
  }
  const Json& money = ObjectOf(pc, "money");
  const std::string currency = Text(money, "currency");
  auto tile = [](std::string_view cls, std::string value, std::string_view label) {
    return fmt::format(
        "<div class=\"tile {}\"><span class=\"big\">{}</span>"
        "<span class=\"label\">{}</span></div>",
        cls, value, label);
  };
  std::string tiles = tile("good", std::to_string(met), "KPIs met") +
                      tile(missed > 0 ? "bad" : "", std::to_string(missed), "KPIs missed") +
                      tile("none", std::to_string(none), "KPIs not measured");
  auto total = Integer(money, "total_cents");
  tiles +=
      tile("money", total ? FormatMoney(*total, currency) : std::string(kDash), "invoice total");
  if (auto risk = Integer(money, "at_risk_cents")) {
    tiles += tile("money", FormatMoney(*risk, currency), "at risk this month");
  }

  std::string flags;
  if (const std::string status = Text(pc, "status"); !status.empty() && status != "closed") {
    flags += Pill("warn", Escape(Humanize(status)));
  }
  if (const Json* in_term = Field(ObjectOf(pc, "contract"), "in_term");
      in_term != nullptr && in_term->is_boolean() && !in_term->get<bool>()) {
    flags += Pill("warn", "Contract not in term this period");
  }
  const Json& audit = ObjectOf(pc, "audit");
  if (Flag(ObjectOf(audit, "watermelon"), "flagged")) {
    flags += Pill("bad", "Watermelon: SLAs green, outcomes worse");
  }
  if (size_t n = ArrayOf(pc, "termination").size(); n > 0) {
    flags += Pill("bad", fmt::format("⚠ Termination trigger{} ({})", n > 1 ? "s" : "", n));
  }
  for (const Json& c : ArrayOf(pc, "cures")) {
    const std::string event = Text(c, "event");
    flags += Pill(event == "cured"    ? "good"
                  : event == "failed" ? "bad"
                                      : "warn",
                  fmt::format("Cure {}: {}", Escape(event.empty() ? "event" : event),
                              Escape(HumanMetricName(Text(c, "metric")))));
  }
  if (auto level = Integer(pc, "escalation_level"); level && *level > 0) {
    flags += Pill("warn", fmt::format("Escalation level {}", *level));
  }
  if (Flag(ObjectOf(pc, "rebid"), "exempt")) flags += Pill("info", "Exempt from rebid");
  if (flags.empty()) flags = Pill("good", "No open flags");
  return fmt::format(
      "<section class=\"strip\" aria-label=\"Status\"><div class=\"tiles\">{}"
      "</div><div class=\"flags\">{}</div></section>",
      tiles, flags);
}

std::string SlaBesideOutcome(const Json& pc) {
  std::string body;
  const Json& melon = ObjectOf(ObjectOf(pc, "audit"), "watermelon");
  if (Flag(melon, "flagged")) {
    body += fmt::format("<p class=\"callout bad\"><strong>Watermelon flag.</strong> {}</p>",
                        Esc(melon, "summary"));
  }
  const std::string charts = RenderSlaBesideOutcome(ArrayOf(pc, "trend"), Text(pc, "period"));
  body +=
      charts.empty() ? Empty("No trend in the close.") : "<div class=\"pair\">" + charts + "</div>";
  return Section("sla-beside-outcome", "SLA beside outcome",
                 "Left: how far each SLA is from its target. Right: how each customer outcome "
                 "moved since the first month. Both are drawn so that up is better: SLAs above "
                 "the line while outcomes fall is a contract that measures the wrong thing.",
                 body);
}

std::string Trends(const Json& pc) {
  const std::string panels = RenderTrendPanels(ArrayOf(pc, "trend"), Text(pc, "period"));
  if (panels.empty()) return Section("trends", "Trends", "", Empty("No trend in the close."));
  return Section(
      "trends", "Trends",
      "Each metric by month: the line is the measured value, the shaded band its 95% interval, "
      "the dashed line the contract's target. A hollow point missed its target; the shaded "
      "column is this period. Hover a point for its numbers.",
      "<div class=\"grid\">" + panels + "</div>");
}

std::string Kpis(const Json& pc) {
  const Json& kpis = ArrayOf(pc, "kpis");
  if (kpis.empty()) return Section("kpis", "KPIs", "", Empty("The contract sets no KPI."));
  const std::string currency = Text(ObjectOf(pc, "money"), "currency");
  std::vector<std::vector<std::string>> rows;
  for (const Json& k : kpis) {
    const std::string metric = Text(k, "metric");
    const Scale scale = ScaleOfMetric(metric);
    const std::string dir = Text(k, "direction");
    std::string target = MetricValue(k, "target", metric);
    if (Number(k, "target")) target = (dir == "lower" ? "≤ " : "≥ ") + target;
    auto low = Number(k, "low"), high = Number(k, "high");
    auto sample = Integer(k, "sample");
    auto weight = Number(k, "weight");
    rows.push_back(
        {MetricCell(metric),
         Text(k, "kind").empty() ? std::string(kDash) : Pill("kind", Escape(Text(k, "kind"))),
         target, "<strong>" + MetricValue(k, "value", metric) + "</strong>",
         low && high ? FormatInterval(scale, *low, *high) : std::string(kDash),
         sample ? GroupThousands(*sample) : std::string(kDash), StatusPill(Text(k, "status")),
         weight ? FormatValue(Scale::kRate, *weight) : std::string(kDash),
         Money(k, "credit_cents", currency)});
  }
  return Section("kpis", "KPIs this period",
                 "Each KPI the contract sets, its value with the 95% interval, and the service "
                 "credit its miss costs.",
                 Table({"Metric", "Kind", "Target", "Value", "95% interval", "Sample", "Status",
                        "Weight", "Credit"},
                       {false, false, true, true, true, true, false, true, true}, rows));
}

}  // namespace

std::string RenderCloseReportHtml(const nlohmann::json& pc) {
  const std::string partner = Text(pc, "partner");
  const std::string period = Text(pc, "period");
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{} · close {} · cxpact</title><style>{}</style></head><body><main>\n",
      partner.empty() ? "Partner" : Escape(partner), Escape(period), ReportCss());
  for (const std::string& part :
       {Header(pc), StatusStrip(pc), SlaBesideOutcome(pc), Trends(pc), Kpis(pc), MoneySection(pc),
        ConsequencesSection(pc), AuditSection(pc), AllocationSection(pc)}) {
    out += part;
    out += '\n';
  }
  const std::string fingerprint = Text(pc, "fingerprint");
  out += fmt::format(
      "<footer>Generated by cxpact close{}{}</footer></main></body></html>\n",
      period.empty() ? "" : " · period " + Escape(period),
      fingerprint.empty() ? "" : " · fingerprint <code>" + Escape(fingerprint) + "</code>");
  return out;
}

}  // namespace cx
