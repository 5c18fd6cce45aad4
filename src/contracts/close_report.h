// The per-partner report of the monthly close: one partner's entry of the close document
// (docs/close.md) rendered as a self-contained HTML page for a vendor manager and the partner's
// programme manager. Inline CSS and inline SVG charts; no scripts, no external resources.
// Pure function; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace cx {

// Renders one partner's close report as a self-contained HTML page (inline CSS and inline SVG
// charts, no scripts, no external resources), deterministic: the same JSON gives the same
// bytes. Every field may be missing, null or of the wrong type: what is absent is shown as "—"
// or its section says there is nothing to show. All text from the JSON is HTML-escaped.
std::string RenderCloseReportHtml(const nlohmann::json& partner_close);

}  // namespace cx
