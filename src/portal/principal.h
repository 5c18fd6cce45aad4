// Who is calling the portal, and what that lets them see. A Principal comes from a valid
// session (auth.h); every data access in the server goes through TenantScope (scope.h), which
// reads only this. Value type; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cx {

enum class Role { kClientAdmin, kClientViewer, kPartnerUser };
std::string_view RoleName(Role r);                        // "client_admin", ...
std::optional<Role> RoleFromName(std::string_view name);  // nullopt when unknown.

struct Principal {
  int64_t user_id = 0;
  std::string user;  // Login name.
  Role role = Role::kClientViewer;
  std::string partner;  // kPartnerUser only: the one partner it belongs to.

  bool is_client() const { return role != Role::kPartnerUser; }
  // True when this principal may see `partner`'s own data (contacts, scorecards, contracts,
  // invoices, uploads, insights). A partner user without a partner sees none.
  bool CanSeePartner(std::string_view p) const {
    return is_client() || (!partner.empty() && p == partner);
  }
};

}  // namespace cx
