// CSV rows of the generated files in the canonical layout (shared/spec/data-format.md), each
// partner with its own id, timestamp and boolean style. Overrides replace single fields with
// raw text, which is how the dirty mode writes bad rows. Immutable; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "generate/csv_out.h"
#include "generate/events.h"
#include "generate/issue_model.h"
#include "generate/timeline.h"

namespace cx::gen {

inline constexpr std::string_view kContactsHeader =
    "contact_id,partner,site,queue,channel,customer_id,reason,arrived_at,customer_sent_at,"
    "answered_at,ended_at,handle_seconds,abandoned,transferred,agent_id,order_id,"
    "demographics_collected,consent_recorded\n";
inline constexpr std::string_view kSurveysHeader =
    "survey_id,contact_id,partner,customer_id,responded_at,nps,csat,ces,comment\n";
inline constexpr std::string_view kSelfServiceHeader =
    "session_id,customer_id,started_at,channel,reason,completed\n";
inline constexpr std::string_view kKbEventsHeader =
    "event_id,at,article_id,kind,customer_id,contact_id,partner\n";
inline constexpr std::string_view kOutagesHeader = "service,partner,started_at,ended_at\n";
inline constexpr std::string_view kVolumesHeader = "date,kind,count\n";
inline constexpr std::string_view kPartnerReportsHeader = "partner,period,metric,value\n";

// Raw text for single fields of a contact row (a bad row, or an unusual timestamp form).
struct ContactOverrides {
  std::optional<std::string_view> contact_id, partner, channel, arrived_at, abandoned,
      handle_seconds;
};
// Raw text for single fields of a survey row.
struct SurveyOverrides {
  std::optional<std::string_view> responded_at, nps, csat, ces;
};

class RowFormatter {
 public:
  RowFormatter(const Timeline& timeline, uint64_t seed);

  void AppendContact(const Contact& c, std::string* out,
                     const ContactOverrides* overrides = nullptr) const;
  void AppendSurvey(const SurveyEvent& e, std::string* out,
                    const SurveyOverrides* overrides = nullptr) const;
  void AppendSession(const SessionEvent& e, uint64_t session_no, std::string* out) const;
  void AppendKbEvent(const KbEvent& e, uint64_t event_no, std::string* out) const;

  char* WriteContactId(char* p, int partner, uint32_t number) const;
  // `contact_id,partner` of a linked row, or `,` (both empty) when partner is kNoPartner.
  void PutContactRef(RowBuffer& row, uint8_t partner, uint32_t number) const;
  // `k` + 8 hex digits: a keyed 32-bit permutation of the customer index, so ids are unique.
  char* WriteCustomerId(char* p, uint32_t customer) const;
  // The form a partner writes `t` in (inhouse-nyc switches from offsets to Z in month 3).
  TimestampForm FormOf(int partner, Micros t) const;
  const Timeline& timeline() const { return timeline_; }

 private:
  const Timeline& timeline_;
  Micros utc_switch_;
  uint32_t key_a_, key_b_;
};

}  // namespace cx::gen
