// The portal API's drill-down route (docs/api.md "Drill-down"):
//   GET /api/v1/partners/{partner}/contacts?period=&metric=&limit=&offset=
// The contacts (or survey responses) behind one partner's figure of a metric in a period, each
// with whether it counts in the numerator and why (metrics/drilldown.h), read from the store's
// slice rather than the score. A partner user gets its own partner only, and a reason never
// names another partner or one of its contacts ("another partner"). Thread-safe.
#pragma once

#include "portal/router.h"
#include "server/api_data.h"

namespace cx::server {

inline constexpr int64_t kDrilldownDefaultLimit = 50;
inline constexpr int64_t kDrilldownMaxLimit = 500;

void AddContactRoutes(Router& router, ApiData& data);

}  // namespace cx::server
