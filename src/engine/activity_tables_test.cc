#include "engine/activity_tables.h"

#include <gtest/gtest.h>

#include "base/time.h"

namespace cx {
namespace {

constexpr int64_t kHour = kMicrosPerHour;

Micros T(std::string_view text) { return *ParseTimestamp(text); }

std::vector<Value> Contact(std::string_view partner, std::string_view id, int64_t arrived,
                           std::string_view customer, bool abandoned = false,
                           int64_t ended = kNull) {
  using namespace contact_field;
  std::vector<Value> v(kCount, Value::Null());
  v[kPartner] = Value::Text(partner);
  v[kContactId] = Value::Text(id);
  v[kChannel] = Value::Text("voice");
  v[kArrivedAt] = Value::Int(arrived);
  if (!customer.empty()) v[kCustomerId] = Value::Text(customer);
  v[kAbandoned] = Value::Int(abandoned);
  v[kTransferred] = Value::Int(0);
  if (ended != kNull) v[kEndedAt] = Value::Int(ended);
  return v;
}

std::vector<Value> Kb(std::string_view id, int64_t at, std::string_view kind,
                      std::string_view customer = "", std::string_view partner = "",
                      std::string_view contact = "", std::string_view article = "KB1") {
  auto text = [](std::string_view s) { return s.empty() ? Value::Null() : Value::Text(s); };
  return {Value::Text(id), Value::Int(at), Value::Text(article), Value::Text(kind),
          text(customer), text(contact), text(partner)};
}

TEST(ActivityTablesTest, LaterRowOfAKeyReplacesTheEarlierOne) {
  SelfServiceTableBuilder ss;
  ss.Add({Value::Text("s1"), Value::Text("k1"), Value::Int(10), Value::Text("web"), Value::Null(),
          Value::Int(0)});
  ss.Add({Value::Text("s2"), Value::Text("k2"), Value::Int(20), Value::Null(), Value::Null(),
          Value::Null()});
  ss.Add({Value::Text("s1"), Value::Text("k3"), Value::Int(30), Value::Text("app"),
          Value::Text("refund"), Value::Int(1)});  // A correction of s1.
  SelfServiceTable s = ss.Finish();
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s.started[0], 30);
  EXPECT_EQ(s.customers[s.customer[0]], "k3");
  EXPECT_EQ(s.channels[s.channel[0]], "app");
  EXPECT_EQ(s.completed[0], 1);
  EXPECT_EQ(s.completed[1], -1);
  EXPECT_EQ(s.channel[1], kNoId);

  // Outages are keyed by (service, started_at): the same start on another service is another.
  OutageTableBuilder ob;
  ob.Add({Value::Text("ivr"), Value::Text("atlas"), Value::Int(100), Value::Int(200)});
  ob.Add({Value::Text("web"), Value::Text("delta"), Value::Int(100), Value::Int(150)});
  ob.Add({Value::Text("ivr"), Value::Text("atlas"), Value::Int(100), Value::Int(300)});
  OutageTable o = ob.Finish();
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o.ended[0], 300);
  EXPECT_EQ(o.partners[o.partner[1]], "delta");

  // Volumes are keyed by (date, kind); the date becomes days since the epoch.
  VolumeTableBuilder vb;
  vb.Add({Value::Text("2026-03-01"), Value::Text("orders"), Value::Int(10)});
  vb.Add({Value::Text("2026-03-01"), Value::Text("active_subscriptions"), Value::Int(7)});
  vb.Add({Value::Text("2026-03-01"), Value::Text("orders"), Value::Int(12)});
  VolumeTable v = vb.Finish();
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v.count[0], 12);
  EXPECT_EQ(v.day[0], DaysFromCivil(2026, 3, 1));

  KbEventTableBuilder kb;
  kb.Add(Kb("e1", 5, "view", "k1"));
  kb.Add(Kb("e2", 6, "agent_use", "", "atlas", "c1"));
  kb.Add(Kb("e1", 7, "helpful", "k1"));
  KbEventTable k = kb.Finish();
  ASSERT_EQ(k.size(), 2u);
  EXPECT_EQ(k.kind[0], KbKind::kHelpful);
  EXPECT_EQ(k.at[0], 7);
  EXPECT_EQ(k.contact_id[0], "");
  EXPECT_EQ(k.partner[0], kNoId);
  EXPECT_EQ(k.contact_id[1], "c1");
  EXPECT_EQ(k.partners[k.partner[1]], "atlas");
}

TEST(ActivityTablesTest, AgentUseMatchesPartnerAndContactId) {
  ContactTableBuilder cb;
  cb.Add(Contact("bluepeak", "100", 1, "k1"));
  cb.Add(Contact("delta", "100", 2, "k2"));  // The same contact_id at another partner.
  cb.Add(Contact("delta", "200", 3, "k3"));
  ContactTable t = cb.Finish();
  KbEventTableBuilder kb;
  kb.Add(Kb("e1", 1, "agent_use", "", "delta", "100"));
  kb.Add(Kb("e2", 1, "agent_use", "", "delta", "100"));  // Two uses in one contact.
  kb.Add(Kb("e3", 1, "agent_use", "", "delta", "999"));  // No such contact.
  kb.Add(Kb("e4", 1, "agent_use", "", "zeta", "100"));   // No such partner.
  kb.Add(Kb("e5", 1, "agent_use"));                      // Names no contact at all.
  kb.Add(Kb("e6", 1, "view", "k3"));                     // Not an agent use.
  int64_t unlinked = -1;
  std::vector<uint8_t> used = MarkAgentUse(t, kb.Finish(), &unlinked);
  const auto row = [&](std::string_view partner, std::string_view id) {
    for (size_t i = 0; i < t.size(); ++i) {
      if (t.partners[t.partner[i]] == partner && t.contact_id[i] == id) return i;
    }
    return t.size();
  };
  EXPECT_EQ(used[row("delta", "100")], 1);
  EXPECT_EQ(used[row("bluepeak", "100")], 0);
  EXPECT_EQ(used[row("delta", "200")], 0);
  EXPECT_EQ(unlinked, 3);  // e3, e4, e5; e1 and e2 both link.
}

TEST(ActivityTablesTest, ArrivalsWindowIsOpenBeforeAndClosedAfterAndSkipsShortAbandons) {
  const Micros t0 = T("2026-03-10T12:00:00Z");
  ContactTableBuilder cb;
  cb.Add(Contact("p", "1", t0, "k1"));
  cb.Add(Contact("p", "2", t0 + 24 * kHour, "k2"));
  // A short abandon (ended 4 s after arriving) is not a contact the customer had...
  cb.Add(Contact("p", "3", t0 + kHour, "k3", true, t0 + kHour + 4 * kMicrosPerSecond));
  // ...but an abandon after 5 s is (golden rule 15: strictly less than 5 s is short).
  cb.Add(Contact("p", "4", t0 + kHour, "k4", true, t0 + kHour + 5 * kMicrosPerSecond));
  cb.Add(Contact("p", "5", t0, ""));  // No customer: in no customer's list.
  ContactTable t = cb.Finish();
  CustomerArrivals a(t, 5 * kMicrosPerSecond);
  const auto k = [&](std::string_view c) { return t.customers.Find(c); };
  EXPECT_FALSE(a.AnyIn(k("k1"), t0, t0 + 24 * kHour));  // Same instant: not after.
  EXPECT_TRUE(a.AnyIn(k("k1"), t0 - 1, t0));
  EXPECT_TRUE(a.AnyIn(k("k2"), t0, t0 + 24 * kHour));   // Exactly t + 24 h: inside.
  EXPECT_FALSE(a.AnyIn(k("k2"), t0, t0 + 24 * kHour - 1));
  EXPECT_FALSE(a.AnyIn(k("k3"), t0, t0 + 24 * kHour));
  EXPECT_TRUE(a.AnyIn(k("k4"), t0, t0 + 24 * kHour));
  EXPECT_FALSE(a.AnyIn(kNoId, t0 - 1, t0 + 1));
}

TEST(ActivityTablesTest, UnionMergesOverlappingNestedAndTouchingIntervals) {
  std::vector<TimeInterval> u = UnionIntervals({{50, 60}, {0, 10}, {5, 20}, {20, 30}, {7, 8},
                                                {40, 40}, {45, 41}, {55, 70}});
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0].begin, 0);
  EXPECT_EQ(u[0].end, 30);  // [0,10) + [5,20) + [20,30) touching + [7,8) nested.
  EXPECT_EQ(u[1].begin, 50);
  EXPECT_EQ(u[1].end, 70);  // Empty [40,40) and reversed [45,41) are dropped.
  EXPECT_EQ(CoveredLength(u, 0, 100), 50);
  EXPECT_EQ(CoveredLength(u, 25, 55), 5 + 5);  // [25,30) and [50,55).
  EXPECT_EQ(CoveredLength(u, 30, 50), 0);
  EXPECT_EQ(CoveredLength({}, 0, 100), 0);
}

}  // namespace
}  // namespace cx
