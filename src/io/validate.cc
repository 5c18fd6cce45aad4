#include "io/validate.h"

#include <fast_float/fast_float.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <sodium.h>

#include <cmath>
#include <cstring>

#include "base/time.h"

namespace cx {

namespace {

constexpr std::string_view kChannels[] = {"voice", "email", "chat", "messaging", "social"};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool IsDigit(char c) { return static_cast<unsigned>(c - '0') <= 9; }

// [0-9]{1,max_digits} into *out.
bool ParseDigits(std::string_view s, size_t max_digits, int64_t* out) {
  if (s.empty() || s.size() > max_digits) return false;
  int64_t v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool ParseBool(std::string_view s, bool* out) {
  if (s == "1" || EqualsIgnoreCase(s, "true") || EqualsIgnoreCase(s, "yes")) {
    *out = true;
    return true;
  }
  if (s == "0" || EqualsIgnoreCase(s, "false") || EqualsIgnoreCase(s, "no")) {
    *out = false;
    return true;
  }
  return false;
}

// [0-9]{1,9}(.[0-9]+)? seconds into microseconds, fraction truncated (rule 4).
bool ParseSeconds(std::string_view s, int64_t* micros) {
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  int64_t secs;
  if (!ParseDigits(whole, 9, &secs)) return false;
  int64_t frac = 0;
  if (dot != std::string_view::npos) {
    std::string_view f = s.substr(dot + 1);
    if (f.empty()) return false;
    int used = 0;
    for (char c : f) {
      if (!IsDigit(c)) return false;
      if (used < 6) {
        frac = frac * 10 + (c - '0');
        ++used;
      }
    }
    for (; used < 6; ++used) frac *= 10;
  }
  *micros = secs * kMicrosPerSecond + frac;
  return true;
}


std::string Explain(const FieldSpec& f, Reason reason) {
  std::string name(f.name);
  switch (reason) {
    case Reason::kMissingRequired:
      return name == "partner" ? "partner is required (and whenever contact_id is given)"
                               : name + " is required";
    case Reason::kBadTimestamp:
      return name + " is not an ISO 8601 timestamp with an offset (YYYY-MM-DDTHH:MM:SS[.f]Z|+HH:MM)";
    case Reason::kUnknownChannel:
      return name + " is not one of voice, email, chat, messaging, social";
    case Reason::kAnsweredBeforeArrived: return "answered_at is before arrived_at";
    case Reason::kEndedBeforeArrived: return "ended_at is before arrived_at";
    case Reason::kEndedBeforeStarted: return "ended_at is before started_at";
    default: break;
  }
  switch (f.type) {
    case FieldType::kBool: return name + " is not a boolean (true/false, 1/0, yes/no)";
    case FieldType::kSeconds: return name + " is not a number of seconds ([0-9]{1,9}[.digits])";
    case FieldType::kScore:
      return fmt::format("{} is not an integer from {} to {}", name, f.min, f.max);
    case FieldType::kCount: return name + " is not a non-negative integer";
    case FieldType::kNumber: return name + " is not a finite decimal number";
    case FieldType::kDate: return name + " is not a date (YYYY-MM-DD)";
    case FieldType::kYearMonth: return name + " is not a month (YYYY-MM)";
    case FieldType::kText:
      return name + " is not UTF-8 text (or holds a NUL byte)";
    case FieldType::kEnum: {
      std::string list;
      for (std::string_view c : f.choices) list += (list.empty() ? "" : ", ") + std::string(c);
      return name + " is not one of " + list;
    }
    default: return name + " has a bad value";
  }
}

}  // namespace

bool IsUtf8WithoutNul(std::string_view s) {
  return s.find('\0') == std::string_view::npos && simdjson::validate_utf8(s.data(), s.size());
}

std::string_view ReasonCode(Reason reason) {
  switch (reason) {
    case Reason::kMissingRequired: return "missing_required";
    case Reason::kBadTimestamp: return "bad_timestamp";
    case Reason::kUnknownChannel: return "unknown_channel";
    case Reason::kBadValue: return "bad_value";
    case Reason::kAnsweredBeforeArrived: return "answered_before_arrived";
    case Reason::kEndedBeforeArrived: return "ended_before_arrived";
    case Reason::kEndedBeforeStarted: return "ended_before_started";
    case Reason::kMalformedRecord: return "malformed_record";
    case Reason::kNone: return "none";
  }
  return "none";
}

bool ParseField(const FieldSpec& field, std::string_view s, Value* out, Reason* reason) {
  *reason = Reason::kBadValue;
  switch (field.type) {
    case FieldType::kText:
      if (!IsText(s)) return false;
      *out = Value::Text(s);
      return true;
    case FieldType::kChannel:
      for (std::string_view c : kChannels) {
        if (EqualsIgnoreCase(s, c)) {
          *out = Value::Text(c);
          return true;
        }
      }
      *reason = Reason::kUnknownChannel;
      return false;
    case FieldType::kEnum:
      for (std::string_view c : field.choices) {
        if (EqualsIgnoreCase(s, c)) {
          *out = Value::Text(c);
          return true;
        }
      }
      return false;
    case FieldType::kTimestamp: {
      auto t = ParseTimestamp(s);
      if (!t) {
        *reason = Reason::kBadTimestamp;
        return false;
      }
      *out = Value::Int(*t);
      return true;
    }
    case FieldType::kBool: {
      bool b;
      if (!ParseBool(s, &b)) return false;
      *out = Value::Int(b ? 1 : 0);
      return true;
    }
    case FieldType::kSeconds: {
      int64_t us;
      if (!ParseSeconds(s, &us)) return false;
      *out = Value::Int(us);
      return true;
    }
    case FieldType::kScore: {
      int64_t v;
      if (!ParseDigits(s, 3, &v) || v < field.min || v > field.max) return false;
      *out = Value::Int(v);
      return true;
    }
    case FieldType::kCount: {
      int64_t v;
      if (!ParseDigits(s, 18, &v)) return false;
      *out = Value::Int(v);
      return true;
    }
    case FieldType::kNumber: {
      double d;
      auto r = fast_float::from_chars(s.data(), s.data() + s.size(), d);
      if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(d)) return false;
      *out = Value::Real(d);
      return true;
    }
    case FieldType::kDate:
      if (!ParseDate(s)) return false;
      *out = Value::Text(s);
      return true;
    case FieldType::kYearMonth:
      if (!ParseYearMonth(s)) return false;
      *out = Value::Text(s);
      return true;
  }
  return false;
}

bool ValidateRecord(const KindSpec& spec, const std::vector<std::string_view>& texts,
                    std::vector<Value>* row, Issue* issue, const ValidateOptions& options) {
  const size_t n = spec.fields.size();
  row->assign(n, Value::Null());
  // Callers pass exactly one text per field (empty = missing).
  Reason worst = Reason::kNone;
  int worst_field = -1;
  auto note = [&](Reason r, int f) {
    if (r < worst) {
      worst = r;
      worst_field = f;
    }
  };
  for (size_t i = 0; i < n; ++i) {
    const FieldSpec& f = spec.fields[i];
    std::string_view s = texts[i];
    if (s.empty()) {
      if (f.required || (options.require_customer_id && spec.kind == Kind::kContacts &&
                         i == contact_field::kCustomerId)) {
        note(Reason::kMissingRequired, static_cast<int>(i));
      }
      if (f.type == FieldType::kBool && f.bool_default == BoolDefault::kFalse) {
        (*row)[i] = Value::Int(0);
      }
      continue;
    }
    Reason r;
    if (!ParseField(f, s, &(*row)[i], &r)) note(r, static_cast<int>(i));
  }
  // A survey about a contact must say whose contact it is (rule 6).
  if (spec.kind == Kind::kSurveys && !texts[survey_field::kContactId].empty() &&
      texts[survey_field::kPartner].empty()) {
    note(Reason::kMissingRequired, survey_field::kPartner);
  }
  // Record-level order rules apply only when every field parsed.
  if (worst == Reason::kNone) {
    const std::vector<Value>& v = *row;
    if (spec.kind == Kind::kContacts) {
      using namespace contact_field;
      const int64_t arrived = v[kArrivedAt].i;
      if (!v[kAnsweredAt].is_null() && v[kAnsweredAt].i < arrived) {
        note(Reason::kAnsweredBeforeArrived, kAnsweredAt);
      } else if (!v[kEndedAt].is_null() && v[kEndedAt].i < arrived) {
        note(Reason::kEndedBeforeArrived, kEndedAt);
      }
    } else if (spec.kind == Kind::kOutages && v[3].i < v[2].i) {
      note(Reason::kEndedBeforeStarted, 3);
    }
  }
  if (worst == Reason::kNone) return true;
  issue->reason = worst;
  issue->field = worst_field;
  issue->value = std::string(texts[worst_field]);
  issue->detail = Explain(spec.fields[worst_field], worst);
  return false;
}

uint64_t RowFingerprint(const std::vector<Value>& row) {
  static const unsigned char kKey[crypto_shorthash_KEYBYTES] = {'c', 'x', 'p', 'a', 'c', 't'};
  std::string buf;
  buf.reserve(256);
  for (const Value& v : row) {
    buf.push_back(static_cast<char>(v.tag));
    switch (v.tag) {
      case Value::Tag::kNull: break;
      case Value::Tag::kInt: buf.append(reinterpret_cast<const char*>(&v.i), sizeof v.i); break;
      case Value::Tag::kReal: buf.append(reinterpret_cast<const char*>(&v.d), sizeof v.d); break;
      case Value::Tag::kText: {
        uint32_t len = static_cast<uint32_t>(v.s.size());
        buf.append(reinterpret_cast<const char*>(&len), sizeof len);
        buf.append(v.s);
        break;
      }
    }
  }
  uint64_t h;
  crypto_shorthash(reinterpret_cast<unsigned char*>(&h),
                   reinterpret_cast<const unsigned char*>(buf.data()), buf.size(), kKey);
  return h;
}

}  // namespace cx
