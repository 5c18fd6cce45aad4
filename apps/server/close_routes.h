// The portal API's close and quarantine routes:
//   GET /api/v1/closes                              periods and their close versions
//   GET /api/v1/closes/{period}                     the latest close document (filtered)
//   GET /api/v1/partners/{partner}/report/{period}  that partner's close report (HTML)
//   GET /api/v1/quarantine                          rejected records (scoped by uploader)
// A partner user gets its own entry of a close only (close_filter.h) and only the quarantine of
// files its partner's users uploaded through the portal. Shapes: docs/api.md. Thread-safe.
#pragma once

#include "portal/router.h"
#include "server/api_data.h"

namespace cx::server {

// The Content-Security-Policy of the HTML report: its inline styles and data: images only.
inline constexpr std::string_view kReportCsp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

void AddCloseRoutes(Router& router, ApiData& data);

}  // namespace cx::server
