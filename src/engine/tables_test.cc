#include "engine/tables.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace cx
