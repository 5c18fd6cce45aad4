// The defects of a real delivery, added when GenerateOptions::dirty is set (like the golden
// set): about 1% exact duplicate rows, 0.5% corrections (the same key with changed content,
// later in the file), 0.3% bad rows that a loader must quarantine (80% replace the contact's
// only row, 20% are a later bad "correction" of a valid row) and 0.2% unusual but valid
// timestamp forms. Surveys get duplicates and out-of-range scores. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "generate/issue_model.h"
#include "generate/random.h"
#include "generate/rows.h"

namespace cx::gen {

class Defects {
 public:
  enum class Action {
    kNone,
    kDuplicate,     // the row, and the same bytes again later
    kCorrection,    // a preliminary version now, the final one later
    kBadOnly,       // only a bad version of the row
    kBadLater,      // the row, and a bad version of it later
    kOddTimestamp,  // arrived_at in an unusual valid form
  };

  Defects(const RowFormatter& rows, uint64_t seed);

  Action NextContactAction();
  // A valid earlier version of `c` that a later row corrects.
  Contact Preliminary(const Contact& c);
  // A row for `c` with exactly one defect the loaders must reject.
  void AppendBadContact(const Contact& c, std::string* out);
  // `c` with arrived_at written as `+00:00`, `.000000` or nine fraction digits.
  void AppendOddTimestampContact(const Contact& c, std::string* out);

  enum class SurveyAction { kNone, kDuplicate, kBad };
  SurveyAction NextSurveyAction();
  void AppendBadSurvey(const SurveyEvent& e, std::string* out);

 private:
  const RowFormatter& rows_;
  Rng rng_;
  std::string scratch_;
};

}  // namespace cx::gen
