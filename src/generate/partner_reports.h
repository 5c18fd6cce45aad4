// What each partner reports about itself per month (partner_reports.csv), computed from the
// contacts as they are written. Honest partners report the metrics.md definitions with small
// differences of their own tooling; a partner with `flattering_report` computes service level
// over answered contacts only, excludes abandons under 30 s from the abandon rate, measures FCR
// by its own survey question, leaves after-contact work out of AHT, and starts response time at
// arrival without counting unanswered messages. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "generate/events.h"
#include "generate/issue_model.h"
#include "generate/random.h"
#include "generate/timeline.h"

namespace cx::gen {

class PartnerReports {
 public:
  PartnerReports(const Timeline& timeline, uint64_t seed);

  // Counts a contact as finally written (its last valid row).
  void AddContact(const Contact& c);
  // Counts the survey of a contact (the flattering FCR comes from surveys).
  void AddSurvey(const Contact& c, const SurveyEvent& s);
  // Appends the report rows; returns their number.
  int64_t Append(std::string* out);

 private:
  struct Cell {
    int64_t offered = 0, short_abandons = 0, abandoned = 0;
    int64_t sl_offered = 0, sl_hits = 0, asa_count = 0;
    double asa_sum = 0, aht_sum = 0, aht_sum_no_acw = 0;
    int64_t aht_count = 0;
    int64_t resolved = 0, repeated = 0;
    int64_t response_hits = 0, response_misses = 0;
    // Flattering variants.
    int64_t offered_30 = 0, abandoned_30 = 0, sl_answered = 0, sl_answered_hits = 0;
    int64_t answered_hits = 0, answered_misses = 0, survey_yes = 0, survey_count = 0;
  };
  Cell* CellOf(int partner, Micros arrived);

  const Timeline& timeline_;
  Rng rng_;
  std::vector<Cell> cells_;  // partner x month
};

}  // namespace cx::gen
