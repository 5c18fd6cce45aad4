#include "server/live_score.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace cx::server {

namespace {

// A refresh whose data changed while it read scores again, at most this many times in all.
constexpr int kAttempts = 3;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Orders each partner's rows by period, keeping the result's order within a period. The rows
// are sorted by (partner, period, ...) already, so this normally moves nothing.
template <typename Index, typename RowOf>
void ByPeriod(Index& index, RowOf row_of) {
  for (auto& [partner, rows] : index) {
    std::stable_sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
      return row_of(a).keys[1] < row_of(b).keys[1];
    });
  }
}

}  // namespace

std::span<const MetricRow* const> ScoreSnapshot::RowsOf(std::string_view partner) const {
  auto it = rows_of_.find(partner);
  if (it == rows_of_.end()) return {};
  return it->second;
}

std::span<const ExtraRow* const> ScoreSnapshot::ExtraRowsOf(std::string_view partner) const {
  auto it = extra_of_.find(partner);
  if (it == extra_of_.end()) return {};
  return it->second;
}

std::shared_ptr<const ScoreSnapshot> ScoreSnapshot::Make(int64_t data_version, CachedScore score,
                                                         std::vector<std::string> partners) {
  auto out = std::make_shared<ScoreSnapshot>();
  out->data_version = data_version;
  out->score = std::move(score);
  out->partners = std::move(partners);
  std::set<std::string> periods;
  for (const MetricRow& r : out->score.score.rows) {
    if (r.keys.size() < 2) continue;  // Not by partner and period: nothing to index.
    periods.insert(r.keys[1]);
    if (r.keys[0] != kAllKey) out->rows_of_[r.keys[0]].push_back(&r);
  }
  if (out->score.extra) {
    for (const ExtraRow& e : out->score.extra->rows) {
      if (e.row.keys.size() < 2 || e.row.keys[0] == kAllKey) continue;
      out->extra_of_[e.row.keys[0]].push_back(&e);
    }
  }
  ByPeriod(out->rows_of_, [](const MetricRow* r) -> const MetricRow& { return *r; });
  ByPeriod(out->extra_of_, [](const ExtraRow* e) -> const MetricRow& { return e->row; });
  out->periods.assign(periods.begin(), periods.end());
  return out;
}

LiveScore::LiveScore(StoreConnection versions, StoreConnection scorer, LiveScoreOptions options)
    : versions_(versions), scorer_(scorer), options_(std::move(options)) {}

LiveScore::~LiveScore() {
  std::thread last;
  {
    std::lock_guard lock(mu_);
    last = std::move(refresher_);
  }
  if (last.joinable()) last.join();
}

Result<int64_t> LiveScore::CurrentVersion() {
  std::lock_guard lock(*versions_.mu);
  return versions_.store->DataVersion();
}

Result<ScoreView> LiveScore::Get() {
  ASSIGN_OR_RETURN(int64_t version, CurrentVersion());
  std::unique_lock lock(mu_);
  if (snapshot_ && snapshot_->data_version >= version) return ScoreView{snapshot_, version};
  if (started_ == finished_) StartLocked();
  const uint64_t refresh = started_;  // The one under way, which this read waits for.
  const auto done = [&] { return finished_ >= refresh; };
  if (snapshot_) {
    refreshed_.wait_until(lock, started_at_ + options_.refresh_wait, done);
  } else {
    refreshed_.wait(lock, done);
  }
  if (snapshot_) return ScoreView{snapshot_, version};
  return last_error_.ok() ? Internal("no score was computed") : last_error_;
}

void LiveScore::Refresh() {
  std::lock_guard lock(mu_);
  if (started_ == finished_) StartLocked();
}

void LiveScore::StartLocked() {
  // The previous refresh thread has finished (finished_ == started_) or is about to return.
  if (refresher_.joinable()) refresher_.join();
  ++started_;
  started_at_ = std::chrono::steady_clock::now();
  refresher_ = std::thread([this] { RunRefresh(); });
}

void LiveScore::RunRefresh() {
  // Scoring yields to the answers. It now runs on four threads (two store readers, the
  // table's two stages) and took the reload run's p99 from 33 to 47 ms at 10M. On Linux the
  // nice value is per thread, and the threads it starts inherit it: 10 more than the
  // server's (at most 19). Failing to lower it changes nothing else.
  const auto self = static_cast<id_t>(gettid());
  errno = 0;
  const int nice = getpriority(PRIO_PROCESS, self);
  if (errno == 0) (void)setpriority(PRIO_PROCESS, self, std::min(19, nice + 10));
  const auto start = std::chrono::steady_clock::now();
  Result<std::shared_ptr<const ScoreSnapshot>> made = Internal("scoring threw");
  try {  // Nothing may escape a thread; waiting readers must hear how it ended.
    made = Compute();
  } catch (const std::exception& e) {
    made = Internal("scoring threw: {}", e.what());
  }
  if (options_.log) {
    const std::string_view what = options_.metrics == "core" ? "" : " (metrics: all)";
    options_.log(made.ok() ? fmt::format("data version {} scored in {:.2f} s{}",
                                         (*made)->data_version, SecondsSince(start), what)
                           : fmt::format("scoring failed after {:.2f} s{}: {}", SecondsSince(start),
                                         what, made.status().ToString()));
  }
  std::lock_guard lock(mu_);
  if (made.ok()) {
    if (!snapshot_ || (*made)->data_version >= snapshot_->data_version) snapshot_ = *made;
    last_error_ = Status::Ok();
  } else {
    last_error_ = made.status();
  }
  finished_ = started_;
  refreshed_.notify_all();
}

Result<std::shared_ptr<const ScoreSnapshot>> LiveScore::Compute() {
  std::lock_guard lock(*scorer_.mu);
  Store& store = *scorer_.store;
  ScoreRequest request;  // By partner and period.
  request.metrics = options_.metrics;
  request.settings_bytes = options_.settings_bytes;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    // The data is read in several statements: when no load finished between the version read
    // before and the one after, they all saw that version's data.
    ASSIGN_OR_RETURN(int64_t before, store.DataVersion());
    ASSIGN_OR_RETURN(CachedScore score, ScoreWorkspace(store, options_.settings, request));
    ASSIGN_OR_RETURN(std::vector<std::string> partners, store.ListPartners());
    ASSIGN_OR_RETURN(int64_t after, store.DataVersion());
    if (before == after) return ScoreSnapshot::Make(before, std::move(score), std::move(partners));
  }
  return FailedPrecondition("the data changed while it was scored, {} times in a row", kAttempts);
}

}  // namespace cx::server
