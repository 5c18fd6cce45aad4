#include "server/partner_routes.h"

#include "portal/scope.h"

namespace cx::server {

void AddPartnerRoutes(Router& router, ListPartnersFn list_partners) {
  router.Add("GET", "/api/v1/partners",
             [list = std::move(list_partners)](const RouteContext& ctx) -> Result<HttpResponse> {
               ASSIGN_OR_RETURN(std::vector<std::string> all, list());
               TenantScope scope(*ctx.principal);
               nlohmann::json partners = nlohmann::json::array();
               for (const std::string& name : scope.VisiblePartners(all)) {
                 partners.push_back({{"name", name}});
               }
               return HttpResponse::Json(200, {{"partners", std::move(partners)}});
             });
}

}  // namespace cx::server
