// What the portal API's routes read and write: the workspace's data store (scores from its
// results cache, closes, quarantine, ingest) and the portal database (insights, uploads). The
// routes see only this class, so they hold no store handles of their own. Both stores are
// thread-compatible and the server runs handlers on several threads, so every call takes one
// mutex: thread-safe. A long call (an ingest, scoring new data) makes the others wait.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "ingest/ingest.h"
#include "metrics/score_cache.h"
#include "metrics/settings.h"
#include "portal/portal_store.h"
#include "store/store.h"

namespace cx::server {

struct ApiDataOptions {
  MetricSettings settings;      // Metric definitions of the portal's scores (default: golden).
  std::string settings_bytes;   // The file they came from, for the results cache's key.
  IngestOptions ingest;         // Uploads: the workspace's bad-share limit and validation.
  std::function<Micros()> now;  // The clock for insights and uploads; empty: the system clock.
};

class ApiData {
 public:
  // `store` and `portal` must outlive this.
  ApiData(Store& store, PortalStore& portal, ApiDataOptions options);

  // Every core metric by partner and period, for the store's current data (results cache).
  Result<CachedScore> ScoreByPartnerPeriod();
  Result<std::vector<std::string>> Partners();
  // The periods the data covers (from the score), sorted.
  Result<std::vector<std::string>> Periods();
  Result<std::optional<CloseRecord>> LatestClose(const std::string& period);
  Result<std::vector<QuarantineEntry>> Quarantine();
  Result<IngestReport> Ingest(Kind kind, const std::filesystem::path& path);

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
  Store& store_;
  PortalStore& portal_;
  ApiDataOptions options_;
  std::mutex mu_;  // Guards store_ and portal_.
};

}  // namespace cx::server
