#include "io/csv_chunks.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

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

CsvRangeParse CsvChunkedFile::Parse(size_t i, std::optional<uint64_t> start,
                                    const RecordFn& fn) const {
  CsvRangeParse out;
  const CsvRange range = ranges_[i];
  uint64_t from = range.begin;
  if (start) {
    from = *start;
  } else {
    auto guess = GuessStart(i);
    if (!guess.ok()) {
      out.status = guess.status();
      return out;
    }
    from = *guess;
  }
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
    columns_.Map(fields, &rec);
    fn(rec);
    ++out.records;
  }
  return out;
}

Status ParseAllRanges(const CsvChunkedFile& file, int threads,
                      const std::function<void(size_t)>& begin,
                      const std::function<void(size_t, const SourceRecord&)>& fn) {
  const size_t n = file.ranges().size();
  std::vector<CsvRangeParse> parses(n);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) {
      begin(i);
      parses[i] = file.Parse(i, std::nullopt, [&](const SourceRecord& r) { fn(i, r); });
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  // Check each guessed start against where the previous range ended; parse again where they
  // disagree (the guess fell inside a quoted field). Range 0 starts after the header: right.
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && parses[i].first != parses[i - 1].next) {
      begin(i);
      parses[i] = file.Parse(i, parses[i - 1].next, [&](const SourceRecord& r) { fn(i, r); });
    }
    RETURN_IF_ERROR(parses[i].status);
  }
  return Status::Ok();
}

}  // namespace cx
