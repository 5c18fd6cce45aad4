// The in-memory score of the portal: new data loaded through another connection becomes
// visible, reads during a refresh answer from the previous snapshot, and the metric routes say
// which data version they show.
#include "server/live_score.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <map>
#include <set>
#include <thread>

#include "base/testing/temp_dir.h"
#include "ingest/ingest.h"
#include "portal/http_server_test_util.h"
#include "server/api_data.h"
#include "server/data_routes.h"

namespace cx::server {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// `n` contacts of `partner` in `month` (YYYY-MM), one customer each, numbered from `first` (a
// number loaded before is a correction of that contact).
std::string ContactsCsv(const std::string& partner, int n, const std::string& month,
                        int first = 0) {
  std::string out =
      "contact_id,partner,site,queue,channel,customer_id,reason,arrived_at,customer_sent_at,"
      "answered_at,ended_at,handle_seconds,abandoned,transferred,agent_id,order_id,"
      "demographics_collected,consent_recorded\n";
  for (int i = first; i < first + n; ++i) {
    const std::string day = fmt::format("{}-{:02d}", month, 1 + i % 28);
    out += fmt::format(
        "{0}-{1},{0},manila,orders,voice,{0}-k{1},delivery_status,{2}T10:00:00Z,,"
        "{2}T10:00:20Z,{2}T10:05:00Z,280,false,false,a1,,,false\n",
        partner, i, day);
  }
  return out;
}

class LiveScoreTest : public ::testing::Test {
 protected:
  LiveScoreTest() {
    writer_ = Open();
    versions_ = Open();
    scorer_ = Open();
  }

  std::unique_ptr<Store> Open() {
    auto store = OpenSqliteStore(dir_ / "cxpact.db");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(*store);
  }

  // Loads contacts through the writer, a connection the score's readers do not use (as
  // `cxpact ingest` in another process would).
  void Load(const std::string& partner, int n, const std::string& month, int first = 0) {
    const auto file =
        dir_.Write(partner + "-" + month + ".csv", ContactsCsv(partner, n, month, first));
    auto report = IngestCanonicalFile(*writer_, Kind::kContacts, file, {});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }

  LiveScore MakeLive(std::chrono::milliseconds refresh_wait, std::string metrics = "core") {
    LiveScoreOptions options;
    options.refresh_wait = refresh_wait;
    options.metrics = std::move(metrics);
    return LiveScore({versions_.get(), &versions_mu_}, {scorer_.get(), &scorer_mu_}, options);
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> writer_, versions_, scorer_;
  std::mutex versions_mu_, scorer_mu_;
};

TEST_F(LiveScoreTest, ALoadThroughAnotherConnectionIsScoredAndSeen) {
  Load("atlas", 40, "2026-01");
  LiveScore live = MakeLive(1min);  // Readers wait for the new score: the test is exact.
  auto first = live.Get();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->stale());
  EXPECT_EQ(first->snapshot->partners, (std::vector<std::string>{"atlas"}));
  EXPECT_EQ(first->snapshot->periods, (std::vector<std::string>{"2026-01"}));
  EXPECT_FALSE(first->snapshot->RowsOf("atlas").empty());
  EXPECT_TRUE(first->snapshot->RowsOf("borealis").empty());
  EXPECT_FALSE(first->snapshot->score.extra.has_value());  // Core metrics only.
  EXPECT_TRUE(first->snapshot->ExtraRowsOf("atlas").empty());

  auto again = live.Get();  // Same data version: the same snapshot, not a copy.
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->snapshot.get(), first->snapshot.get());

  Load("borealis", 30, "2026-02");
  auto second = live.Get();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_GT(second->snapshot->data_version, first->snapshot->data_version);
  EXPECT_FALSE(second->stale());
  EXPECT_EQ(second->snapshot->partners, (std::vector<std::string>{"atlas", "borealis"}));
  EXPECT_EQ(second->snapshot->periods, (std::vector<std::string>{"2026-01", "2026-02"}));
  for (const MetricRow* r : second->snapshot->RowsOf("borealis")) {
    EXPECT_EQ(r->keys[0], "borealis");
    EXPECT_EQ(r->keys[1], "2026-02");
  }
  // The earlier snapshot is still whole for whoever holds it.
  EXPECT_EQ(first->snapshot->partners, (std::vector<std::string>{"atlas"}));
}

// With metrics "all" the snapshot carries the extended metrics too, indexed per partner like the
// core rows: the contact-level ones exist for every partner and month with contacts, with no
// activity feed.
TEST_F(LiveScoreTest, AllMetricsIndexEachPartnersExtendedRows) {
  Load("atlas", 40, "2026-01");
  Load("borealis", 30, "2026-02");
  Load("atlas", 10, "2026-02", 100);
  LiveScore live = MakeLive(1min, "all");
  auto view = live.Get();
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  const ScoreSnapshot& s = *view->snapshot;
  ASSERT_TRUE(s.score.extra.has_value());
  std::map<std::string, int64_t> offered;  // Period -> no_customer_share's denominator.
  std::string last_period;
  for (const ExtraRow* e : s.ExtraRowsOf("atlas")) {
    EXPECT_EQ(e->row.keys[0], "atlas");
    EXPECT_GE(e->row.keys[1], last_period);  // By period.
    last_period = e->row.keys[1];
    if (e->row.metric == "no_customer_share") offered[e->row.keys[1]] = *e->row.denominator;
  }
  EXPECT_EQ(offered, (std::map<std::string, int64_t>{{"2026-01", 40}, {"2026-02", 10}}));
  std::set<std::string> borealis;
  for (const ExtraRow* e : s.ExtraRowsOf("borealis")) {
    EXPECT_EQ(e->row.keys, (std::vector<std::string>{"borealis", "2026-02"}));
    borealis.insert(std::string(e->row.metric));
  }
  for (const char* m : {"no_customer_share", "demographics_rate", "consent_rate"}) {
    EXPECT_TRUE(borealis.contains(m)) << m;
  }
  EXPECT_TRUE(s.ExtraRowsOf("*").empty());  // Client level: every partner mixed.
  EXPECT_TRUE(s.ExtraRowsOf("nobody").empty());
}

TEST(ScoreSnapshotTest, IndexesRowsByPartnerThenPeriodAndLeavesOutClientRows) {
  auto row = [](std::string partner, std::string period, std::string_view metric) {
    MetricRow r;
    r.keys = {std::move(partner), std::move(period)};
    r.metric = metric;
    return r;
  };
  CachedScore score;
  score.score.rows = {row("*", "2026-02", "fcr"), row("p", "2026-02", "fcr"),
                      row("p", "2026-01", "fcr"), row("q", "2026-03", "fcr")};
  auto core = ScoreSnapshot::Make(7, score, {"p", "q"});
  EXPECT_TRUE(core->ExtraRowsOf("p").empty());  // Core only: no extended rows.
  ASSERT_EQ(core->RowsOf("p").size(), 2u);
  EXPECT_EQ(core->RowsOf("p")[0]->keys[1], "2026-01");
  EXPECT_EQ(core->periods, (std::vector<std::string>{"2026-01", "2026-02", "2026-03"}));

  score.extra.emplace();
  for (const MetricRow& r :
       {row("p", "2026-02", "consent_rate"), row("*", "2026-01", "uptime"),
        row("p", "2026-01", "no_customer_share"), row("p", "2026-01", "consent_rate")}) {
    score.extra->rows.push_back({r, "", ""});
  }
  auto all = ScoreSnapshot::Make(7, score, {"p", "q"});
  std::vector<std::string> seen;
  for (const ExtraRow* e : all->ExtraRowsOf("p")) {
    seen.push_back(e->row.keys[1] + " " + std::string(e->row.metric));
  }
  // By period; within one, in the result's order.
  EXPECT_EQ(seen, (std::vector<std::string>{"2026-01 no_customer_share", "2026-01 consent_rate",
                                            "2026-02 consent_rate"}));
  EXPECT_TRUE(all->ExtraRowsOf("q").empty());
}

TEST_F(LiveScoreTest, ReadsDuringARefreshAnswerAtOnceFromThePreviousSnapshot) {
  Load("atlas", 40, "2026-01");
  LiveScore live = MakeLive(0ms);
  auto before = live.Get();
  ASSERT_TRUE(before.ok()) << before.status().ToString();

  Load("borealis", 30, "2026-02");
  // Holding the scorer's connection makes the refresh that the next read starts wait, as a
  // long computation would.
  std::unique_lock scoring(scorer_mu_);
  std::vector<std::thread> readers;
  std::atomic<int> stale{0}, failed{0};
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < 8; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto view = live.Get();
        if (!view.ok()) {
          ++failed;
          continue;
        }
        if (view->stale() && view->snapshot->data_version == before->snapshot->data_version &&
            view->snapshot->partners == std::vector<std::string>{"atlas"}) {
          ++stale;
        }
      }
    });
  }
  for (std::thread& t : readers) t.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);  // Nobody waited for the refresh.
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(stale, 8 * 50);

  scoring.unlock();  // The refresh goes on; soon the new data is served.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  Result<ScoreView> after = live.Get();
  while (after.ok() && after->stale() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
    after = live.Get();
  }
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_FALSE(after->stale());
  EXPECT_EQ(after->snapshot->partners, (std::vector<std::string>{"atlas", "borealis"}));
}

TEST_F(LiveScoreTest, TheFirstReadWaitsForTheFirstScore) {
  Load("atlas", 40, "2026-01");
  LiveScore live = MakeLive(0ms);
  std::unique_lock scoring(scorer_mu_);
  auto read = std::async(std::launch::async, [&] { return live.Get(); });
  // With no snapshot to answer from, the read waits for the refresh however long it takes.
  EXPECT_EQ(read.wait_for(200ms), std::future_status::timeout);
  scoring.unlock();
  ASSERT_EQ(read.wait_for(30s), std::future_status::ready);
  auto view = read.get();
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_FALSE(view->stale());
  EXPECT_EQ(view->snapshot->partners, (std::vector<std::string>{"atlas"}));
}

TEST_F(LiveScoreTest, AnEmptyStoreHasAnEmptyScore) {
  LiveScore live = MakeLive(0ms);
  auto view = live.Get();
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->snapshot->data_version, 0);
  EXPECT_TRUE(view->snapshot->partners.empty());
}

// The routes over ApiData: a scorecard names its data version, and shows a load made through
// another connection (another process) at the next request.
TEST_F(LiveScoreTest, ScorecardRouteShowsNewDataAndItsVersion) {
  Load("atlas", 40, "2026-01");
  auto portal = PortalStore::Open(dir_ / "portal.db");
  ASSERT_TRUE(portal.ok()) << portal.status().ToString();
  auto main = Open();
  ApiStoreConnections more{Open(), Open(), Open()};
  ApiDataOptions options;
  options.refresh_wait = 1min;
  ApiData data(*main, **portal, std::move(options), std::move(more));
  testing::FakeAuthenticator auth;
  Router router(auth);
  AddDataRoutes(router, data);
  auto session = auth.Login("admin", "pw", "127.0.0.1", 0);
  ASSERT_TRUE(session.ok());
  auto get = [&](const std::string& path, const std::string& query = "") {
    HttpRequest r;
    r.method = "GET";
    r.path = path;
    r.query = query;
    r.headers.emplace_back("cookie", std::string(router.cookie_name()) + "=" + session->token);
    return router.Handle(r);
  };

  HttpResponse card = get("/api/v1/partners/atlas/scorecard");
  ASSERT_EQ(card.status, 200) << card.body;
  json body = json::parse(card.body);
  const int64_t v1 = body["data_version"].get<int64_t>();
  EXPECT_GT(v1, 0);
  EXPECT_EQ(body["stale"], false);
  ASSERT_EQ(body["periods"].size(), 1u);
  EXPECT_EQ(body["periods"][0]["period"], "2026-01");
  EXPECT_EQ(get("/api/v1/partners/borealis/scorecard").status, 404);

  Load("borealis", 30, "2026-02");
  Load("atlas", 20, "2026-02");
  card = get("/api/v1/partners/borealis/scorecard");
  ASSERT_EQ(card.status, 200) << card.body;
  body = json::parse(card.body);
  EXPECT_GT(body["data_version"].get<int64_t>(), v1);
  EXPECT_EQ(body["periods"][0]["period"], "2026-02");

  card = get("/api/v1/partners/atlas/scorecard", "from=2026-02&to=2026-02");
  ASSERT_EQ(card.status, 200) << card.body;
  body = json::parse(card.body);
  ASSERT_EQ(body["periods"].size(), 1u);
  EXPECT_EQ(body["periods"][0]["period"], "2026-02");
  int offered = 0;
  for (const json& m : body["periods"][0]["metrics"]) {
    if (m["metric"] == "offered") offered = m["numerator"].get<int>();
  }
  EXPECT_EQ(offered, 20);
  HttpResponse overview = get("/api/v1/overview");
  ASSERT_EQ(overview.status, 200) << overview.body;
  EXPECT_EQ(json::parse(overview.body)["period"], "2026-02");
  EXPECT_EQ(json::parse(overview.body)["partners"].size(), 2u);
}

// A store that passes every call on to `inner`, except that ScanContactSlice (a drill-down's
// read) says it started, then waits until Release.
class GatedSliceStore : public Store {
 public:
  explicit GatedSliceStore(std::unique_ptr<Store> inner) : inner_(std::move(inner)) {}
  // Waits up to `d` for a slice read to start; false when none did.
  bool WaitForSlice(std::chrono::milliseconds d) {
    return started_.get_future().wait_for(d) == std::future_status::ready;
  }
  void Release() { release_.set_value(); }

  Result<ContactSliceInfo> ScanContactSlice(
      const ContactSliceQuery& query,
      const std::function<void(Kind kind, const std::vector<Value>& row)>& row) override {
    started_.set_value();
    release_.get_future().wait();
    return inner_->ScanContactSlice(query, row);
  }
  Result<std::unique_ptr<LoadTransaction>> BeginLoad(Kind kind, const std::string& file,
                                                     const std::string& path) override {
    return inner_->BeginLoad(kind, file, path);
  }
  Result<std::vector<QuarantineEntry>> ListQuarantine() override {
    return inner_->ListQuarantine();
  }
  Result<std::vector<LoadLogEntry>> ListLoads() override { return inner_->ListLoads(); }
  Result<int64_t> CountRows(Kind kind) override { return inner_->CountRows(kind); }
  Result<int64_t> RowsAtMost(Kind kind) override { return inner_->RowsAtMost(kind); }
  Result<std::vector<std::unique_ptr<RowReader>>> OpenReaders(int n) override {
    return inner_->OpenReaders(n);
  }
  Status ScanRows(Kind kind,
                  const std::function<void(const std::vector<Value>& row)>& row) override {
    return inner_->ScanRows(kind, row);
  }
  Result<int64_t> CountHistory(Kind kind) override { return inner_->CountHistory(kind); }
  Result<std::vector<std::string>> ListPartners() override { return inner_->ListPartners(); }
  Result<std::string> ContentDigest() override { return inner_->ContentDigest(); }
  Result<std::vector<Correction>> ListCorrections(Kind kind, int64_t after_load) override {
    return inner_->ListCorrections(kind, after_load);
  }
  Result<int64_t> DataVersion() override { return inner_->DataVersion(); }
  Result<std::optional<std::string>> GetCached(const std::string& key,
                                               int64_t data_version) override {
    return inner_->GetCached(key, data_version);
  }
  Status PutCached(const std::string& key, int64_t data_version,
                   const std::string& value) override {
    return inner_->PutCached(key, data_version, value);
  }
  Result<std::optional<CloseRecord>> LatestClose(const std::string& period) override {
    return inner_->LatestClose(period);
  }
  Status SaveClose(const CloseRecord& record) override { return inner_->SaveClose(record); }

 private:
  std::unique_ptr<Store> inner_;
  std::promise<void> started_, release_;
};

// A drill-down (up to ~2 s at 10M contacts) reads on a connection of its own: while one is
// under way, the quarantine and a close answer.
TEST_F(LiveScoreTest, ADrillDownMakesNoOtherReadWait) {
  Load("atlas", 40, "2026-01");
  auto portal = PortalStore::Open(dir_ / "portal.db");
  ASSERT_TRUE(portal.ok()) << portal.status().ToString();
  auto main = Open();
  auto gated = std::make_unique<GatedSliceStore>(Open());
  GatedSliceStore& gate = *gated;
  ApiStoreConnections more{Open(), Open(), Open()};
  more.drilldown = std::move(gated);
  ApiData data(*main, **portal, {}, std::move(more));

  auto drill = std::async(std::launch::async, [&] {
    return data.DrillDown({.partner = "atlas", .period = "2026-01", .metric = "abandon_rate"});
  });
  ASSERT_TRUE(gate.WaitForSlice(10s)) << "the drill-down did not read through its connection";
  auto others = std::async(std::launch::async, [&] {
    return data.Quarantine().ok() && data.LatestClose("2026-01").ok();
  });
  const bool answered = others.wait_for(10s) == std::future_status::ready;
  gate.Release();
  EXPECT_TRUE(answered) << "the quarantine or a close waited for the drill-down";
  EXPECT_TRUE(others.get());
  const Result<Drilldown> d = drill.get();
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->total, 40);
}

}  // namespace
}  // namespace cx::server
