// The metrics of metrics.md that the golden sets do not cover: self-service containment,
// knowledge-base deflection and helpfulness, agents' knowledge-base use, data-capture rates
// (demographics, consent), the share of contacts without a customer id, contacts per 1000
// orders and service uptime. Semantics and boundaries: docs/decisions/0005-extended-metrics.md.
// Rows use the score's dimensions; "*" in a key means "all" (client level). Pure functions
// over an immutable Dataset; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "metrics/score.h"

namespace cx {

inline constexpr std::string_view kAllKey = "*";  // The key of a client-level row.

// Options of the extended metrics; the defaults are metrics.md's.
struct ExtraOptions {
  Micros containment_window = 24 * kMicrosPerHour;  // After a self-service session's start.
  Micros deflection_window = 24 * kMicrosPerHour;   // After a knowledge-base view.
  std::string volume_kind = "orders";               // Volumes kind of contacts_per_1000_orders.
  // An uptime target in [0, 1] (0.95 = 95%): when set, every uptime row also gets the
  // downtime the target allows in its period (downtime_allowed_hours).
  std::optional<double> uptime_target;
  // How far the extended metrics have got, for a progress bar: the share of their steps done
  // (preparing the data when no preparation is handed in, the contact-level metrics, the
  // customers' arrivals, containment, the knowledge base, uptime); contacts is always 0.
  // Called on the calling thread; ends at exactly 1. May be empty.
  ScoreProgress progress;
};

// An extended metric row: a MetricRow whose keys follow the score's dimensions, plus the
// service (uptime rows) or the article (per-article knowledge-base rows) it is about.
struct ExtraRow {
  MetricRow row;
  std::string service;
  std::string article;
};

struct ExtraResult {
  std::vector<Dimension> by;
  std::vector<ExtraRow> rows;  // Sorted by keys, metric, service, article (byte order).
  Micros horizon = 0;
  int64_t sessions = 0;                 // Self-service sessions loaded.
  int64_t sessions_no_contacts = 0;     // ...of customers with no contact at all (contained).
  int64_t views = 0;                    // Knowledge-base views loaded.
  int64_t views_without_customer = 0;   // Left out of kb_deflection (cannot be followed).
  int64_t agent_uses = 0;               // agent_use events loaded.
  int64_t agent_uses_unlinked = 0;      // ...whose (partner, contact_id) is no loaded contact.
  int64_t outside_periods = 0;          // Sessions, views, votes in periods without contacts.
  int64_t outages = 0;
};

// What the extended metrics derive from the data alone, under any settings: the costliest part
// of them at 10M contacts (about 1.5 of 3 s). A caller that scores one dataset under several
// definitions (a close, once per contract's operations manual) prepares it once and hands it
// to each ScoreExtra; it belongs to that dataset only.
struct ExtraPrepared {
  std::vector<uint8_t> agent_used;  // Per contact row: named by an agent_use event (MarkAgentUse).
  int64_t agent_uses_unlinked = 0;  // agent_use events that name no contact.
  // The contact table's customer id of each self-service and knowledge-base customer id
  // (kNoId: a customer with no contact).
  std::vector<uint32_t> self_service_customer, kb_customer;
};

// Prepares `data` for ScoreExtra, on two threads.
ExtraPrepared PrepareExtra(const Dataset& data);

// The extended metrics for the groups of `by`, which must include Dimension::kPeriod (every
// extended metric is per period). Contact-level metrics (kb_agent_use_rate,
// demographics_rate, consent_rate, no_customer_share, contacts_per_1000_orders) get a row per
// group with contacts and a client-level row per period; containment, kb_deflection and
// kb_helpful_rate are client level (and per article); uptime is per service and accountable
// partner. Periods are those with at least one contact (golden rule 12). `prepared`:
// PrepareExtra(data), or null to prepare it here; one whose sizes do not match `data`'s
// tables is an error.
Result<ExtraResult> ScoreExtra(const Dataset& data, const MetricSettings& settings,
                               std::span<const Dimension> by, const ExtraOptions& options = {},
                               const ExtraPrepared* prepared = nullptr);

// The downtime an uptime target allows over a period: (1 - target) x period_length, rounded to
// the nearest µs; `target` is clamped to [0, 1]. 0.95 of a 30-day month allows 36 hours.
Micros AllowedDowntime(double target, Micros period_length);

}  // namespace cx
