#include "generate/profiles.h"

namespace cx::gen {

namespace {

// Volume shares 30/25/20/15/10. Quality: atlas is the average large outsourcer; bluepeak is
// middling and its own reports flatter it; corvid is slower to answer but clearly best on FCR;
// delta is the "watermelon" (excellent speed, poor resolution); the in-house centre is good and
// small, and keeps most cancellations (retention).
constexpr PartnerProfile kPartners[kNumPartners] = {
    {.code = "atlas",
     .id_style = IdStyle::kPrefixed,
     .id_prefix = "ATL",
     .first_id = 0,
     .time_style = TimeStyle::kUtc,
     .bool_true = "true",
     .bool_false = "false",
     .agent_prefix = "a",
     .handle_decimals = 0,
     .collects_demographics = true,
     .share = 0.30,
     .channel_mix = {0.60, 0.22, 0.13, 0.05},
     .queue_mix = {0.35, 0.25, 0.35, 0.05},
     .sites = {{{"atlas-manila", 0.5, 1.0}, {"atlas-cebu", 0.3, 0.95}, {"atlas-davao", 0.2, 1.25}}},
     .num_sites = 3,
     .fast_answer = 0.78,
     .slow_wait_median = 40,
     .aht_factor = 1.0,
     .unresolved_factor = 1.0,
     .transfer_rate = 0.07,
     .missing_customer = 0.025,
     .email_median_hours = 10,
     .kb_use = 0.25,
     .satisfaction = 0.0,
     .flattering_report = false},
    {.code = "bluepeak",
     .id_style = IdStyle::kNumeric,
     .id_prefix = "",
     .first_id = 4100000,
     .time_style = TimeStyle::kLocalMillis,
     .bool_true = "1",
     .bool_false = "0",
     .agent_prefix = "bp",
     .handle_decimals = 1,
     .collects_demographics = false,
     .share = 0.25,
     .channel_mix = {0.55, 0.25, 0.15, 0.05},
     .queue_mix = {0.30, 0.40, 0.25, 0.05},
     .sites = {{{"bluepeak-lisbon", 0.6, 1.0}, {"bluepeak-porto", 0.4, 1.05}, {}}},
     .num_sites = 2,
     .fast_answer = 0.74,
     .slow_wait_median = 50,
     .aht_factor = 0.95,
     .unresolved_factor = 1.15,
     .transfer_rate = 0.08,
     .missing_customer = 0.03,
     .email_median_hours = 14,
     .kb_use = 0.20,
     .satisfaction = -0.15,
     .flattering_report = true},
    {.code = "corvid",
     .id_style = IdStyle::kHex,
     .id_prefix = "cv",
     .first_id = 0x1000,
     .time_style = TimeStyle::kUtc,
     .bool_true = "yes",
     .bool_false = "",
     .agent_prefix = "cv",
     .handle_decimals = 1,
     .collects_demographics = false,
     .share = 0.20,
     .channel_mix = {0.55, 0.15, 0.25, 0.05},
     .queue_mix = {0.30, 0.20, 0.40, 0.10},
     .sites = {{{"corvid-bogota", 0.55, 1.0}, {"corvid-medellin", 0.45, 0.9}, {}}},
     .num_sites = 2,
     .fast_answer = 0.62,
     .slow_wait_median = 65,
     .aht_factor = 1.2,
     .unresolved_factor = 0.55,
     .transfer_rate = 0.04,
     .missing_customer = 0.02,
     .email_median_hours = 18,
     .kb_use = 0.45,
     .satisfaction = 0.5,
     .flattering_report = false},
    {.code = "delta",
     .id_style = IdStyle::kNumeric,
     .id_prefix = "",
     .first_id = 4100000,
     .time_style = TimeStyle::kLocal,
     .bool_true = "TRUE",
     .bool_false = "FALSE",
     .agent_prefix = "d",
     .handle_decimals = 0,
     .collects_demographics = true,
     .share = 0.15,
     .channel_mix = {0.75, 0.20, 0.05, 0.0},
     .queue_mix = {0.45, 0.15, 0.35, 0.05},
     .sites = {{{"delta-dallas", 0.6, 1.0}, {"delta-tulsa", 0.4, 1.1}, {}}},
     .num_sites = 2,
     .fast_answer = 0.93,
     .slow_wait_median = 25,
     .aht_factor = 0.75,
     .unresolved_factor = 1.7,
     .transfer_rate = 0.10,
     .missing_customer = 0.06,
     .email_median_hours = 6,
     .kb_use = 0.10,
     .satisfaction = -0.45,
     .flattering_report = false},
    {.code = "inhouse-nyc",
     .id_style = IdStyle::kPrefixed,
     .id_prefix = "NY",
     .first_id = 0,
     .time_style = TimeStyle::kLocalThenUtc,
     .bool_true = "Yes",
     .bool_false = "No",
     .agent_prefix = "ny",
     .handle_decimals = 0,
     .collects_demographics = true,
     .share = 0.10,
     .channel_mix = {0.60, 0.15, 0.17, 0.08},
     .queue_mix = {0.25, 0.20, 0.25, 0.30},
     .sites = {{{"inhouse-nyc-midtown", 0.7, 1.0}, {"inhouse-nyc-brooklyn", 0.3, 1.0}, {}}},
     .num_sites = 2,
     .fast_answer = 0.80,
     .slow_wait_median = 35,
     .aht_factor = 1.1,
     .unresolved_factor = 0.75,
     .transfer_rate = 0.05,
     .missing_customer = 0.01,
     .email_median_hours = 8,
     .kb_use = 0.50,
     .satisfaction = 0.45,
     .flattering_report = false},
};

constexpr std::string_view kQueues[kNumQueues] = {"billing", "tech", "orders", "cancellations"};
constexpr double kOrderShare[kNumQueues] = {0.40, 0.15, 0.85, 0.50};

constexpr ReasonProfile kReasons[] = {
    {"billing_question", 0, 0.30, 0.16, 1.0},    {"billing_dispute", 0, 0.15, 0.42, 1.4},
    {"refund_request", 0, 0.20, 0.34, 1.1},      {"payment_failed", 0, 0.20, 0.28, 0.9},
    {"plan_change", 0, 0.15, 0.14, 1.0},         {"password_reset", 1, 0.25, 0.08, 0.6},
    {"account_access", 1, 0.25, 0.20, 0.9},      {"technical_issue", 1, 0.35, 0.40, 1.5},
    {"app_error", 1, 0.15, 0.32, 1.2},           {"delivery_status", 2, 0.35, 0.20, 0.7},
    {"delivery_late", 2, 0.20, 0.36, 0.9},       {"delivery_damaged", 2, 0.12, 0.38, 1.2},
    {"return_request", 2, 0.18, 0.28, 1.0},      {"product_question", 2, 0.15, 0.12, 0.9},
    {"cancel_subscription", 3, 0.70, 0.22, 1.3}, {"cancel_order", 3, 0.30, 0.18, 0.9},
};

constexpr double kLiveShape[3][24] = {
    {0.25, 0.15, 0.1, 0.08, 0.1, 0.25, 0.7, 1.8, 4.0, 6.2, 7.0, 6.8,
     5.8,  6.0,  6.6, 6.3,  5.6, 4.4,  3.4, 2.8, 2.3, 1.6, 1.0, 0.5},
    {0.3, 0.2, 0.12, 0.1, 0.1, 0.2, 0.5, 1.0, 2.2, 3.8, 4.8, 5.2,
     5.0, 4.8, 4.5,  4.2, 3.8, 3.2, 2.6, 2.2, 1.8, 1.3, 0.9, 0.5},
    {0.3, 0.2, 0.12, 0.1, 0.1, 0.15, 0.35, 0.7, 1.5, 2.8, 3.8, 4.2,
     4.3, 4.2, 4.0,  3.8, 3.5, 3.1,  2.8,  2.5, 2.2, 1.6, 1.0, 0.5},
};
constexpr double kEmailShape[3][24] = {
    {0.8, 0.5, 0.4, 0.35, 0.4, 0.6, 1.0, 2.0, 3.2, 3.8, 3.9, 3.8,
     3.5, 3.6, 3.7, 3.6,  3.4, 3.1, 2.8, 2.6, 2.4, 2.0, 1.5, 1.1},
    {0.8, 0.5, 0.4, 0.35, 0.35, 0.45, 0.7, 1.1, 1.7, 2.2, 2.5, 2.6,
     2.6, 2.5, 2.4, 2.3,  2.2,  2.1,  2.0, 2.0, 1.9, 1.7, 1.3, 1.0},
    {0.8, 0.5, 0.4, 0.35, 0.35, 0.45, 0.7, 1.1, 1.7, 2.2, 2.5, 2.6,
     2.6, 2.5, 2.4, 2.3,  2.2,  2.1,  2.0, 2.0, 1.9, 1.7, 1.3, 1.0},
};
constexpr double kWeekdayVolume[7] = {1.18, 1.07, 1.0, 0.98, 0.94, 0.55, 0.42};

// Verbatims deliberately include commas, double quotes, newlines and non-ASCII text.
constexpr std::string_view kPositive[] = {
    "Quick and friendly, thanks!",   "Très bien, merci",
    "Sorted in one call, great job", "Agent was patient and knew the product",
    "¡Excelente servicio!",          "Super schnell – danke!",
    "Easy. No fuss, no waiting.",
};
constexpr std::string_view kNeutral[] = {
    "Took a while, got there",
    "Fine, but the email reply was slow",
    "Answer correct, tone a bit abrupt",
    "Hold music is awful.\nOtherwise fine.",
    "OK I guess",
    "The \"chat\" kept timing out, but the agent helped",
};
constexpr std::string_view kNegative[] = {
    "Long wait, then cut off",
    "Transferred three times, nobody knew",
    "Agent said \"wait 24h\" and nothing happened",
    "très déçu, toujours pas de remboursement",
    "Rude agent; I want a supervisor to call me",
    "Nope. \xF0\x9F\x98\xA1",
    "Waited 40 min.\nThen the line dropped.\nNever again.",
};
constexpr std::string_view kAfterRepeat[] = {
    "Third time I contact you about the same bill, still not fixed",
    "I had to explain everything again, from the start, to a second agent",
    "They promised a callback \"today\", never came",
    "Still waiting for my refund, 2 weeks now",
    "très déçu : même problème qu'avant",
    "Same issue as last week.\nNobody reads the notes?",
};

constexpr ServiceProfile kServices[] = {
    {"web-shop", 4}, {"ivr", 0}, {"portal", 1}, {"chat-platform", 2}};

}  // namespace

std::string_view ChannelName(Channel c) {
  static constexpr std::string_view kNames[kNumChannels] = {"voice", "chat", "email", "messaging"};
  return kNames[static_cast<int>(c)];
}

std::span<const PartnerProfile> Partners() { return kPartners; }
std::string_view QueueName(int queue) { return kQueues[queue]; }
double OrderShare(int queue) { return kOrderShare[queue]; }
std::span<const ReasonProfile> Reasons() { return kReasons; }
std::span<const double, 24> LiveHourShape(int kind) { return kLiveShape[kind]; }
std::span<const double, 24> EmailHourShape(int kind) { return kEmailShape[kind]; }
double WeekdayVolume(int weekday) { return kWeekdayVolume[weekday]; }

std::span<const std::string_view> Comments(int tone) {
  switch (tone) {
    case 0:
      return kPositive;
    case 1:
      return kNeutral;
    case 2:
      return kNegative;
    default:
      return kAfterRepeat;
  }
}

std::span<const ServiceProfile> Services() { return kServices; }

}  // namespace cx::gen
