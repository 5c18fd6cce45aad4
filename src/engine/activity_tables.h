// Columnar tables of the client's activity feeds (data-format.md self_service, kb_events,
// outages, volumes), their builders, and the small kernels the extended metrics run over them:
// a per-customer index of contact arrivals ("did this customer contact anyone within W?") and
// interval unions (outage time). Builders apply golden rule 9 per kind key: a later valid row
// with the same key replaces the earlier one. Tables are immutable once built and safe to read
// from many threads; builders are thread-compatible.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/flat_index.h"
#include "engine/tables.h"

namespace cx {

struct SelfServiceTable {
  StringDict customers, channels, reasons;  // Customer ids are this table's own.
  std::vector<uint32_t> customer, channel, reason;  // kNoId = missing.
  std::vector<int64_t> started;                     // µs.
  std::vector<int8_t> completed;                    // -1 missing, 0 false, 1 true.
  size_t size() const { return started.size(); }
};

enum class KbKind : uint8_t { kView, kAgentUse, kHelpful, kNotHelpful };

struct KbEventTable {
  StringDict articles, customers, partners;
  std::vector<int64_t> at;  // µs.
  std::vector<uint32_t> article;
  std::vector<uint32_t> customer;  // kNoId = missing (agent_use events have none).
  std::vector<KbKind> kind;
  // agent_use: the contact (partner, contact_id) the agent used the article in; kNoId and ""
  // when missing. See MarkAgentUse.
  std::vector<uint32_t> partner;
  StringColumn contact_id;
  size_t size() const { return at.size(); }
};

struct OutageTable {
  StringDict services, partners;
  std::vector<uint32_t> service, partner;  // partner: who is accountable.
  std::vector<int64_t> started, ended;     // µs; ended >= started (validation).
  size_t size() const { return started.size(); }
};

struct VolumeTable {
  StringDict kinds;              // "orders", "active_subscriptions", ...
  std::vector<int64_t> day;      // The row's date, as days since 1970-01-01 (a civil date).
  std::vector<uint32_t> kind;
  std::vector<int64_t> count;
  size_t size() const { return day.size(); }
};

// Appends validated rows (fields in the kind's schema order, io/schema.cc).
class SelfServiceTableBuilder {
 public:
  void Add(const std::vector<Value>& row);
  SelfServiceTable Finish() { return std::move(t_); }

 private:
  SelfServiceTable t_;
  StringColumn ids_;  // session_id of each row.
  FlatIndex rows_;    // session_id -> row.
};

class KbEventTableBuilder {
 public:
  void Add(const std::vector<Value>& row);
  KbEventTable Finish();

 private:
  KbEventTable t_;
  std::vector<std::string> contact_ids_;  // Replaceable until Finish builds the column.
  StringColumn ids_;  // event_id of each row.
  FlatIndex rows_;    // event_id -> row.
};

class OutageTableBuilder {
 public:
  void Add(const std::vector<Value>& row);
  OutageTable Finish() { return std::move(t_); }

 private:
  OutageTable t_;
  std::unordered_map<std::string, uint32_t> rows_;  // service '\0' started_at -> row.
  std::string key_;
};

class VolumeTableBuilder {
 public:
  void Add(const std::vector<Value>& row);
  VolumeTable Finish() { return std::move(t_); }

 private:
  VolumeTable t_;
  std::unordered_map<std::string, uint32_t> rows_;  // date '\0' kind -> row.
  std::string key_;
};

// For each id of `from`, the id of the same text in `to`, or kNoId.
std::vector<uint32_t> MapIds(const StringDict& from, const StringDict& to);

// The arrivals of every customer's contacts, short abandons left out (they are not contacts
// the customer had: golden rule 23), sorted per customer. Answers "has customer k a contact
// in (t, t + window]?" in O(log contacts of k). Built in O(n) plus a sort per customer.
class CustomerArrivals {
 public:
  CustomerArrivals(const ContactTable& t, int64_t short_abandon);
  // `customer` is a ContactTable customer id; kNoId (a customer with no contact) gives false.
  bool AnyIn(uint32_t customer, int64_t after, int64_t up_to) const;

 private:
  std::vector<uint32_t> begin_;  // Customer k's arrivals are [begin_[k], begin_[k + 1]).
  std::vector<int64_t> arrived_;
};

// For each contact row of `contacts`: 1 when at least one agent_use event of `kb` names its
// (partner, contact_id), else 0. `unlinked` (optional) receives the number of agent_use events
// that name no contact of the table.
std::vector<uint8_t> MarkAgentUse(const ContactTable& contacts, const KbEventTable& kb,
                                  int64_t* unlinked);

struct TimeInterval {
  int64_t begin = 0, end = 0;  // [begin, end), µs.
};

// The union of `intervals` as disjoint intervals sorted by begin; empty ones are dropped and
// touching ones ([a, b) and [b, c)) merge.
std::vector<TimeInterval> UnionIntervals(std::vector<TimeInterval> intervals);

// Total length of `disjoint` (as UnionIntervals returns) inside [begin, end).
int64_t CoveredLength(std::span<const TimeInterval> disjoint, int64_t begin, int64_t end);

}  // namespace cx
