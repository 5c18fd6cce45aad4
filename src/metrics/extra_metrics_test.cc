// The extended metrics on small hand-made tables whose answers are worked out in the comments,
// with the boundaries of docs/decisions/0005-extended-metrics.md; then on the golden input
// (read from files and from a workspace store) for sanity and for the CSV layout.
#include "metrics/extra_metrics.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "base/testing/temp_dir.h"
#include "engine/stats.h"
#include "ingest/ingest.h"
#include "metrics/extra_output.h"
#include "metrics/output.h"

namespace cx {
namespace {

namespace fs = std::filesystem;
constexpr Micros kHour = kMicrosPerHour;
constexpr Micros kSecond = kMicrosPerSecond;

Micros T(std::string_view text) { return *ParseTimestamp(text); }

Value Text(std::string_view s) { return s.empty() ? Value::Null() : Value::Text(s); }

struct ContactOptions {
  bool abandoned = false;
  Micros ended = kNull;
  int demographics = -1, consent = -1;  // -1: missing.
};

// A dataset assembled row by row.
struct Data {
  ContactTableBuilder contacts;
  SelfServiceTableBuilder sessions;
  KbEventTableBuilder kb;
  OutageTableBuilder outages;
  VolumeTableBuilder volumes;
  int next_event = 0;

  void Contact(std::string_view partner, std::string_view id, Micros arrived,
               std::string_view customer, ContactOptions o = {}) {
    using namespace contact_field;
    std::vector<Value> v(kCount, Value::Null());
    v[kPartner] = Value::Text(partner);
    v[kContactId] = Value::Text(id);
    v[kChannel] = Value::Text("voice");
    v[kArrivedAt] = Value::Int(arrived);
    v[kCustomerId] = Text(customer);
    v[kAbandoned] = Value::Int(o.abandoned);
    v[kTransferred] = Value::Int(0);
    if (o.ended != kNull) v[kEndedAt] = Value::Int(o.ended);
    if (o.demographics >= 0) v[kDemographicsCollected] = Value::Int(o.demographics);
    if (o.consent >= 0) v[kConsentRecorded] = Value::Int(o.consent);
    contacts.Add(v);
  }
  void Session(std::string_view customer, Micros started) {
    const std::string id = "s" + std::to_string(next_event++);
    sessions.Add({Value::Text(id), Value::Text(customer), Value::Int(started), Value::Null(),
                  Value::Null(), Value::Null()});
  }
  void Kb(std::string_view kind, Micros at, std::string_view article, std::string_view customer,
          std::string_view partner = "", std::string_view contact = "") {
    const std::string id = "e" + std::to_string(next_event++);
    kb.Add({Value::Text(id), Value::Int(at), Value::Text(article), Value::Text(kind),
            Text(customer), Text(contact), Text(partner)});
  }
  void Outage(std::string_view service, std::string_view partner, Micros from, Micros to) {
    outages.Add({Value::Text(service), Value::Text(partner), Value::Int(from), Value::Int(to)});
  }
  void Volume(std::string_view date, std::string_view kind, int64_t count) {
    volumes.Add({Value::Text(date), Value::Text(kind), Value::Int(count)});
  }
  Dataset Finish() {
    Dataset d;
    d.contacts = contacts.Finish();
    d.self_service = sessions.Finish();
    d.kb_events = kb.Finish();
    d.outages = outages.Finish();
    d.volumes = volumes.Finish();
    return d;
  }
};

const Dimension kByPartnerPeriod[] = {Dimension::kPartner, Dimension::kPeriod};

ExtraResult Extra(const Dataset& d, std::span<const Dimension> by = kByPartnerPeriod,
                const ExtraOptions& options = {}) {
  auto r = ScoreExtra(d, MetricSettings{}, by, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return {};
  // Every row has its own key, in the documented order.
  for (size_t i = 1; i < r->rows.size(); ++i) {
    const ExtraRow& a = r->rows[i - 1];
    const ExtraRow& b = r->rows[i];
    EXPECT_LT(std::tie(a.row.keys, a.row.metric, a.service, a.article),
              std::tie(b.row.keys, b.row.metric, b.service, b.article))
        << b.row.metric << " " << b.service << b.article;
  }
  return *std::move(r);
}

const MetricRow* Find(const ExtraResult& r, std::vector<std::string> keys,
                      std::string_view metric, std::string_view service = "",
                      std::string_view article = "") {
  for (const ExtraRow& e : r.rows) {
    if (e.row.keys == keys && e.row.metric == metric && e.service == service &&
        e.article == article) {
      return &e.row;
    }
  }
  ADD_FAILURE() << "no row " << metric << " " << service << article;
  return nullptr;
}

// Checks numerator/denominator/pending, the value num/den and its Wilson interval.
void ExpectRate(const MetricRow* r, int64_t num, int64_t den, std::optional<int64_t> pending = {}) {
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->numerator, num) << r->metric;
  EXPECT_EQ(r->denominator, den) << r->metric;
  EXPECT_EQ(r->pending, pending) << r->metric;
  if (den == 0) {
    EXPECT_FALSE(r->value) << r->metric;
    return;
  }
  ASSERT_TRUE(r->value) << r->metric;
  EXPECT_DOUBLE_EQ(*r->value, static_cast<double>(num) / den) << r->metric;
  auto w = Wilson(num, den, 1.96);
  ASSERT_TRUE(r->low && r->high) << r->metric;
  EXPECT_DOUBLE_EQ(*r->low, w->low);
  EXPECT_DOUBLE_EQ(*r->high, w->high);
}

// The customers of the containment and deflection tests. Horizon H = the latest contact.
const Micros kT0 = T("2026-03-10T12:00:00Z");
const Micros kH = T("2026-03-20T12:00:00Z");

void AddCustomers(Data& d) {
  d.Contact("p1", "a1", kT0 + kHour, "A");       // 1 h after: not contained.
  d.Contact("p1", "b1", kT0 + 24 * kHour, "B");  // Exactly 24 h after: inside (t, t+24h].
  d.Contact("p1", "c1", kT0, "C");               // The same instant: not after, contained.
  d.Contact("p1", "d1", kT0 + kHour, "D",        // A short abandon (4 s) does not count.
            {.abandoned = true, .ended = kT0 + kHour + 4 * kSecond});
  d.Contact("p2", "f1", kT0 + 24 * kHour + kSecond, "F");  // 24 h + 1 s: outside.
  d.Contact("p1", "z1", kH, "Z");                          // Sets the horizon.
}

TEST(ExtraMetricsTest, ContainmentWindowIsAfterStartUpToTwentyFourHoursInclusive) {
  Data d;
  AddCustomers(d);
  for (std::string_view k : {"A", "B", "C", "D", "E", "F"}) d.Session(k, kT0);
  d.Session("A", kT0 - 48 * kHour);    // Its contact is 49 h later: contained.
  d.Session("G", kH - 24 * kHour);     // Window ends exactly at the horizon: closed.
  d.Session("Z", kH - 23 * kHour);     // Window ends after the horizon: pending.
  d.Session("A", T("2026-02-15T12:00:00Z"));  // February has no contacts: not reported.
  ExtraResult r = Extra(d.Finish());
  // Closed: A, B, C, D, E, F, A-early, G = 8. Contained: C (same instant), D (short abandon
  // only), E (no contacts at all), F (24 h + 1 s), A-early, G = 6. Pending: Z = 1.
  ExpectRate(Find(r, {"*", "2026-03"}, "containment"), 6, 8, 1);
  EXPECT_EQ(r.sessions, 10);
  EXPECT_EQ(r.sessions_no_contacts, 2);  // E and G.
  EXPECT_EQ(r.outside_periods, 1);
  for (const ExtraRow& e : r.rows) EXPECT_NE(e.row.keys[1], "2026-02");
}

TEST(ExtraMetricsTest, DeflectionPerPeriodAndPerArticleWithHelpfulVotes) {
  Data d;
  AddCustomers(d);
  d.Kb("view", kT0, "KB1", "A");            // A contact 1 h later: not deflected.
  d.Kb("view", kT0, "KB1", "E");            // No contact ever: deflected.
  d.Kb("view", kT0, "KB2", "B");            // Contact at exactly +24 h: not deflected.
  d.Kb("view", kT0, "KB2", "");             // Anonymous: left out, counted.
  d.Kb("view", kH - kHour, "KB2", "Z");     // Window still open at the horizon: pending.
  d.Kb("helpful", kT0, "KB1", "A");
  d.Kb("helpful", kT0, "KB1", "E");
  d.Kb("not_helpful", kT0, "KB1", "A");
  d.Kb("helpful", kT0, "KB2", "B");
  d.Kb("agent_use", kT0 + kHour, "KB1", "", "p1", "a1");
  ExtraResult r = Extra(d.Finish());
  // All articles: deflected 1 (E) of 3 closed (A, E, B), 1 pending; helpful 3 of 4 votes.
  ExpectRate(Find(r, {"*", "2026-03"}, "kb_deflection"), 1, 3, 1);
  ExpectRate(Find(r, {"*", "2026-03"}, "kb_helpful_rate"), 3, 4);
  // KB1: 1 of 2, helpful 2 of 3. KB2: 0 of 1 (B), 1 pending (Z); helpful 1 of 1.
  ExpectRate(Find(r, {"*", "2026-03"}, "kb_deflection", "", "KB1"), 1, 2, 0);
  ExpectRate(Find(r, {"*", "2026-03"}, "kb_helpful_rate", "", "KB1"), 2, 3);
  ExpectRate(Find(r, {"*", "2026-03"}, "kb_deflection", "", "KB2"), 0, 1, 1);
  ExpectRate(Find(r, {"*", "2026-03"}, "kb_helpful_rate", "", "KB2"), 1, 1);
  EXPECT_EQ(r.views, 5);
  EXPECT_EQ(r.views_without_customer, 1);
  EXPECT_EQ(r.agent_uses, 1);
  EXPECT_EQ(r.agent_uses_unlinked, 0);
  // One sessionless period still gets a containment row: 0 of 0, value empty.
  ExpectRate(Find(r, {"*", "2026-03"}, "containment"), 0, 0, 0);
}

TEST(ExtraMetricsTest, ContactLevelRatesPerPartnerAndForTheClient) {
  Data d;
  const Micros t = T("2026-03-05T15:00:00Z");
  d.Contact("p1", "c1", t, "k1", {.demographics = 1});
  d.Contact("p1", "c2", t, "k2", {.abandoned = true, .demographics = 1});  // Not handled.
  d.Contact("p1", "c3", t, "k3", {.demographics = 0, .consent = 1});
  d.Contact("p1", "c4", t, "", {.consent = 1});  // No customer id.
  d.Contact("p2", "c1", t, "k6", {.consent = 0});
  // 22:00 EDT on 31 March: a March contact although it is April in UTC.
  d.Contact("p2", "c5", T("2026-04-01T02:00:00Z"), "k5", {.abandoned = true});
  d.Kb("agent_use", t, "KB1", "", "p1", "c1");
  d.Kb("agent_use", t, "KB2", "", "p1", "c1");  // A second use in the same contact.
  d.Kb("agent_use", t, "KB1", "", "p1", "c2");  // In an abandoned contact: not counted.
  d.Kb("agent_use", t, "KB1", "", "p2", "c9");  // Names no contact.
  d.Volume("2026-03-01", "orders", 1000);
  d.Volume("2026-03-31", "orders", 1500);
  d.Volume("2026-03-15", "active_subscriptions", 99999);  // Another kind: ignored.
  d.Volume("2026-04-01", "orders", 700);                  // April has no contacts.
  ExtraResult r = Extra(d.Finish());
  // p1 handled c1, c3, c4 (c2 abandoned); offered 4.
  ExpectRate(Find(r, {"p1", "2026-03"}, "kb_agent_use_rate"), 1, 3);   // c1.
  ExpectRate(Find(r, {"p1", "2026-03"}, "demographics_rate"), 1, 2);  // c1 of c1, c3.
  ExpectRate(Find(r, {"p1", "2026-03"}, "consent_rate"), 2, 2);        // c3, c4.
  ExpectRate(Find(r, {"p1", "2026-03"}, "no_customer_share"), 1, 4);  // c4 of 4 offered.
  // p2 handled c1 only; offered c1, c5.
  ExpectRate(Find(r, {"p2", "2026-03"}, "kb_agent_use_rate"), 0, 1);
  ExpectRate(Find(r, {"p2", "2026-03"}, "demographics_rate"), 0, 0);  // None reported it.
  ExpectRate(Find(r, {"p2", "2026-03"}, "consent_rate"), 0, 1);
  ExpectRate(Find(r, {"p2", "2026-03"}, "no_customer_share"), 0, 2);
  // The client: the sums.
  ExpectRate(Find(r, {"*", "2026-03"}, "kb_agent_use_rate"), 1, 4);
  ExpectRate(Find(r, {"*", "2026-03"}, "demographics_rate"), 1, 2);
  ExpectRate(Find(r, {"*", "2026-03"}, "consent_rate"), 2, 3);
  ExpectRate(Find(r, {"*", "2026-03"}, "no_customer_share"), 1, 6);
  EXPECT_EQ(r.agent_uses_unlinked, 1);
  // Orders in March: 1000 + 1500 = 2500. Client 6 offered -> 2.4 per 1000; p1 4 -> 1.6;
  // p2 2 -> 0.8 (a partner's contacts over all the client's orders). No interval.
  const MetricRow* per = Find(r, {"*", "2026-03"}, "contacts_per_1000_orders");
  ASSERT_NE(per, nullptr);
  EXPECT_EQ(per->numerator, 6);
  EXPECT_EQ(per->denominator, 2500);
  EXPECT_DOUBLE_EQ(*per->value, 2.4);
  EXPECT_FALSE(per->low);
  EXPECT_DOUBLE_EQ(*Find(r, {"p1", "2026-03"}, "contacts_per_1000_orders")->value, 1.6);
  EXPECT_DOUBLE_EQ(*Find(r, {"p2", "2026-03"}, "contacts_per_1000_orders")->value, 0.8);
  for (const ExtraRow& e : r.rows) EXPECT_EQ(e.row.keys[1], "2026-03");
}

TEST(ExtraMetricsTest, ContactsPerOrdersIsEmptyWithoutVolumes) {
  Data d;
  d.Contact("p1", "c1", T("2026-03-05T15:00:00Z"), "k1");
  ExtraResult r = Extra(d.Finish());
  const MetricRow* per = Find(r, {"p1", "2026-03"}, "contacts_per_1000_orders");
  ASSERT_NE(per, nullptr);
  EXPECT_EQ(per->numerator, 1);
  EXPECT_EQ(per->denominator, 0);
  EXPECT_FALSE(per->value);
}

TEST(ExtraMetricsTest, UptimeUnionsOverlapsSplitsMonthsAndStopsAtTheHorizon) {
  Data d;
  d.Contact("p1", "c1", T("2026-03-05T15:00:00Z"), "k1");
  d.Contact("p1", "c2", T("2026-04-10T04:00:00Z"), "k1");  // Horizon: 10 April 00:00 EDT.
  // ivr (atlas): two overlapping outages, 10:00-12:00 and 11:00-13:00 EST: 3 h, not 4.
  d.Outage("ivr", "atlas", T("2026-03-01T10:00:00-05:00"), T("2026-03-01T12:00:00-05:00"));
  d.Outage("ivr", "atlas", T("2026-03-01T11:00:00-05:00"), T("2026-03-01T13:00:00-05:00"));
  // Across the month end: 23:00-24:00 in March (1 h), 00:00-02:00 in April (2 h).
  d.Outage("ivr", "atlas", T("2026-03-31T23:00:00-04:00"), T("2026-04-01T02:00:00-04:00"));
  // Across the horizon: only 23:00-24:00 on 9 April counts (1 h).
  d.Outage("ivr", "atlas", T("2026-04-09T23:00:00-04:00"), T("2026-04-10T02:00:00-04:00"));
  // web (delta): 30 min in April only.
  d.Outage("web", "delta", T("2026-04-02T00:00:00-04:00"), T("2026-04-02T00:30:00-04:00"));
  // ivr (bluepeak), overlapping atlas's outage: measured against bluepeak only.
  d.Outage("ivr", "bluepeak", T("2026-03-01T12:30:00-05:00"), T("2026-03-01T14:00:00-05:00"));
  const Dataset data = d.Finish();
  ExtraOptions options;
  options.uptime_target = 0.95;
  ExtraResult r = Extra(data, kByPartnerPeriod, options);

  // March in New York has 743 h (DST began on 8 March). atlas: 3 h + 1 h down.
  const MetricRow* march = Find(r, {"atlas", "2026-03"}, "uptime", "ivr");
  ASSERT_NE(march, nullptr);
  EXPECT_EQ(march->denominator, 743 * 3600);
  EXPECT_EQ(march->numerator, 739 * kHour);  // Up time, µs.
  EXPECT_DOUBLE_EQ(*march->value, 1.0 - 4.0 / 743.0);
  EXPECT_EQ(march->pending, 0);
  EXPECT_DOUBLE_EQ(*Find(r, {"atlas", "2026-03"}, "downtime_hours", "ivr")->value, 4.0);
  // The target's allowance: 5% of 743 h.
  EXPECT_NEAR(*Find(r, {"atlas", "2026-03"}, "downtime_allowed_hours", "ivr")->value, 37.15,
              1e-9);
  // April is open at the horizon: measured over 1-10 April (216 h), 2 h + 1 h down, pending.
  const MetricRow* april = Find(r, {"atlas", "2026-04"}, "uptime", "ivr");
  ASSERT_NE(april, nullptr);
  EXPECT_EQ(april->denominator, 216 * 3600);
  EXPECT_DOUBLE_EQ(*april->value, 1.0 - 3.0 / 216.0);
  EXPECT_EQ(april->pending, 1);
  // ...but its allowance is for the whole 30-day month: 36 h.
  EXPECT_DOUBLE_EQ(*Find(r, {"atlas", "2026-04"}, "downtime_allowed_hours", "ivr")->value, 36.0);
  // A service with no outage in a period is fully up.
  EXPECT_DOUBLE_EQ(*Find(r, {"delta", "2026-03"}, "uptime", "web")->value, 1.0);
  EXPECT_DOUBLE_EQ(*Find(r, {"delta", "2026-04"}, "uptime", "web")->value, 1.0 - 0.5 / 216.0);
  EXPECT_DOUBLE_EQ(*Find(r, {"bluepeak", "2026-03"}, "downtime_hours", "ivr")->value, 1.5);

  // Without a partner dimension a service's outages are unioned whoever was accountable:
  // ivr in March is down 10:00-14:00 (4 h) plus 23:00-24:00 on the 31st (1 h).
  const Dimension by_period[] = {Dimension::kPeriod};
  ExtraResult all = Extra(data, by_period);
  EXPECT_DOUBLE_EQ(*Find(all, {"2026-03"}, "downtime_hours", "ivr")->value, 5.0);
  EXPECT_DOUBLE_EQ(*Find(all, {"2026-03"}, "uptime", "ivr")->value, 1.0 - 5.0 / 743.0);
  ExpectRate(Find(all, {"2026-03"}, "no_customer_share"), 0, 1);  // Once, not twice.
  ExpectRate(Find(all, {"2026-04"}, "no_customer_share"), 0, 1);
}

TEST(ExtraMetricsTest, AllowedDowntimeOfATarget) {
  EXPECT_EQ(AllowedDowntime(0.95, 30 * kMicrosPerDay), 36 * kHour);  // metrics.md's example.
  EXPECT_EQ(AllowedDowntime(0.999, 30 * kMicrosPerDay), 43 * 60 * kSecond + 12 * kSecond);
  EXPECT_EQ(AllowedDowntime(1.0, 30 * kMicrosPerDay), 0);
  EXPECT_EQ(AllowedDowntime(0.0, 743 * kHour), 743 * kHour);
  EXPECT_EQ(AllowedDowntime(1.5, kHour), 0);  // Clamped.
}

TEST(ExtraMetricsTest, NeedsThePeriodDimensionAndAValidTarget) {
  Data d;
  d.Contact("p1", "c1", T("2026-03-05T15:00:00Z"), "k1");
  const Dataset data = d.Finish();
  const Dimension by[] = {Dimension::kPartner};
  EXPECT_FALSE(ScoreExtra(data, MetricSettings{}, by).ok());
  ExtraOptions options;
  options.uptime_target = 95;  // A percentage instead of a share.
  EXPECT_FALSE(ScoreExtra(data, MetricSettings{}, kByPartnerPeriod, options).ok());
  // No contacts: no periods, no rows, no error.
  auto empty = ScoreExtra(Dataset{}, MetricSettings{}, kByPartnerPeriod);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->rows.empty());
}

// ---- The golden input: realistic volumes, both loaders, the CSV layout.

const fs::path kGolden = fs::path(CXPACT_SHARED_DIR) / "golden/small";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(ExtraMetricsTest, GoldenInputFromFilesAndStoreAgreeAndLookSane) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  auto files = LoadDatasetFromFolder(kGolden / "input", ValidateOptions{});
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ(files->quarantined, 115);  // The activity files have no bad rows.
  ExtraResult r = Extra(*files);
  // Each activity file re-sends 10 rows (the same key): loaded once.
  EXPECT_EQ(r.sessions, 2000);
  EXPECT_EQ(r.views, 1000);
  EXPECT_EQ(r.agent_uses, 951);
  EXPECT_EQ(r.outages, 76);
  for (std::string_view p : {"2026-01", "2026-02", "2026-03", "2026-04"}) {
    const std::vector<std::string> client = {"*", std::string(p)};
    // About half of the sessions are followed by a contact; in this set almost no article
    // view is (12 of 1003 by a direct count); agents use an article in ~5% of contacts.
    for (auto [metric, low, high] : {std::tuple{"containment", 0.35, 0.65},
                                     {"kb_deflection", 0.9, 1.0},
                                     {"kb_agent_use_rate", 0.02, 0.1}}) {
      const MetricRow* row = Find(r, client, metric);
      ASSERT_NE(row, nullptr);
      ASSERT_TRUE(row->value) << metric << " " << p;
      EXPECT_GT(*row->value, low) << metric << " " << p;
      EXPECT_LT(*row->value, high) << metric << " " << p;
    }
    for (auto [service, partner] : {std::pair{"ivr", "atlas"}, {"web-shop", "inhouse-nyc"},
                                    {"chat-platform", "corvid"},
                                    {"customer-portal", "bluepeak"}}) {
      const MetricRow* up = Find(r, {partner, std::string(p)}, "uptime", service);
      ASSERT_NE(up, nullptr);
      EXPECT_GT(*up->value, 0.95);
      EXPECT_LE(*up->value, 1.0);
    }
  }
  for (const ExtraRow& e : r.rows) {
    if (e.row.value && e.row.low) {
      EXPECT_LE(*e.row.low, *e.row.value + 1e-12) << e.row.metric;
      EXPECT_GE(*e.row.high, *e.row.value - 1e-12) << e.row.metric;
    }
  }

  // The store loader reads the same tables: the same rows, byte for byte.
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir / "s.db");
  ASSERT_TRUE(store.ok());
  for (Kind kind : {Kind::kContacts, Kind::kSurveys, Kind::kSelfService, Kind::kKbEvents,
                    Kind::kOutages, Kind::kVolumes}) {
    auto path = kGolden / "input" / (std::string(SpecOf(kind).name) + ".csv");
    ASSERT_TRUE(IngestCanonicalFile(**store, kind, path, IngestOptions{}).ok());
  }
  auto stored = LoadDatasetFromStore(**store);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  auto core = Score(*files, MetricSettings{}, kByPartnerPeriod);
  ASSERT_TRUE(core.ok());
  const std::string all = FormatAllCsv(*core, r);
  EXPECT_EQ(FormatAllCsv(*core, Extra(*stored)), all);

  // The all-metrics CSV keeps the golden columns first: cut to 7 columns and restricted to
  // the core metrics, it is the core CSV.
  const std::vector<std::string> lines = Lines(all);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "partner,period,metric,numerator,denominator,value,pending,service,article,low,high");
  std::set<std::string_view> core_metrics;
  for (const MetricRow& row : core->rows) core_metrics.insert(row.metric);
  std::string cut = "partner,period,metric,numerator,denominator,value,pending\n";
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];  // Keys and service/article here contain no commas.
    std::vector<size_t> commas;
    for (size_t c = l.find(','); c != std::string::npos; c = l.find(',', c + 1)) {
      commas.push_back(c);
    }
    ASSERT_EQ(commas.size(), 10u) << l;
    const std::string metric = l.substr(commas[1] + 1, commas[2] - commas[1] - 1);
    if (core_metrics.contains(metric)) cut += l.substr(0, commas[6]) + "\n";
  }
  EXPECT_EQ(cut, FormatScoreCsv(*core));
  // An uptime row and a per-article row, as the CSV shows them.
  EXPECT_NE(all.find("\natlas,2026-01,uptime,"), std::string::npos);
  EXPECT_NE(all.find(",0,ivr,,,\n"), std::string::npos);  // Closed period, no interval.
  EXPECT_NE(all.find("\n*,2026-03,kb_helpful_rate,"), std::string::npos);

  // JSON: the same rows, with service/article where set; the table: every section.
  const auto json = nlohmann::json::parse(FormatAllJson(*core, r));
  EXPECT_EQ(json["rows"].size(), lines.size() - 1);
  EXPECT_EQ(json["extended"]["agent_uses"], 951);
  int uptime_rows = 0;
  for (const auto& row : json["rows"]) {
    if (row["metric"] == "uptime") {
      ++uptime_rows;
      EXPECT_TRUE(row.contains("service"));
    }
  }
  EXPECT_EQ(uptime_rows, 16);  // 4 services x 4 months.
  const std::string table = FormatExtraTable(r);
  for (std::string_view part : {"period 2026-01, all partners", "Per group", "Uptime per service",
                                "Most viewed articles, period 2026-04"}) {
    EXPECT_NE(table.find(part), std::string::npos) << part;
  }
}

// A dataset prepared once serves every set of definitions, as a close uses it: the same rows
// as when each ScoreExtra prepares its own. A preparation of other data is refused.
TEST(ExtraMetricsTest, OnePreparationServesEverySetOfDefinitions) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  auto files = LoadDatasetFromFolder(kGolden / "input", ValidateOptions{});
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  const ExtraPrepared prepared = PrepareExtra(*files);
  EXPECT_GT(std::count(prepared.agent_used.begin(), prepared.agent_used.end(), 1), 0);
  MetricSettings other;
  other.short_abandon = 30 * kSecond;
  other.time_zone = "America/New_York";
  for (const MetricSettings& s : {MetricSettings{}, other}) {
    const auto core = Score(*files, s, kByPartnerPeriod);
    const auto fresh = ScoreExtra(*files, s, kByPartnerPeriod);
    const auto reused = ScoreExtra(*files, s, kByPartnerPeriod, {}, &prepared);
    ASSERT_TRUE(core.ok() && fresh.ok() && reused.ok());
    EXPECT_EQ(FormatAllCsv(*core, *reused), FormatAllCsv(*core, *fresh));
    EXPECT_EQ(reused->agent_uses_unlinked, fresh->agent_uses_unlinked);
  }
  Dataset without_kb = *files;
  without_kb.kb_events = KbEventTable{};
  const auto refused = ScoreExtra(without_kb, MetricSettings{}, kByPartnerPeriod, {}, &prepared);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
}

// The extended metrics tell a progress bar their steps: six when they prepare the data
// themselves, five when handed a preparation, one for no contacts; the share ends at exactly 1.
TEST(ExtraMetricsTest, TheExtendedMetricsReportTheirStepsUpToOne) {
  if (!fs::exists(kGolden)) GTEST_SKIP() << "no shared/ beside the checkout";
  auto files = LoadDatasetFromFolder(kGolden / "input", ValidateOptions{});
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  std::vector<double> shares;
  ExtraOptions options;
  options.progress = [&](double share, int64_t contacts) {
    shares.push_back(share);
    EXPECT_EQ(contacts, 0);
  };
  const ExtraPrepared prepared = PrepareExtra(*files);
  for (const ExtraPrepared* p : {static_cast<const ExtraPrepared*>(nullptr), &prepared}) {
    shares.clear();
    ASSERT_TRUE(ScoreExtra(*files, MetricSettings{}, kByPartnerPeriod, options, p).ok());
    EXPECT_EQ(shares.size(), p == nullptr ? 6u : 5u);
    EXPECT_TRUE(std::is_sorted(shares.begin(), shares.end()));
    EXPECT_GT(shares.front(), 0);
    EXPECT_EQ(shares.back(), 1.0);
  }
  shares.clear();
  ASSERT_TRUE(ScoreExtra(Dataset{}, MetricSettings{}, kByPartnerPeriod, options).ok());
  EXPECT_EQ(shares, std::vector<double>{1.0});
}

}  // namespace
}  // namespace cx
