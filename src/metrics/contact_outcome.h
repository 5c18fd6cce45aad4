// The per-contact and per-survey decisions behind the traffic, speed, response and survey
// metrics (metrics.md, golden rules 15-22 and 31-35): is a contact a short abandon, a
// service-level hit or miss, a response hit, miss or pending; is a survey a promoter, a
// satisfied csat. Score (score.h) counts these decisions per group and the drill-down
// (drilldown.h) lists them per contact, so both read this one implementation; FCR's decision is
// the engine's RepeatAt (engine/customer_order.h). Inline: Score calls it for every contact.
// A ContactJudge is immutable once built: thread-safe.
#pragma once

#include <cstdint>

#include "calendar/business_calendar.h"
#include "engine/customer_order.h"
#include "engine/tables.h"
#include "metrics/settings.h"

namespace cx {

// Where a contact stands against a target: not in the metric's population, a hit, a miss, or
// pending (its deadline is after the horizon: left out of the rate, counted apart).
enum class TargetOutcome : uint8_t { kNone, kHit, kMiss, kPending };

struct ContactOutcome {
  bool abandoned = false;
  bool is_short = false;     // A short abandon (golden rule 15); always abandoned too.
  bool transferred = false;  // Handled (not abandoned) and transferred.
  bool answered = false;
  // answered_at - arrived_at, when answered: the ASA sample of a voice or chat contact and
  // what service_level tests.
  Micros wait = kNull;
  TargetOutcome service_level = TargetOutcome::kNone;  // Voice and chat, not short.
  TargetOutcome response = TargetOutcome::kNone;       // Email and messaging, not short.
  // Response time from the clock start (settings: sent or arrived) to the answer, or to the
  // horizon when unanswered, in business or calendar time as the settings say; kNull outside
  // the response population.
  Micros response_elapsed = kNull;

  bool handled() const { return !abandoned; }
  // In abandon_rate = (abandoned - short) / (offered - short): every contact but short abandons
  // is in the denominator, the abandoned ones among them in the numerator.
  bool in_abandon_rate() const { return !is_short; }
};

inline bool IsVoiceOrChat(Channel c) { return c == Channel::kVoice || c == Channel::kChat; }
inline bool IsWritten(Channel c) { return c == Channel::kEmail || c == Channel::kMessaging; }

// The repeat-window parameters of the settings, for MarkRepeats, RepeatAt and ChainIssues.
inline RepeatWindowOptions RepeatOptionsOf(const MetricSettings& s) {
  return RepeatWindowOptions{s.repeat_window, s.short_abandon,
                             s.fcr_pending == FcrPending::kUnknownOnly};
}

// Where contact i's clock starts (response time, time to resolve): customer_sent_at when the
// settings say so and it is there, else arrived_at.
inline Micros ClockStartOf(const MetricSettings& s, const ContactTable& t, size_t i) {
  return s.clock_start == ClockStart::kSent && t.sent[i] != kNull ? t.sent[i] : t.arrived[i];
}

// Decides ContactOutcome for contacts of one table. `calendar` must cover every instant of the
// contacts judged and `horizon` (the latest arrived_at of the whole data, not of a slice).
class ContactJudge {
 public:
  ContactJudge(const MetricSettings& settings, const BusinessCalendar& calendar, Micros horizon)
      : s_(settings), cal_(calendar), horizon_(horizon) {}

  Micros horizon() const { return horizon_; }

  ContactOutcome operator()(const ContactTable& t, size_t i) const {
    ContactOutcome o;
    o.abandoned = t.abandoned(i);
    o.is_short = IsShortAbandon(t, i, s_.short_abandon);
    o.transferred = !o.abandoned && (t.flags[i] & kFlagTransferred);
    o.answered = t.answered[i] != kNull;
    if (o.answered) o.wait = t.answered[i] - t.arrived[i];
    const Channel ch = t.channel[i];
    if (IsVoiceOrChat(ch)) {
      if (!o.is_short) {
        o.service_level = o.answered && o.wait <= s_.service_level_threshold ? TargetOutcome::kHit
                                                                             : TargetOutcome::kMiss;
      }
    } else if (IsWritten(ch) && !o.is_short) {
      const Micros start = ClockStartOf(s_, t, i);
      const Micros end = o.answered ? t.answered[i] : horizon_;
      o.response_elapsed =
          s_.response_time == ElapsedTime::kBusiness ? cal_.Between(start, end) : end - start;
      if (o.answered) {
        o.response =
            o.response_elapsed <= s_.response_target ? TargetOutcome::kHit : TargetOutcome::kMiss;
      } else {
        // Unanswered: pending while its deadline is after the horizon (golden rule 22), a miss
        // once it has passed.
        o.response = o.response_elapsed < s_.response_target ? TargetOutcome::kPending
                                                             : TargetOutcome::kMiss;
      }
    }
    return o;
  }

 private:
  const MetricSettings& s_;
  const BusinessCalendar& cal_;
  Micros horizon_;
};

struct SurveyOutcome {
  bool linked = false;  // Counts for its contact's partner and period (golden rule 31).
  bool has_nps = false, promoter = false, detractor = false;  // 9-10, 0-6.
  bool has_csat = false, satisfied = false;                   // 4-5.
  bool has_ces = false, ces_5plus = false;
};

inline SurveyOutcome JudgeSurvey(const SurveyTable& sv, size_t i) {
  SurveyOutcome o;
  o.linked = sv.contact[i] >= 0;
  o.has_nps = sv.nps[i] >= 0;
  o.promoter = sv.nps[i] >= 9;
  o.detractor = o.has_nps && sv.nps[i] <= 6;
  o.has_csat = sv.csat[i] >= 0;
  o.satisfied = sv.csat[i] >= 4;
  o.has_ces = sv.ces[i] >= 0;
  o.ces_5plus = sv.ces[i] >= 5;
  return o;
}

}  // namespace cx
