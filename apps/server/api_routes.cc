#include "server/api_routes.h"

#include "portal/router_auth_routes.h"
#include "server/close_routes.h"
#include "server/contact_routes.h"
#include "server/data_routes.h"
#include "server/insight_routes.h"
#include "server/quality_routes.h"
#include "server/upload_routes.h"

namespace cx::server {

void AddApiRoutes(Router& router, ApiData& data) {
  AddAuthRoutes(router);
  AddPartnerRoutes(router, [&data]() { return data.Partners(); });
  AddDataRoutes(router, data);
  AddQualityRoutes(router, data);
  AddContactRoutes(router, data);
  AddCloseRoutes(router, data);
  AddUploadRoutes(router, data);
  AddInsightRoutes(router, data);
}

}  // namespace cx::server
