// Score results as the workspace keeps them between commands (store.h results cache), so a
// scorecard from unchanged data and settings is read, not recomputed: the rows of a ScoreResult
// and, optionally, of an ExtraResult, encoded as JSON. Also the filter that cuts a result down
// to one partner and a range of periods, and ScoreWorkspace, which reads a store's score from
// its results cache or computes and caches it. The codecs and the filter are pure functions
// and thread-safe; ScoreWorkspace uses the store, so it is thread-compatible like the store.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/extra_metrics.h"
#include "metrics/score.h"

namespace cx {

// Bumped whenever a change to the engine can change a score, so that results computed before
// (cached scores, stored closes) are not reused.
// 2: means rounded once (decision 0018), calendars of any year.
inline constexpr std::string_view kScoreRules = "score-rules-2";

struct CachedScore {
  ScoreResult score;
  std::optional<ExtraResult> extra;
};

std::string EncodeScore(const ScoreResult& score, const ExtraResult* extra);
// InvalidArgument when `text` is not an encoding of this version.
Result<CachedScore> DecodeScore(std::string_view text);

// Keeps the rows of `partner` (when not empty; a client-level row "*" is kept too) whose
// period lies in [from, to] (each "YYYY-MM..." compared as text; empty = open). Dimensions
// not in the result are ignored.
void FilterScore(CachedScore& s, std::string_view partner, std::string_view from,
                 std::string_view to);

// What a score computes, and how: the part of the results cache's key besides the data version.
struct ScoreRequest {
  std::vector<Dimension> by = {Dimension::kPartner, Dimension::kPeriod};
  // "core" (the golden metrics) or "all" (plus the extended metrics; needs kPeriod in `by`).
  std::string metrics = "core";
  double uptime_target = -1;  // Extended metrics: an uptime target in [0, 1]; negative: none.
  // The bytes of the settings file the MetricSettings came from ("" for the defaults), so a
  // changed file is a different key.
  std::string settings_bytes;
};

// Called after each phase ("cached", "load", "compute", "extended"), e.g. to time it; may be
// empty.
using ScorePhaseFn = std::function<void(std::string_view phase)>;

// Computes `request` over `data` (no cache). `progress` hears the core score's progress
// (Score), then, after the "compute" phase, the extended metrics' when requested (each rises
// to 1 on its own).
Result<CachedScore> ComputeScore(const Dataset& data, const MetricSettings& settings,
                                 const ScoreRequest& request, const ScorePhaseFn& phase = {},
                                 const ScoreProgress& progress = {});

// The score of the store's current data: read from its results cache when this request was
// computed for the current data version, else loaded, computed and stored there. A new load
// makes a new data version, so a cached score never outlives the data it came from.
// `progress` hears how the load goes, when there is one, and then, after the "load" phase,
// how the score goes (each rises to 1 on its own).
Result<CachedScore> ScoreWorkspace(Store& store, const MetricSettings& settings,
                                   const ScoreRequest& request, const ScorePhaseFn& phase = {},
                                   const LoadProgress& progress = {});

}  // namespace cx
