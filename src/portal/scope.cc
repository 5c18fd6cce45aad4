#include "portal/scope.h"

#include <algorithm>

namespace cx {

std::string AnonymizedRankLabel(size_t index) {
  // Bijective base 26: A..Z, AA..AZ, BA..., like spreadsheet columns.
  std::string letters;
  size_t n = index + 1;
  while (n > 0) {
    --n;
    letters.push_back(static_cast<char>('A' + n % 26));
    n /= 26;
  }
  std::reverse(letters.begin(), letters.end());
  return "Partner " + letters;
}

Status TenantScope::RequirePartner(std::string_view partner) const {
  if (CanSeePartner(partner)) return Status::Ok();
  // The message goes back to the caller, so it does not repeat the partner's name.
  return PermissionDenied("user '{}' may not see this partner's data", principal_.user);
}

bool TenantScope::CanWriteFor(std::string_view partner) const {
  switch (principal_.role) {
    case Role::kClientAdmin:
      return true;
    case Role::kClientViewer:
      return false;
    case Role::kPartnerUser:
      return !principal_.partner.empty() && partner == principal_.partner;
  }
  return false;
}

std::vector<std::string> TenantScope::VisiblePartners(std::span<const std::string> all) const {
  std::vector<std::string> out;
  for (const std::string& p : all) {
    if (CanSeePartner(p)) out.push_back(p);
  }
  return out;
}

std::vector<std::string> TenantScope::RankLabels(std::span<const std::string> ranked) const {
  std::vector<std::string> out;
  out.reserve(ranked.size());
  size_t others = 0;
  for (const std::string& p : ranked) {
    if (CanSeeAllPartners() || CanSeePartner(p)) {
      out.push_back(p);
    } else {
      out.push_back(AnonymizedRankLabel(others++));
    }
  }
  return out;
}

}  // namespace cx
