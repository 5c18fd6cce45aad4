// Splits a ByteSource into JSON documents: JSON Lines (one object a line), concatenated or
// pretty-printed objects (as Amazon Connect and Firehose write them), or one top-level array
// whose elements are the records. Each record is parsed with simdjson's DOM parser.
// Thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "io/byte_source.h"

namespace cx {

class JsonReader {
 public:
  explicit JsonReader(ByteSource* source);

  // Reads the next record. Returns false at the end. When the record is not valid JSON (or not
  // an object), `*error` says why and `*doc` is left untouched; the record still counts.
  Result<bool> Next(simdjson::dom::element* doc, std::string* error);

  int64_t record_line() const { return record_line_; }
  int64_t records() const { return records_; }

 private:
  Status Fill();  // Reads more bytes into buf_.
  // Finds the end of the value that starts at pos_ (balanced braces/brackets, strings honoured).
  // Returns npos when more input is needed.
  size_t ScanValueEnd(size_t from) const;

  ByteSource* source_;
  simdjson::dom::parser parser_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool started_ = false;
  bool in_array_ = false;  // The document is one array of records.
  bool line_mode_ = false;  // JSON Lines: one record a line.
  int64_t line_ = 1;
  int64_t record_line_ = 0;
  int64_t records_ = 0;
};

// Converts a JSON scalar to the text a CSV cell would hold: strings as-is, numbers in their
// shortest form, booleans as true/false, null as empty. Objects and arrays become minified JSON.
std::string_view JsonScalarText(simdjson::dom::element e, std::string* storage);

}  // namespace cx
