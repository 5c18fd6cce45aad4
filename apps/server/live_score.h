// The workspace's score held in memory for the portal's metric routes: one immutable snapshot
// (the score by partner and period, the partners, the periods) per data version, shared by
// every request that reads it. Each read checks the store's data version (one small query);
// when a load has made a newer one, a background thread computes its score (ScoreWorkspace:
// the results cache, else the engine) while readers keep the previous snapshot, marked stale.
// A LiveScore computes the core metrics or all of them (LiveScoreOptions::metrics).
// docs/decisions/0010-live-score.md, 0012-portal-quality-metrics.md. Thread-safe.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/status.h"
#include "metrics/score_cache.h"
#include "metrics/settings.h"
#include "store/store.h"

namespace cx::server {

// The score of one data version. Immutable once published.
struct ScoreSnapshot {
  int64_t data_version = 0;  // The store's data version it was computed from.
  // Every core metric by partner and period, and the extended ones (`score.extra`: data
  // capture, knowledge base, orders, uptime) when they were computed.
  CachedScore score;
  std::vector<std::string> partners;  // Partners with contacts (Store::ListPartners), sorted.
  std::vector<std::string> periods;   // The periods of the score's rows, sorted.

  // Whether `partner` has contacts in this data.
  bool HasPartner(std::string_view partner) const {
    return std::binary_search(partners.begin(), partners.end(), partner);
  }
  // The core rows of `partner` (not the client-level "*" rows), by period, then in the score's
  // order.
  std::span<const MetricRow* const> RowsOf(std::string_view partner) const;
  // The extended rows of `partner` (not the client-level "*" rows), by period, then in the
  // result's order (metric, service, article). Empty when the extended metrics were not computed.
  std::span<const ExtraRow* const> ExtraRowsOf(std::string_view partner) const;

  // Builds the partners' row indexes and the periods.
  static std::shared_ptr<const ScoreSnapshot> Make(int64_t data_version, CachedScore score,
                                                   std::vector<std::string> partners);

 private:
  std::map<std::string, std::vector<const MetricRow*>, std::less<>> rows_of_;
  std::map<std::string, std::vector<const ExtraRow*>, std::less<>> extra_of_;
};

// What a read returns: the newest snapshot there is, and the data version it was read at.
struct ScoreView {
  std::shared_ptr<const ScoreSnapshot> snapshot;  // Never null.
  int64_t current_version = 0;  // The store's data version when the request checked it.
  // True while the score of newer data is being computed: the snapshot is the previous one.
  bool stale() const { return snapshot->data_version < current_version; }
};

// A store connection and the mutex its users hold (a Store is thread-compatible).
struct StoreConnection {
  Store* store = nullptr;
  std::mutex* mu = nullptr;
};

struct LiveScoreOptions {
  MetricSettings settings;     // Metric definitions (default: golden).
  std::string settings_bytes;  // The file they came from, for the results cache's key.
  // A read that finds newer data waits this long after its refresh started, then answers from
  // the previous snapshot. Small workspaces score within it, so their readers see new data at
  // once. A read with no snapshot at all waits for the first one however long it takes.
  std::chrono::milliseconds refresh_wait{250};
  // Told what each refresh did ("data version 12 scored in 61.2 s"); may be empty.
  std::function<void(std::string_view)> log;
  // What a snapshot holds (ScoreRequest::metrics): "core", or "all" for the extended metrics
  // too (ScoreSnapshot::ExtraRowsOf). With activity feeds, "all" takes some 65% longer to
  // compute and half as much memory again (docs/decisions/0012-portal-quality-metrics.md).
  std::string metrics = "core";
};

class LiveScore {
 public:
  // Reads check the data version on `versions`; the background refresh scores on `scorer`
  // (reads the data, writes the results cache). Both must outlive this; they may be the same
  // connection, but then a refresh makes every read wait for it.
  LiveScore(StoreConnection versions, StoreConnection scorer, LiveScoreOptions options);
  ~LiveScore();  // Waits for a refresh under way to finish.
  LiveScore(const LiveScore&) = delete;
  LiveScore& operator=(const LiveScore&) = delete;

  // The snapshot of the current data version; or, while that one is computed and after
  // refresh_wait, the previous one (stale). Fails only when there is no snapshot at all and
  // computing the first failed (or checking the version did).
  Result<ScoreView> Get();

  // Starts computing the score of the store's current data in the background, unless a
  // refresh is under way. Cheap when the snapshot is current (a results-cache read at most).
  void Refresh();

 private:
  void StartLocked();  // Requires mu_.
  void RunRefresh();
  Result<std::shared_ptr<const ScoreSnapshot>> Compute();
  Result<int64_t> CurrentVersion();

  const StoreConnection versions_, scorer_;
  const LiveScoreOptions options_;

  std::mutex mu_;
  std::condition_variable refreshed_;
  std::shared_ptr<const ScoreSnapshot> snapshot_;  // GUARDED_BY(mu_)
  // Refreshes started and finished so far; one is under way while they differ.
  uint64_t started_ = 0, finished_ = 0;               // GUARDED_BY(mu_)
  std::chrono::steady_clock::time_point started_at_;  // GUARDED_BY(mu_)
  Status last_error_;                                 // GUARDED_BY(mu_)
  std::thread refresher_;                             // GUARDED_BY(mu_)
};

}  // namespace cx::server
