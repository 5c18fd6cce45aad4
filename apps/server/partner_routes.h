// The portal API's partner routes:
//   GET /api/v1/partners  -> {"partners": [{"name"}]}, only those the caller may see (TenantScope)
// Data comes through a function so that the routes can be tested without a workspace.
// Thread-safe if `list_partners` is.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "portal/router.h"

namespace cx::server {

// Every partner in the workspace's data, sorted.
using ListPartnersFn = std::function<Result<std::vector<std::string>>()>;

void AddPartnerRoutes(Router& router, ListPartnersFn list_partners);

}  // namespace cx::server
