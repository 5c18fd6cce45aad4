#include "io/validate.h"

#include <gtest/gtest.h>

#include "base/time.h"

namespace cx {
namespace {

using namespace contact_field;

std::vector<std::string_view> GoodContact() {
  std::vector<std::string_view> t(kCount);
  t[kContactId] = "c1";
  t[kPartner] = "atlas";
  t[kChannel] = "Voice";
  t[kArrivedAt] = "2026-03-02T14:15:07Z";
  t[kAnsweredAt] = "2026-03-02T14:15:27Z";
  t[kEndedAt] = "2026-03-02T14:20:00Z";
  t[kHandleSeconds] = "273.5";
  t[kCustomerId] = "k1";
  return t;
}

Issue Reject(std::vector<std::string_view> t, Kind kind = Kind::kContacts) {
  std::vector<Value> row;
  Issue issue;
  EXPECT_FALSE(ValidateRecord(SpecOf(kind), t, &row, &issue));
  return issue;
}

TEST(ValidateTest, AcceptsAndNormalises) {
  std::vector<Value> row;
  Issue issue;
  ASSERT_TRUE(ValidateRecord(SpecOf(Kind::kContacts), GoodContact(), &row, &issue));
  EXPECT_EQ(row[kChannel].s, "voice");
  EXPECT_EQ(row[kHandleSeconds].i, 273'500'000);
  EXPECT_EQ(row[kAbandoned].i, 0);  // Empty means false for abandoned...
  EXPECT_TRUE(row[kDemographicsCollected].is_null());  // ...and missing for demographics.
  EXPECT_EQ(row[kAnsweredAt].i - row[kArrivedAt].i, 20 * kMicrosPerSecond);
}

TEST(ValidateTest, ReasonsFollowThePrecedenceOrder) {
  auto t = GoodContact();
  t[kChannel] = "fax";
  t[kArrivedAt] = "2026-03-02 14:15:07Z";
  EXPECT_EQ(Reject(t).reason, Reason::kBadTimestamp);  // bad_timestamp before unknown_channel.
  t[kContactId] = "";
  Issue i = Reject(t);
  EXPECT_EQ(i.reason, Reason::kMissingRequired);
  EXPECT_EQ(i.field, kContactId);
  t = GoodContact();
  t[kChannel] = "fax";
  t[kAbandoned] = "maybe";
  i = Reject(t);
  EXPECT_EQ(i.reason, Reason::kUnknownChannel);
  EXPECT_EQ(i.value, "fax");
}

TEST(ValidateTest, BadValues) {
  for (const char* v : {"-12", "1e3", "12 s", "1234567890", "1.", ".5"}) {
    auto t = GoodContact();
    t[kHandleSeconds] = v;
    EXPECT_EQ(Reject(t).reason, Reason::kBadValue) << v;
  }
  auto t = GoodContact();
  t[kTransferred] = "Y";
  EXPECT_EQ(Reject(t).reason, Reason::kBadValue);
}

// Files are UTF-8 (data-format.md): a text field that is not, or that holds a NUL byte, is a
// bad_value naming the field. Stored, it broke every JSON answer and export that named it.
TEST(ValidateTest, TextIsUtf8WithoutNul) {
  using namespace std::string_view_literals;
  for (std::string_view v : {"ord\xff" "ers"sv, "\xc0\xaf"sv, "caf\xc3"sv, "a\0b"sv,
                             "abcdefgh\0ijklmnop"sv, "ordinary-queue-\xff-name"sv}) {
    auto t = GoodContact();
    t[kQueue] = v;
    const Issue issue = Reject(t);
    EXPECT_EQ(issue.reason, Reason::kBadValue);
    EXPECT_EQ(issue.field, kQueue);
    EXPECT_EQ(issue.detail, "queue is not UTF-8 text (or holds a NUL byte)");
  }
  for (std::string_view v :
       {"café"sv, "東京 queue"sv, "emoji 🙂"sv, "a plain queue name of 32 bytes.."sv}) {
    auto t = GoodContact();
    t[kQueue] = v;
    std::vector<Value> row;
    Issue issue;
    EXPECT_TRUE(ValidateRecord(SpecOf(Kind::kContacts), t, &row, &issue)) << v;
    EXPECT_EQ(row[kQueue].s, v);
  }
  std::vector<std::string_view> survey(survey_field::kCount);
  survey[survey_field::kSurveyId] = "s1";
  survey[survey_field::kCustomerId] = "k1";
  survey[survey_field::kRespondedAt] = "2026-03-02T14:15:07Z";
  survey[survey_field::kComment] = "tr\xe8s bien";  // Latin-1, not UTF-8.
  EXPECT_EQ(Reject(survey, Kind::kSurveys).field, survey_field::kComment);
}

TEST(ValidateTest, OrderRules) {
  auto t = GoodContact();
  t[kAnsweredAt] = "2026-03-02T14:15:06Z";
  EXPECT_EQ(Reject(t).reason, Reason::kAnsweredBeforeArrived);
  t = GoodContact();
  t[kEndedAt] = "2026-03-02T14:15:06.999999Z";
  EXPECT_EQ(Reject(t).reason, Reason::kEndedBeforeArrived);
  t = GoodContact();
  t[kCustomerSentAt] = "2026-03-03T00:00:00Z";  // Sent after arrival is accepted (rule 7).
  std::vector<Value> row;
  Issue issue;
  EXPECT_TRUE(ValidateRecord(SpecOf(Kind::kContacts), t, &row, &issue));
}

TEST(ValidateTest, SurveyScoresAndLinks) {
  std::vector<std::string_view> s(survey_field::kCount);
  s[survey_field::kSurveyId] = "s1";
  s[survey_field::kCustomerId] = "k1";
  s[survey_field::kRespondedAt] = "2026-03-02T14:15:07Z";
  for (auto [field, value] : std::vector<std::pair<int, const char*>>{
           {survey_field::kNps, "11"}, {survey_field::kCsat, "0"}, {survey_field::kCsat, "6"},
           {survey_field::kCes, "8"}, {survey_field::kCes, "7.5"}}) {
    auto t = s;
    t[field] = value;
    EXPECT_EQ(Reject(t, Kind::kSurveys).reason, Reason::kBadValue) << value;
  }
  auto t = s;
  t[survey_field::kContactId] = "c1";
  t[survey_field::kNps] = "11";
  Issue i = Reject(t, Kind::kSurveys);
  EXPECT_EQ(i.reason, Reason::kMissingRequired);  // contact_id without partner wins.
  EXPECT_EQ(i.field, survey_field::kPartner);
}

TEST(ValidateTest, CustomerIdRequiredIsAnOption) {
  auto t = GoodContact();
  t[kCustomerId] = "";
  Issue i = Reject(t);
  EXPECT_EQ(i.reason, Reason::kMissingRequired);
  EXPECT_EQ(i.field, kCustomerId);
  std::vector<Value> row;
  ValidateOptions lenient;
  lenient.require_customer_id = false;
  EXPECT_TRUE(ValidateRecord(SpecOf(Kind::kContacts), t, &row, &i, lenient));
  EXPECT_TRUE(row[kCustomerId].is_null());
}

TEST(ValidateTest, FingerprintTellsContentApart) {
  std::vector<Value> a, b;
  Issue issue;
  auto t = GoodContact();
  ASSERT_TRUE(ValidateRecord(SpecOf(Kind::kContacts), t, &a, &issue));
  t[kChannel] = "VOICE";  // Same typed content.
  ASSERT_TRUE(ValidateRecord(SpecOf(Kind::kContacts), t, &b, &issue));
  EXPECT_EQ(RowFingerprint(a), RowFingerprint(b));
  t[kHandleSeconds] = "273.6";
  ASSERT_TRUE(ValidateRecord(SpecOf(Kind::kContacts), t, &b, &issue));
  EXPECT_NE(RowFingerprint(a), RowFingerprint(b));
}

}  // namespace
}  // namespace cx
