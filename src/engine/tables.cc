#include "engine/tables.h"

#include <tuple>
#include <utility>

namespace cx {

namespace {

int64_t Instant(const Value& v) { return v.is_null() ? kNull : v.i; }

int8_t Score(const Value& v) { return v.is_null() ? -1 : static_cast<int8_t>(v.i); }

template <typename Vec, typename T>
void Put(Vec& column, size_t row, T value) {
  if (row == column.size()) {
    column.push_back(value);
  } else {
    column[row] = value;
  }
}

// How many rows ahead a batch loop prefetches what a later row's probe will load. Prefetches
// issued a whole batch ahead did nothing measurable: the core keeps only a few dozen misses
// in flight and drops prefetches beyond them, so they must be spread through the work.
constexpr size_t kPrefetchAhead = 16;

}  // namespace

Channel ChannelFromText(std::string_view c) {
  if (c == "voice") return Channel::kVoice;
  if (c == "email") return Channel::kEmail;
  if (c == "chat") return Channel::kChat;
  if (c == "messaging") return Channel::kMessaging;
  return Channel::kSocial;
}

std::string_view ChannelName(Channel c) {
  switch (c) {
    case Channel::kVoice: return "voice";
    case Channel::kEmail: return "email";
    case Channel::kChat: return "chat";
    case Channel::kMessaging: return "messaging";
    case Channel::kSocial: return "social";
  }
  return "social";
}

void ContactTableBuilder::Reserve(size_t rows) {
  for (auto* c : {&t_.partner, &t_.customer, &t_.reason, &t_.site, &t_.queue}) c->reserve(rows);
  for (auto* c : {&t_.arrived, &t_.sent, &t_.answered, &t_.ended, &t_.handle}) c->reserve(rows);
  t_.channel.reserve(rows);
  t_.flags.reserve(rows);
  t_.contact_id.Reserve(rows, rows * 12);
  rows_.Reserve(rows);
  // Generated and real feeds: 1.7-4 contacts per customer, ids of up to ~16 bytes. Room not
  // used costs address space only (Column's pages are touched as they fill).
  t_.customers.Reserve(rows / 2, rows / 2 * 16);
}

template <typename Field>
void ContactBatch::KeepTexts(const std::vector<Field>& fields, Row& r) {
  using namespace contact_field;
  uint64_t id_hash;
  r.contact_id = Keep(fields[kContactId], &id_hash);
  r.partner = Keep(fields[kPartner], &r.partner_hash);
  r.key_hash = ContactKeyHash(r.partner_hash, id_hash);
  r.customer = Keep(fields[kCustomerId], &r.customer_hash);
  r.reason = Keep(fields[kReason], &r.reason_hash);
  r.site = Keep(fields[kSite], &r.site_hash);
  r.queue = Keep(fields[kQueue], &r.queue_hash);
}

void ContactBatch::Add(const std::vector<Value>& v) {
  using namespace contact_field;
  // Filled here and appended whole: emplace_back() zeroed the row first (rep stos), ~40% of
  // this function.
  Row r;
  KeepTexts(v, r);
  r.arrived = v[kArrivedAt].i;
  r.sent = Instant(v[kCustomerSentAt]);
  r.answered = Instant(v[kAnsweredAt]);
  r.ended = Instant(v[kEndedAt]);
  r.handle = Instant(v[kHandleSeconds]);
  r.channel = ChannelFromText(v[kChannel].s);
  uint8_t f = 0;
  if (!v[kAbandoned].is_null() && v[kAbandoned].i) f |= kFlagAbandoned;
  if (!v[kTransferred].is_null() && v[kTransferred].i) f |= kFlagTransferred;
  if (!v[kDemographicsCollected].is_null()) {
    f |= kFlagDemographicsKnown | (v[kDemographicsCollected].i ? kFlagDemographicsTrue : 0);
  }
  if (!v[kConsentRecorded].is_null()) {
    f |= kFlagConsentKnown | (v[kConsentRecorded].i ? kFlagConsentTrue : 0);
  }
  r.flags = f;
  rows.push_back(r);
}

bool ContactBatch::AddValid(const std::vector<std::string_view>& t,
                            const ValidateOptions& options) {
  using namespace contact_field;
  static const KindSpec& spec = SpecOf(Kind::kContacts);
  if (t.size() != static_cast<size_t>(kCount) || t[kContactId].empty() || t[kPartner].empty() ||
      t[kChannel].empty() || t[kArrivedAt].empty() ||
      (options.require_customer_id && t[kCustomerId].empty())) {
    return false;
  }
  // Each typed field through ParseField, as ValidateRecord parses it; texts need no parse.
  Value v;
  Reason why;
  const auto parse = [&](int f) { return ParseField(spec.fields[f], t[f], &v, &why); };
  const auto optional = [&](int f, int64_t* out) {
    if (t[f].empty()) {
      *out = kNull;
      return true;
    }
    if (!parse(f)) return false;
    *out = v.i;
    return true;
  };
  for (int f = 0; f < kCount; ++f) {
    if (spec.fields[f].type == FieldType::kText && !IsText(t[f])) return false;
  }
  Row r;
  if (!parse(kChannel)) return false;
  r.channel = ChannelFromText(v.s);
  if (!parse(kArrivedAt)) return false;
  r.arrived = v.i;
  if (!optional(kCustomerSentAt, &r.sent) || !optional(kAnsweredAt, &r.answered) ||
      !optional(kEndedAt, &r.ended) || !optional(kHandleSeconds, &r.handle)) {
    return false;
  }
  uint8_t f = 0;
  // abandoned and transferred default to false; the other two stay unknown when missing.
  for (const auto& [field, flag] :
       {std::pair{kAbandoned, kFlagAbandoned}, std::pair{kTransferred, kFlagTransferred}}) {
    if (t[field].empty()) continue;
    if (!parse(field)) return false;
    if (v.i) f |= flag;
  }
  for (const auto& [field, known, yes] :
       {std::tuple{kDemographicsCollected, kFlagDemographicsKnown, kFlagDemographicsTrue},
        std::tuple{kConsentRecorded, kFlagConsentKnown, kFlagConsentTrue}}) {
    if (t[field].empty()) continue;
    if (!parse(field)) return false;
    f |= known | (v.i ? yes : 0);
  }
  r.flags = f;
  // ValidateRecord's record rules, which apply once every field parsed.
  if ((r.answered != kNull && r.answered < r.arrived) ||
      (r.ended != kNull && r.ended < r.arrived)) {
    return false;
  }
  KeepTexts(t, r);
  rows.push_back(r);
  return true;
}

void ContactTableBuilder::Add(const std::vector<Value>& row) {
  one_.Clear();
  one_.Add(row);
  AssignRows(one_, &one_row_);
  FillRows(one_, one_row_);
}

void ContactTableBuilder::AssignRows(const ContactBatch& batch, std::vector<uint64_t>* rows) {
  const size_t n = batch.size();
  rows->resize(n);
  uint32_t partner = kNoId;  // Rows come in runs of one partner: intern each run once.
  std::string_view partner_text;
  for (size_t i = 0; i < n; ++i) {
    if (i + kPrefetchAhead < n) rows_.Prefetch(batch.rows[i + kPrefetchAhead].key_hash);
    const ContactBatch::Row& r = batch.rows[i];
    const std::string_view p = batch.text(r.partner), id = batch.text(r.contact_id);
    if (partner == kNoId || !SameText(p, partner_text)) {
      partner = t_.partners.Intern(p, r.partner_hash);
      partner_text = p;
    }
    auto [row, is_new] = rows_.FindOrInsert(
        r.key_hash, static_cast<uint32_t>(t_.contact_id.size()),
        [&](uint32_t k) { return HasKey(k, partner, id); });
    if (is_new) t_.contact_id.Append(id);
    Put(t_.partner, row, partner);
    (*rows)[i] = row;
  }
  // Customers here rather than in FillRows: they are the costliest column (~60% of a 10M
  // load's customers are new, the others each wait on memory), and this stage had time.
  // Each Intern waits on three dependent loads (StringDict::Prefetch); they are started one
  // after the other, kPrefetchAhead rows apart.
  const auto customer = [&](size_t i) -> const ContactBatch::Row* {
    return i < n && !batch.rows[i].customer.is_null() ? &batch.rows[i] : nullptr;
  };
  for (size_t i = 0; i < n; ++i) {
    if (const auto* r = customer(i + 3 * kPrefetchAhead)) t_.customers.Prefetch(r->customer_hash);
    if (const auto* r = customer(i + 2 * kPrefetchAhead)) {
      t_.customers.PrefetchStart(r->customer_hash);
    }
    if (const auto* r = customer(i + kPrefetchAhead)) t_.customers.PrefetchText(r->customer_hash);
    const ContactBatch::Row& r = batch.rows[i];
    Put(t_.customer, static_cast<uint32_t>((*rows)[i]),
        r.customer.is_null() ? kNoId : t_.customers.Intern(batch.text(r.customer), r.customer_hash));
  }
}

void ContactTableBuilder::FillRows(const ContactBatch& batch, const std::vector<uint64_t>& rows) {
  const auto intern = [&batch](StringDict& dict, BatchText t, uint64_t hash) {
    return t.is_null() ? kNoId : dict.Intern(batch.text(t), hash);
  };
  for (size_t i = 0; i < batch.size(); ++i) {
    const ContactBatch::Row& r = batch.rows[i];
    const auto row = static_cast<uint32_t>(rows[i]);
    Put(t_.reason, row, intern(t_.reasons, r.reason, r.reason_hash));
    Put(t_.site, row, intern(t_.sites, r.site, r.site_hash));
    Put(t_.queue, row, intern(t_.queues, r.queue, r.queue_hash));
    Put(t_.channel, row, r.channel);
    Put(t_.sent, row, r.sent);
    Put(t_.answered, row, r.answered);
    Put(t_.ended, row, r.ended);
    Put(t_.handle, row, r.handle);
    Put(t_.flags, row, r.flags);
    // `arrived` last: size() counts it, so Put above sees the row as new until here.
    Put(t_.arrived, row, r.arrived);
  }
}

int64_t ContactTableBuilder::Find(std::string_view partner, std::string_view contact_id) const {
  return FindHashed(partner, contact_id, ContactKeyHash(HashText(partner), HashText(contact_id)));
}

int64_t ContactTableBuilder::FindHashed(std::string_view partner, std::string_view contact_id,
                                        uint64_t hash) const {
  const uint32_t p = t_.partners.Find(partner);
  if (p == kNoId) return -1;
  const uint32_t row = rows_.Find(hash, [&](uint32_t r) { return HasKey(r, p, contact_id); });
  return row == FlatIndex::kAbsent ? int64_t{-1} : int64_t{row};
}

ContactTable ContactTableBuilder::Finish() {
  std::vector<uint32_t> remap = t_.partners.SortByValue();
  for (uint32_t& p : t_.partner) p = remap[p];
  return std::move(t_);
}

void SurveyBatch::Add(const std::vector<Value>& v) {
  using namespace survey_field;
  Row r;  // Appended whole, as ContactBatch::Add does.
  uint64_t partner_hash, id_hash;
  r.survey_id = Keep(v[kSurveyId], &r.id_hash);
  r.partner = Keep(v[kPartner], &partner_hash);
  r.contact_id = Keep(v[kContactId], &id_hash);
  r.contact_hash =
      r.partner.is_null() || r.contact_id.is_null() ? 0 : ContactKeyHash(partner_hash, id_hash);
  r.customer = Keep(v[kCustomerId], &r.customer_hash);
  r.responded = v[kRespondedAt].i;
  r.nps = Score(v[kNps]);
  r.csat = Score(v[kCsat]);
  r.ces = Score(v[kCes]);
  rows.push_back(r);
}

void ContactTableBuilder::FindAll(const SurveyBatch& batch, std::vector<uint64_t>* rows) const {
  const size_t n = batch.size();
  // The row i's survey links from, or nullptr (none, or past the batch).
  const auto linking = [&](size_t i) -> const SurveyBatch::Row* {
    return i < n && batch.rows[i].contact_hash != 0 ? &batch.rows[i] : nullptr;
  };
  rows->resize(n);
  // Three dependent loads per lookup (index slot, where the row's contact id begins, the id),
  // started kPrefetchAhead rows apart.
  for (size_t i = 0; i < n; ++i) {
    if (const auto* r = linking(i + 3 * kPrefetchAhead)) rows_.Prefetch(r->contact_hash);
    if (const auto* r = linking(i + 2 * kPrefetchAhead)) {
      if (const uint32_t row = rows_.Guess(r->contact_hash); row != FlatIndex::kAbsent) {
        t_.contact_id.PrefetchEnd(row);
        __builtin_prefetch(&t_.partner[row]);
      }
    }
    if (const auto* r = linking(i + kPrefetchAhead)) {
      if (const uint32_t row = rows_.Guess(r->contact_hash); row != FlatIndex::kAbsent) {
        t_.contact_id.PrefetchText(row);
      }
    }
    const SurveyBatch::Row& r = batch.rows[i];
    const int64_t row =
        linking(i) != nullptr
            ? FindHashed(batch.text(r.partner), batch.text(r.contact_id), r.contact_hash)
            : -1;
    (*rows)[i] = static_cast<uint64_t>(row);
  }
}

void SurveyTableBuilder::Reserve(size_t rows) {
  t_.contact.reserve(rows);
  t_.customer.reserve(rows);
  t_.responded.reserve(rows);
  for (auto* c : {&t_.nps, &t_.csat, &t_.ces}) c->reserve(rows);
  survey_id_.Reserve(rows, rows * 11);
  rows_.Reserve(rows);
  customers_.Reserve(rows, rows * 16);
}

void SurveyTableBuilder::Add(const std::vector<Value>& row) {
  one_.Clear();
  one_.Add(row);
  LinkRows(one_, &one_link_);
  AddRows(one_, one_link_);
}

void SurveyTableBuilder::AddRows(const SurveyBatch& batch, const std::vector<uint64_t>& links) {
  const size_t n = batch.size();
  for (size_t i = 0; i < n; ++i) {
    if (i + kPrefetchAhead < n) {
      const SurveyBatch::Row& ahead = batch.rows[i + kPrefetchAhead];
      rows_.Prefetch(ahead.id_hash);
      customers_.Prefetch(ahead.customer_hash);
    }
    const SurveyBatch::Row& r = batch.rows[i];
    const std::string_view id = batch.text(r.survey_id);
    auto [row, is_new] =
        rows_.FindOrInsert(r.id_hash, static_cast<uint32_t>(t_.size()),
                           [&](uint32_t k) { return SameText(survey_id_[k], id); });
    if (is_new) survey_id_.Append(id);
    Put(t_.contact, row, static_cast<int64_t>(links[i]));
    Put(t_.customer, row, customers_.Intern(batch.text(r.customer), r.customer_hash));
    Put(t_.nps, row, r.nps);
    Put(t_.csat, row, r.csat);
    Put(t_.ces, row, r.ces);
    // `responded` last: size() counts it.
    Put(t_.responded, row, r.responded);
  }
}

}  // namespace cx
