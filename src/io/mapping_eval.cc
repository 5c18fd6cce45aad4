// The transforms of a mapping: conditions, coalesce, templates, sums, value maps, timestamp
// formats and the local-time -> UTC conversion (date/tz over the system tz database).
#include <date/tz.h>
#include <fmt/format.h>

#include <chrono>

#include "base/time.h"
#include "io/mapping.h"

namespace cx {

namespace {

bool IsDigit(char c) { return static_cast<unsigned>(c - '0') <= 9; }

bool IsIn(std::string_view text, const std::vector<std::string>& list) {
  for (const std::string& s : list) {
    if (text == s) return true;
  }
  return false;
}

bool Holds(const Condition& c, const std::vector<std::string_view>& refs) {
  if (c.ref >= 0) {
    std::string_view t = refs[c.ref];
    if (!c.in.empty() && !IsIn(t, c.in)) return false;
    if (IsIn(t, c.not_in)) return false;
  }
  for (int r : c.present) {
    if (refs[r].empty()) return false;
  }
  for (int r : c.absent) {
    if (!refs[r].empty()) return false;
  }
  return true;
}

// [0-9]+(.[0-9]+)? times 10^`scale` (further fraction digits truncated), at most 18 digits.
std::optional<int64_t> ParseDecimalScaled(std::string_view s, int scale) {
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  if (whole.empty() || whole.size() > static_cast<size_t>(18 - scale)) return std::nullopt;
  int64_t v = 0;
  for (char c : whole) {
    if (!IsDigit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  int64_t frac = 0;
  int used = 0;
  if (dot != std::string_view::npos) {
    std::string_view f = s.substr(dot + 1);
    if (f.empty()) return std::nullopt;
    for (char c : f) {
      if (!IsDigit(c)) return std::nullopt;
      if (used < scale) {
        frac = frac * 10 + (c - '0');
        ++used;
      }
    }
  }
  for (; used < scale; ++used) frac *= 10;
  for (int i = 0; i < scale; ++i) v *= 10;
  return v + frac;
}
std::optional<int64_t> ParseDecimalMicros(std::string_view s) { return ParseDecimalScaled(s, 6); }

// Whole micro-units print as an integer, others with their significant decimals.
std::string FormatDecimalMicros(int64_t v) {
  if (v % 1'000'000 == 0) return fmt::format("{}", v / 1'000'000);
  std::string s = fmt::format("{}.{:06}", v / 1'000'000, v % 1'000'000);
  while (s.back() == '0') s.pop_back();
  return s;
}

// Reads an instant in a mapping's `format` (see FieldMapping::format); nullopt if it does not fit.
std::optional<int64_t> ReadInstant(std::string_view v, std::string_view format,
                                   const date::time_zone* zone) {
  if (format == "auto") {
    if (auto t = ParseTimestamp(v)) return t;
    if (zone == nullptr) return std::nullopt;
    auto local = ParseLocalDateTime(v, /*allow_space=*/true);
    if (!local) return std::nullopt;
    return LocalToUtcMicros(*zone, LocalAsUtc(*local));
  }
  if (format == "epoch" || format == "epoch_ms") {
    return ParseDecimalScaled(v, format == "epoch" ? 6 : 3);
  }
  auto p = ParseTimePattern(v, format);
  if (!p || p->year < 0 || zone == nullptr) return std::nullopt;
  LocalDateTime local{p->year, p->month, p->day, p->hour, p->minute, p->second, p->micros};
  return LocalToUtcMicros(*zone, LocalAsUtc(local));
}

// Reads from `min` to `max` digits at s[*i].
bool ReadNumber(std::string_view s, size_t* i, int min, int max, int* out) {
  int n = 0, v = 0;
  for (; n < max && *i < s.size() && IsDigit(s[*i]); ++n) v = v * 10 + (s[(*i)++] - '0');
  if (n < min) return false;
  *out = v;
  return true;
}

}  // namespace

std::optional<PatternTime> ParseTimePattern(std::string_view text, std::string_view pattern) {
  std::string p;
  for (size_t k = 0; k < pattern.size(); ++k) {  // Expand %F and %T.
    if (pattern[k] == '%' && k + 1 < pattern.size() && pattern[k + 1] == 'F') {
      p += "%Y-%m-%d";
      ++k;
    } else if (pattern[k] == '%' && k + 1 < pattern.size() && pattern[k + 1] == 'T') {
      p += "%H:%M:%S";
      ++k;
    } else {
      p += pattern[k];
    }
  }
  PatternTime t;
  size_t i = 0;
  for (size_t k = 0; k < p.size(); ++k) {
    if (p[k] != '%' || k + 1 == p.size() || p[k + 1] == '%') {
      if (i == text.size() || text[i] != p[k]) return std::nullopt;
      ++i;
      k += (p[k] == '%');
      continue;
    }
    const char spec = p[++k];
    // A number directly followed by another directive has its full width, else 1 or 2 digits.
    int min = (k + 1 < p.size() && p[k + 1] == '%') ? 2 : 1, max = 2;
    int yy = 0;
    int* target = nullptr;
    switch (spec) {
      case 'Y':
        target = &t.year;
        min = max = 4;
        break;
      case 'y':
        target = &yy;
        min = 2;
        break;
      case 'm':
        target = &t.month;
        break;
      case 'd':
        target = &t.day;
        break;
      case 'H':
        target = &t.hour;
        break;
      case 'M':
        target = &t.minute;
        break;
      case 'S':
        target = &t.second;
        break;
      default:
        return std::nullopt;
    }
    if (!ReadNumber(text, &i, min, max, target)) return std::nullopt;
    if (spec == 'y') t.year = yy < 69 ? 2000 + yy : 1900 + yy;
    if (spec == 'S' && i < text.size() && text[i] == '.') {  // A fraction, truncated to µs.
      const size_t start = ++i;
      int used = 0;
      for (; i < text.size() && IsDigit(text[i]); ++i) {
        if (used < 6) {
          t.micros = t.micros * 10 + (text[i] - '0');
          ++used;
        }
      }
      if (i == start) return std::nullopt;
      for (; used < 6; ++used) t.micros *= 10;
    }
  }
  if (i != text.size()) return std::nullopt;
  const bool any_date = t.year >= 0 || t.month >= 0 || t.day >= 0;
  if (any_date &&
      !(t.year >= 0 && t.month >= 0 && t.day >= 0 && IsValidDate(t.year, t.month, t.day))) {
    return std::nullopt;
  }
  if (t.hour > 23 || t.minute > 59 || t.second > 59) return std::nullopt;
  return t;
}

bool IsTimeFormat(std::string_view f, bool named) {
  if (named && (f == "auto" || f == "epoch" || f == "epoch_ms")) return true;
  if (f.find('%') == std::string_view::npos) return false;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') continue;
    if (++i == f.size() || std::string_view("YymdHMSFT%").find(f[i]) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> SplitJsonPath(const std::string& name) {
  std::vector<std::string> path;
  if (!name.starts_with('/')) {
    size_t start = 0;
    for (size_t dot; (dot = name.find('.', start)) != std::string::npos; start = dot + 1) {
      path.push_back(name.substr(start, dot - start));
    }
    path.push_back(name.substr(start));
    return path;
  }
  std::string seg;
  for (size_t i = 1; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      path.push_back(std::move(seg));
      seg.clear();
    } else if (name[i] == '~' && i + 1 < name.size() &&
               (name[i + 1] == '0' || name[i + 1] == '1')) {
      seg += name[++i] == '0' ? '~' : '/';
    } else {
      seg += name[i];
    }
  }
  return path;
}

int64_t LocalToUtcMicros(const date::time_zone& zone, int64_t local_micros) {
  using std::chrono::seconds;
  int64_t secs = local_micros / 1'000'000;
  int64_t frac = local_micros % 1'000'000;
  if (frac < 0) frac += 1'000'000, --secs;
  const date::local_info info = zone.get_info(date::local_seconds(seconds(secs)));
  // unique: its offset. nonexistent: `first` is the offset before the gap, which moves the
  // reading forward by the gap. ambiguous: `first` is the earlier of the two instants.
  const int64_t offset = info.first.offset.count();
  return (secs - offset) * 1'000'000 + frac;
}

Result<MappingEvaluator> MappingEvaluator::Create(const Mapping& mapping) {
  MappingEvaluator e(mapping);
  if (!mapping.time_zone.empty()) {
    try {
      e.zone_ = date::locate_zone(mapping.time_zone);
    } catch (const std::exception& ex) {
      return InvalidArgument("{}: time zone '{}': {}", mapping.file, mapping.time_zone, ex.what());
    }
  }
  e.storage_.resize(SpecOf(mapping.kind).fields.size());
  return e;
}

void MappingEvaluator::Apply(std::vector<std::string_view>& refs, SourceRecord* out) {
  const Mapping& m = *mapping_;
  for (std::string_view& t : refs) {
    if (IsIn(t, m.missing)) t = {};
  }
  out->texts.assign(storage_.size(), std::string_view());
  out->error.clear();
  out->error_field = -1;
  out->version = INT64_MIN;
  for (const RejectRule& rule : m.rejects) {
    if (!Holds(rule.when, refs)) continue;
    out->error = rule.when.ref >= 0 ? fmt::format("{} ({} is '{}')", rule.reason,
                                                  m.refs[rule.when.ref].name, refs[rule.when.ref])
                                    : rule.reason;
    return;
  }
  for (const FieldMapping& f : m.fields) {
    out->texts[f.field] = EvalField(f, refs, &storage_[f.field]);
  }
  if (m.version_ref >= 0 && !refs[m.version_ref].empty()) {
    std::string_view v = refs[m.version_ref];
    std::optional<int64_t> version;
    if (m.version_format == "integer") {
      if (v.find('.') == std::string_view::npos) version = ParseDecimalScaled(v, 0);
    } else {
      version = ReadInstant(v, m.version_format, zone_);
    }
    if (version) {
      out->version = *version;
    } else {
      out->error = fmt::format("version_field {} '{}' cannot be read as {}",
                               m.refs[m.version_ref].name, v, m.version_format);
    }
  }
}

std::string_view MappingEvaluator::EvalField(const FieldMapping& f,
                                             const std::vector<std::string_view>& refs,
                                             std::string* storage) const {
  if (!f.when.empty()) {
    bool any = false;
    for (const Condition& c : f.when) any = any || Holds(c, refs);
    if (!any) return f.otherwise;
  }
  auto present = [&](std::string_view t) { return !t.empty() && !IsIn(t, f.missing); };
  std::string_view v;
  switch (f.source) {
    case FieldSource::kConstant:
      v = f.constant;
      break;
    case FieldSource::kColumn:
      for (int r : f.refs) {
        if (present(refs[r])) {
          v = refs[r];
          break;
        }
      }
      break;
    case FieldSource::kTemplate:
      storage->clear();
      for (const TemplatePart& part : f.parts) {
        if (part.ref < 0) {
          *storage += part.literal;
        } else if (present(refs[part.ref])) {
          *storage += refs[part.ref];
        } else {
          return {};
        }
      }
      v = *storage;
      break;
    case FieldSource::kSum: {
      int64_t total = 0;
      bool any = false;
      for (int r : f.refs) {
        if (!present(refs[r])) continue;
        auto d = ParseDecimalMicros(refs[r]);
        if (!d) return refs[r];  // Left for validation to report as a bad value.
        total += *d;
        any = true;
      }
      if (!any) return {};
      *storage = FormatDecimalMicros(total);
      v = *storage;
      break;
    }
    case FieldSource::kDateTime:
      return EvalDateTime(f, refs, storage);
  }
  if (!present(v)) return {};
  if (!f.map.empty() || f.map_default) {
    bool mapped = false;
    for (const auto& [from, to] : f.map) {
      if (v == from) {
        v = to;
        mapped = true;
        break;
      }
    }
    if (!mapped && f.map_default) v = *f.map_default;
  }
  const FieldSpec& spec = SpecOf(mapping_->kind).fields[f.field];
  if (spec.type == FieldType::kTimestamp && f.source == FieldSource::kColumn && !v.empty()) {
    if (f.format == "auto" && ParseTimestamp(v)) return v;  // Already canonical: kept as is.
    auto t = ReadInstant(v, f.format, zone_);
    if (!t) return v;  // Validation reports it as bad_timestamp with the source text.
    *storage = FormatTimestampUtc(*t);
    return *storage;
  }
  return v;
}

std::string_view MappingEvaluator::EvalDateTime(const FieldMapping& f,
                                                const std::vector<std::string_view>& refs,
                                                std::string* storage) const {
  auto present = [&](std::string_view t) { return !t.empty() && !IsIn(t, f.missing); };
  std::string_view date_text = refs[f.date.refs[0]];
  std::string_view time_text;
  for (int r : f.time.refs) {
    if (present(refs[r])) {
      time_text = refs[r];
      break;
    }
  }
  if (!present(date_text) || time_text.empty()) return {};
  auto d = ParseTimePattern(date_text, f.date.format);
  auto t = ParseTimePattern(time_text, f.time.format);
  if (!d || d->year < 0 || !t || zone_ == nullptr) {
    *storage = fmt::format("{} {}", date_text, time_text);  // A bad_timestamp, with the source.
    return *storage;
  }
  int64_t day = DaysFromCivil(d->year, d->month, d->day);
  const int64_t tod = t->hour * 3600 + t->minute * 60 + t->second;
  if (f.wrap_ref >= 0 && present(refs[f.wrap_ref])) {
    if (auto ref = ParseTimePattern(refs[f.wrap_ref], f.time.format)) {
      const int64_t ref_tod = ref->hour * 3600 + ref->minute * 60 + ref->second;
      if (tod < ref_tod - f.wrap_tolerance_seconds) ++day;
    }
  }
  const int64_t local = (day * 86400 + tod) * 1'000'000 + t->micros;
  *storage = FormatTimestampUtc(LocalToUtcMicros(*zone_, local));
  return *storage;
}

}  // namespace cx
