#include "io/csv_chunks.h"

#include <algorithm>
#include <cstdio>

#include "io/csv_reader.h"

namespace cx {

namespace fs = std::filesystem;

namespace {

// Offset just after the first line break (LF or CR) at or after `from`, or `size` if none.
Result<uint64_t> AfterLineBreak(const fs::path& path, uint64_t from, uint64_t size) {
  ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> bytes, ByteSource::OpenAt(path, from));
  char buf[1 << 16];
  uint64_t offset = from;
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, bytes->Read(buf, sizeof buf));
    if (n == 0) return size;
    for (size_t i = 0; i < n; ++i) {
      if (buf[i] == '\n' || buf[i] == '\r') return offset + i + 1;
    }
    offset += n;
  }
}

}  // namespace

Result<CsvChunkedFile> CsvChunkedFile::Open(const fs::path& path, const KindSpec& spec,
                                            uint64_t range_bytes) {
  CsvChunkedFile f;
  f.path_ = path;
  ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> bytes, ByteSource::Open(path));
  if (bytes->gzipped()) return FailedPrecondition("{}: gzipped", path.string());
  const uint64_t size = bytes->stored_size();
  CsvReader csv(bytes.get(), 1 << 16);
  std::vector<std::string_view> header;
  const std::string name = path.filename().string();
  ASSIGN_OR_RETURN(bool any, csv.Next(&header));
  if (!any) return InvalidArgument("{}: the file is empty (no header row)", name);
  RETURN_IF_ERROR(f.columns_.Bind(spec, header, name));
  // The header's own end is the first range's start: parse it once more to find it.
  std::vector<std::string_view> ignored;
  ASSIGN_OR_RETURN(bool more, csv.Next(&ignored));
  const uint64_t first = more ? csv.record_offset() : size;
  range_bytes = std::max<uint64_t>(range_bytes, 1 << 16);
  for (uint64_t b = first; b < size; b += range_bytes) {
    f.ranges_.push_back({b, std::min(size, b + range_bytes)});
  }
  return f;
}

Result<uint64_t> CsvChunkedFile::GuessStart(size_t i) const {
  if (i == 0) return ranges_[0].begin;
  return AfterLineBreak(path_, ranges_[i].begin - 1, ranges_.back().end);
}

CsvRangeParse CsvChunkedFile::Parse(size_t i, uint64_t from, const RecordFn& fn) const {
  CsvRangeParse out;
  const CsvRange range = ranges_[i];
  out.first = out.next = ranges_.back().end;
  auto bytes = ByteSource::OpenAt(path_, from);
  if (!bytes.ok()) {
    out.status = bytes.status();
    return out;
  }
  CsvReader csv(bytes->get(), 256 << 10);  // Grows for a longer record.
  std::vector<std::string_view> fields;
  SourceRecord rec;
  for (;;) {
    auto any = csv.Next(&fields);
    if (!any.ok()) {
      out.status = any.status();
      return out;
    }
    if (!*any) break;
    const uint64_t offset = from + csv.record_offset();
    if (out.records == 0 && out.first == ranges_.back().end) out.first = offset;
    if (offset >= range.end) {
      out.next = offset;
      if (out.records == 0) out.first = offset;
      return out;
    }
    rec.record = csv.records();
    rec.line = csv.record_line();
    columns_.Map(&fields, &rec);
    fn(rec);
    ++out.records;
  }
  return out;
}

}  // namespace cx
