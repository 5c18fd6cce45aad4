// Splits one plain (not gzipped) canonical CSV file into byte ranges that threads parse on their
// own. A range's records are those that start inside it. Where the first of them starts is a
// guess (just after the range's first line break, which may sit inside a quoted field), so
// each parse reports where its first record was and where the next range's first record must
// be; a range whose guess disagrees with its predecessor is parsed again from the right offset
// (the caller does this: metrics/row_pipeline.cc). Records and lines are numbered from the
// start of each range.
// Thread-safe: different ranges may be parsed concurrently.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "base/status.h"
#include "io/record_source.h"

namespace cx {

struct CsvRange {
  uint64_t begin = 0, end = 0;  // Byte offsets; records that start in [begin, end) belong here.
};

struct CsvRangeParse {
  Status status;
  uint64_t first = 0;  // Offset of the first record parsed, or `next` when there was none.
  uint64_t next = 0;   // Offset of the first record at or after `end`; the file size at its end.
  int64_t records = 0;
};

class CsvChunkedFile {
 public:
  // Reads the header (errors as OpenCanonicalSource) and plans ranges of about `range_bytes`.
  // A gzipped file is an error: its bytes cannot be reached at an offset.
  static Result<CsvChunkedFile> Open(const std::filesystem::path& path, const KindSpec& spec,
                                     uint64_t range_bytes);

  const std::vector<CsvRange>& ranges() const { return ranges_; }
  const std::filesystem::path& path() const { return path_; }

  // Where range i's first record is guessed to start: just after the first line break at or
  // after its first byte (range 0: just after the header, which is known).
  Result<uint64_t> GuessStart(size_t i) const;

  using RecordFn = std::function<void(const SourceRecord&)>;
  // Parses range `i` from `start` (GuessStart's, or a record's start known from the range
  // before), calling `fn` for every record that starts before the range's end.
  CsvRangeParse Parse(size_t i, uint64_t start, const RecordFn& fn) const;

 private:
  std::filesystem::path path_;
  CsvColumns columns_;
  std::vector<CsvRange> ranges_;
};

}  // namespace cx
