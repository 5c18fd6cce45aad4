// Column mappings: a TOML file per source layout (docs/mappings.md) saying how its CSV columns
// or JSON paths become the canonical fields of one kind. A mapping only re-shapes and normalises
// text: the SourceRecords it yields go through the same ValidateRecord as canonical files, so a
// mapped file is quarantined and loaded by exactly the rules of data-format.md. A loaded Mapping
// is an immutable value (thread-safe); a MappingEvaluator or a mapped source is thread-compatible.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "io/record_source.h"
#include "io/schema.h"

namespace date {
class time_zone;
}

namespace cx {

// A text of the source record: a CSV column (by header name) or a JSON path. Every reference a
// mapping makes is listed once in Mapping::refs; the rest of the mapping points there by index.
struct SourceRef {
  std::string name;               // As written: "q_start", "Agent.Username", "/Agent/Username".
  std::vector<std::string> path;  // JSON: keys (or array indexes as digits). CSV: {name}.
  int line = 0;                   // Line in the mapping file where it is first named.
};

// A test on the source record; every part that is set must hold. Texts are compared after the
// mapping's global `missing` texts are made empty.
struct Condition {
  int ref = -1;                      // With `in` / `not_in`: the text tested.
  std::vector<std::string> in;       // The text is one of these ("" matches a missing text).
  std::vector<std::string> not_in;   // The text is none of these.
  std::vector<int> present, absent;  // These references are (not) missing.
};

// A timestamp input: the first present of `refs`, read with `format` (see ParseTimePattern).
struct TimeInput {
  std::vector<int> refs;
  std::string format;
};

enum class FieldSource {
  kColumn,    // The first present of `refs` (one ref = a rename; several = coalesce).
  kConstant,  // `constant`.
  kTemplate,  // `parts` joined; missing when any referenced text is missing.
  kSum,       // The sum of the present `refs`, as decimal seconds/numbers.
  kDateTime,  // `date` + `time` in the mapping's zone, with an optional midnight wrap.
};

struct TemplatePart {
  std::string literal;  // Used when ref < 0.
  int ref = -1;
};

// How one canonical field is made.
struct FieldMapping {
  int field = -1;  // Index into SpecOf(kind).fields.
  int line = 0;
  FieldSource source = FieldSource::kColumn;
  std::vector<int> refs;
  std::string constant;
  std::vector<TemplatePart> parts;
  TimeInput date, time;
  // Midnight wrap: a time more than `wrap_tolerance_seconds` earlier than the time in `wrap_ref`
  // (same record, same format as `time`) is on the day after `date`.
  int wrap_ref = -1;
  int64_t wrap_tolerance_seconds = 0;
  // Timestamp fields read from a column: "auto" (ISO with offset kept as is; without offset, a
  // blank or T separator, read in the mapping's zone), "epoch", "epoch_ms" or a %-pattern.
  std::string format = "auto";
  std::vector<std::pair<std::string, std::string>> map;  // Value map, applied before `format`.
  std::optional<std::string> map_default;  // For present values the map does not name.
  std::vector<std::string> missing;        // Texts that mean missing, besides Mapping::missing.
  std::vector<Condition> when;  // Any one holding selects the source; none -> `otherwise`.
  std::string otherwise;
};

// Records for which `when` holds are quarantined (malformed_record) with `reason`.
struct RejectRule {
  Condition when;
  std::string reason;
  int line = 0;
};

struct Mapping {
  std::string file;  // The mapping's path, for messages.
  Kind kind = Kind::kContacts;
  FileFormat format = FileFormat::kCsv;
  std::string time_zone;             // IANA name of offset-less timestamps; empty = none.
  std::vector<std::string> missing;  // Texts that mean missing in every column.
  std::vector<SourceRef> refs;
  std::vector<FieldMapping> fields;
  std::vector<RejectRule> rejects;
  // Whether a contact without customer_id is quarantined (ValidateOptions::require_customer_id);
  // unset = the workspace's setting (docs/decisions/0003-customer-id-required.md).
  std::optional<bool> require_customer_id;
  int version_ref = -1;  // SourceRecord::version: newest wins when a record arrives again.
  std::string version_format = "auto";  // As FieldMapping::format, or "integer".
};

// Reads a mapping. Unknown keys, unknown kinds, fields or zones, malformed values and required
// fields left unmapped are errors that name the file and line ("m.toml:12: ...").
Result<Mapping> LoadMapping(const std::filesystem::path& toml_path);
// The same from text; `file` is used in messages.
Result<Mapping> ParseMapping(std::string_view toml_text, std::string_view file);

// Opens a data file in the mapping's layout. A CSV header that lacks a column the mapping names
// is an error naming the mapping's line and the data file.
Result<std::unique_ptr<RecordSource>> OpenMappedSource(const Mapping& mapping,
                                                       const std::filesystem::path& data_path);

// Applies a mapping to one record given the source text of each of Mapping::refs (empty =
// absent). The mapped sources use it; tests can drive it directly.
class MappingEvaluator {
 public:
  // Fails when the mapping's time zone is unknown to the tz database.
  static Result<MappingEvaluator> Create(const Mapping& mapping);

  // Fills out->texts (one per field of the kind; views valid until the next Apply), version and
  // error. `ref_texts` is normalised in place (global missing texts become empty).
  void Apply(std::vector<std::string_view>& ref_texts, SourceRecord* out);

 private:
  explicit MappingEvaluator(const Mapping& mapping) : mapping_(&mapping) {}
  std::string_view EvalField(const FieldMapping& f, const std::vector<std::string_view>& refs,
                             std::string* storage) const;
  std::string_view EvalDateTime(const FieldMapping& f, const std::vector<std::string_view>& refs,
                                std::string* storage) const;

  const Mapping* mapping_;
  const date::time_zone* zone_ = nullptr;
  std::vector<std::string> storage_;  // One per field of the kind.
};

// --- Time helpers (exposed for tests) ---------------------------------------------------------

// A wall-clock reading assembled from patterns; unset parts stay at their defaults.
struct PatternTime {
  int year = -1, month = -1, day = -1;  // -1 = the pattern had no date.
  int hour = 0, minute = 0, second = 0;
  int64_t micros = 0;
};

// Reads `text` against a strptime-like pattern: %Y (4 digits), %y (2 digits: 69-99 -> 19xx,
// 00-68 -> 20xx), %m %d %H %M %S (1 or 2 digits; %S may carry a .fraction), %F (%Y-%m-%d),
// %T (%H:%M:%S), %% and literal characters. The whole text must match and name a real date and
// a time within 00:00:00-23:59:59.
std::optional<PatternTime> ParseTimePattern(std::string_view text, std::string_view pattern);

// True for a %-pattern ParseTimePattern accepts; with `named`, also auto, epoch and epoch_ms.
bool IsTimeFormat(std::string_view format, bool named);

// Splits a JSON path into keys: "Agent.Username" at dots, or a JSON Pointer "/a~1b/0" (RFC 6901)
// at slashes. Array elements are named by their index ("Recordings.0.Location").
std::vector<std::string> SplitJsonPath(const std::string& path);

// The UTC instant of a local reading in `zone`. A reading inside a DST gap is moved forward by
// the gap (read with the offset before it); one inside an overlap is the earlier instant.
int64_t LocalToUtcMicros(const date::time_zone& zone, int64_t local_micros);

}  // namespace cx
