// Orders a contact table's rows for the per-customer scans that FCR and issues need, and runs
// those scans. Rows without a customer are left out (metrics.md: they count in traffic and
// SLAs only). Order: (customer, arrived_at, partner, contact_id), partner and contact_id in
// byte order (golden rule 27). Thread-compatible; the table must not change meanwhile.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/tables.h"

namespace cx {

// Row indexes of `t` with a customer, in the order above.
Column<uint32_t> OrderByCustomer(const ContactTable& t);

struct RepeatWindowOptions {
  int64_t window = 7 * 24 * 3600 * int64_t{1'000'000};  // W in µs of elapsed time.
  int64_t short_abandon = 5 * int64_t{1'000'000};        // Abandoned and ended within this: short.
  // Near the horizon (t + W after it): false = always pending (golden rule 24); true = a contact
  // whose repeat has already arrived counts as repeated, and only the others are pending.
  bool repeat_seen_is_known = false;
};

// True when the contact is a short abandon: abandoned, with ended_at, ended within the
// threshold (strictly less: golden rule 15).
inline bool IsShortAbandon(const ContactTable& t, size_t row, int64_t threshold) {
  return t.abandoned(row) && t.ended[row] != kNull && t.ended[row] - t.arrived[row] < threshold;
}

// How the per-customer rules below read contacts: by position k in (customer, arrived_at,
// partner, contact_id) order. OrderedContacts reads a table through OrderByCustomer's order;
// the score reads blocks of whole customers gathered from it (metrics/score.cc). Both run the
// same rule templates, so they decide alike. A Contacts type provides size(), customer(k),
// arrived(k), reason(k), abandoned(k) and is_short(k) (a short abandon, IsShortAbandon).
struct OrderedContacts {
  const ContactTable& t;
  std::span<const uint32_t> order;
  int64_t short_abandon;  // RepeatWindowOptions::short_abandon.

  size_t size() const { return order.size(); }
  uint32_t customer(size_t k) const { return t.customer[order[k]]; }
  int64_t arrived(size_t k) const { return t.arrived[order[k]]; }
  uint32_t reason(size_t k) const { return t.reason[order[k]]; }
  bool abandoned(size_t k) const { return t.abandoned(order[k]); }
  bool is_short(size_t k) const { return IsShortAbandon(t, order[k], short_abandon); }
};

enum class RepeatState : uint8_t {
  kNotApplicable,  // Not handled, or no customer (or no reason, for the same-reason variant).
  kPending,        // t + W is after the horizon.
  kResolved,       // No repeat in (t, t + W].
  kRepeated,
};

// The repeat decision for the contact at position `k` of `c`: for a handled contact, whether
// another contact of the same customer (any partner, any channel, not a short abandon) arrives
// in (t, t + W]; with `same_reason`, only a contact with the same, present, reason counts and
// contacts without a reason are not applicable. When it is kRepeated and `repeat` is not null,
// `*repeat` is the position of the first repeat. Only positions of the same customer arriving
// in [t, t + W] are read.
template <typename Contacts>
RepeatState RepeatIn(const Contacts& c, size_t k, const RepeatWindowOptions& options,
                     int64_t horizon, bool same_reason, size_t* repeat = nullptr) {
  if (c.abandoned(k)) return RepeatState::kNotApplicable;
  const uint32_t reason = c.reason(k);
  if (same_reason && reason == kNoId) return RepeatState::kNotApplicable;
  const int64_t start = c.arrived(k);
  const int64_t end = start + options.window;
  const bool open = end > horizon;
  if (open && !options.repeat_seen_is_known) return RepeatState::kPending;
  const uint32_t customer = c.customer(k);
  for (size_t j = k + 1; j < c.size(); ++j) {
    if (c.customer(j) != customer || c.arrived(j) > end) break;
    if (c.arrived(j) == start) continue;  // The same instant is not a repeat.
    if (c.is_short(j)) continue;
    if (same_reason && c.reason(j) != reason) continue;
    if (repeat != nullptr) *repeat = j;
    return RepeatState::kRepeated;
  }
  return open ? RepeatState::kPending : RepeatState::kResolved;
}

// A customer's issue: a maximal chain of non-short contacts, each arriving within W of the one
// before (golden rules 27-28).
struct CustomerIssue {
  uint32_t first = 0, last = 0;  // Its first and last contact: rows (positions in ChainIssuesIn).
  uint32_t contacts = 0;
  bool closed = false;           // last arrived_at + W <= horizon.
};

// Calls `emit(issue)` for every issue of `c`, in order.
template <typename Contacts, typename Emit>
void ChainIssuesIn(const Contacts& c, const RepeatWindowOptions& options, int64_t horizon,
                   Emit&& emit) {
  bool open = false;
  CustomerIssue issue;
  auto close = [&] {
    if (!open) return;
    issue.closed = c.arrived(issue.last) + options.window <= horizon;
    emit(issue);
    open = false;
  };
  for (size_t k = 0; k < c.size(); ++k) {
    if (c.is_short(k)) continue;
    if (open && c.customer(k) == c.customer(issue.last) &&
        c.arrived(k) - c.arrived(issue.last) <= options.window) {
      issue.last = static_cast<uint32_t>(k);
      ++issue.contacts;
      continue;
    }
    close();
    issue = CustomerIssue{static_cast<uint32_t>(k), static_cast<uint32_t>(k), 1, false};
    open = true;
  }
  close();
}

// RepeatIn for every contact of `t` with a customer; `out` is indexed by row.
void MarkRepeats(const ContactTable& t, std::span<const uint32_t> order,
                 const RepeatWindowOptions& options, int64_t horizon, bool same_reason,
                 std::vector<RepeatState>* out);

// RepeatIn at position `k` of `order`, for a drill-down into single contacts
// (metrics/drilldown.h), which must decide exactly as the score. `*repeat`: the repeat's row.
RepeatState RepeatAt(const ContactTable& t, std::span<const uint32_t> order, size_t k,
                     const RepeatWindowOptions& options, int64_t horizon, bool same_reason,
                     uint32_t* repeat = nullptr);

// ChainIssuesIn over `order`, with the issues' first and last as rows.
void ChainIssues(const ContactTable& t, std::span<const uint32_t> order,
                 const RepeatWindowOptions& options, int64_t horizon, std::vector<CustomerIssue>* out);

}  // namespace cx
