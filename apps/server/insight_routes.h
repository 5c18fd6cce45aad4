// The portal API's insight routes (notes on a partner's performance, PortalStore insights):
//   POST /api/v1/insights                  {partner?, title, body}: a new insight
//   GET  /api/v1/insights                  the insights the caller may see, newest first
//   POST /api/v1/insights/{id}/answer      {body}: a client admin answers
//   POST /api/v1/insights/{id}/status      {status: open|answered|closed}
// A partner user writes about and reads its own partner's insights only (partner defaults to
// its own); a client admin writes about any partner; a client viewer reads all, writes none.
// Changing the status: a client admin, or a user of the insight's partner. An insight of
// another partner is answered as if it did not exist (404), so ids reveal nothing. Every write
// is audited (AddScopedRoute). Shapes: docs/api.md. Thread-safe.
#pragma once

#include "portal/router.h"
#include "server/api_data.h"

namespace cx::server {

inline constexpr size_t kMaxInsightTitle = 200;
inline constexpr size_t kMaxInsightBody = 20'000;

void AddInsightRoutes(Router& router, ApiData& data);

}  // namespace cx::server
