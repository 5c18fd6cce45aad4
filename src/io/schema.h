// The canonical input kinds of ../shared/spec/data-format.md as data: each kind is a list of
// typed fields and the fields that form its key. Everything that reads, validates or stores
// input is driven by these tables, so a new field is declared once. Immutable; thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "base/status.h"

namespace cx {

enum class Kind { kContacts, kSurveys, kSelfService, kKbEvents, kOutages, kVolumes, kPartnerReports };
inline constexpr int kKindCount = 7;

enum class FieldType {
  kText,       // Any string, kept byte for byte (never trimmed).
  kChannel,    // voice|email|chat|messaging|social, any case; stored lower case.
  kEnum,       // One of FieldSpec::choices, any case; stored as the choice.
  kTimestamp,  // ISO 8601 with offset; stored as integer microseconds (UTC).
  kBool,       // true/false/1/0/yes/no, any case.
  kSeconds,    // [0-9]{1,9}(.[0-9]+)? seconds; stored as integer microseconds (truncated).
  kScore,      // [0-9]{1,3} within [min, max].
  kCount,      // [0-9]{1,18}.
  kNumber,     // A finite decimal number (fast_float).
  kDate,       // YYYY-MM-DD.
  kYearMonth,  // YYYY-MM.
};

enum class BoolDefault { kMissing, kFalse };

struct FieldSpec {
  std::string_view name;
  FieldType type = FieldType::kText;
  bool required = false;
  int min = 0, max = 0;                            // kScore range.
  std::span<const std::string_view> choices = {};  // kEnum values.
  BoolDefault bool_default = BoolDefault::kMissing;
};

struct KindSpec {
  Kind kind;
  std::string_view name;  // "contacts", also the table name.
  std::span<const FieldSpec> fields;
  std::span<const int> key;  // Indexes into fields.

  int FieldIndex(std::string_view field) const;  // -1 when unknown.
};

const KindSpec& SpecOf(Kind kind);
std::span<const KindSpec> AllKinds();
Result<Kind> KindFromName(std::string_view name);

// Field positions of the kinds that other layers read by position.
namespace contact_field {
enum : int {
  kContactId, kPartner, kSite, kQueue, kChannel, kCustomerId, kReason, kArrivedAt,
  kCustomerSentAt, kAnsweredAt, kEndedAt, kHandleSeconds, kAbandoned, kTransferred, kAgentId,
  kOrderId, kDemographicsCollected, kConsentRecorded, kCount
};
}
namespace survey_field {
enum : int { kSurveyId, kContactId, kPartner, kCustomerId, kRespondedAt, kNps, kCsat, kCes,
             kComment, kCount };
}

}  // namespace cx
