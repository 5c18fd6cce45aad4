// Records generated out of time order (a survey answered days after its contact, a
// self-service session hours before one, a repeat contact next week) and written in time order:
// small structs in a min-heap keyed by (time, creation sequence), so the order is total and
// deterministic. Thread-compatible.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "base/time.h"
#include "generate/issue_model.h"

namespace cx::gen {

inline constexpr uint8_t kNoPartner = 255;

struct SurveyEvent {
  Micros at = 0;  // responded_at
  uint64_t seq = 0;
  uint32_t survey_no = 0;
  uint32_t customer = 0;
  uint32_t contact_number = 0;
  uint8_t partner = kNoPartner;  // kNoPartner: a relationship survey without contact
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
  uint8_t partner = kNoPartner;     // agent_use
};

inline Micros EventTime(const Contact& c) { return c.arrived; }
inline Micros EventTime(const SurveyEvent& e) { return e.at; }
inline Micros EventTime(const SessionEvent& e) { return e.at; }
inline Micros EventTime(const KbEvent& e) { return e.at; }

template <typename T>
class TimedQueue {
 public:
  void Push(const T& e) {
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), Later);
  }
  // Calls `fn` on every queued record with time < `limit`, earliest first, and removes them.
  template <typename F>
  void PopBefore(Micros limit, F&& fn) {
    while (!heap_.empty() && EventTime(heap_.front()) < limit) {
      std::pop_heap(heap_.begin(), heap_.end(), Later);
      T e = std::move(heap_.back());
      heap_.pop_back();
      fn(e);
    }
  }
  size_t size() const { return heap_.size(); }

 private:
  static bool Later(const T& a, const T& b) {
    const Micros ta = EventTime(a), tb = EventTime(b);
    return ta != tb ? ta > tb : a.seq > b.seq;
  }
  std::vector<T> heap_;
};

}  // namespace cx::gen
