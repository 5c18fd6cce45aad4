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
  Column<int64_t> contact;  // Row of the linked contact, or -1 (unlinked).
  Column<uint32_t> customer;
  Column<int64_t> responded;
  Column<int8_t> nps, csat, ces;  // -1 = no answer.
  size_t size() const { return responded.size(); }
};

// A text of a typed batch: where it lies in the batch's arena.
struct BatchText {
  static constexpr uint32_t kNullSize = UINT32_MAX;
  uint32_t offset = 0, size = kNullSize;  // kNullSize: no value.
  bool is_null() const { return size == kNullSize; }
};

// Typed rows on their way from a parsing thread to a table builder: fixed-size records with
// their texts in one arena, and every hash the builder needs already computed. A load parses
// on threads that have time to spare and builds on ones that have none, so the parsing side
// does all the per-row work it can (metrics/row_pipeline.h). Thread-compatible; hand a batch
// from thread to thread whole.
template <typename RowType>
struct TypedBatch {
  using Row = RowType;
  // Offsets are 32-bit: a batch takes no more rows once its texts pass this (only rows of
  // ~256 KB each would get there before the batch is full of rows).
  static constexpr size_t kMaxArena = size_t{1} << 30;
  std::string arena;
  std::vector<Row> rows;

  void Clear() {
    arena.clear();
    rows.clear();
  }
  size_t size() const { return rows.size(); }
  bool arena_full() const { return arena.size() >= kMaxArena; }
  // The text, or "" for a null one (callers check is_null where null means something).
  std::string_view text(BatchText t) const {
    return t.is_null() ? std::string_view() : std::string_view(arena.data() + t.offset, t.size);
  }

 protected:
  // Copies a text value into the arena (null: a null BatchText) and sets `*hash` to its
  // HashText (0 for null).
  BatchText Keep(const Value& v, uint64_t* hash) {
    return v.is_null() ? Keep(std::string_view(), hash) : KeepText(v.s, hash);
  }
  // Keep of a field's text, where empty means missing (null).
  BatchText Keep(std::string_view s, uint64_t* hash) {
    if (s.empty()) {
      *hash = 0;
      return BatchText{};
    }
    return KeepText(s, hash);
  }

 private:
  BatchText KeepText(std::string_view s, uint64_t* hash) {
    *hash = HashText(s);
    const BatchText t{static_cast<uint32_t>(arena.size()), static_cast<uint32_t>(s.size())};
    arena.append(s);
    return t;
  }
};

struct ContactBatchRow {
  uint64_t key_hash;  // ContactKeyHash(partner, contact_id).
  // HashText of each text below (0 when it has no value).
  uint64_t partner_hash, customer_hash, reason_hash, site_hash, queue_hash;
  int64_t arrived, sent, answered, ended, handle;  // µs (handle: seconds); kNull = missing.
  BatchText contact_id, partner, customer, reason, site, queue;
  Channel channel;
  uint8_t flags;  // ContactFlag.
};

// Contact rows for ContactTableBuilder.
struct ContactBatch : TypedBatch<ContactBatchRow> {
  // Appends a validated contact row (fields in contact_field order).
  void Add(const std::vector<Value>& row);
  // Validates a contact record's texts (contact_field order, empty = missing) straight into
  // a row, without the generic Value row: appends the row Add would for ValidateRecord's, and
  // returns true, when ValidateRecord would accept the record; returns false and appends
  // nothing when it would not. The caller then runs ValidateRecord for the reason.
  bool AddValid(const std::vector<std::string_view>& texts, const ValidateOptions& options);

 private:
  // Keeps the row's texts and their hashes, from validated Values (Add) or field texts
  // (AddValid): one order into the arena for both.
  template <typename Field>
  void KeepTexts(const std::vector<Field>& fields, Row& r);
};

// The hash of a contact's key (partner, contact_id) in the builder's index, from the HashText
// of each.
inline uint64_t ContactKeyHash(uint64_t partner_hash, uint64_t contact_id_hash) {
  return HashCombine(contact_id_hash, partner_hash);
}

struct SurveyBatchRow {
  uint64_t id_hash;        // HashText(survey_id).
  // ContactKeyHash of (partner, contact_id); 0 when either is missing (so a key that hashes
  // to 0, a 2^-64 chance, would not link).
  uint64_t contact_hash;
  uint64_t customer_hash;  // HashText(customer_id).
  int64_t responded;       // µs.
  BatchText survey_id, partner, contact_id, customer;
  int8_t nps, csat, ces;   // -1 = no answer.
};

// Survey rows for SurveyTableBuilder.
struct SurveyBatch : TypedBatch<SurveyBatchRow> {
  // Appends a validated survey row (fields in survey_field order).
  void Add(const std::vector<Value>& row);
};

// Appends validated contact rows (fields in contact_field order); a row whose (partner,
// contact_id) was seen replaces the earlier one in place.
class ContactTableBuilder {
 public:
  // Sizes columns and the key index for about `rows` rows (optional; avoids regrowth).
  void Reserve(size_t rows);
  void Add(const std::vector<Value>& row);

  // Add a batch at a time in two halves, for a load that runs them on two threads
  // (metrics/dataset.cc). The key half (AssignRows: partner dictionary, contact ids, key
  // index, and the customer column) decides which row each record lands in; the column half
  // (FillRows) writes the rows' other fields. Each half is called in file order, on one
  // thread each; the key half may run ahead. Its probes into 10M-row indexes prefetch what
  // they will load a few rows ahead, so that they do not each wait for memory.
  void AssignRows(const ContactBatch& batch, std::vector<uint64_t>* rows);
  void FillRows(const ContactBatch& batch, const std::vector<uint64_t>& rows);
  // Sorts the partner dictionary into byte order and returns the table.
  ContactTable Finish();
  // Row of (partner, contact_id), or -1. Valid until Finish, which moves the table out.
  int64_t Find(std::string_view partner, std::string_view contact_id) const;
  // Find for every row of a survey batch that names a contact (else -1), into `rows`,
  // prefetching each lookup's three dependent loads (index slot, the row's contact id's
  // start, the id) a few rows ahead of it. Read-only: safe on another thread once the
  // contacts are all added.
  void FindAll(const SurveyBatch& batch, std::vector<uint64_t>* rows) const;

 private:
  // Whether row `r` has the key (partner id, contact_id): the index's equality.
  bool HasKey(uint32_t r, uint32_t partner, std::string_view contact_id) const {
    return t_.partner[r] == partner && SameText(t_.contact_id[r], contact_id);
  }
  // Find with the key's hash computed (ContactKeyHash).
  int64_t FindHashed(std::string_view partner, std::string_view contact_id, uint64_t hash) const;

  ContactTable t_;
  FlatIndex rows_;  // (partner, contact_id) -> row.
  ContactBatch one_;  // Add's row.
  std::vector<uint64_t> one_row_;
};

// Appends validated survey rows, linking each to its contact through `contacts`; a row whose
// survey_id was seen replaces the earlier one.
class SurveyTableBuilder {
 public:
  explicit SurveyTableBuilder(const ContactTableBuilder* contacts) : contacts_(contacts) {}
  // Sizes columns and indexes for about `rows` rows (optional; avoids regrowth).
  void Reserve(size_t rows);
  void Add(const std::vector<Value>& row);
  // Add a batch at a time in two halves on two threads, like ContactTableBuilder: the link
  // half (LinkRows: each survey's contact row, through the finished contacts) may run ahead
  // of AddRows, which writes the rows.
  void LinkRows(const SurveyBatch& batch, std::vector<uint64_t>* contact_rows) const {
    contacts_->FindAll(batch, contact_rows);
  }
  void AddRows(const SurveyBatch& batch, const std::vector<uint64_t>& contact_rows);
  SurveyTable Finish() { return std::move(t_); }

 private:
  const ContactTableBuilder* contacts_;
  StringDict customers_;
  StringColumn survey_id_;
  SurveyTable t_;
  FlatIndex rows_;  // survey_id -> row.
  SurveyBatch one_;  // Add's row.
  std::vector<uint64_t> one_link_;
};

}  // namespace cx
