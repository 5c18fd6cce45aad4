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
std::vector<uint32_t> OrderByCustomer(const ContactTable& t);

struct RepeatWindowOptions {
  int64_t window = 7 * 24 * 3600 * int64_t{1'000'000};  // W in µs of elapsed time.
  int64_t short_abandon = 5 * int64_t{1'000'000};        // Abandoned and ended within this: short.
  // Near the horizon (t + W after it): false = always pending (golden rule 24); true = a contact
  // whose repeat has already arrived counts as repeated, and only the others are pending.
  bool repeat_seen_is_known = false;
};

// True when the contact is a short abandon: abandoned, with ended_at, ended within the
// threshold (strictly less: golden rule 15).
bool IsShortAbandon(const ContactTable& t, size_t row, int64_t threshold);

enum class RepeatState : uint8_t {
  kNotApplicable,  // Not handled, or no customer (or no reason, for the same-reason variant).
  kPending,        // t + W is after the horizon.
  kResolved,       // No repeat in (t, t + W].
  kRepeated,
};

// For every handled contact with a customer: whether another contact of the same customer
// (any partner, any channel, not a short abandon) arrives in (t, t + W]; with `same_reason`,
// only a contact with the same, present, reason counts and contacts without a reason are not
// applicable. `out` is indexed by row.
void MarkRepeats(const ContactTable& t, std::span<const uint32_t> order,
                 const RepeatWindowOptions& options, int64_t horizon, bool same_reason,
                 std::vector<RepeatState>* out);

// The decision MarkRepeats makes for the contact at position `k` of `order` (one function, so
// that a drill-down into single contacts, metrics/drilldown.h, decides exactly as the score).
// When it is kRepeated and `repeat` is not null, `*repeat` is the row of the first repeat.
// Only contacts of the same customer arriving in [t, t + W] are read.
RepeatState RepeatAt(const ContactTable& t, std::span<const uint32_t> order, size_t k,
                     const RepeatWindowOptions& options, int64_t horizon, bool same_reason,
                     uint32_t* repeat = nullptr);

// A customer's issue: a maximal chain of non-short contacts, each arriving within W of the one
// before (golden rules 27-28).
struct CustomerIssue {
  uint32_t first = 0, last = 0;  // Rows of its first and last contact.
  uint32_t contacts = 0;
  bool closed = false;           // last arrived_at + W <= horizon.
};

void ChainIssues(const ContactTable& t, std::span<const uint32_t> order,
                 const RepeatWindowOptions& options, int64_t horizon, std::vector<CustomerIssue>* out);

}  // namespace cx
