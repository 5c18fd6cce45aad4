// Store::ScanContactSlice on SQLite: exactly the partner's contacts in the range, the other
// contacts of their customers in the follow window (any partner), the linked surveys, the
// horizon of all contacts and the data version; the indexes it reads survive bulk and
// incremental loads.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <set>
#include <tuple>

#include "base/testing/temp_dir.h"
#include "store/store.h"

namespace cx {
namespace {

constexpr int64_t kT0 = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z.
constexpr int64_t kHour = 3'600'000'000;

std::vector<Value> Contact(std::string_view partner, std::string_view id,
                           std::optional<std::string_view> customer, int64_t arrived) {
  std::vector<Value> row(SpecOf(Kind::kContacts).fields.size(), Value::Null());
  row[contact_field::kContactId] = Value::Text(id);
  row[contact_field::kPartner] = Value::Text(partner);
  row[contact_field::kChannel] = Value::Text("voice");
  if (customer) row[contact_field::kCustomerId] = Value::Text(*customer);
  row[contact_field::kArrivedAt] = Value::Int(arrived);
  return row;
}

std::vector<Value> Survey(std::string_view id, std::string_view partner, std::string_view contact) {
  std::vector<Value> row(SpecOf(Kind::kSurveys).fields.size(), Value::Null());
  row[survey_field::kSurveyId] = Value::Text(id);
  row[survey_field::kPartner] = Value::Text(partner);
  row[survey_field::kContactId] = Value::Text(contact);
  row[survey_field::kCustomerId] = Value::Text("k");
  row[survey_field::kRespondedAt] = Value::Int(kT0);
  row[survey_field::kCsat] = Value::Int(5);
  return row;
}

void Load(Store& store, Kind kind, const std::vector<std::vector<Value>>& rows) {
  auto txn = store.BeginLoad(kind, "f.csv", "/x/f.csv");
  ASSERT_TRUE(txn.ok()) << txn.status().ToString();
  int64_t record = 0;
  for (const auto& row : rows) {
    ASSERT_TRUE((*txn)->Upsert(row, RowFingerprint(row), INT64_MIN, ++record).ok());
  }
  ASSERT_TRUE((*txn)->Commit("sha", {}, {}).ok());
}

using Seen = std::set<std::tuple<Kind, std::string, std::string>>;  // kind, partner, id.

Seen Slice(Store& store, const ContactSliceQuery& q, std::optional<int64_t>* horizon) {
  Seen seen;
  size_t rows = 0;
  bool surveys_started = false;
  auto h = store.ScanContactSlice(q, [&](Kind kind, const std::vector<Value>& row) {
    ++rows;
    if (kind == Kind::kSurveys) {
      surveys_started = true;
      seen.insert({kind, std::string(row[survey_field::kPartner].s),
                   std::string(row[survey_field::kSurveyId].s)});
    } else {
      EXPECT_FALSE(surveys_started) << "a contact after the surveys";
      seen.insert({kind, std::string(row[contact_field::kPartner].s),
                   std::string(row[contact_field::kContactId].s)});
    }
  });
  EXPECT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(rows, seen.size()) << "a row came twice";
  *horizon = h.ok() ? h->horizon : std::nullopt;
  if (h.ok()) {
    EXPECT_EQ(h->data_version, *store.DataVersion());
  }
  return seen;
}

std::set<std::string> IndexNames(const std::filesystem::path& db) {
  sqlite3* raw = nullptr;
  sqlite3_open(db.c_str(), &raw);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(raw, "SELECT name FROM sqlite_master WHERE type = 'index'", -1, &s, nullptr);
  std::set<std::string> names;
  while (sqlite3_step(s) == SQLITE_ROW) {
    names.insert(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  }
  sqlite3_finalize(s);
  sqlite3_close(raw);
  return names;
}

TEST(ContactSliceTest, EmptyStoreHasNoHorizon) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok());
  std::optional<int64_t> horizon = 1;
  EXPECT_TRUE(Slice(**store, {"a", kT0, kT0 + kHour, 0, true}, &horizon).empty());
  EXPECT_FALSE(horizon.has_value());
}

TEST(ContactSliceTest, PartnerRangeTheirCustomersFollowUpsAndLinkedSurveys) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok());
  const int64_t from = kT0 + 10 * kHour, to = kT0 + 20 * kHour, follow = 5 * kHour;
  Load(**store, Kind::kContacts,
       {Contact("a", "a-before", "k1", from - 1),  // Before the range.
        Contact("a", "a-first", "k1", from),       // In (from is inclusive).
        Contact("a", "a-no-customer", std::nullopt, from + kHour),
        Contact("a", "a-last", "k2", to - 1),                // In.
        Contact("a", "a-at-to", "k3", to),                   // Out: to is exclusive.
        Contact("b", "b-k1-early", "k1", from - kHour),      // Before the window.
        Contact("b", "b-k1-in", "k1", from + 2 * kHour),     // A follow-up, another partner.
        Contact("b", "b-k2-late", "k2", to + follow - 1),    // Last instant of the window.
        Contact("b", "b-k2-after", "k2", to + follow),       // After it.
        Contact("b", "b-k3", "k3", from + kHour),            // k3 has no contact of a in range.
        Contact("a", "a-k1-after", "k1", to + kHour),        // A follow-up, the same partner.
        Contact("c", "c-latest", "k9", to + 100 * kHour)});  // The horizon.
  EXPECT_EQ(IndexNames(dir / "s.db").count("contacts_partner_time"), 1u);  // Rebuilt.
  Load(**store, Kind::kContacts,  // Incremental: the indexes are maintained.
       {Contact("a", "a-k2-in", "k2", to - kHour), Contact("c", "c-k2", "k2", to)});
  Load(**store, Kind::kSurveys,
       {Survey("s1", "a", "a-first"), Survey("s2", "b", "b-k1-in"), Survey("s3", "a", "a-at-to"),
        Survey("s4", "a", "nothing"), Survey("s5", "b", "a-last")});
  const std::set<std::string> indexes = IndexNames(dir / "s.db");
  for (const char* name :
       {"contacts_partner_time", "surveys_contact", "contacts_key", "surveys_key"}) {
    EXPECT_EQ(indexes.count(name), 1u) << name;
  }

  std::optional<int64_t> horizon;
  const Kind C = Kind::kContacts, S = Kind::kSurveys;
  EXPECT_EQ(Slice(**store, {"a", from, to, 0, false}, &horizon), (Seen{{C, "a", "a-first"},
                                                                       {C, "a", "a-no-customer"},
                                                                       {C, "a", "a-last"},
                                                                       {C, "a", "a-k2-in"}}));
  EXPECT_EQ(horizon, to + 100 * kHour);
  EXPECT_EQ(Slice(**store, {"a", from, to, follow, true}, &horizon),
            (Seen{{C, "a", "a-first"},
                  {C, "a", "a-no-customer"},
                  {C, "a", "a-last"},
                  {C, "a", "a-k2-in"},
                  {C, "a", "a-k1-after"},
                  {C, "b", "b-k1-in"},
                  {C, "b", "b-k2-late"},
                  {C, "c", "c-k2"},
                  {S, "a", "s1"}}));
  EXPECT_TRUE(Slice(**store, {"nobody", from, to, follow, true}, &horizon).empty());
  EXPECT_EQ(horizon, to + 100 * kHour);
}

}  // namespace
}  // namespace cx
