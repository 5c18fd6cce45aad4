#include "metrics/extra_metrics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>

#include "engine/stats.h"
#include "metrics/extra_metrics_internal.h"

namespace cx {

namespace extra_internal {

std::vector<std::string> Context::Keys(int64_t period, std::string_view partner) const {
  std::vector<std::string> keys;
  for (Dimension d : by) {
    keys.emplace_back(d == Dimension::kPeriod    ? FormatPeriod(settings.period, period)
                      : d == Dimension::kPartner ? std::string(partner)
                                                 : std::string(kAllKey));
  }
  return keys;
}

ExtraRow RateRow(std::vector<std::string> keys, std::string_view metric, int64_t num,
                 int64_t den, std::optional<int64_t> pending, double z) {
  ExtraRow e;
  e.row.keys = std::move(keys);
  e.row.metric = metric;
  SetRate(e.row, num, den, pending, z);
  return e;
}

ExtraRow MicrosRow(std::vector<std::string> keys, std::string_view metric, Micros num,
                   int64_t den, std::optional<double> value) {
  ExtraRow e;
  MetricRow& r = e.row;
  r.keys = std::move(keys);
  r.metric = metric;
  r.numerator_kind = MetricRow::Numerator::kMicros;
  r.numerator = num;
  r.denominator = den;
  if (den > 0) r.value = value;
  return e;
}

}  // namespace extra_internal

namespace {

using namespace extra_internal;

// Per-group counts of the contact-level metrics.
struct ContactCell {
  int64_t offered = 0, handled = 0, without_customer = 0, kb_used = 0;
  int64_t demographics_known = 0, demographics_true = 0, consent_known = 0, consent_true = 0;

  void Add(const ContactTable& t, size_t i, bool kb_used_in_contact) {
    ++offered;
    if (t.customer[i] == kNoId) ++without_customer;
    if (t.abandoned(i)) return;
    ++handled;
    if (kb_used_in_contact) ++kb_used;
    const uint8_t f = t.flags[i];
    if (f & kFlagDemographicsKnown) ++demographics_known;
    if (f & kFlagDemographicsTrue) ++demographics_true;
    if (f & kFlagConsentKnown) ++consent_known;
    if (f & kFlagConsentTrue) ++consent_true;
  }
};

using GroupKey = std::array<int64_t, 6>;
struct GroupKeyHash {
  size_t operator()(const GroupKey& k) const {
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (int64_t v : k) h = (h ^ static_cast<uint64_t>(v)) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
  }
};

int64_t KeyOf(const Context& c, size_t i, Dimension d) {
  const ContactTable& t = c.data.contacts;
  switch (d) {
    case Dimension::kPartner: return t.partner[i];
    case Dimension::kSite: return t.site[i];
    case Dimension::kQueue: return t.queue[i];
    case Dimension::kChannel: return static_cast<int64_t>(t.channel[i]);
    case Dimension::kReason: return t.reason[i];
    case Dimension::kPeriod: return c.PeriodOf(t.arrived[i]);
  }
  return 0;
}

// The text of a key as score.cc writes it (missing site/queue/reason: empty).
std::string KeyText(const Context& c, Dimension d, int64_t v) {
  const ContactTable& t = c.data.contacts;
  const auto id = static_cast<uint32_t>(v);
  auto text = [id](const StringDict& dict) { return std::string(id == kNoId ? "" : dict[id]); };
  switch (d) {
    case Dimension::kPartner: return text(t.partners);
    case Dimension::kSite: return text(t.sites);
    case Dimension::kQueue: return text(t.queues);
    case Dimension::kChannel: return std::string(ChannelName(static_cast<Channel>(v)));
    case Dimension::kReason: return text(t.reasons);
    case Dimension::kPeriod: return FormatPeriod(c.settings.period, v);
  }
  return "";
}

// Orders (or the configured volume kind) per period: the sum over the period's dates.
std::map<int64_t, int64_t> VolumePerPeriod(const Context& c) {
  std::map<int64_t, int64_t> out;
  const VolumeTable& v = c.data.volumes;
  const uint32_t kind = v.kinds.Find(c.options.volume_kind);
  if (kind == kNoId) return out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v.kind[i] == kind) out[PeriodIndexOfDay(c.settings.period, v.day[i])] += v.count[i];
  }
  return out;
}

void EmitContactCell(const Context& c, std::vector<std::string> keys, const ContactCell& cell,
                     int64_t orders, std::vector<ExtraRow>* out) {
  const double z = c.settings.z;
  out->push_back(RateRow(keys, "kb_agent_use_rate", cell.kb_used, cell.handled, {}, z));
  out->push_back(RateRow(keys, "demographics_rate", cell.demographics_true,
                         cell.demographics_known, {}, z));
  out->push_back(RateRow(keys, "consent_rate", cell.consent_true, cell.consent_known, {}, z));
  out->push_back(RateRow(keys, "no_customer_share", cell.without_customer, cell.offered, {}, z));
  ExtraRow per_orders = RateRow(std::move(keys), "contacts_per_1000_orders", cell.offered,
                                orders, {}, z);
  MetricRow& r = per_orders.row;
  r.low = r.high = std::nullopt;  // A ratio of two volumes, not a proportion.
  if (orders > 0) {
    r.value = 1000.0 * static_cast<double>(cell.offered) / static_cast<double>(orders);
  }
  out->push_back(std::move(per_orders));
}

// The contact-level metrics per group of `by` and per period at client level.
void AddContactMetrics(const Context& c, ExtraResult* out) {
  const ContactTable& t = c.data.contacts;
  const std::vector<uint8_t>& kb_used = c.prepared.agent_used;
  out->agent_uses_unlinked = c.prepared.agent_uses_unlinked;
  std::unordered_map<GroupKey, ContactCell, GroupKeyHash> groups;
  std::map<int64_t, ContactCell> client;  // Per period.
  size_t period_dim = 0;
  for (size_t d = 0; d < c.by.size(); ++d) {
    if (c.by[d] == Dimension::kPeriod) period_dim = d;
  }
  for (size_t i = 0; i < t.size(); ++i) {
    GroupKey key{};
    for (size_t d = 0; d < c.by.size(); ++d) key[d] = KeyOf(c, i, c.by[d]);
    groups[key].Add(t, i, kb_used[i]);
    client[key[period_dim]].Add(t, i, kb_used[i]);
  }
  const std::map<int64_t, int64_t> orders = VolumePerPeriod(c);
  auto orders_of = [&](int64_t period) {
    auto it = orders.find(period);
    return it == orders.end() ? int64_t{0} : it->second;
  };
  for (const auto& [key, cell] : groups) {
    std::vector<std::string> keys;
    for (size_t d = 0; d < c.by.size(); ++d) keys.push_back(KeyText(c, c.by[d], key[d]));
    EmitContactCell(c, std::move(keys), cell, orders_of(key[period_dim]), &out->rows);
  }
  if (c.by.size() == 1) return;  // Grouped by period alone: the groups are the client rows.
  for (const auto& [period, cell] : client) {
    EmitContactCell(c, c.Keys(period), cell, orders_of(period), &out->rows);
  }
}

}  // namespace

Micros AllowedDowntime(double target, Micros period_length) {
  const double t = std::clamp(target, 0.0, 1.0);
  return std::llround((1.0 - t) * static_cast<double>(period_length));
}

ExtraPrepared PrepareExtra(const Dataset& data) {
  ExtraPrepared p;
  const ContactTable& t = data.contacts;
  std::jthread maps([&] {  // Joined on every way out.
    p.self_service_customer = MapIds(data.self_service.customers, t.customers);
    p.kb_customer = MapIds(data.kb_events.customers, t.customers);
  });
  p.agent_used = MarkAgentUse(t, data.kb_events, &p.agent_uses_unlinked);
  maps.join();
  return p;
}

Result<ExtraResult> ScoreExtra(const Dataset& data, const MetricSettings& settings,
                               std::span<const Dimension> by, const ExtraOptions& options,
                               const ExtraPrepared* prepared) {
  if (std::find(by.begin(), by.end(), Dimension::kPeriod) == by.end()) {
    return InvalidArgument("the extended metrics are per period: add period to the grouping");
  }
  if (options.uptime_target && !(*options.uptime_target >= 0 && *options.uptime_target <= 1)) {
    return InvalidArgument("uptime target {} is not between 0 and 1", *options.uptime_target);
  }
  ASSIGN_OR_RETURN(const TimeZone* tz, TimeZone::Find(settings.time_zone));
  ExtraResult result;
  result.by.assign(by.begin(), by.end());
  const ContactTable& t = data.contacts;
  const int steps = prepared == nullptr ? 6 : 5;
  int done = 0;
  const auto step = [&] {
    if (options.progress) options.progress(static_cast<double>(++done) / steps, 0);
  };
  if (t.size() == 0) {
    if (options.progress) options.progress(1, 0);
    return result;
  }
  std::optional<ExtraPrepared> own;
  if (prepared == nullptr) {
    prepared = &own.emplace(PrepareExtra(data));
    step();
  }
  if (prepared->agent_used.size() != t.size() ||
      prepared->self_service_customer.size() != data.self_service.customers.size() ||
      prepared->kb_customer.size() != data.kb_events.customers.size()) {
    return InvalidArgument(
        "extended metrics: prepared for other data ({} contacts, {} self-service and {} "
        "knowledge-base customers; the data has {}, {} and {})",
        prepared->agent_used.size(), prepared->self_service_customer.size(),
        prepared->kb_customer.size(), t.size(), data.self_service.customers.size(),
        data.kb_events.customers.size());
  }
  Context c{data, settings, options, *prepared, by, *tz, 0, {}};
  c.horizon = *std::max_element(t.arrived.begin(), t.arrived.end());
  for (Micros a : t.arrived) c.periods.insert(c.PeriodOf(a));
  result.horizon = c.horizon;

  AddContactMetrics(c, &result);
  step();
  const CustomerArrivals arrivals(t, settings.short_abandon);
  step();
  AddContainment(c, arrivals, &result);
  step();
  AddKnowledgeBase(c, arrivals, &result);
  step();
  AddUptime(c, &result);
  step();

  std::sort(result.rows.begin(), result.rows.end(), [](const ExtraRow& a, const ExtraRow& b) {
    if (a.row.keys != b.row.keys) return a.row.keys < b.row.keys;
    if (a.row.metric != b.row.metric) return a.row.metric < b.row.metric;
    if (a.service != b.service) return a.service < b.service;
    return a.article < b.article;
  });
  return result;
}

}  // namespace cx
