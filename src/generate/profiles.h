// The generator's catalogue: partners and their sites, quality profiles and file styles; queues,
// reasons, channels; arrival shapes over the day; survey comments; services. Constant data;
// thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace cx::gen {

enum class Channel : uint8_t { kVoice = 0, kChat, kEmail, kMessaging };
inline constexpr int kNumChannels = 4;
std::string_view ChannelName(Channel c);
inline bool IsLive(Channel c) { return c == Channel::kVoice || c == Channel::kChat; }

// How a partner writes timestamps.
enum class TimeStyle : uint8_t {
  kUtc,           // 2026-03-02T14:15:07Z
  kLocal,         // 2026-03-02T09:15:07-05:00
  kLocalMillis,   // 2026-03-02T09:15:07.123-05:00
  kLocalThenUtc,  // local offsets, then Z from the third month on (a system migration)
};

// How a partner writes contact ids.
enum class IdStyle : uint8_t {
  kPrefixed,  // prefix + 8 decimal digits: ATL00001234
  kNumeric,   // plain number: 4100123
  kHex,       // prefix + 6 hex digits: cv0012bb
};

struct SiteProfile {
  std::string_view name;     // written as `site`
  double weight;             // share of the partner's volume
  double unresolved_factor;  // multiplies the partner's repeat propensity
};

struct PartnerProfile {
  std::string_view code;
  // File style.
  IdStyle id_style;
  std::string_view id_prefix;
  uint32_t first_id;
  TimeStyle time_style;
  std::string_view bool_true, bool_false;
  std::string_view agent_prefix;
  int handle_decimals;         // 0 or 1
  bool collects_demographics;  // fills demographics_collected / consent_recorded
  // Volume.
  double share;
  std::array<double, kNumChannels> channel_mix;
  std::array<double, 4> queue_mix;  // billing, tech, orders, cancellations
  std::array<SiteProfile, 3> sites;
  int num_sites;
  // Quality.
  double fast_answer;       // share of live contacts answered at once (at average load)
  double slow_wait_median;  // seconds beyond 20 s when not answered at once
  double aht_factor;
  double unresolved_factor;  // multiplies the reason's repeat propensity
  double transfer_rate;
  double missing_customer;  // share of contacts without customer_id
  double email_median_hours;
  double kb_use;           // share of handled contacts where the agent uses the KB
  double satisfaction;     // latent survey bias
  bool flattering_report;  // its own SLA report uses friendlier definitions
};

inline constexpr int kNumPartners = 5;
std::span<const PartnerProfile> Partners();

inline constexpr int kNumQueues = 4;
std::string_view QueueName(int queue);
double OrderShare(int queue);  // share of contacts in the queue that carry an order_id

struct ReasonProfile {
  std::string_view code;
  int queue;
  double weight;      // within its queue
  double unresolved;  // base probability that a handled contact needs another one
  double handle_factor;
};
std::span<const ReasonProfile> Reasons();
inline constexpr uint8_t kNoReason = 255;

// Relative arrival intensity per local hour. `kind`: 0 weekday, 1 Saturday, 2 Sunday/holiday.
std::span<const double, 24> LiveHourShape(int kind);
std::span<const double, 24> EmailHourShape(int kind);
// Relative daily volume for weekday 0 = Monday .. 6 = Sunday.
double WeekdayVolume(int weekday);

// Survey verbatims by tone: 0 positive, 1 neutral, 2 negative, 3 after a repeat contact.
std::span<const std::string_view> Comments(int tone);

struct ServiceProfile {
  std::string_view name;
  int partner;  // accountable partner
};
std::span<const ServiceProfile> Services();

inline constexpr int kNumArticles = 400;  // kb-0001 .. kb-0400

}  // namespace cx::gen
