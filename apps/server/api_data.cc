#include "server/api_data.h"

#include <algorithm>
#include <chrono>
#include <set>

namespace cx::server {

ApiData::ApiData(Store& store, PortalStore& portal, ApiDataOptions options)
    : store_(store), portal_(portal), options_(std::move(options)) {}

Micros ApiData::Now() const {
  if (options_.now) return options_.now();
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<CachedScore> ApiData::ScoreByPartnerPeriod() {
  std::lock_guard lock(mu_);
  ScoreRequest request;
  request.settings_bytes = options_.settings_bytes;
  return ScoreWorkspace(store_, options_.settings, request);
}

Result<std::vector<std::string>> ApiData::Partners() {
  std::lock_guard lock(mu_);
  return store_.ListPartners();
}

Result<std::vector<std::string>> ApiData::Periods() {
  ASSIGN_OR_RETURN(CachedScore score, ScoreByPartnerPeriod());
  std::set<std::string> periods;
  for (const MetricRow& r : score.score.rows) periods.insert(r.keys[1]);
  return std::vector<std::string>(periods.begin(), periods.end());
}

Result<std::optional<CloseRecord>> ApiData::LatestClose(const std::string& period) {
  std::lock_guard lock(mu_);
  return store_.LatestClose(period);
}

Result<std::vector<QuarantineEntry>> ApiData::Quarantine() {
  std::lock_guard lock(mu_);
  return store_.ListQuarantine();
}

Result<IngestReport> ApiData::Ingest(Kind kind, const std::filesystem::path& path) {
  std::lock_guard lock(mu_);
  return IngestCanonicalFile(store_, kind, path, options_.ingest);
}

Result<std::vector<Insight>> ApiData::Insights() {
  std::lock_guard lock(mu_);
  return portal_.ListInsights();
}

Result<std::optional<Insight>> ApiData::FindInsight(int64_t id) {
  std::lock_guard lock(mu_);
  return portal_.FindInsight(id);
}

Result<int64_t> ApiData::AddInsight(const Insight& insight) {
  std::lock_guard lock(mu_);
  return portal_.AddInsight(insight);
}

Result<int64_t> ApiData::AddInsightAnswer(const InsightAnswer& answer) {
  std::lock_guard lock(mu_);
  return portal_.AddInsightAnswer(answer);
}

Status ApiData::SetInsightStatus(int64_t id, std::string_view status) {
  const Micros now = Now();
  std::lock_guard lock(mu_);
  return portal_.SetInsightStatus(id, status, now);
}

Status ApiData::AddUpload(const UploadRecord& upload) {
  std::lock_guard lock(mu_);
  return portal_.AddUpload(upload).status();
}

Result<std::vector<UploadRecord>> ApiData::Uploads() {
  std::lock_guard lock(mu_);
  return portal_.ListUploads();
}

}  // namespace cx::server
