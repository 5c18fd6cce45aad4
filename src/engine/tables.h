// The engine's columnar tables: one typed vector per field, dictionary ids for texts that
// repeat. Instants are microseconds since the epoch (UTC); kNull marks a missing instant or
// duration. Built from validated rows (io/validate.h Values) by the builders below, which also
// apply golden rule 9 (a later row with the same key replaces the earlier one). Tables are
// immutable once built; reading them is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/column.h"
#include "engine/string_column.h"
#include "io/validate.h"

namespace cx {

inline constexpr int64_t kNull = INT64_MIN;

enum class Channel : uint8_t { kVoice, kEmail, kChat, kMessaging, kSocial };
Channel ChannelFromText(std::string_view canonical);  // Text as validation normalised it.
std::string_view ChannelName(Channel c);

// Flags of a contact, one byte each.
enum ContactFlag : uint8_t {
  kFlagAbandoned = 1,
  kFlagTransferred = 2,
  kFlagDemographicsKnown = 4,   // demographics_collected present...
  kFlagDemographicsTrue = 8,    // ...and true.
  kFlagConsentKnown = 16,
  kFlagConsentTrue = 32,
};

struct ContactTable {
  // Agent and order ids are not kept: no metric or grouping uses them yet, and interning an
  // agent id per row cost ~5% of a load.
  StringDict partners, customers, reasons, sites, queues;
  StringColumn contact_id;
  Column<uint32_t> partner, customer, reason, site, queue;  // kNoId = missing.
  Column<Channel> channel;
  Column<int64_t> arrived, sent, answered, ended, handle;  // µs; kNull = missing.
  Column<uint8_t> flags;

  size_t size() const { return arrived.size(); }
  bool abandoned(size_t i) const { return flags[i] & kFlagAbandoned; }
};

struct SurveyTable {
  std::vector<int64_t> contact;  // Row of the linked contact, or -1 (unlinked).
  std::vector<uint32_t> customer;
  std::vector<int64_t> responded;
  std::vector<int8_t> nps, csat, ces;  // -1 = no answer.
  size_t size() const { return responded.size(); }
};

// Appends validated contact rows (fields in contact_field order); a row whose (partner,
// contact_id) was seen replaces the earlier one in place.
class ContactTableBuilder {
 public:
  // Sizes columns and the key index for about `rows` rows (optional; avoids regrowth).
  void Reserve(size_t rows);
  void Add(const std::vector<Value>& row);

  // Add in two halves, for a load that runs them on two threads (metrics/dataset.cc). The key
  // half (Key, AssignRow: partner dictionary, contact ids, key index) decides which row a
  // record lands in; the column half (Fill) writes the row's other fields. Each half is called
  // in file order, on one thread each; the key half may run ahead. Key's hash can be
  // prefetched a batch before AssignRow, CustomerHash's before Fill.
  struct RowKey {
    uint64_t hash;
    uint32_t partner;
  };
  RowKey Key(std::string_view partner, std::string_view contact_id);
  void PrefetchKey(const RowKey& key) const { rows_.Prefetch(key.hash); }
  uint32_t AssignRow(const RowKey& key, std::string_view contact_id);
  // HashText of a customer_id value (0 when absent), prefetched in the dictionary.
  uint64_t CustomerHash(const Value& customer_id) const;
  void Fill(uint32_t row, const std::vector<Value>& values, uint64_t customer_hash);
  // Sorts the partner dictionary into byte order and returns the table.
  ContactTable Finish();
  // Row of (partner, contact_id), or -1. Valid after Finish as well.
  int64_t Find(std::string_view partner, std::string_view contact_id) const;

 private:
  ContactTable t_;
  FlatIndex rows_;  // (partner, contact_id) -> row.
};

// Appends validated survey rows, linking each to its contact through `contacts`; a row whose
// survey_id was seen replaces the earlier one.
class SurveyTableBuilder {
 public:
  explicit SurveyTableBuilder(const ContactTableBuilder* contacts) : contacts_(contacts) {}
  void Add(const std::vector<Value>& row);
  SurveyTable Finish() { return std::move(t_); }

 private:
  const ContactTableBuilder* contacts_;
  StringDict customers_;
  StringColumn survey_id_;
  SurveyTable t_;
  FlatIndex rows_;  // survey_id -> row.
};

}  // namespace cx
