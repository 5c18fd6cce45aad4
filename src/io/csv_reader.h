// An RFC 4180 CSV reader over a ByteSource: comma separated, fields optionally quoted with `"`
// (a doubled `""` inside quotes is one quote), records end at LF, CRLF or CR, quoted fields
// may span lines. Blank lines are skipped. Fields are views valid until the next call to Next.
// Thread-compatible.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/byte_source.h"

namespace cx {

class CsvReader {
 public:
  explicit CsvReader(ByteSource* source, size_t buffer_size = 4 << 20);

  // Reads the next record into `fields`. Returns false at the end of the data. A quote that is
  // never closed is an error naming the line where its record started.
  Result<bool> Next(std::vector<std::string_view>* fields);

  int64_t record_line() const { return record_line_; }  // 1-based physical line of the record.
  int64_t records() const { return records_; }          // Records returned so far.
  // Byte offset, from the start of the source, where the record last returned begins.
  uint64_t record_offset() const { return record_offset_; }

 private:
  // Parses one record from buf_[pos_, end_). Returns false when the buffer ends before the
  // record does and more input may follow.
  bool ParseRecord(std::vector<std::string_view>* fields, int* newlines);
  // The common case of ParseRecord, 64 bytes at a time: a record with no quote and no CR that
  // ends with LF within [p, end). Returns false, having maybe appended to `fields`, for any
  // other record, which ParseRecord then parses byte-wise.
  bool ParseUnquoted(const char* p, const char* end, std::vector<std::string_view>* fields);
  Status Refill();

  ByteSource* source_;
  // Not zero-filled (new char[], not std::string): every byte is read into before it is used,
  // and filling a buffer per range of a parallel load was ~1% of it.
  std::unique_ptr<char[]> buf_;
  size_t size_ = 0;  // Of buf_.
  size_t pos_ = 0, end_ = 0;
  uint64_t buf_offset_ = 0;  // Source offset of buf_[0].
  uint64_t record_offset_ = 0;
  bool eof_ = false;
  int64_t line_ = 1;  // Physical line at pos_.
  int64_t record_line_ = 0;
  int64_t records_ = 0;
  std::unique_ptr<std::string_view[]> run_;  // ParseUnquoted's fields before they are appended.
  std::deque<std::string> unescaped_;  // Storage for fields with `""` inside; stable addresses.
  size_t unescaped_used_ = 0;
};

// One CSV cell as RFC 4180 writes it: quoted (with quotes doubled) only when it holds a
// comma, a quote or a line break.
std::string CsvField(std::string_view text);

}  // namespace cx
