// The portal API's metric routes, over the workspace's cached score (ApiData):
//   GET /api/v1/partners/{partner}/scorecard?from=&to=  one partner's metric rows per period
//   GET /api/v1/overview?period=   SLA attainment vs outcomes per partner, and monthly trends
//   GET /api/v1/rank?metric=&period=   a stack rank with ties
//   GET /api/v1/metrics   the metric catalog and the metric settings (no partner data)
// A partner user gets its own partner's data; others appear only in the overview and the rank,
// as anonymous rank labels (TenantScope::RankLabels) with their value and nothing else.
// Shapes: docs/api.md. Thread-safe.
#pragma once

#include "portal/router.h"
#include "server/api_data.h"

namespace cx::server {

void AddDataRoutes(Router& router, ApiData& data);

}  // namespace cx::server
