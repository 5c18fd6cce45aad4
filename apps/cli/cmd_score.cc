// `cxpact score` (every metric, grouped) and `cxpact rank` (a stack rank with ties).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "base/file.h"
#include "calendar/period.h"
#include "commands.h"
#include "engine/stats.h"
#include "metrics/extra_output.h"
#include "metrics/output.h"
#include "metrics/score.h"
#include "metrics/score_cache.h"
#include "progress.h"
#include "ranking/stack_rank.h"

namespace cx::cli {

namespace {

namespace fs = std::filesystem;

struct ScoreFlags {
  std::string settings;
  std::string by = "partner,period";
  std::string format = "table";
  std::string source;  // A workspace or a folder of canonical files; default --workspace.
  bool timings = false;
  // core (the 28 golden metrics) or all (plus the extended metrics, extra_metrics.h). Empty:
  // all for the table format when grouped by period, core otherwise (so that CSV and JSON stay
  // the golden output by default).
  std::string metrics;
  double uptime_target = -1;  // In [0, 1]; negative: none.
  std::string partner;        // Only this partner's rows (and client-level ones).
  std::string from, to;       // Only periods in [from, to].
  bool no_cache = false;
};

// Prints how long each phase took, on stderr, when asked.
class PhaseTimer {
 public:
  explicit PhaseTimer(bool on) : on_(on), last_(std::chrono::steady_clock::now()) {}
  void Mark(std::string_view phase) {
    auto now = std::chrono::steady_clock::now();
    if (on_) {
      fmt::print(stderr, "  {:<8} {:8.3f} s\n", phase,
                 std::chrono::duration<double>(now - last_).count());
    }
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
};

Result<MetricSettings> Settings(const std::string& path) {
  if (path.empty()) return MetricSettings{};
  return LoadMetricSettings(path);
}

// A workspace's store when SOURCE holds cxpact.toml, else the canonical files in it.
Result<Dataset> LoadSource(const fs::path& dir, const MetricSettings& settings, DatasetScope scope,
                           const LoadProgress& progress) {
  if (fs::exists(dir / kWorkspaceConfig)) {
    ASSIGN_OR_RETURN(Workspace ws, Workspace::Open(dir));
    return LoadDatasetFromStore(ws.store(), scope, progress);
  }
  ValidateOptions validate;
  validate.require_customer_id = settings.require_customer_id;
  return LoadDatasetFromFolder(dir, validate, scope, progress);
}

// The score of a workspace is kept in its results cache, keyed by what was computed and how,
// for the data version it was computed from (metrics/score_cache.h ScoreWorkspace): a repeated
// scorecard reads it back (and the partner / period filters apply afterwards). Folder sources,
// and --no-cache, are always computed. A progress bar shows on a terminal while it loads and
// then while it scores (ProgressBar: none for a short task, nor for a cached score).
Result<CachedScore> ScoreOrCached(const GlobalOptions& global, const ScoreFlags& f,
                                  const MetricSettings& settings, std::span<const Dimension> by,
                                  const std::string& metrics, PhaseTimer& timer) {
  const fs::path dir = f.source.empty() ? fs::path(global.workspace) : fs::path(f.source);
  ScoreRequest request;
  request.by.assign(by.begin(), by.end());
  request.metrics = metrics;
  request.uptime_target = f.uptime_target;
  ProgressBar bar("load");
  // The bar is erased before a phase's time prints: "load" starts the score's bar, "compute"
  // the extended metrics' when they follow; the other phases end the bar.
  const ScorePhaseFn phase = [&](std::string_view name) {
    if (name == "load") {
      bar.Restart("score");
    } else if (name == "compute" && metrics == "all") {
      bar.Restart("extended metrics");
    } else {
      bar.Finish();
    }
    timer.Mark(name);
  };
  if (!f.no_cache && fs::exists(dir / kWorkspaceConfig)) {
    ASSIGN_OR_RETURN(Workspace ws, Workspace::Open(dir));
    if (!f.settings.empty()) {
      ASSIGN_OR_RETURN(request.settings_bytes, ReadFileToString(f.settings, "settings file"));
    }
    return ScoreWorkspace(ws.store(), settings, request, phase, bar.Updater());
  }
  ASSIGN_OR_RETURN(
      Dataset data,
      LoadSource(dir, settings, metrics == "all" ? DatasetScope::kAll : DatasetScope::kCore,
                 bar.Updater()));
  phase("load");
  if (data.quarantined > 0) {
    fmt::print(stderr,
               "cxpact: {} records in {} break the format and were left out "
               "(`cxpact check` lists them)\n",
               data.quarantined, dir.string());
  }
  return ComputeScore(data, settings, request, phase, bar.Updater());
}

// An example period of `kind`, for messages.
std::string_view PeriodExample(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kDay:
      return "2026-03-02";
    case PeriodKind::kWeek:
      return "2026-W10";
    case PeriodKind::kMonth:
      return "2026-03";
  }
  return "2026-03";
}

// A --from / --to bound: a period of the score's kind, or a coarser one that its periods start
// with (a year; a month for days). Periods are compared as text, which orders them in time only
// in these forms: '2026-3' sorted after every 2026 month and selected nothing.
Status CheckPeriodBound(std::string_view flag, const std::string& text, PeriodKind kind) {
  if (text.empty()) return Status::Ok();
  const bool year = text.size() == 4 && std::all_of(text.begin(), text.end(),
                                                    [](char c) { return c >= '0' && c <= '9'; });
  if (year || ParsePeriod(kind, text) ||
      (kind == PeriodKind::kDay && ParsePeriod(PeriodKind::kMonth, text))) {
    return Status::Ok();
  }
  return InvalidArgument("{} '{}' is not a {} like {} (or a year like 2026)", flag, text,
                         PeriodKindName(kind), PeriodExample(kind));
}

// The filters of `cxpact score` apply to the rows' keys, so each needs its dimension in --by:
// without it, --partner and --from/--to were silently ignored (the rows of every partner, or
// of every month, summed).
Status CheckFilters(const ScoreFlags& f, const std::vector<Dimension>& by, PeriodKind kind) {
  const auto has = [&](Dimension d) { return std::find(by.begin(), by.end(), d) != by.end(); };
  if (!f.partner.empty() && !has(Dimension::kPartner)) {
    return InvalidArgument("--partner filters rows by their partner: add partner to --by");
  }
  if ((!f.from.empty() || !f.to.empty()) && !has(Dimension::kPeriod)) {
    return InvalidArgument("--from and --to filter rows by their period: add period to --by");
  }
  RETURN_IF_ERROR(CheckPeriodBound("--from", f.from, kind));
  RETURN_IF_ERROR(CheckPeriodBound("--to", f.to, kind));
  if (!f.from.empty() && !f.to.empty() && f.from > f.to) {
    return InvalidArgument("--from {} is after --to {}", f.from, f.to);
  }
  return Status::Ok();
}

Status RunScore(const GlobalOptions& global, const ScoreFlags& f) {
  ASSIGN_OR_RETURN(MetricSettings settings, Settings(f.settings));
  ASSIGN_OR_RETURN(std::vector<Dimension> by, ParseDimensions(f.by));
  if (f.format != "table" && f.format != "csv" && f.format != "json") {
    return InvalidArgument("--format must be table, csv or json, not '{}'", f.format);
  }
  if (!f.metrics.empty() && f.metrics != "core" && f.metrics != "all") {
    return InvalidArgument("--metrics must be core or all, not '{}'", f.metrics);
  }
  RETURN_IF_ERROR(CheckFilters(f, by, settings.period));
  if (f.uptime_target > 1) {
    return InvalidArgument("--uptime-target {} is not between 0 and 1 (0.95 = 95%)",
                           f.uptime_target);
  }
  const bool by_period = std::find(by.begin(), by.end(), Dimension::kPeriod) != by.end();
  const std::string metrics =
      !f.metrics.empty() ? f.metrics : f.format == "table" && by_period ? "all" : "core";
  if (metrics == "all" && !by_period) {
    return InvalidArgument("--metrics all needs period in --by (the extended metrics are per "
                           "period)");
  }
  PhaseTimer timer(f.timings);
  ASSIGN_OR_RETURN(CachedScore scored, ScoreOrCached(global, f, settings, by, metrics, timer));
  if (!f.partner.empty()) {
    const int at =
        static_cast<int>(std::find(by.begin(), by.end(), Dimension::kPartner) - by.begin());
    const bool known = std::any_of(scored.score.rows.begin(), scored.score.rows.end(),
                                   [&](const MetricRow& r) { return r.keys[at] == f.partner; });
    if (!known) return NotFound("--partner {}: no contact of that partner", f.partner);
  }
  FilterScore(scored, f.partner, f.from, f.to);
  const ScoreResult& result = scored.score;
  if (metrics == "all") {
    const ExtraResult& extra = *scored.extra;
    if (f.format == "csv") {
      fmt::print("{}", FormatAllCsv(result, extra));
    } else if (f.format == "json") {
      fmt::print("{}", FormatAllJson(result, extra));
    } else {
      fmt::print("{}{}", FormatScoreTable(result), FormatExtraTable(extra));
    }
    timer.Mark("output");
    return Status::Ok();
  }
  if (f.format == "csv") {
    fmt::print("{}", FormatScoreCsv(result));
  } else if (f.format == "json") {
    fmt::print("{}", FormatScoreJson(result));
  } else {
    fmt::print("{}", FormatScoreTable(result));
  }
  timer.Mark("output");
  return Status::Ok();
}

struct RankFlags {
  std::string metric;
  std::string period;  // Default: the latest period.
  std::string settings;
  std::string format = "table";
  std::string source;
  double alpha = 0.05;
  bool no_cache = false;
};

// Rates a stack rank can test, and whether higher is better.
std::optional<bool> HigherIsBetter(std::string_view metric) {
  for (std::string_view m : {"fcr", "fcr_same_reason", "service_level", "response_within", "csat",
                             "nps_promoters", "ces_share_5plus", "response_rate"}) {
    if (m == metric) return true;
  }
  for (std::string_view m : {"abandon_rate", "repeat_rate", "transfer_rate", "nps_detractors"}) {
    if (m == metric) return false;
  }
  return std::nullopt;
}

Status RunRank(const GlobalOptions& global, const RankFlags& f) {
  auto higher = HigherIsBetter(f.metric);
  if (!higher) {
    return InvalidArgument(
        "--metric {}: rank tests rates; use fcr, fcr_same_reason, service_level, "
        "response_within, csat, nps_promoters, ces_share_5plus, response_rate, abandon_rate, "
        "repeat_rate, transfer_rate or nps_detractors", f.metric);
  }
  ASSIGN_OR_RETURN(MetricSettings settings, Settings(f.settings));
  if (!f.period.empty() && !ParsePeriod(settings.period, f.period)) {
    return InvalidArgument("--period '{}' is not a {} like {}", f.period,
                           PeriodKindName(settings.period), PeriodExample(settings.period));
  }
  if (f.alpha <= 0 || f.alpha >= 1) {
    return InvalidArgument("--alpha {} is not between 0 and 1 (0.05 = 5%)", f.alpha);
  }
  if (f.format != "table" && f.format != "csv") {
    return InvalidArgument("--format must be table or csv, not '{}'", f.format);
  }
  // The score `cxpact score --format csv` computes, so that a workspace answers both from its
  // results cache (at 10M contacts: milliseconds instead of a 7 s load and score).
  ScoreFlags score;
  score.settings = f.settings;
  score.source = f.source;
  score.no_cache = f.no_cache;
  PhaseTimer timer(false);
  const Dimension by[] = {Dimension::kPartner, Dimension::kPeriod};
  ASSIGN_OR_RETURN(CachedScore scored, ScoreOrCached(global, score, settings, by, "core", timer));
  const ScoreResult& result = scored.score;
  std::string period = f.period;  // Default: the latest period ("YYYY-MM" sorts as text).
  if (period.empty()) {
    for (const MetricRow& r : result.rows) period = std::max(period, r.keys[1]);
  }
  std::vector<RankInput> inputs;
  for (const MetricRow& r : result.rows) {
    if (r.keys[1] == period && r.metric == f.metric && r.denominator) {
      inputs.push_back({r.keys[0], r.numerator, *r.denominator});
    }
  }
  if (inputs.empty()) return NotFound("no partner has {} in period '{}'", f.metric, period);
  std::vector<RankedEntry> ranked = StackRank(inputs, *higher, f.alpha);
  if (f.format == "csv") {
    fmt::print("rank,partner,period,metric,numerator,denominator,value,tied_with,p_value\n");
    for (const RankedEntry& e : ranked) {
      fmt::print("{},{},{},{},{},{},{:.6f},{},{:.6f}\n", e.rank, e.name, period, f.metric,
                 e.successes, e.n, e.rate, e.tied_with, e.p_value);
    }
    return Status::Ok();
  }
  fmt::print("{} in {} ({} is better; a shared rank means the difference is not significant "
             "at {:.0f}%)\n\n",
             f.metric, period, *higher ? "higher" : "lower", f.alpha * 100);
  fmt::print("{:>4}  {:<16} {:>8}  {:<18} {:>8}  {}\n", "rank", "partner", "value",
             "95% interval", "n", "");
  for (const RankedEntry& e : ranked) {
    auto w = Wilson(e.successes, e.n, settings.z);
    std::string note = e.tied_with.empty()
                           ? ""
                           : fmt::format("tied with {} (p = {:.2f})", e.tied_with, e.p_value);
    fmt::print("{:>4}  {:<16} {:>8.3f}  [{:.3f}, {:.3f}]   {:>8}  {}\n", e.rank, e.name, e.rate,
               w->low, w->high, e.n, note);
  }
  return Status::Ok();
}

}  // namespace

void AddScoreCommands(CLI::App& app, GlobalOptions& global) {
  auto flags = std::make_shared<ScoreFlags>();
  auto* score = app.add_subcommand(
      "score", "Compute every metric per partner and period (or another grouping) from a "
               "workspace or a folder of canonical files");
  score->add_option("source", flags->source,
                    "A workspace, or a folder with contacts.csv and surveys.csv "
                    "(default: the workspace)");
  score->add_option("--settings", flags->settings,
                    "Metric parameters (TOML; see examples/golden.toml). Default: the golden "
                    "parameters");
  score->add_option("--by", flags->by,
                    "Grouping: any of partner, site, queue, channel, reason, period "
                    "(default partner,period)");
  score->add_option("--format", flags->format, "table (default), csv or json");
  score->add_option("--metrics", flags->metrics,
                    "core (the golden metric set; default for csv and json) or all (adds "
                    "containment, knowledge base, data capture, orders and uptime; default for "
                    "table)");
  score->add_option("--uptime-target", flags->uptime_target,
                    "With --metrics all: an uptime target such as 0.95, to show the downtime it "
                    "allows per period");
  score->add_flag("--timings", flags->timings, "Print how long loading and computing took");
  score->add_option("--partner", flags->partner,
                    "Only this partner's rows (and the client-level ones)");
  score->add_option("--from", flags->from, "Only periods from this one (YYYY-MM...)");
  score->add_option("--to", flags->to, "Only periods up to this one");
  score->add_flag("--no-cache", flags->no_cache,
                  "Compute even when the workspace holds this score for its current data");
  score->callback([&global, flags] { CommandStatus() = RunScore(global, *flags); });

  auto rank_flags = std::make_shared<RankFlags>();
  auto* rank = app.add_subcommand(
      "rank", "Stack-rank partners on a rate; partners within statistical noise share a rank");
  rank->add_option("source", rank_flags->source, "A workspace or a folder (default: workspace)");
  rank->add_option("--metric", rank_flags->metric, "The rate, e.g. fcr or service_level")
      ->required();
  rank->add_option("--period", rank_flags->period, "YYYY-MM (default: the latest)");
  rank->add_option("--settings", rank_flags->settings, "Metric parameters (TOML)");
  rank->add_option("--alpha", rank_flags->alpha, "Significance level (default 0.05)");
  rank->add_option("--format", rank_flags->format, "table (default) or csv");
  rank->add_flag("--no-cache", rank_flags->no_cache,
                 "Compute the score even if the workspace's results cache has it");
  rank->callback([&global, rank_flags] { CommandStatus() = RunRank(global, *rank_flags); });
}

}  // namespace cx::cli
