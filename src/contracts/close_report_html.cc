// The close report's stylesheet and the small HTML pieces its sections are built from.

#include <fmt/format.h>

#include "contracts/close_report_internal.h"

namespace cx::close_report {

namespace {

// Colours: Okabe-Ito hues for marks; darker shades of the same hues for text on light tints,
// each above 4.5:1 contrast.
constexpr std::string_view kCss = R"css(
:root{--ink:#1f2933;--muted:#5b6573;--line:#e2e7ed;--bg:#f3f5f8;--card:#fff;
--good:#00704f;--good-bg:#dff2ea;--bad:#a83800;--bad-bg:#fbe7dd;--warn:#7a5200;--warn-bg:#fcefcf;
--info:#005a8c;--info-bg:#e0eef8;--none:#4f5866;--none-bg:#eceff3}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,
"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
main{max-width:1200px;margin:0 auto;padding:24px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;
color:var(--muted)}
h1{font-size:30px;line-height:1.1;margin:2px 0 4px;letter-spacing:-.01em}
h2{font-size:18px;margin:0 0 2px}
h3{font-size:14px;margin:14px 0 8px;text-transform:uppercase;letter-spacing:.04em;
color:var(--muted)}
h4{font-size:14px;margin:0 0 2px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;
box-shadow:0 1px 2px rgba(16,24,40,.05);padding:20px 24px;margin:0 0 16px}
.intro{color:var(--muted);margin:0 0 14px;max-width:88ch}
.muted{color:var(--muted)}
.empty{color:var(--muted);font-style:italic;margin:6px 0}
.top{display:grid;grid-template-columns:minmax(230px,1fr) 2.4fr;gap:24px;align-items:center;
border-top:4px solid #0072B2}
.eyebrow{margin:0;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
.sub{margin:0;color:var(--muted)}
.meta{display:grid;grid-template-columns:repeat(4,1fr);gap:10px 18px;margin:0}
.meta dt{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.meta dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.strip{margin:0 0 16px}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:12px 16px;
border-left:5px solid var(--line)}
.tile .big{display:block;font-size:26px;font-weight:700;font-variant-numeric:tabular-nums}
.tile .label{color:var(--muted);font-size:12.5px}
.tile.good{border-left-color:#009E73}.tile.good .big{color:var(--good)}
.tile.bad{border-left-color:#D55E00}.tile.bad .big{color:var(--bad)}
.tile.none{border-left-color:#9aa4b1}.tile.money{border-left-color:#0072B2}
.flags{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.pill{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12.5px;
font-weight:600;white-space:nowrap}
.pill.good{background:var(--good-bg);color:var(--good)}
.pill.bad{background:var(--bad-bg);color:var(--bad)}
.pill.warn{background:var(--warn-bg);color:var(--warn)}
.pill.info{background:var(--info-bg);color:var(--info)}
.pill.none{background:var(--none-bg);color:var(--none)}
.pill.kind{background:var(--none-bg);color:var(--none);font-weight:500;text-transform:uppercase;
font-size:11px;letter-spacing:.04em}
.flags .pill{font-size:13.5px;padding:5px 14px}
.callout{border-radius:8px;padding:10px 14px;margin:0 0 14px}
.callout.bad{background:var(--bad-bg);border-left:4px solid #D55E00}
.callout.good{background:var(--good-bg);border-left:4px solid #009E73}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
th{text-align:left;font-size:11.5px;font-weight:600;color:var(--muted);text-transform:uppercase;
letter-spacing:.04em;padding:6px 10px;border-bottom:2px solid var(--line)}
td{padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}
.r{text-align:right}
td code{font-size:11px}
.num.neg{color:var(--bad)}
.summary{margin-top:10px;width:auto;min-width:300px;margin-left:auto}
.summary th{text-transform:none;font-size:13px;letter-spacing:0;color:var(--ink);font-weight:500;
border-bottom:1px solid var(--line)}
.summary tr.total th,.summary tr.total td{font-weight:700;font-size:16px;border-top:2px solid
var(--ink);border-bottom:0}
.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:14px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:14px}
.cols{display:grid;grid-template-columns:1.3fr 1fr;gap:28px}
.panel{margin:0;border:1px solid var(--line);border-radius:10px;padding:10px 12px 6px}
.panel figcaption{display:flex;justify-content:space-between;align-items:baseline;gap:8px;
margin-bottom:4px}
.panel .name{font-weight:600}
.panel .latest{white-space:nowrap;font-size:18px;font-weight:700;font-variant-numeric:tabular-nums}
.chip{font-size:10.5px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;
padding:1px 6px;border-radius:4px;vertical-align:1px}
.chip.sla{background:var(--info-bg);color:var(--info)}
.chip.outcome{background:var(--bad-bg);color:var(--bad)}
svg{display:block;width:100%;height:auto;overflow:visible}
svg text{font-family:inherit}
svg .tick{fill:var(--muted);font-size:10.5px}
svg .year{font-size:9.5px}
svg .grid{stroke:#e9edf2;stroke-width:1}
svg .now{fill:#0072B2;opacity:.06}
svg .band{opacity:.2}
svg .line{fill:none;stroke-width:2.2;stroke-linejoin:round;stroke-linecap:round}
svg .pt.miss{fill:#fff;stroke-width:2.2}
svg .target{fill:none;stroke:#3d4652;stroke-width:1.3;stroke-dasharray:5 4}
svg .target-label{fill:#3d4652;font-size:10px;paint-order:stroke;stroke:#fff;stroke-width:3px;
stroke-linejoin:round}
svg .good{fill:#009E73;opacity:.07}
svg .bad{fill:#D55E00;opacity:.07}
svg .zero{stroke:#3d4652;stroke-width:1.3}
svg .zone{fill:var(--muted);font-size:10.5px}
svg .bar{fill:#a7c4dc}svg .bar.actual{fill:#0072B2}
svg .bar-label{fill:var(--ink);font-size:12.5px}svg .bar-label.actual{font-weight:700}
svg .bar-value{fill:var(--ink);font-size:12.5px}svg .bar-value.actual{font-weight:700}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:6px 0 4px;
font-size:12.5px}
.legend li{display:flex;align-items:center;gap:6px}
.legend svg{width:26px;height:10px}
.whatifs{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px;
margin-top:12px}
.whatif{border:1px solid var(--line);border-radius:10px;padding:10px 12px}
.whatif .big{font-size:20px;font-weight:700;margin:2px 0;font-variant-numeric:tabular-nums}
.delta{font-size:12.5px;color:var(--muted)}
details{margin-top:6px}summary{cursor:pointer;color:var(--info);font-size:12.5px}
details table{font-size:12px}
.flag{border:1px solid var(--line);border-left:4px solid #D55E00;border-radius:8px;
padding:10px 14px;margin:0 0 10px}
.flag p{margin:2px 0 8px}
.facts{display:grid;grid-template-columns:repeat(3,1fr);gap:14px;margin-bottom:14px}
.fact{border:1px solid var(--line);border-radius:10px;padding:10px 14px}
.fact .big{font-size:22px;font-weight:700}
.steps{display:flex;gap:4px;margin-top:6px}
.steps span{flex:1;height:8px;border-radius:4px;background:var(--none-bg)}
.steps span.on{background:#E69F00}
.sentences{margin:0;padding-left:18px}.sentences li{margin:4px 0}
.share{display:flex;align-items:center;gap:8px;justify-content:flex-end}
.share .track{width:90px;height:8px;border-radius:4px;background:var(--none-bg);overflow:hidden}
.share .fill{display:block;height:100%;background:#0072B2}
footer{color:var(--muted);font-size:12px;text-align:center;padding:8px 0 24px}
@media (max-width:900px){.top,.cols,.pair{grid-template-columns:1fr}
.grid,.meta,.facts{grid-template-columns:1fr 1fr}}
@media print{body{background:#fff}.card{box-shadow:none}}
)css";

}  // namespace

std::string_view ReportCss() { return kCss; }

std::string Esc(const Json& j, std::string_view key) {
  std::string t = Text(j, key);
  return t.empty() ? std::string(kDash) : Escape(t);
}

std::string Money(const Json& j, std::string_view key, std::string_view currency) {
  auto c = Integer(j, key);
  if (!c) return std::string(kDash);
  return fmt::format("<span class=\"num{}\">{}</span>",
                     *c < 0    ? " neg"
                     : *c == 0 ? " muted"
                               : "",
                     FormatMoney(*c, currency));
}

std::string MetricValue(const Json& j, std::string_view key, std::string_view metric) {
  auto v = Number(j, key);
  return v ? FormatValue(ScaleOfMetric(metric), *v) : std::string(kDash);
}

std::string MetricCell(std::string_view metric) {
  if (metric.empty()) return std::string(kDash);
  return fmt::format("{}<br><code>{}</code>", Escape(HumanMetricName(metric)), Escape(metric));
}

std::string Pill(std::string_view cls, std::string_view text) {
  return fmt::format("<span class=\"pill {}\">{}</span>", cls, text);
}

std::string StatusPill(std::string_view status) {
  if (status == "met") return Pill("good", "✓ met");
  if (status == "missed") return Pill("bad", "✗ missed");
  return Pill("none", "– not measured");
}

std::string Section(std::string_view id, std::string_view title, std::string_view intro,
                    const std::string& body) {
  return fmt::format("<section class=\"card\" id=\"{}\"><h2>{}</h2>{}{}</section>", id, title,
                     intro.empty() ? "" : fmt::format("<p class=\"intro\">{}</p>", intro), body);
}

std::string Empty(std::string_view what) { return fmt::format("<p class=\"empty\">{}</p>", what); }

std::string Table(const std::vector<std::string>& head, const std::vector<bool>& right,
                  const std::vector<std::vector<std::string>>& rows) {
  auto align = [&](size_t c) { return c < right.size() && right[c] ? " class=\"r\"" : ""; };
  std::string out = "<table><thead><tr>";
  for (size_t c = 0; c < head.size(); ++c) out += fmt::format("<th{}>{}</th>", align(c), head[c]);
  out += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    out += "<tr>";
    for (size_t c = 0; c < row.size(); ++c) {
      out += fmt::format("<td{}>{}</td>", align(c), row[c]);
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

}  // namespace cx::close_report
