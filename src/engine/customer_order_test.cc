#include "engine/customer_order.h"

#include <gtest/gtest.h>

#include "base/time.h"

namespace cx {
namespace {

using namespace contact_field;
constexpr int64_t kS = kMicrosPerSecond;
constexpr int64_t kW = 7 * kMicrosPerDay;

struct C {
  const char* partner;
  const char* id;
  const char* customer;
  int64_t arrived;
  bool abandoned = false;
  int64_t ended = kNull;
  const char* reason = nullptr;
};

ContactTable Build(const std::vector<C>& cs) {
  ContactTableBuilder b;
  for (const C& c : cs) {
    std::vector<Value> v(kCount, Value::Null());
    v[kPartner] = Value::Text(c.partner);
    v[kContactId] = Value::Text(c.id);
    v[kChannel] = Value::Text("voice");
    v[kCustomerId] = Value::Text(c.customer);
    v[kArrivedAt] = Value::Int(c.arrived);
    v[kAbandoned] = Value::Int(c.abandoned);
    v[kTransferred] = Value::Int(0);
    if (c.ended != kNull) v[kEndedAt] = Value::Int(c.ended);
    if (c.reason) v[kReason] = Value::Text(c.reason);
    b.Add(v);
  }
  return b.Finish();
}

std::vector<RepeatState> Repeats(const ContactTable& t, int64_t horizon, bool same_reason = false,
                                 bool seen_is_known = false) {
  RepeatWindowOptions o;
  o.repeat_seen_is_known = seen_is_known;
  std::vector<RepeatState> out;
  MarkRepeats(t, OrderByCustomer(t), o, horizon, same_reason, &out);
  return out;
}

using R = RepeatState;

TEST(CustomerOrderTest, RepeatWindowIsOpenAtTheStartAndClosedAtTheEnd) {
  const int64_t t0 = 1000 * kS;
  ContactTable t = Build({
      {"a", "1", "k1", t0},             // Repeated by "2" at exactly t + W.
      {"b", "2", "k1", t0 + kW},        // At another partner: it still counts against "a".
      {"a", "3", "k2", t0},             // "4" comes 1 s too late.
      {"a", "4", "k2", t0 + kW + kS},
      {"a", "5", "k3", t0},             // "6" at the same instant is not a repeat.
      {"b", "6", "k3", t0},
      {"a", "7", "k4", t0},             // A short abandon is not a repeat...
      {"a", "8", "k4", t0 + kS, true, t0 + 5 * kS},  // ...(4 s)...
      {"a", "9", "k5", t0},             // ...but a 5 s abandon is.
      {"a", "10", "k5", t0 + kS, true, t0 + 6 * kS},
  });
  auto r = Repeats(t, t0 + 30 * kMicrosPerDay);
  EXPECT_EQ(r[0], R::kRepeated);
  EXPECT_EQ(r[2], R::kResolved);
  EXPECT_EQ(r[4], R::kResolved);
  EXPECT_EQ(r[5], R::kResolved);
  EXPECT_EQ(r[6], R::kResolved);
  EXPECT_EQ(r[7], R::kNotApplicable);  // Abandoned contacts are not measured.
  EXPECT_EQ(r[8], R::kRepeated);
}

TEST(CustomerOrderTest, PendingNearTheHorizonAndTheUnknownOnlyVariant) {
  const int64_t t0 = 1000 * kS;
  ContactTable t = Build({{"a", "1", "k1", t0}, {"a", "2", "k1", t0 + kS}, {"a", "3", "k2", t0}});
  const int64_t horizon = t0 + kW - 1;  // Both windows end after the horizon.
  auto literal = Repeats(t, horizon);
  EXPECT_EQ(literal[0], R::kPending);  // Even though its repeat has been seen (golden rule 24).
  EXPECT_EQ(literal[2], R::kPending);
  auto known = Repeats(t, horizon, false, /*seen_is_known=*/true);
  EXPECT_EQ(known[0], R::kRepeated);
  EXPECT_EQ(known[2], R::kPending);
  EXPECT_EQ(Repeats(t, t0 + kW)[2], R::kResolved);  // A window ending at the horizon is closed.
}

TEST(CustomerOrderTest, SameReasonNeedsAReasonOnBothSides) {
  const int64_t t0 = 1000 * kS;
  ContactTable t = Build({
      {"a", "1", "k1", t0, false, kNull, "billing"},
      {"a", "2", "k1", t0 + kS, false, kNull, "tech"},
      {"a", "3", "k1", t0 + 2 * kS, false, kNull, nullptr},
      {"a", "4", "k1", t0 + 3 * kS, false, kNull, "billing"},
  });
  auto r = Repeats(t, t0 + 30 * kMicrosPerDay, /*same_reason=*/true);
  EXPECT_EQ(r[0], R::kRepeated);  // By "4", not by "2" or "3".
  EXPECT_EQ(r[1], R::kResolved);
  EXPECT_EQ(r[2], R::kNotApplicable);
}

TEST(CustomerOrderTest, IssuesChainWhileGapsStayWithinTheWindow) {
  const int64_t t0 = 1000 * kS;
  ContactTable t = Build({
      {"b", "1", "k1", t0},
      {"a", "2", "k1", t0 + kW},            // Gap exactly W: same issue.
      {"a", "3", "k1", t0 + 2 * kW + kS},   // Gap W + 1 s: a new issue.
      {"a", "4", "k1", t0 + 2 * kW + 2 * kS, true, t0 + 2 * kW + 3 * kS},  // Short: left out.
      {"a", "5", "k2", t0},
  });
  std::vector<CustomerIssue> issues;
  RepeatWindowOptions o;
  ChainIssues(t, OrderByCustomer(t), o, t0 + 2 * kW + kS + kW, &issues);
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].contacts, 2u);
  EXPECT_EQ(t.contact_id[issues[0].first], "1");
  EXPECT_EQ(t.contact_id[issues[0].last], "2");
  EXPECT_TRUE(issues[0].closed);
  EXPECT_EQ(issues[1].contacts, 1u);
  EXPECT_TRUE(issues[1].closed);  // last + W == horizon: closed.
  EXPECT_EQ(t.contact_id[issues[2].first], "5");
}

TEST(CustomerOrderTest, TiesBreakByPartnerThenContactIdInByteOrder) {
  const int64_t t0 = 1000 * kS;
  ContactTable t = Build({{"b", "1", "k", t0}, {"a", "9", "k", t0}, {"a", "10", "k", t0}});
  auto order = OrderByCustomer(t);
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(t.contact_id[order[0]], "10");  // "10" < "9" in bytes.
  EXPECT_EQ(t.contact_id[order[1]], "9");
  EXPECT_EQ(t.contact_id[order[2]], "1");   // Partner b after a.
}

}  // namespace
}  // namespace cx
