// Turns one record's canonical field texts into typed values, or into the reason the record is
// quarantined. The rules and their order are golden-rules.md 1-8; each reason names the field
// and the value that caused it. Pure functions over the caller's buffers; thread-safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "io/schema.h"

namespace cx {

// A typed field value. Text views point into the record's buffer (valid until the next record)
// or at static storage (normalised enums).
struct Value {
  enum class Tag : uint8_t { kNull, kInt, kReal, kText };
  Tag tag = Tag::kNull;
  int64_t i = 0;
  double d = 0;
  std::string_view s;

  bool is_null() const { return tag == Tag::kNull; }
  static Value Null() { return {}; }
  static Value Int(int64_t v) { return {Tag::kInt, v, 0, {}}; }
  static Value Real(double v) { return {Tag::kReal, 0, v, {}}; }
  static Value Text(std::string_view v) { return {Tag::kText, 0, 0, v}; }
};

// Quarantine reasons in precedence order: a record gets the first that applies (rule 8).
enum class Reason : uint8_t {
  kMissingRequired,
  kBadTimestamp,
  kUnknownChannel,
  kBadValue,
  kAnsweredBeforeArrived,
  kEndedBeforeArrived,
  kEndedBeforeStarted,  // outages: ended_at before started_at.
  kMalformedRecord,     // The record itself could not be read (bad JSON, too many fields).
  kNone,
};
std::string_view ReasonCode(Reason reason);

struct Issue {
  Reason reason = Reason::kNone;
  int field = -1;  // Index into the kind's fields; -1 for record-level reasons.
  std::string value;
  std::string detail;  // Human explanation ("nps 11 is outside 0-10").
};

// Choices the spec leaves open, as named options. Defaults reproduce the golden sets.
struct ValidateOptions {
  // Quarantine a contact without customer_id as missing_required. data-format.md marks the
  // field optional, but the golden references reject such rows; a source whose callers are
  // legitimately unidentified (a phone log) turns this off, and such contacts then count in
  // traffic and SLAs but not in FCR (docs/decisions/0003-customer-id-required.md).
  bool require_customer_id = true;
};

// Parses one field's text. Returns false with `*reason` set when the text is not valid for the
// field's type. Empty text is the caller's concern (missing value).
bool ParseField(const FieldSpec& field, std::string_view text, Value* out, Reason* reason);
// Whether `s` is text as the format allows it (data-format.md: UTF-8): valid UTF-8 with no NUL
// byte. A text field that is not is a bad_value: stored, it would break every JSON answer and
// export that names it. Inline for the common case, ASCII without NUL, 8 bytes a step: a load
// checks every text field of every contact (a byte loop was ~5% of a 10M-contact score).
bool IsUtf8WithoutNul(std::string_view s);  // The general case, out of line.
inline bool IsText(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  uint64_t flags = 0;  // High bits: a byte >= 0x80, or a zero byte ((w - 1s) & ~w, exact).
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    flags |= w | ((w - kOnes) & ~w);
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    flags |= c == 0 ? 0x80 : c;
  }
  return (flags & kHighs) == 0 || IsUtf8WithoutNul(s);
}

// Validates a record given one text per field of `spec` (empty = missing). On success fills
// `row` (one Value per field) and returns true; otherwise fills `issue`.
bool ValidateRecord(const KindSpec& spec, const std::vector<std::string_view>& texts,
                    std::vector<Value>* row, Issue* issue, const ValidateOptions& options = {});

// A 64-bit fingerprint of a typed row's content (SipHash via libsodium over a canonical
// encoding), used to tell an identical re-sent row from a correction.
uint64_t RowFingerprint(const std::vector<Value>& row);

}  // namespace cx
