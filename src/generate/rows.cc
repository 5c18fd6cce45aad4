#include "generate/rows.h"

#include "generate/profiles.h"
#include "generate/random.h"

namespace cx::gen {

namespace {

constexpr std::string_view kSessionChannels[] = {"web", "app", "ivr"};
constexpr std::string_view kKbKinds[] = {"view", "helpful", "not_helpful", "agent_use"};

void AppendBool(const PartnerProfile& p, bool v, std::string* out) {
  out->append(v ? p.bool_true : p.bool_false);
}

void AppendOptionalTime(Micros t, TimestampForm form, const Timeline& tl, std::string* out) {
  if (t != kNoTime) AppendTimestamp(t, form, tl, out);
}

void AppendScore(int8_t v, std::optional<std::string_view> raw, std::string* out) {
  if (raw) {
    out->append(*raw);
  } else if (v >= 0) {
    AppendUint(static_cast<uint64_t>(v), out);
  }
}

}  // namespace

RowFormatter::RowFormatter(const Timeline& timeline, uint64_t seed)
    : timeline_(timeline),
      utc_switch_(timeline.num_months() >= 3 ? timeline.DayStart(timeline.MonthFirstDay(2))
                                             : INT64_MAX),
      key_a_(static_cast<uint32_t>(Mix64(seed ^ 0xC0FFEE))),
      key_b_(static_cast<uint32_t>(Mix64(seed ^ 0xBEEF) >> 32)) {}

TimestampForm RowFormatter::FormOf(int partner, Micros t) const {
  switch (Partners()[partner].time_style) {
    case TimeStyle::kUtc: return {};
    case TimeStyle::kLocal: return {.local = true};
    case TimeStyle::kLocalMillis: return {.local = true, .millis = true};
    case TimeStyle::kLocalThenUtc: return {.local = t < utc_switch_};
  }
  return {};
}

void RowFormatter::AppendContactId(int partner, uint32_t number, std::string* out) const {
  const PartnerProfile& p = Partners()[partner];
  const uint64_t n = p.first_id + static_cast<uint64_t>(number);
  out->append(p.id_prefix);
  switch (p.id_style) {
    case IdStyle::kPrefixed: AppendPadded(n, 8, out); break;
    case IdStyle::kNumeric: AppendUint(n, out); break;
    case IdStyle::kHex: {
      static constexpr char kHex[] = "0123456789abcdef";
      char b[16];
      int len = 0;
      for (uint64_t v = n; v != 0 || len < 6; v >>= 4) b[len++] = kHex[v & 15];
      for (int i = len - 1; i >= 0; --i) out->push_back(b[i]);
      break;
    }
  }
}

void RowFormatter::AppendCustomerId(uint32_t customer, std::string* out) const {
  uint32_t x = customer ^ key_a_;
  x *= 0x9E3779B1u;
  x ^= x >> 16;
  x *= 0x85EBCA6Bu;
  x ^= x >> 13;
  x ^= key_b_;
  static constexpr char kHex[] = "0123456789abcdef";
  char b[9];
  b[0] = 'k';
  for (int i = 8; i >= 1; --i, x >>= 4) b[i] = kHex[x & 15];
  out->append(b, 9);
}

void RowFormatter::AppendContact(const Contact& c, std::string* out,
                                 const ContactOverrides* ov) const {
  const PartnerProfile& p = Partners()[c.partner];
  if (ov != nullptr && ov->contact_id) {
    out->append(*ov->contact_id);
  } else {
    AppendContactId(c.partner, c.number, out);
  }
  out->push_back(',');
  out->append(ov != nullptr && ov->partner ? *ov->partner : p.code);
  out->push_back(',');
  out->append(p.sites[c.site].name);
  out->push_back(',');
  out->append(QueueName(c.queue));
  out->push_back(',');
  out->append(ov != nullptr && ov->channel ? *ov->channel : ChannelName(c.channel));
  out->push_back(',');
  if (c.customer != kNoCustomer) AppendCustomerId(c.customer, out);
  out->push_back(',');
  if (!c.reason_missing) out->append(Reasons()[c.reason].code);
  out->push_back(',');
  if (ov != nullptr && ov->arrived_at) {
    out->append(*ov->arrived_at);
  } else {
    AppendTimestamp(c.arrived, FormOf(c.partner, c.arrived), timeline_, out);
  }
  out->push_back(',');
  AppendOptionalTime(c.sent, FormOf(c.partner, c.sent), timeline_, out);
  out->push_back(',');
  AppendOptionalTime(c.answered, FormOf(c.partner, c.answered), timeline_, out);
  out->push_back(',');
  AppendOptionalTime(c.ended, FormOf(c.partner, c.ended), timeline_, out);
  out->push_back(',');
  if (ov != nullptr && ov->handle_seconds) {
    out->append(*ov->handle_seconds);
  } else if (c.handle_tenths >= 0) {
    AppendTenths(c.handle_tenths, p.handle_decimals, out);
  }
  out->push_back(',');
  if (ov != nullptr && ov->abandoned) {
    out->append(*ov->abandoned);
  } else {
    AppendBool(p, c.abandoned, out);
  }
  out->push_back(',');
  AppendBool(p, c.transferred, out);
  out->push_back(',');
  if (c.agent != 0) {
    out->append(p.agent_prefix);
    out->push_back(static_cast<char>('1' + c.site));
    AppendPadded(c.agent, 3, out);
  }
  out->push_back(',');
  if (c.order != 0) {
    out->append("ORD");
    AppendUint(c.order, out);
  }
  out->push_back(',');
  if (c.demographics >= 0) AppendBool(p, c.demographics == 1, out);
  out->push_back(',');
  if (c.consent >= 0) AppendBool(p, c.consent == 1, out);
  out->push_back('\n');
}

void RowFormatter::AppendSurvey(const SurveyEvent& e, std::string* out,
                                const SurveyOverrides* ov) const {
  out->push_back('S');
  AppendUint(100'000'000ULL + e.survey_no, out);
  out->push_back(',');
  if (e.partner != kNoPartner) AppendContactId(e.partner, e.contact_number, out);
  out->push_back(',');
  if (e.partner != kNoPartner) out->append(Partners()[e.partner].code);
  out->push_back(',');
  AppendCustomerId(e.customer, out);
  out->push_back(',');
  if (ov != nullptr && ov->responded_at) {
    out->append(*ov->responded_at);
  } else {
    AppendTimestamp(e.at, {}, timeline_, out);
  }
  out->push_back(',');
  AppendScore(e.nps, ov != nullptr ? ov->nps : std::nullopt, out);
  out->push_back(',');
  AppendScore(e.csat, ov != nullptr ? ov->csat : std::nullopt, out);
  out->push_back(',');
  AppendScore(e.ces, ov != nullptr ? ov->ces : std::nullopt, out);
  out->push_back(',');
  if (e.comment >= 0) AppendCsvField(Comments(e.comment / 64)[e.comment % 64], out);
  out->push_back('\n');
}

void RowFormatter::AppendSession(const SessionEvent& e, uint64_t session_no,
                                 std::string* out) const {
  out->append("ss-");
  AppendPadded(session_no, 8, out);
  out->push_back(',');
  AppendCustomerId(e.customer, out);
  out->push_back(',');
  AppendTimestamp(e.at, {}, timeline_, out);
  out->push_back(',');
  out->append(kSessionChannels[e.channel]);
  out->push_back(',');
  if (e.reason != kNoReason) out->append(Reasons()[e.reason].code);
  out->append(e.completed ? ",true\n" : ",false\n");
}

void RowFormatter::AppendKbEvent(const KbEvent& e, uint64_t event_no, std::string* out) const {
  out->append("ev");
  AppendPadded(event_no, 9, out);
  out->push_back(',');
  AppendTimestamp(e.at, {}, timeline_, out);
  out->append(",kb-");
  AppendPadded(e.article, 4, out);
  out->push_back(',');
  out->append(kKbKinds[static_cast<int>(e.kind)]);
  out->push_back(',');
  if (e.customer != kNoCustomer) AppendCustomerId(e.customer, out);
  out->push_back(',');
  if (e.partner != kNoPartner) {
    AppendContactId(e.partner, e.contact_number, out);
    out->push_back(',');
    out->append(Partners()[e.partner].code);
  } else {
    out->push_back(',');
  }
  out->push_back('\n');
}

}  // namespace cx::gen
