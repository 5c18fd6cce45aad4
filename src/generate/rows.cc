#include "generate/rows.h"

#include "generate/profiles.h"
#include "generate/random.h"

namespace cx::gen {

namespace {

constexpr std::string_view kSessionChannels[] = {"web", "app", "ivr"};
constexpr std::string_view kKbKinds[] = {"view", "helpful", "not_helpful", "agent_use"};
constexpr char kHex[] = "0123456789abcdef";

void PutScore(RowBuffer& row, int8_t v, std::optional<std::string_view> raw) {
  if (raw) {
    row.Text(*raw);
  } else if (v >= 0) {
    row.p() = WriteUint(row.p(), static_cast<uint64_t>(v));
  }
  row.Put(',');
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
    case TimeStyle::kUtc:
      return {};
    case TimeStyle::kLocal:
      return {.local = true};
    case TimeStyle::kLocalMillis:
      return {.local = true, .millis = true};
    case TimeStyle::kLocalThenUtc:
      return {.local = t < utc_switch_};
  }
  return {};
}

void RowFormatter::PutContactRef(RowBuffer& row, uint8_t partner, uint32_t number) const {
  if (partner == kNoPartner) {
    row.Put(',');
    return;
  }
  row.p() = WriteContactId(row.p(), partner, number);
  row.Put(',').Text(Partners()[partner].code);
}

char* RowFormatter::WriteContactId(char* p, int partner, uint32_t number) const {
  const PartnerProfile& profile = Partners()[partner];
  const uint64_t n = profile.first_id + static_cast<uint64_t>(number);
  p = WriteText(p, profile.id_prefix);
  switch (profile.id_style) {
    case IdStyle::kPrefixed:
      return WritePadded(p, n, 8);
    case IdStyle::kNumeric:
      return WriteUint(p, n);
    case IdStyle::kHex:
      break;
  }
  char b[16];
  int len = 0;
  for (uint64_t v = n; v != 0 || len < 6; v >>= 4) b[len++] = kHex[v & 15];
  for (int i = len - 1; i >= 0; --i) *p++ = b[i];
  return p;
}

char* RowFormatter::WriteCustomerId(char* p, uint32_t customer) const {
  uint32_t x = customer ^ key_a_;  // each step is a bijection on 32 bits
  x *= 0x9E3779B1u;
  x ^= x >> 16;
  x *= 0x85EBCA6Bu;
  x ^= x >> 13;
  x ^= key_b_;
  p[0] = 'k';
  for (int i = 8; i >= 1; --i, x >>= 4) p[i] = kHex[x & 15];
  return p + 9;
}

void RowFormatter::AppendContact(const Contact& c, std::string* out,
                                 const ContactOverrides* ov) const {
  static const ContactOverrides kNone;
  if (ov == nullptr) ov = &kNone;
  const PartnerProfile& p = Partners()[c.partner];
  RowBuffer row;
  auto time = [&](Micros t) {
    if (t != kNoTime) row.p() = WriteTimestamp(row.p(), t, FormOf(c.partner, t), timeline_);
    row.Put(',');
  };
  auto boolean = [&](bool v) { row.Text(v ? p.bool_true : p.bool_false); };
  if (ov->contact_id) {
    row.Text(*ov->contact_id);
  } else {
    row.p() = WriteContactId(row.p(), c.partner, c.number);
  }
  row.Put(',').Text(ov->partner ? *ov->partner : p.code).Put(',');
  row.Text(p.sites[c.site].name).Put(',').Text(QueueName(c.queue)).Put(',');
  row.Text(ov->channel ? *ov->channel : ChannelName(c.channel)).Put(',');
  if (c.customer != kNoCustomer) row.p() = WriteCustomerId(row.p(), c.customer);
  row.Put(',');
  if (!c.reason_missing) row.Text(Reasons()[c.reason].code);
  row.Put(',');
  if (ov->arrived_at) {
    row.Text(*ov->arrived_at).Put(',');
  } else {
    time(c.arrived);
  }
  time(c.sent);
  time(c.answered);
  time(c.ended);
  if (ov->handle_seconds) {
    row.Text(*ov->handle_seconds);
  } else if (c.handle_tenths >= 0) {
    row.p() = WriteTenths(row.p(), c.handle_tenths, p.handle_decimals);
  }
  row.Put(',');
  if (ov->abandoned) {
    row.Text(*ov->abandoned);
  } else {
    boolean(c.abandoned);
  }
  row.Put(',');
  boolean(c.transferred);
  row.Put(',');
  if (c.agent != 0) {
    row.Text(p.agent_prefix).Put(static_cast<char>('1' + c.site));
    row.p() = WritePadded(row.p(), c.agent, 3);
  }
  row.Put(',');
  if (c.order != 0) {
    row.Text("ORD");
    row.p() = WriteUint(row.p(), c.order);
  }
  row.Put(',');
  if (c.demographics >= 0) boolean(c.demographics == 1);
  row.Put(',');
  if (c.consent >= 0) boolean(c.consent == 1);
  row.Put('\n');
  row.AppendTo(out);
}

void RowFormatter::AppendSurvey(const SurveyEvent& e, std::string* out,
                                const SurveyOverrides* ov) const {
  static const SurveyOverrides kNone;
  if (ov == nullptr) ov = &kNone;
  RowBuffer row;
  row.Put('S');
  row.p() = WriteUint(row.p(), 100'000'000ULL + e.survey_no);
  row.Put(',');
  PutContactRef(row, e.partner, e.contact_number);
  row.Put(',');
  row.p() = WriteCustomerId(row.p(), e.customer);
  row.Put(',');
  if (ov->responded_at) {
    row.Text(*ov->responded_at);
  } else {
    row.p() = WriteTimestamp(row.p(), e.at, {}, timeline_);
  }
  row.Put(',');
  PutScore(row, e.nps, ov->nps);
  PutScore(row, e.csat, ov->csat);
  PutScore(row, e.ces, ov->ces);
  if (e.comment >= 0) row.p() = WriteCsvField(row.p(), Comments(e.comment / 64)[e.comment % 64]);
  row.Put('\n');
  row.AppendTo(out);
}

void RowFormatter::AppendSession(const SessionEvent& e, uint64_t session_no,
                                 std::string* out) const {
  RowBuffer row;
  row.Text("ss-");
  row.p() = WritePadded(row.p(), session_no, 8);
  row.Put(',');
  row.p() = WriteCustomerId(row.p(), e.customer);
  row.Put(',');
  row.p() = WriteTimestamp(row.p(), e.at, {}, timeline_);
  row.Put(',').Text(kSessionChannels[e.channel]).Put(',');
  if (e.reason != kNoReason) row.Text(Reasons()[e.reason].code);
  row.Text(e.completed ? ",true\n" : ",false\n");
  row.AppendTo(out);
}

void RowFormatter::AppendKbEvent(const KbEvent& e, uint64_t event_no, std::string* out) const {
  RowBuffer row;
  row.Text("ev");
  row.p() = WritePadded(row.p(), event_no, 9);
  row.Put(',');
  row.p() = WriteTimestamp(row.p(), e.at, {}, timeline_);
  row.Text(",kb-");
  row.p() = WritePadded(row.p(), e.article, 4);
  row.Put(',').Text(kKbKinds[static_cast<int>(e.kind)]).Put(',');
  if (e.customer != kNoCustomer) row.p() = WriteCustomerId(row.p(), e.customer);
  row.Put(',');
  PutContactRef(row, e.partner, e.contact_number);
  row.Put('\n');
  row.AppendTo(out);
}

}  // namespace cx::gen
