// Tenant scoping: the one place that decides what a Principal may see and do. Every server
// handler builds a TenantScope from the session's Principal and asks it before it reads or
// writes anything partner-specific; no handler compares roles or partner names itself. A
// partner user sees its own partner's data and, where rankings are shown, the other partners
// only as anonymous rank labels ("Partner A", "Partner B", ... in rank order). Immutable value;
// thread-safe.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "portal/principal.h"

namespace cx {

// "Partner A" for index 0, ..., "Partner Z", "Partner AA", "Partner AB", ...
std::string AnonymizedRankLabel(size_t index);

class TenantScope {
 public:
  explicit TenantScope(Principal principal) : principal_(std::move(principal)) {}

  const Principal& principal() const { return principal_; }

  // Reading a partner's own data: contacts, scorecards, contracts, invoices, uploads, insights.
  bool CanSeePartner(std::string_view partner) const { return principal_.CanSeePartner(partner); }
  // PermissionDenied when CanSeePartner is false. The message does not name the partner (it
  // is shown to the caller, and a partner user must never read another partner's name).
  Status RequirePartner(std::string_view partner) const;
  // Data across partners (portfolio views, unanonymised rankings, allocation): clients only.
  bool CanSeeAllPartners() const { return principal_.is_client(); }
  // Uploading data or writing insights about `partner`: a client admin for any partner, a
  // partner user for its own. Client viewers only read.
  bool CanWriteFor(std::string_view partner) const;
  // Users and the audit log: client admins only.
  bool CanAdminister() const { return principal_.role == Role::kClientAdmin; }

  // The partners of `all` this principal may see, in the given order.
  std::vector<std::string> VisiblePartners(std::span<const std::string> all) const;

  // The name to show for each entry of a ranking (`ranked`, best first): the real names for a
  // client; for a partner user, its own name and "Partner A", "Partner B", ... for the others,
  // lettered in rank order skipping its own entry. Ties keep the order given, so the caller
  // must pass a deterministic order (e.g. rank, then name).
  std::vector<std::string> RankLabels(std::span<const std::string> ranked) const;

  // Keeps the elements whose partner (as returned by `partner_of`) this principal may see.
  template <typename T, typename PartnerOf>
  std::vector<T> Filter(std::vector<T> rows, PartnerOf partner_of) const {
    if (CanSeeAllPartners()) return rows;
    std::erase_if(rows, [&](const T& row) { return !CanSeePartner(partner_of(row)); });
    return rows;
  }

 private:
  Principal principal_;
};

}  // namespace cx
