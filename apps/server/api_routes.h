// Every route of the portal's JSON API over one workspace (docs/api.md), in one call, so that
// `cxpact serve` and the authorization test register exactly the same set. Thread-safe once
// registered; `data` must outlive the router.
#pragma once

#include "portal/router.h"
#include "server/api_data.h"
#include "server/partner_routes.h"

namespace cx::server {

// The session routes (login, logout, me), GET /api/v1/partners and the data, data-quality,
// drill-down, close, upload and insight routes.
void AddApiRoutes(Router& router, ApiData& data);

}  // namespace cx::server
