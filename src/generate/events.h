// Records generated out of time order (a survey answered days after its contact, a
// self-service session hours before one, a repeat contact next week) and written in time order:
// small structs kept per local day and sorted by (time, creation sequence) when the day is
// written, so the order is total and deterministic. Thread-compatible.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "base/time.h"
#include "generate/issue_model.h"
#include "generate/timeline.h"

namespace cx::gen {

inline constexpr uint8_t kNoPartner = 255;

struct SurveyEvent {
  Micros at = 0;  // responded_at
  uint64_t seq = 0;
  uint32_t survey_no = 0;
  uint32_t customer = 0;
  uint32_t contact_number = 0;
  uint8_t partner = kNoPartner;          // kNoPartner: a relationship survey without contact
  int8_t nps = -1, csat = -1, ces = -1;  // -1 = not answered
  int16_t comment = -1;                  // tone * 64 + index into Comments(tone), -1 = none
};

struct SessionEvent {
  Micros at = 0;  // started_at
  uint64_t seq = 0;
  uint32_t customer = 0;
  uint8_t channel = 0;  // 0 web, 1 app, 2 ivr
  uint8_t reason = 0;   // kNoReason = empty
  bool completed = false;
};

enum class KbKind : uint8_t { kView, kHelpful, kNotHelpful, kAgentUse };

struct KbEvent {
  Micros at = 0;
  uint64_t seq = 0;
  uint32_t customer = kNoCustomer;  // view / votes
  uint32_t contact_number = 0;      // agent_use
  uint16_t article = 1;             // 1 .. kNumArticles
  KbKind kind = KbKind::kView;
  uint8_t partner = kNoPartner;  // agent_use
};

inline Micros EventTime(const Contact& c) { return c.arrived; }
inline Micros EventTime(const SurveyEvent& e) { return e.at; }
inline Micros EventTime(const SessionEvent& e) { return e.at; }
inline Micros EventTime(const KbEvent& e) { return e.at; }

// Records bucketed by the local day of their time. Draining a day sorts its bucket by
// (time, creation sequence). The caller must not push a record into a day already drained; such
// a record goes to the first day not yet drained.
template <typename T>
class DayBuckets {
 public:
  explicit DayBuckets(const Timeline& timeline)
      : timeline_(&timeline), buckets_(timeline.num_days() + Timeline::kTailDays + 2) {}

  void Push(const T& e) { buckets_[Index(EventTime(e))].push_back(e); }

  // Calls `fn` on the records of every day up to `day` not drained yet, in time order.
  template <typename F>
  void DrainThrough(int day, F&& fn) {
    const int last = std::min(day, static_cast<int>(buckets_.size()) - 1);
    for (; drained_ <= last; ++drained_) {
      std::vector<T>& bucket = buckets_[drained_];
      std::sort(bucket.begin(), bucket.end(), [](const T& a, const T& b) {
        const Micros ta = EventTime(a), tb = EventTime(b);
        return ta != tb ? ta < tb : a.seq < b.seq;
      });
      for (const T& e : bucket) fn(e);
      Recycle(&bucket);
    }
  }
  template <typename F>
  void DrainAll(F&& fn) {
    DrainThrough(static_cast<int>(buckets_.size()) - 1, fn);
  }
  // Replaces `out` with the records of `day` (in push order) and marks the days up to it
  // drained.
  void Take(int day, std::vector<T>* out) {
    out->clear();
    if (day < 0 || day >= static_cast<int>(buckets_.size())) return;
    out->swap(buckets_[day]);
    Recycle(&buckets_[day]);
    drained_ = std::max(drained_, day + 1);
  }

 private:
  size_t Index(Micros t) const {
    const int day =
        std::clamp(timeline_->DayOf(t), drained_, static_cast<int>(buckets_.size()) - 1);
    return static_cast<size_t>(day);
  }

  static void Recycle(std::vector<T>* bucket) { std::vector<T>().swap(*bucket); }

  const Timeline* timeline_;
  std::vector<std::vector<T>> buckets_;
  int drained_ = 0;
};

}  // namespace cx::gen
