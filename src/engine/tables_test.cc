#include "engine/tables.h"

#include <gtest/gtest.h>

#include <random>
#include <tuple>

#include "base/time.h"

namespace cx {
namespace {

using namespace contact_field;

std::vector<Value> Contact(std::string_view partner, std::string_view id, int64_t arrived,
                           std::string_view customer = "k") {
  std::vector<Value> v(kCount, Value::Null());
  v[kPartner] = Value::Text(partner);
  v[kContactId] = Value::Text(id);
  v[kChannel] = Value::Text("voice");
  v[kArrivedAt] = Value::Int(arrived);
  v[kCustomerId] = Value::Text(customer);
  v[kAbandoned] = Value::Int(0);
  v[kTransferred] = Value::Int(0);
  return v;
}

TEST(TablesTest, LaterRowOfAKeyReplacesAndPartnersSortByBytes) {
  ContactTableBuilder b;
  b.Add(Contact("zeta", "1", 10));
  b.Add(Contact("alpha", "1", 20));  // Same contact_id, other partner: another contact.
  b.Add(Contact("zeta", "1", 30));   // A correction of the first row.
  for (int i = 0; i < 5000; ++i) b.Add(Contact("alpha", "c" + std::to_string(i), i));
  EXPECT_EQ(b.Find("zeta", "1"), 0);
  EXPECT_EQ(b.Find("alpha", "1"), 1);
  EXPECT_EQ(b.Find("alpha", "c4999"), 5001);
  EXPECT_EQ(b.Find("alpha", "nope"), -1);
  EXPECT_EQ(b.Find("nobody", "1"), -1);
  ContactTable t = b.Finish();
  ASSERT_EQ(t.size(), 5002u);
  EXPECT_EQ(t.arrived[0], 30);
  EXPECT_EQ(t.partners[t.partner[0]], "zeta");
  EXPECT_EQ(t.partners[0], "alpha");  // Ids follow byte order after Finish.
  EXPECT_EQ(t.partner[1], 0u);
  EXPECT_EQ(t.customers.size(), 1u);
}

TEST(TablesTest, SurveysLinkToTheFinalContacts) {
  ContactTableBuilder cb;
  cb.Add(Contact("atlas", "c1", 10));
  SurveyTableBuilder sb(&cb);
  std::vector<Value> s(survey_field::kCount, Value::Null());
  s[survey_field::kSurveyId] = Value::Text("s1");
  s[survey_field::kContactId] = Value::Text("c1");
  s[survey_field::kPartner] = Value::Text("atlas");
  s[survey_field::kCustomerId] = Value::Text("k");
  s[survey_field::kRespondedAt] = Value::Int(99);
  s[survey_field::kNps] = Value::Int(9);
  sb.Add(s);
  s[survey_field::kSurveyId] = Value::Text("s2");
  s[survey_field::kPartner] = Value::Text("bluepeak");  // No such contact: unlinked.
  sb.Add(s);
  s[survey_field::kSurveyId] = Value::Text("s1");  // Correction of s1.
  s[survey_field::kPartner] = Value::Text("atlas");
  s[survey_field::kNps] = Value::Int(3);
  sb.Add(s);
  SurveyTable t = sb.Finish();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t.contact[0], 0);
  EXPECT_EQ(t.nps[0], 3);
  EXPECT_EQ(t.contact[1], -1);
}

TEST(StringDictTest, InternFindAndSort) {
  StringDict d;
  EXPECT_EQ(d.Intern("b"), 0u);
  EXPECT_EQ(d.Intern("a"), 1u);
  EXPECT_EQ(d.Intern("b"), 0u);
  EXPECT_EQ(d.Find("a"), 1u);
  EXPECT_EQ(d.Find("c"), kNoId);
  auto remap = d.SortByValue();
  EXPECT_EQ(remap, (std::vector<uint32_t>{1, 0}));
  EXPECT_EQ(d[0], "a");
  EXPECT_EQ(d.Find("b"), 1u);
}

// AddValid is ValidateRecord + Add without the Value row: on random records, valid and not
// (each field empty, good, or bad in the ways feeds get it wrong; instants in any order), it
// accepts exactly what ValidateRecord accepts, under both customer-id options, and appends
// the same rows and texts.
TEST(ContactBatchTest, AddValidAgreesWithValidateRecordAndAdd) {
  std::mt19937 rng(5);
  const auto one_of = [&](std::initializer_list<std::string_view> choices) {
    return *(choices.begin() + rng() % choices.size());
  };
  const auto instant = [&] {
    static const std::string_view kInstants[] = {
        "",  "2026-03-01T10:00:00Z", "2026-03-01T10:05:00Z", "2026-03-01T12:05:00+02:00",
        "2026-03-01T10:00:00.250Z", "2026-03-01T09:55:00Z", "2026-02-30T10:00:00Z",
        "2026-03-01 10:00:00Z", "yesterday"};
    // Three times in four one of the first five (empty or valid), else any.
    return kInstants[rng() % (rng() % 4 ? 5 : std::size(kInstants))];
  };
  const auto text = [&](std::string_view value) { return rng() % 5 == 0 ? "" : value; };
  const auto flag = [&] {
    return rng() % 20 ? one_of({"", "", "true", "false", "TRUE", "1", "0", "no"}) : "maybe";
  };
  const KindSpec& spec = SpecOf(Kind::kContacts);
  int accepted = 0, rejected = 0;
  for (bool require_customer : {true, false}) {
    ValidateOptions options;
    options.require_customer_id = require_customer;
    ContactBatch general, direct;
    std::vector<Value> row;
    Issue issue;
    for (int n = 0; n < 20000; ++n) {
      using namespace contact_field;
      std::vector<std::string_view> t(kCount);
      t[kContactId] = rng() % 40 == 0 ? "" : one_of({"C1", "C2", "C3"});
      t[kPartner] = rng() % 40 == 0 ? "" : one_of({"atlas", "borealis"});
      t[kSite] = rng() % 50 ? text("site-a") : "site-\xe9";  // Latin-1: not UTF-8.
      t[kQueue] = text("billing");
      t[kChannel] = one_of({"voice", "voice", "email", "Chat", "MESSAGING", "social", "fax", ""});
      t[kCustomerId] = text("k123");
      t[kReason] = text("refund_request");
      t[kArrivedAt] = rng() % 3 ? "2026-03-01T10:00:00Z" : instant();
      t[kCustomerSentAt] = rng() % 2 ? "" : instant();
      t[kAnsweredAt] = instant();
      t[kEndedAt] = instant();
      t[kHandleSeconds] = rng() % 10 ? one_of({"", "61", "61.5", "0"})
                                     : one_of({"-3", "1e3", "1234567890"});
      t[kAbandoned] = flag();
      t[kTransferred] = flag();
      t[kAgentId] = rng() % 50 ? text("a17") : std::string_view("a\0b", 3);
      t[kOrderId] = text("o9");
      t[kDemographicsCollected] = flag();
      t[kConsentRecorded] = flag();
      const bool valid = ValidateRecord(spec, t, &row, &issue, options);
      if (valid) general.Add(row);
      ASSERT_EQ(direct.AddValid(t, options), valid) << "record " << n;
      (valid ? accepted : rejected)++;
    }
    ASSERT_EQ(direct.size(), general.size());
    EXPECT_EQ(direct.arena, general.arena);
    for (size_t i = 0; i < general.size(); ++i) {
      const ContactBatch::Row &a = general.rows[i], &b = direct.rows[i];
      ASSERT_EQ(std::tie(a.key_hash, a.partner_hash, a.customer_hash, a.reason_hash, a.site_hash,
                         a.queue_hash, a.arrived, a.sent, a.answered, a.ended, a.handle,
                         a.channel, a.flags),
                std::tie(b.key_hash, b.partner_hash, b.customer_hash, b.reason_hash, b.site_hash,
                         b.queue_hash, b.arrived, b.sent, b.answered, b.ended, b.handle,
                         b.channel, b.flags))
          << "row " << i;
      for (auto field : {&ContactBatch::Row::contact_id, &ContactBatch::Row::partner,
                         &ContactBatch::Row::customer, &ContactBatch::Row::reason,
                         &ContactBatch::Row::site, &ContactBatch::Row::queue}) {
        ASSERT_EQ((a.*field).offset, (b.*field).offset) << "row " << i;
        ASSERT_EQ((a.*field).size, (b.*field).size) << "row " << i;
      }
    }
  }
  EXPECT_GT(accepted, 4000);  // Both outcomes well covered.
  EXPECT_GT(rejected, 4000);
}

}  // namespace
}  // namespace cx
