#include "server/api_data.h"

#include <algorithm>
#include <chrono>

namespace cx::server {

ApiData::ApiData(Store& store, PortalStore& portal, ApiDataOptions options,
                 ApiStoreConnections more)
    : store_(store), portal_(portal), options_(std::move(options)), more_(std::move(more)) {
  reader_ = Connection(more_.reader, reader_mu_);
  drilldown_ = more_.drilldown ? Connection(more_.drilldown, drilldown_mu_) : reader_;
  LiveScoreOptions live;
  live.settings = options_.settings;
  live.settings_bytes = options_.settings_bytes;
  live.refresh_wait = options_.refresh_wait;
  live.log = options_.log;
  const StoreConnection versions = Connection(more_.versions, versions_mu_);
  const StoreConnection scorer = Connection(more_.scorer, scorer_mu_);
  live_ = std::make_unique<LiveScore>(versions, scorer, live);
  live.metrics = "all";
  extended_ = std::make_unique<LiveScore>(
      versions, more_.extended ? Connection(more_.extended, extended_mu_) : scorer, live);
}

ApiData::~ApiData() = default;  // extended_, then live_: each waits for its refresh.

StoreConnection ApiData::Connection(const std::unique_ptr<Store>& more, std::mutex& mu) {
  return more ? StoreConnection{more.get(), &mu} : StoreConnection{&store_, &mu_};
}

Micros ApiData::Now() const {
  if (options_.now) return options_.now();
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<ScoreView> ApiData::Score() { return live_->Get(); }

Result<ScoreView> ApiData::ExtendedScore() { return extended_->Get(); }

void ApiData::RefreshScore() { live_->Refresh(); }

Result<CachedScore> ApiData::ScoreByPartnerPeriod() {
  ASSIGN_OR_RETURN(ScoreView view, Score());
  return view.snapshot->score;
}

Result<std::vector<std::string>> ApiData::Partners() {
  ASSIGN_OR_RETURN(ScoreView view, Score());
  return view.snapshot->partners;
}

Result<std::vector<std::string>> ApiData::Periods() {
  ASSIGN_OR_RETURN(ScoreView view, Score());
  return view.snapshot->periods;
}

Result<std::optional<CloseRecord>> ApiData::LatestClose(const std::string& period) {
  std::lock_guard lock(*reader_.mu);
  return reader_.store->LatestClose(period);
}

Result<std::vector<QuarantineEntry>> ApiData::Quarantine() {
  std::lock_guard lock(*reader_.mu);
  return reader_.store->ListQuarantine();
}

Result<Drilldown> ApiData::DrillDown(const DrilldownRequest& request) {
  std::lock_guard lock(*drilldown_.mu);
  return DrillDownStore(*drilldown_.store, options_.settings, request);
}

Result<IngestReport> ApiData::Ingest(Kind kind, const std::filesystem::path& path,
                                     const std::string& only_partner) {
  // The new data version is scored when a metric request first asks for it.
  IngestOptions options = options_.ingest;
  options.only_partner = only_partner;
  std::lock_guard lock(mu_);
  return IngestCanonicalFile(store_, kind, path, options);
}

Result<std::vector<Insight>> ApiData::Insights() {
  std::lock_guard lock(portal_mu_);
  return portal_.ListInsights();
}

Result<std::optional<Insight>> ApiData::FindInsight(int64_t id) {
  std::lock_guard lock(portal_mu_);
  return portal_.FindInsight(id);
}

Result<int64_t> ApiData::AddInsight(const Insight& insight) {
  std::lock_guard lock(portal_mu_);
  return portal_.AddInsight(insight);
}

Result<int64_t> ApiData::AddInsightAnswer(const InsightAnswer& answer) {
  std::lock_guard lock(portal_mu_);
  return portal_.AddInsightAnswer(answer);
}

Status ApiData::SetInsightStatus(int64_t id, std::string_view status) {
  const Micros now = Now();
  std::lock_guard lock(portal_mu_);
  return portal_.SetInsightStatus(id, status, now);
}

Status ApiData::AddUpload(const UploadRecord& upload) {
  std::lock_guard lock(portal_mu_);
  return portal_.AddUpload(upload).status();
}

Result<std::vector<UploadRecord>> ApiData::Uploads() {
  std::lock_guard lock(portal_mu_);
  return portal_.ListUploads();
}

}  // namespace cx::server
