// The contact model: a customer issue is a chain of contacts (the first one, retries after
// abandons, repeats while unresolved) whose partners, channels, times and outcomes are all
// decided when the issue starts, so each contact knows whether it will be repeated. Repeats are
// routed by queue and channel and may land at another partner. Not thread-safe: an IssueModel
// draws from its own random stream.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "base/time.h"
#include "generate/profiles.h"
#include "generate/random.h"
#include "generate/timeline.h"

namespace cx::gen {

inline constexpr Micros kNoTime = INT64_MIN;
inline constexpr uint32_t kNoCustomer = UINT32_MAX;
inline constexpr Micros kRepeatWindow = 7 * kMicrosPerDay;

struct Contact {
  Micros arrived = kNoTime;
  Micros sent = kNoTime;  // customer_sent_at (email, messaging)
  Micros answered = kNoTime;
  Micros ended = kNoTime;
  uint64_t seq = 0;                 // creation order: the tie-breaker of every sort
  uint32_t customer = kNoCustomer;  // index in the customer population; none = not written
  uint32_t order = 0;               // order number, 0 = none
  uint32_t number = 0;              // the partner's contact number, assigned when written
  int32_t handle_tenths = -1;       // handle_seconds x 10, -1 = none
  int32_t acw_tenths = 0;           // after-contact work inside handle_tenths
  uint16_t agent = 0;               // 1-based within the site, 0 = none
  uint8_t partner = 0, site = 0, queue = 0, reason = 0;
  Channel channel = Channel::kVoice;
  int8_t demographics = -1, consent = -1;  // -1 = not recorded
  bool reason_missing = false;
  bool abandoned = false;
  bool transferred = false;
  bool repeated = false;  // another contact of the issue follows within 7 days
};

inline bool IsShortAbandon(const Contact& c) {
  return c.abandoned && c.ended != kNoTime && c.ended - c.arrived < 5 * kMicrosPerSecond;
}

class IssueModel {
 public:
  // `contacts` scales the customer population and the number of agents per site.
  IssueModel(const Timeline& timeline, int64_t contacts, uint64_t seed);

  // Replaces `chain` with the contacts of a new issue whose first contact arrives on `day`.
  // Contacts that would arrive after the range are left out. Marks repeats.
  void BuildIssue(int day, std::vector<Contact>* chain);

  // Sets `repeated` on each contact followed within 7 days by a contact of the chain that is
  // not a short abandon.
  static void MarkRepeats(std::span<Contact> chain);

  // A local arrival time on `day` following the channel's shape over the day.
  Micros SampleTimeOnDay(int day, bool email_shape, Rng& rng) const;

  uint32_t num_customers() const { return num_customers_; }
  // The next value of the creation sequence shared by all generated records.
  uint64_t NextSeq() { return next_seq_++; }

 private:
  Contact MakeContact(int partner, Channel channel, int queue, int reason, uint32_t customer,
                      uint32_t order, Micros arrived);
  void AnswerLive(const PartnerProfile& p, double load, Contact* c);
  void AnswerAsync(const PartnerProfile& p, double load, Contact* c);
  Micros ToWorkingHours(Micros t);
  int NextPartner(int partner, Channel channel, int queue, double sticky);
  double DayFactor(int partner, int day) const;
  double Load(int partner, Micros t) const;

  const Timeline& timeline_;
  Rng rng_;
  uint32_t num_customers_;
  uint64_t next_seq_ = 0;
  Discrete routes_;  // (partner, channel, queue) jointly
  std::array<Discrete, kNumChannels * kNumQueues> route_partner_;
  std::array<Discrete, kNumPartners> sites_;
  std::array<std::array<int, 3>, kNumPartners> agents_{};  // agents per site
  std::array<Discrete, kNumQueues> reasons_by_queue_;
  std::array<std::vector<int>, kNumQueues> queue_reasons_;
  Discrete any_channel_, any_queue_;
  std::array<Discrete, 3> live_hours_, email_hours_;
  std::array<std::array<double, 24>, 3> hour_load_{};
  std::vector<float> day_factor_;  // per partner x day: staffing luck
};

}  // namespace cx::gen
