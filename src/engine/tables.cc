#include "engine/tables.h"

namespace cx {

namespace {

int64_t Instant(const Value& v) { return v.is_null() ? kNull : v.i; }

uint32_t Intern(StringDict& dict, const Value& v) {
  return v.is_null() ? kNoId : dict.Intern(v.s);
}

int8_t Score(const Value& v) { return v.is_null() ? -1 : static_cast<int8_t>(v.i); }

template <typename Vec, typename T>
void Put(Vec& column, size_t row, T value) {
  if (row == column.size()) {
    column.push_back(value);
  } else {
    column[row] = value;
  }
}

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
  t_.customers.Reserve(rows / 2);  // Generated and real feeds: 2-4 contacts per customer.
}

void ContactTableBuilder::Add(const std::vector<Value>& v) {
  using namespace contact_field;
  const RowKey key = Key(v[kPartner].s, v[kContactId].s);
  Fill(AssignRow(key, v[kContactId].s), v, CustomerHash(v[kCustomerId]));
}

ContactTableBuilder::RowKey ContactTableBuilder::Key(std::string_view partner,
                                                     std::string_view contact_id) {
  const uint32_t p = t_.partners.Intern(partner);
  return {HashCombine(HashText(contact_id), p), p};
}

uint32_t ContactTableBuilder::AssignRow(const RowKey& key, std::string_view id) {
  auto [row, is_new] = rows_.FindOrInsert(
      key.hash, static_cast<uint32_t>(t_.contact_id.size()),
      [&](uint32_t r) { return t_.partner[r] == key.partner && t_.contact_id[r] == id; });
  if (is_new) t_.contact_id.Append(id);
  Put(t_.partner, row, key.partner);
  return row;
}

uint64_t ContactTableBuilder::CustomerHash(const Value& customer) const {
  if (customer.is_null()) return 0;
  const uint64_t h = HashText(customer.s);
  t_.customers.Prefetch(h);
  return h;
}

void ContactTableBuilder::Fill(uint32_t row, const std::vector<Value>& v, uint64_t customer_hash) {
  using namespace contact_field;
  const Value& customer = v[kCustomerId];
  Put(t_.customer, row, customer.is_null() ? kNoId : t_.customers.Intern(customer.s, customer_hash));
  Put(t_.reason, row, Intern(t_.reasons, v[kReason]));
  Put(t_.site, row, Intern(t_.sites, v[kSite]));
  Put(t_.queue, row, Intern(t_.queues, v[kQueue]));
  Put(t_.channel, row, ChannelFromText(v[kChannel].s));
  Put(t_.sent, row, Instant(v[kCustomerSentAt]));
  Put(t_.answered, row, Instant(v[kAnsweredAt]));
  Put(t_.ended, row, Instant(v[kEndedAt]));
  Put(t_.handle, row, Instant(v[kHandleSeconds]));
  uint8_t f = 0;
  if (!v[kAbandoned].is_null() && v[kAbandoned].i) f |= kFlagAbandoned;
  if (!v[kTransferred].is_null() && v[kTransferred].i) f |= kFlagTransferred;
  if (!v[kDemographicsCollected].is_null()) {
    f |= kFlagDemographicsKnown | (v[kDemographicsCollected].i ? kFlagDemographicsTrue : 0);
  }
  if (!v[kConsentRecorded].is_null()) {
    f |= kFlagConsentKnown | (v[kConsentRecorded].i ? kFlagConsentTrue : 0);
  }
  Put(t_.flags, row, f);
  // `arrived` last: size() counts it, so Put above sees the row as new until here.
  Put(t_.arrived, row, v[kArrivedAt].i);
}

int64_t ContactTableBuilder::Find(std::string_view partner, std::string_view contact_id) const {
  const uint32_t p = t_.partners.Find(partner);
  if (p == kNoId) return -1;
  const uint32_t row = rows_.Find(HashCombine(HashText(contact_id), p), [&](uint32_t r) {
    return t_.partner[r] == p && t_.contact_id[r] == contact_id;
  });
  return row == FlatIndex::kAbsent ? int64_t{-1} : int64_t{row};
}

ContactTable ContactTableBuilder::Finish() {
  std::vector<uint32_t> remap = t_.partners.SortByValue();
  for (uint32_t& p : t_.partner) p = remap[p];
  return std::move(t_);
}

void SurveyTableBuilder::Add(const std::vector<Value>& v) {
  using namespace survey_field;
  const std::string_view id = v[kSurveyId].s;
  auto [row, is_new] = rows_.FindOrInsert(HashText(id), static_cast<uint32_t>(t_.size()),
                                          [&](uint32_t r) { return survey_id_[r] == id; });
  if (is_new) survey_id_.Append(id);
  int64_t contact = -1;
  if (!v[kContactId].is_null() && !v[kPartner].is_null()) {
    contact = contacts_->Find(v[kPartner].s, v[kContactId].s);
  }
  Put(t_.contact, row, contact);
  Put(t_.customer, row, customers_.Intern(v[kCustomerId].s));
  Put(t_.nps, row, Score(v[kNps]));
  Put(t_.csat, row, Score(v[kCsat]));
  Put(t_.ces, row, Score(v[kCes]));
  Put(t_.responded, row, v[kRespondedAt].i);
}

}  // namespace cx
