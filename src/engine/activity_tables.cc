#include "engine/activity_tables.h"

#include <algorithm>

#include "base/time.h"
#include "engine/customer_order.h"
#include "engine/flat_index.h"

namespace cx {

namespace {

// Field positions, in io/schema.cc order.
namespace self_service_field {
enum : int { kSessionId, kCustomerId, kStartedAt, kChannel, kReason, kCompleted };
}
namespace kb_field {
enum : int { kEventId, kAt, kArticleId, kKind, kCustomerId, kContactId, kPartner };
}
namespace outage_field {
enum : int { kService, kPartner, kStartedAt, kEndedAt };
}
namespace volume_field {
enum : int { kDate, kKind, kCount };
}

uint32_t Intern(StringDict& dict, const Value& v) {
  return v.is_null() ? kNoId : dict.Intern(v.s);
}

template <typename T>
void Put(std::vector<T>& column, size_t row, T value) {
  if (row == column.size()) {
    column.push_back(value);
  } else {
    column[row] = value;
  }
}

// The row of `key`: a new one at `size`, or the earlier row of the same key (rule 9).
size_t RowOf(std::unordered_map<std::string, uint32_t>& rows, std::string_view key, size_t size) {
  return rows.emplace(std::string(key), static_cast<uint32_t>(size)).first->second;
}

// The same for a text key kept in `ids`, one per row.
size_t RowOf(FlatIndex& rows, StringColumn& ids, std::string_view id, size_t size) {
  auto [row, fresh] = rows.FindOrInsert(HashText(id), static_cast<uint32_t>(size),
                                        [&](uint32_t r) { return ids[r] == id; });
  if (fresh) ids.Append(id);
  return row;
}

KbKind KbKindFromText(std::string_view k) {
  if (k == "view") return KbKind::kView;
  if (k == "agent_use") return KbKind::kAgentUse;
  if (k == "helpful") return KbKind::kHelpful;
  return KbKind::kNotHelpful;  // Validation admits only the four choices.
}

}  // namespace

void SelfServiceTableBuilder::Add(const std::vector<Value>& v) {
  using namespace self_service_field;
  const size_t row = RowOf(rows_, ids_, v[kSessionId].s, t_.size());
  Put(t_.customer, row, t_.customers.Intern(v[kCustomerId].s));
  Put(t_.channel, row, Intern(t_.channels, v[kChannel]));
  Put(t_.reason, row, Intern(t_.reasons, v[kReason]));
  Put(t_.completed, row, static_cast<int8_t>(v[kCompleted].is_null() ? -1 : v[kCompleted].i != 0));
  Put(t_.started, row, v[kStartedAt].i);  // Last: size() counts this column.
}

void KbEventTableBuilder::Add(const std::vector<Value>& v) {
  using namespace kb_field;
  const size_t row = RowOf(rows_, ids_, v[kEventId].s, t_.size());
  const KbKind kind = KbKindFromText(v[kKind].s);
  const bool linked = kind == KbKind::kAgentUse && !v[kPartner].is_null() &&
                      !v[kContactId].is_null();
  Put(t_.article, row, t_.articles.Intern(v[kArticleId].s));
  Put(t_.customer, row, Intern(t_.customers, v[kCustomerId]));
  Put(t_.kind, row, kind);
  Put(t_.partner, row, linked ? t_.partners.Intern(v[kPartner].s) : kNoId);
  Put(contact_ids_, row, linked ? std::string(v[kContactId].s) : std::string());
  Put(t_.at, row, v[kAt].i);
}

KbEventTable KbEventTableBuilder::Finish() {
  for (const std::string& id : contact_ids_) t_.contact_id.Append(id);
  contact_ids_.clear();
  return std::move(t_);
}

void OutageTableBuilder::Add(const std::vector<Value>& v) {
  using namespace outage_field;
  key_.assign(v[kService].s);
  key_.push_back('\0');
  key_.append(std::to_string(v[kStartedAt].i));
  const size_t row = RowOf(rows_, key_, t_.size());
  Put(t_.service, row, t_.services.Intern(v[kService].s));
  Put(t_.partner, row, t_.partners.Intern(v[kPartner].s));
  Put(t_.ended, row, v[kEndedAt].i);
  Put(t_.started, row, v[kStartedAt].i);
}

void VolumeTableBuilder::Add(const std::vector<Value>& v) {
  using namespace volume_field;
  key_.assign(v[kDate].s);
  key_.push_back('\0');
  key_.append(v[kKind].s);
  const size_t row = RowOf(rows_, key_, t_.size());
  Put(t_.kind, row, t_.kinds.Intern(v[kKind].s));
  Put(t_.count, row, v[kCount].i);
  Put(t_.day, row, ParseDate(v[kDate].s).value_or(0));  // Validated as a date.
}

std::vector<uint32_t> MapIds(const StringDict& from, const StringDict& to) {
  std::vector<uint32_t> out(from.size());
  for (uint32_t id = 0; id < from.size(); ++id) out[id] = to.Find(from[id]);
  return out;
}

std::vector<uint8_t> MarkAgentUse(const ContactTable& contacts, const KbEventTable& kb,
                                  int64_t* unlinked) {
  // The distinct (contact-table partner id, contact_id) keys of the agent_use events in a
  // FlatIndex (key k: first_event[k] names it, uses[k] events do), which every contact probes.
  // The index holds 32-bit tags of the hashes and key numbers only; texts are compared on a
  // tag match. The std::unordered_map of string_views it replaces took 4.2 of the 6 s of a
  // 10M-contact workspace's extended metrics, and a close computes those once per contract.
  const std::vector<uint32_t> partner = MapIds(kb.partners, contacts.partners);
  const auto key_hash = [](uint32_t p, std::string_view contact_id) {
    return HashCombine(HashText(contact_id), p);
  };
  FlatIndex index;
  std::vector<uint32_t> first_event;
  std::vector<int64_t> uses;
  const auto names = [&](uint32_t k, uint32_t p, std::string_view contact_id) {
    const uint32_t e = first_event[k];
    return partner[kb.partner[e]] == p && kb.contact_id[e] == contact_id;
  };
  int64_t events = 0;
  for (size_t i = 0; i < kb.size(); ++i) {
    if (kb.kind[i] != KbKind::kAgentUse) continue;
    ++events;
    const uint32_t p = kb.partner[i] == kNoId ? kNoId : partner[kb.partner[i]];
    if (p == kNoId) continue;
    const std::string_view id = kb.contact_id[i];
    const auto [k, is_new] =
        index.FindOrInsert(key_hash(p, id), static_cast<uint32_t>(first_event.size()),
                           [&](uint32_t k) { return names(k, p, id); });
    if (is_new) {
      first_event.push_back(static_cast<uint32_t>(i));
      uses.push_back(0);
    }
    ++uses[k];
  }
  std::vector<uint8_t> out(contacts.size(), 0);
  int64_t linked = 0;
  if (index.size() > 0) {
    // Each contact's hash is computed kAhead rows early and its slot prefetched then: the
    // index is larger than the caches, and a probe would otherwise wait on memory.
    constexpr size_t kAhead = 16;
    uint64_t ahead[kAhead];
    const auto hash_of = [&](size_t i) {
      return key_hash(contacts.partner[i], contacts.contact_id[i]);
    };
    for (size_t i = 0; i < std::min(kAhead, contacts.size()); ++i) {
      ahead[i] = hash_of(i);
      index.Prefetch(ahead[i]);
    }
    for (size_t i = 0; i < contacts.size(); ++i) {
      const uint64_t hash = ahead[i % kAhead];
      if (i + kAhead < contacts.size()) {
        ahead[i % kAhead] = hash_of(i + kAhead);
        index.Prefetch(ahead[i % kAhead]);
      }
      const uint32_t p = contacts.partner[i];
      const std::string_view id = contacts.contact_id[i];
      const uint32_t k = index.Find(hash, [&](uint32_t k) { return names(k, p, id); });
      if (k == FlatIndex::kAbsent) continue;
      out[i] = 1;
      linked += uses[k];
    }
  }
  if (unlinked != nullptr) *unlinked = events - linked;
  return out;
}

CustomerArrivals::CustomerArrivals(const ContactTable& t, int64_t short_abandon) {
  begin_.assign(t.customers.size() + 1, 0);
  auto each_contact = [&](auto&& per_row) {  // Rows with a customer, no short abandons.
    for (size_t i = 0; i < t.size(); ++i) {
      if (t.customer[i] != kNoId && !IsShortAbandon(t, i, short_abandon)) per_row(i);
    }
  };
  each_contact([&](size_t i) { ++begin_[t.customer[i] + 1]; });
  for (size_t k = 1; k < begin_.size(); ++k) begin_[k] += begin_[k - 1];
  arrived_.resize(begin_.back());
  std::vector<uint32_t> next(begin_.begin(), begin_.end() - 1);
  each_contact([&](size_t i) { arrived_[next[t.customer[i]]++] = t.arrived[i]; });
  for (size_t k = 0; k + 1 < begin_.size(); ++k) {
    std::sort(arrived_.begin() + begin_[k], arrived_.begin() + begin_[k + 1]);
  }
}

bool CustomerArrivals::AnyIn(uint32_t customer, int64_t after, int64_t up_to) const {
  if (customer == kNoId || customer + 1 >= begin_.size()) return false;
  auto first = arrived_.begin() + begin_[customer];
  auto last = arrived_.begin() + begin_[customer + 1];
  auto it = std::upper_bound(first, last, after);  // The first arrival strictly after `after`.
  return it != last && *it <= up_to;
}

std::vector<TimeInterval> UnionIntervals(std::vector<TimeInterval> in) {
  std::erase_if(in, [](const TimeInterval& i) { return i.end <= i.begin; });
  std::sort(in.begin(), in.end(),
            [](const TimeInterval& a, const TimeInterval& b) { return a.begin < b.begin; });
  std::vector<TimeInterval> out;
  for (const TimeInterval& i : in) {
    if (!out.empty() && i.begin <= out.back().end) {
      out.back().end = std::max(out.back().end, i.end);
    } else {
      out.push_back(i);
    }
  }
  return out;
}

int64_t CoveredLength(std::span<const TimeInterval> disjoint, int64_t begin, int64_t end) {
  int64_t total = 0;
  for (const TimeInterval& i : disjoint) {
    const int64_t b = std::max(i.begin, begin), e = std::min(i.end, end);
    if (e > b) total += e - b;
  }
  return total;
}

}  // namespace cx
