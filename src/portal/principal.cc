#include "portal/principal.h"

namespace cx {

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kClientAdmin:
      return "client_admin";
    case Role::kClientViewer:
      return "client_viewer";
    case Role::kPartnerUser:
      return "partner_user";
  }
  return "unknown";
}

std::optional<Role> RoleFromName(std::string_view name) {
  for (Role r : {Role::kClientAdmin, Role::kClientViewer, Role::kPartnerUser}) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

}  // namespace cx
