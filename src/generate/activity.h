// Customer activity around the contacts: surveys after handled contacts (scores lower after a
// repeat and at weaker partners) and relationship surveys; self-service sessions, contained or
// followed by a contact; knowledge-base views and votes, and agents' KB use. Records go into
// per-day buckets that the generator drains in time order. All times are whole seconds. Not
// thread-safe: owns its random stream.
#pragma once

#include <cstdint>

#include "generate/events.h"
#include "generate/issue_model.h"
#include "generate/random.h"
#include "generate/timeline.h"

namespace cx::gen {

class ActivityModel {
 public:
  ActivityModel(const Timeline& timeline, IssueModel* issues, uint64_t seed);

  // Before an issue whose first contact is `first`: perhaps a self-service session that did
  // not help, or KB views.
  void BeforeIssue(const Contact& first);
  // After `c` (its number assigned) was written. Returns the survey it got, if any.
  const SurveyEvent* AfterContact(const Contact& c);
  // Activity of `day` not tied to an issue: contained sessions, deflected views and their votes,
  // relationship surveys. `day_contacts` scales them.
  void Daily(int day, int64_t day_contacts);

  DayBuckets<SurveyEvent>& surveys() { return surveys_; }
  DayBuckets<SessionEvent>& sessions() { return sessions_; }
  DayBuckets<KbEvent>& kb_events() { return kb_; }

 private:
  void Score(double satisfaction, SurveyEvent* e);
  uint16_t ArticleFor(int reason);
  void View(Micros at, uint32_t customer, uint16_t article, double p_vote, double p_helpful);
  int64_t Carry(double* carry, double expected);

  const Timeline& timeline_;
  IssueModel* issues_;
  Rng rng_;
  uint32_t next_survey_ = 0;
  SurveyEvent last_survey_;
  double session_carry_ = 0, view_carry_ = 0, relationship_carry_ = 0;
  Discrete reason_weights_;
  DayBuckets<SurveyEvent> surveys_;
  DayBuckets<SessionEvent> sessions_;
  DayBuckets<KbEvent> kb_;
};

}  // namespace cx::gen
