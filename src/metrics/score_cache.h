// Score results as the workspace keeps them between commands (store.h results cache), so a
// scorecard from unchanged data and settings is read, not recomputed: the rows of a ScoreResult
// and, optionally, of an ExtraResult, encoded as JSON. Also the filter that cuts a result down
// to one partner and a range of periods. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "metrics/extra_metrics.h"
#include "metrics/score.h"

namespace cx {

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

}  // namespace cx
