// The portal API's data-quality route, over the extended metrics' live score
// (ApiData::ExtendedScore, computed when first asked for after a load):
//   GET /api/v1/partners/{partner}/quality?from=&to=   one partner's data-quality rates by period
// The data-quality rates say how complete a partner's records are: contacts it sent without a
// customer id, and handled contacts with the customer's demographics and consent captured
// (kQualityMetrics). A partner user gets its own partner's only (TenantScope). Shape:
// docs/api.md. Thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "portal/router.h"
#include "server/api_data.h"

namespace cx::server {

// The metrics the route returns, in the order it returns them.
std::span<const std::string_view> QualityMetrics();

void AddQualityRoutes(Router& router, ApiData& data);

}  // namespace cx::server
