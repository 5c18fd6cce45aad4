// A RecordSource yields the records of one input file as canonical field texts: one text per
// field of the kind (empty = missing), whatever the file's layout. Canonical CSV and JSON are
// bound by field name here; other layouts go through a Mapping (mapping.h). Thread-compatible.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/byte_source.h"
#include "io/schema.h"

namespace cx {

enum class FileFormat { kCsv, kJson };

// Guesses the format from the file name: .csv[.gz] is CSV; .jsonl, .ndjson, .json[.gz] JSON.
Result<FileFormat> FormatFromName(const std::filesystem::path& path);

struct SourceRecord {
  int64_t record = 0;  // 1-based data record number (header not counted).
  int64_t line = 0;    // 1-based physical line where the record starts.
  std::vector<std::string_view> texts;  // One per field of the kind; valid until the next Next.
  std::string error;   // Non-empty when the record itself is unreadable (malformed_record).
  int error_field = -1;
  // A monotonic version of the record (e.g. Amazon Connect's LastUpdateTimestamp), or
  // INT64_MIN when the layout has none. A stored row is never replaced by an older version.
  int64_t version = INT64_MIN;
};

class RecordSource {
 public:
  virtual ~RecordSource() = default;
  virtual Result<bool> Next(SourceRecord* out) = 0;
  // Fraction of the stored file consumed, for progress display.
  double Progress() const;
  ByteSource& bytes() { return *bytes_; }

 protected:
  explicit RecordSource(std::unique_ptr<ByteSource> bytes) : bytes_(std::move(bytes)) {}
  std::unique_ptr<ByteSource> bytes_;
};

// How the columns of a canonical CSV file bind to a kind's fields: by header name (golden rule
// 10); unknown and repeated columns are ignored; a required field without a column is an error.
class CsvColumns {
 public:
  // `header` as read (a UTF-8 byte order mark is dropped); `file_name` is for messages.
  Status Bind(const KindSpec& spec, std::vector<std::string_view> header,
              std::string_view file_name);
  // One text per field of the kind from a record's fields, or `out->error` when the record has
  // another number of fields than the header (malformed_record). May take `fields`' storage
  // (when the header is the kind's fields in order, as canonical files have it), leaving
  // `fields` with unspecified contents for the reader to refill.
  void Map(std::vector<std::string_view>* fields, SourceRecord* out) const;

 private:
  size_t fields_ = 0;
  bool in_order_ = false;  // The header is exactly the kind's fields, in order.
  std::vector<int> column_to_field_;
};

// Opens a file in the canonical layout of `kind`. A CSV header that lacks a required field is
// an error naming the file and the field; unknown columns are ignored (golden rule 10).
Result<std::unique_ptr<RecordSource>> OpenCanonicalSource(Kind kind,
                                                          const std::filesystem::path& path,
                                                          FileFormat format);

}  // namespace cx
