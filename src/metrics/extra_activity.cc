// Client-level activity metrics: containment, knowledge-base deflection and helpfulness, and
// uptime per service. The follow-up window of a session or a view at t is (t, t + window],
// the convention of FCR's repeat window (golden rule 23); it is closed when t + window is not
// after the horizon, and pending otherwise.
#include <algorithm>
#include <map>
#include <utility>

#include "metrics/extra_metrics_internal.h"

namespace cx::extra_internal {

namespace {

struct FollowCell {
  int64_t kept = 0, closed = 0, pending = 0;  // kept: no assisted contact in the window.
  int64_t helpful = 0, not_helpful = 0;
};

// Classifies the event of customer `customer` (contact-table id) at `at`.
void Follow(const Context& c, const CustomerArrivals& arrivals, uint32_t customer, Micros at,
            Micros window, FollowCell* cell) {
  if (at + window > c.horizon) {
    ++cell->pending;
    return;
  }
  ++cell->closed;
  if (!arrivals.AnyIn(customer, at, at + window)) ++cell->kept;
}

}  // namespace

void AddContainment(const Context& c, const CustomerArrivals& arrivals, ExtraResult* out) {
  const SelfServiceTable& ss = c.data.self_service;
  const std::vector<uint32_t>& customer = c.prepared.self_service_customer;
  std::map<int64_t, FollowCell> cells;
  for (size_t i = 0; i < ss.size(); ++i) {
    ++out->sessions;
    const int64_t period = c.PeriodOf(ss.started[i]);
    if (!c.periods.contains(period)) {
      ++out->outside_periods;
      continue;
    }
    const uint32_t k = customer[ss.customer[i]];
    if (k == kNoId) ++out->sessions_no_contacts;
    Follow(c, arrivals, k, ss.started[i], c.options.containment_window, &cells[period]);
  }
  for (int64_t period : c.periods) {
    const FollowCell& f = cells[period];
    out->rows.push_back(
        RateRow(c.Keys(period), "containment", f.kept, f.closed, f.pending, c.settings.z));
  }
}

void AddKnowledgeBase(const Context& c, const CustomerArrivals& arrivals, ExtraResult* out) {
  const KbEventTable& kb = c.data.kb_events;
  const std::vector<uint32_t>& customer = c.prepared.kb_customer;
  std::map<int64_t, FollowCell> cells;
  std::map<std::pair<int64_t, uint32_t>, FollowCell> articles;  // (period, article).
  for (size_t i = 0; i < kb.size(); ++i) {
    const KbKind kind = kb.kind[i];
    if (kind == KbKind::kAgentUse) {  // A contact-level metric (kb_agent_use_rate).
      ++out->agent_uses;
      continue;
    }
    if (kind == KbKind::kView) ++out->views;
    const int64_t period = c.PeriodOf(kb.at[i]);
    if (!c.periods.contains(period)) {
      ++out->outside_periods;
      continue;
    }
    FollowCell& cell = cells[period];
    FollowCell& article = articles[{period, kb.article[i]}];
    if (kind == KbKind::kHelpful || kind == KbKind::kNotHelpful) {
      int64_t FollowCell::*vote =
          kind == KbKind::kHelpful ? &FollowCell::helpful : &FollowCell::not_helpful;
      ++(cell.*vote);
      ++(article.*vote);
      continue;
    }
    if (kb.customer[i] == kNoId) {  // An anonymous view cannot be followed to a contact.
      ++out->views_without_customer;
      continue;
    }
    const uint32_t k = customer[kb.customer[i]];
    Follow(c, arrivals, k, kb.at[i], c.options.deflection_window, &cell);
    Follow(c, arrivals, k, kb.at[i], c.options.deflection_window, &article);
  }
  const double z = c.settings.z;
  for (int64_t period : c.periods) {
    const FollowCell& f = cells[period];
    out->rows.push_back(RateRow(c.Keys(period), "kb_deflection", f.kept, f.closed, f.pending, z));
    out->rows.push_back(
        RateRow(c.Keys(period), "kb_helpful_rate", f.helpful, f.helpful + f.not_helpful, {}, z));
  }
  // Per article, only the rows it has events for: most articles are read in a month and voted
  // on in none, and a row per article and metric would be mostly empty.
  for (const auto& [key, f] : articles) {
    const std::string article(kb.articles[key.second]);
    if (f.closed + f.pending > 0) {
      out->rows.push_back(
          RateRow(c.Keys(key.first), "kb_deflection", f.kept, f.closed, f.pending, z));
      out->rows.back().article = article;
    }
    if (f.helpful + f.not_helpful > 0) {
      out->rows.push_back(RateRow(c.Keys(key.first), "kb_helpful_rate", f.helpful,
                                  f.helpful + f.not_helpful, {}, z));
      out->rows.back().article = article;
    }
  }
}

void AddUptime(const Context& c, ExtraResult* out) {
  const OutageTable& o = c.data.outages;
  out->outages = static_cast<int64_t>(o.size());
  const bool by_partner =
      std::find(c.by.begin(), c.by.end(), Dimension::kPartner) != c.by.end();
  // Each (service, accountable partner) is measured on its own outages; without a partner
  // dimension, a service's outages are unioned whoever was accountable.
  std::map<std::pair<std::string, std::string>, std::vector<TimeInterval>> services;
  for (size_t i = 0; i < o.size(); ++i) {
    std::string partner(by_partner ? o.partners[o.partner[i]] : kAllKey);
    services[{std::string(o.services[o.service[i]]), std::move(partner)}].push_back(
        {o.started[i], o.ended[i]});
  }
  for (auto& [key, intervals] : services) {
    const std::vector<TimeInterval> down = UnionIntervals(std::move(intervals));
    for (int64_t period : c.periods) {
      const Micros begin = PeriodStart(c.tz, c.settings.period, period);
      const Micros full_end = PeriodEnd(c.tz, c.settings.period, period);
      // A period that ends after the horizon is measured up to the horizon, and is pending.
      const Micros end = std::min(full_end, c.horizon);
      const bool open = full_end > c.horizon;
      const Micros length = std::max<Micros>(0, end - begin);
      const Micros downtime = CoveredLength(down, begin, end);
      const int64_t seconds = length / kMicrosPerSecond;
      std::vector<std::string> keys = c.Keys(period, key.second);
      auto add = [&](ExtraRow row) {
        row.service = key.first;
        row.row.pending = open ? 1 : 0;
        out->rows.push_back(std::move(row));
      };
      add(MicrosRow(keys, "uptime", length - downtime, seconds,
                    length > 0 ? std::optional(1.0 - static_cast<double>(downtime) /
                                                         static_cast<double>(length))
                               : std::nullopt));
      add(MicrosRow(keys, "downtime_hours", downtime, seconds,
                    static_cast<double>(downtime) / kMicrosPerHour));
      if (c.options.uptime_target) {
        const Micros period_length = full_end - begin;
        const Micros allowed = AllowedDowntime(*c.options.uptime_target, period_length);
        add(MicrosRow(keys, "downtime_allowed_hours", allowed, period_length / kMicrosPerSecond,
                      static_cast<double>(allowed) / kMicrosPerHour));
      }
    }
  }
}

}  // namespace cx::extra_internal
