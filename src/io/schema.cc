#include "io/schema.h"

#include <array>

namespace cx {

namespace {

using T = FieldType;

constexpr std::string_view kKbKinds[] = {"view", "agent_use", "helpful", "not_helpful"};

constexpr FieldSpec kContactFields[] = {
    {"contact_id", T::kText, true},
    {"partner", T::kText, true},
    {"site", T::kText},
    {"queue", T::kText},
    {"channel", T::kChannel, true},
    {"customer_id", T::kText},
    {"reason", T::kText},
    {"arrived_at", T::kTimestamp, true},
    {"customer_sent_at", T::kTimestamp},
    {"answered_at", T::kTimestamp},
    {"ended_at", T::kTimestamp},
    {"handle_seconds", T::kSeconds},
    {"abandoned", T::kBool, false, 0, 0, {}, BoolDefault::kFalse},
    {"transferred", T::kBool, false, 0, 0, {}, BoolDefault::kFalse},
    {"agent_id", T::kText},
    {"order_id", T::kText},
    {"demographics_collected", T::kBool},
    {"consent_recorded", T::kBool},
};
constexpr int kContactKey[] = {contact_field::kPartner, contact_field::kContactId};

constexpr FieldSpec kSurveyFields[] = {
    {"survey_id", T::kText, true},
    {"contact_id", T::kText},
    {"partner", T::kText},
    {"customer_id", T::kText, true},
    {"responded_at", T::kTimestamp, true},
    {"nps", T::kScore, false, 0, 10},
    {"csat", T::kScore, false, 1, 5},
    {"ces", T::kScore, false, 1, 7},
    {"comment", T::kText},
};
constexpr int kSurveyKey[] = {survey_field::kSurveyId};

constexpr FieldSpec kSelfServiceFields[] = {
    {"session_id", T::kText, true},
    {"customer_id", T::kText, true},
    {"started_at", T::kTimestamp, true},
    {"channel", T::kText},
    {"reason", T::kText},
    {"completed", T::kBool},
};
constexpr int kSelfServiceKey[] = {0};

constexpr FieldSpec kKbEventFields[] = {
    {"event_id", T::kText, true},
    {"at", T::kTimestamp, true},
    {"article_id", T::kText, true},
    {"kind", T::kEnum, true, 0, 0, kKbKinds},
    {"customer_id", T::kText},
    {"contact_id", T::kText},
    {"partner", T::kText},
};
constexpr int kKbEventKey[] = {0};

constexpr FieldSpec kOutageFields[] = {
    {"service", T::kText, true},
    {"partner", T::kText, true},
    {"started_at", T::kTimestamp, true},
    {"ended_at", T::kTimestamp, true},
};
constexpr int kOutageKey[] = {0, 2};

constexpr FieldSpec kVolumeFields[] = {
    {"date", T::kDate, true},
    {"kind", T::kText, true},
    {"count", T::kCount, true},
};
constexpr int kVolumeKey[] = {0, 1};

constexpr FieldSpec kPartnerReportFields[] = {
    {"partner", T::kText, true},
    {"period", T::kYearMonth, true},
    {"metric", T::kText, true},
    {"value", T::kNumber, true},
};
constexpr int kPartnerReportKey[] = {0, 1, 2};

const std::array<KindSpec, kKindCount> kKinds = {{
    {Kind::kContacts, "contacts", kContactFields, kContactKey},
    {Kind::kSurveys, "surveys", kSurveyFields, kSurveyKey},
    {Kind::kSelfService, "self_service", kSelfServiceFields, kSelfServiceKey},
    {Kind::kKbEvents, "kb_events", kKbEventFields, kKbEventKey},
    {Kind::kOutages, "outages", kOutageFields, kOutageKey},
    {Kind::kVolumes, "volumes", kVolumeFields, kVolumeKey},
    {Kind::kPartnerReports, "partner_reports", kPartnerReportFields, kPartnerReportKey},
}};

static_assert(std::size(kContactFields) == contact_field::kCount);
static_assert(std::size(kSurveyFields) == survey_field::kCount);

}  // namespace

int KindSpec::FieldIndex(std::string_view field) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field) return static_cast<int>(i);
  }
  return -1;
}

const KindSpec& SpecOf(Kind kind) { return kKinds[static_cast<int>(kind)]; }

std::span<const KindSpec> AllKinds() { return kKinds; }

Result<Kind> KindFromName(std::string_view name) {
  for (const KindSpec& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  return InvalidArgument(
      "unknown kind '{}' (expected contacts, surveys, self_service, kb_events, outages, volumes "
      "or partner_reports)",
      name);
}

}  // namespace cx
