// Shared by sla_audit.cc and sla_audit_watermelon.cc: score rows by (partner, period, metric).
// Not part of the public API. Thread-compatible.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "metrics/score.h"

namespace cx::internal {

class PartnerPeriodRows {
 public:
  // Errors unless the score is grouped by exactly partner and period (in either order).
  static Result<PartnerPeriodRows> Build(const ScoreResult& score);

  // The row, or nullptr.
  const MetricRow* Find(std::string_view partner, std::string_view period,
                        std::string_view metric) const;
  // The partners with any row in `period`, by name.
  std::vector<std::string> PartnersIn(std::string_view period) const;

 private:
  std::map<std::tuple<std::string, std::string, std::string>, const MetricRow*> rows_;
};

}  // namespace cx::internal
