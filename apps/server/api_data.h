// What the portal API's routes read and write: the workspace's data store (the score, kept in
// memory per data version by LiveScore, and the extended metrics by a second one that computes
// them only when asked for; closes, quarantine, ingest) and the portal database (insights,
// uploads). The routes see only this class, so they hold no store handles of their own. Stores
// are thread-compatible and the server runs handlers on several threads, so each connection
// has its own mutex: thread-safe. Reading the score takes no store mutex but the version
// check's, so neither an ingest nor scoring new data makes metric requests wait
// (docs/decisions/0010-live-score.md); an ingest makes other ingests wait.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "ingest/ingest.h"
#include "metrics/drilldown.h"
#include "metrics/score_cache.h"
#include "metrics/settings.h"
#include "portal/portal_store.h"
#include "server/live_score.h"
#include "store/store.h"

namespace cx::server {

struct ApiDataOptions {
  MetricSettings settings;      // Metric definitions of the portal's scores (default: golden).
  std::string settings_bytes;   // The file they came from, for the results cache's key.
  IngestOptions ingest;         // Uploads: the workspace's bad-share limit and validation.
  std::function<Micros()> now;  // The clock for insights and uploads; empty: the system clock.
  // A metric request that finds newer data waits this long for its score, then answers from
  // the previous one (LiveScoreOptions::refresh_wait).
  std::chrono::milliseconds refresh_wait{250};
  std::function<void(std::string_view)> log;  // Told when a score is ready; may be empty.
};

// More connections to the workspace's store (e.g. OpenSqliteStore on the same file), each used
// under its own mutex, so that reads wait neither for an ingest on the main connection nor for
// a score being computed. One left null shares the main connection and its mutex.
struct ApiStoreConnections {
  std::unique_ptr<Store> versions;  // The data version check of every metric request.
  std::unique_ptr<Store> reader;    // Closes, quarantine (drill-downs without `drilldown`).
  std::unique_ptr<Store> scorer;    // Computing the score, in the background.
  // Computing the extended metrics, in the background; null: the scorer's connection, so the two
  // scores are computed one after the other.
  std::unique_ptr<Store> extended = nullptr;
  // Drill-downs, which take up to ~2 s at 10M contacts (docs/decisions/0011-drilldown-slice.md):
  // on a connection of their own, a close or the quarantine never waits for one. Null: the
  // reader's connection.
  std::unique_ptr<Store> drilldown = nullptr;
};

class ApiData {
 public:
  // `store` and `portal` must outlive this.
  ApiData(Store& store, PortalStore& portal, ApiDataOptions options, ApiStoreConnections more = {});
  ~ApiData();  // Waits for a score being computed.

  // Every core metric by partner and period: the snapshot of the store's current data version,
  // or of the previous one while the current one is computed (ScoreView::stale).
  Result<ScoreView> Score();
  // Every core and extended metric by partner and period (ScoreSnapshot::ExtraRowsOf), like
  // Score() but computed only when asked for: the first call after a load starts computing the
  // new data's, and the first after the server started waits for it (unless the results cache
  // has it). Kept apart because it costs much more than the core score when the workspace has
  // activity feeds (docs/decisions/0012-portal-quality-metrics.md).
  Result<ScoreView> ExtendedScore();
  // Starts reading (or computing) the current data's score in the background, unless a refresh
  // is under way; `cxpact serve` warms the score with it.
  void RefreshScore();
  // A copy of Score()'s rows (prefer Score(), which copies nothing).
  Result<CachedScore> ScoreByPartnerPeriod();
  // The partners with contacts, sorted, as of Score()'s snapshot.
  Result<std::vector<std::string>> Partners();
  // The periods the data covers (from the score), sorted.
  Result<std::vector<std::string>> Periods();
  Result<std::optional<CloseRecord>> LatestClose(const std::string& period);
  Result<std::vector<QuarantineEntry>> Quarantine();
  // The contacts behind one partner's figure of a metric in a period (metrics/drilldown.h),
  // read from the store's slice on the drill-down connection, not from the score.
  Result<Drilldown> DrillDown(const DrilldownRequest& request);
  // `only_partner`: IngestOptions::only_partner (a partner user's upload), or empty.
  Result<IngestReport> Ingest(Kind kind, const std::filesystem::path& path,
                              const std::string& only_partner);

  Result<std::vector<Insight>> Insights();
  Result<std::optional<Insight>> FindInsight(int64_t id);
  Result<int64_t> AddInsight(const Insight& insight);
  Result<int64_t> AddInsightAnswer(const InsightAnswer& answer);
  Status SetInsightStatus(int64_t id, std::string_view status);
  Status AddUpload(const UploadRecord& upload);
  Result<std::vector<UploadRecord>> Uploads();

  const MetricSettings& settings() const { return options_.settings; }
  Micros Now() const;

 private:
  StoreConnection Connection(const std::unique_ptr<Store>& more, std::mutex& mu);

  Store& store_;
  PortalStore& portal_;
  ApiDataOptions options_;
  ApiStoreConnections more_;
  std::mutex mu_;                                                 // Guards store_.
  std::mutex portal_mu_;                                          // Guards portal_.
  std::mutex versions_mu_, reader_mu_, drilldown_mu_, scorer_mu_,
      extended_mu_;  // Guard more_'s connections.
  StoreConnection reader_, drilldown_;
  std::unique_ptr<LiveScore> live_;      // The core metrics.
  std::unique_ptr<LiveScore> extended_;  // All of them.
};

}  // namespace cx::server
