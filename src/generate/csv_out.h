// Buffered CSV output for the generator: rows are appended to an in-memory buffer that is
// written to a plain or gzip file in chunks of about 1 MiB, plus the small formatting helpers
// the rows need (integers, timestamps in a partner's style, RFC 4180 quoting). An OutputFile is
// not thread-safe; the helpers are pure functions.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/time.h"

namespace cx::gen {

class Timeline;

class OutputFile {
 public:
  // Creates (truncates) `path`; with `gzip` the content is deflated as a .gz stream.
  static Result<std::unique_ptr<OutputFile>> Open(const std::filesystem::path& path, bool gzip);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Append rows here, then call MaybeFlush().
  std::string& buffer() { return buffer_; }
  void MaybeFlush() {
    if (buffer_.size() >= kFlushBytes) Flush();
  }
  // The first write error, if any (writes stop after it).
  const Status& status() const { return status_; }
  // Writes what is buffered and closes the file.
  Status Close();

 private:
  static constexpr size_t kFlushBytes = 1 << 20;
  OutputFile() = default;
  void Flush();

  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  void* gz_ = nullptr;  // gzFile
  std::string buffer_;
  Status status_;
};

// Writers into a caller's buffer, each returning the end of what it wrote.
inline char* WriteText(char* p, std::string_view text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}
// `v` with at least `width` digits, zero-padded.
inline char* WritePadded(char* p, uint64_t v, int width = 1) {
  char tmp[20];
  char* t = tmp + sizeof(tmp);
  do {
    *--t = static_cast<char>('0' + v % 10);
    v /= 10;
    --width;
  } while (v != 0 || width > 0);
  return WriteText(p, std::string_view(t, tmp + sizeof(tmp) - t));
}
inline char* WriteUint(char* p, uint64_t v) { return WritePadded(p, v, 1); }
// `tenths` / 10 with one decimal, or rounded to an integer when `decimals` is 0.
char* WriteTenths(char* p, int64_t tenths, int decimals);

// How a timestamp is written.
struct TimestampForm {
  bool local = false;   // with the zone's offset (-05:00) instead of Z
  bool millis = false;  // three fraction digits
};
inline constexpr int kMaxTimestampChars = 32;
// Writes `t` in `form`; a fraction that `form` does not show is written as .ffffff.
char* WriteTimestamp(char* p, Micros t, TimestampForm form, const Timeline& timeline);

// Writes `text` as a CSV field, quoted when it holds a comma, quote, CR or LF; at most
// 2 * size + 2 chars.
char* WriteCsvField(char* p, std::string_view text);

inline void AppendUint(uint64_t v, std::string* out) {
  char b[20];
  out->append(b, WriteUint(b, v) - b);
}
inline void AppendTimestamp(Micros t, TimestampForm form, const Timeline& timeline,
                            std::string* out) {
  char b[kMaxTimestampChars];
  out->append(b, WriteTimestamp(b, t, form, timeline) - b);
}

// A row under construction in a fixed buffer, appended to a file buffer in one piece. Rows of
// the generated files are far below its capacity.
class RowBuffer {
 public:
  static constexpr size_t kCapacity = 2048;
  char*& p() { return p_; }
  RowBuffer& Text(std::string_view text) {
    p_ = WriteText(p_, text);
    return *this;
  }
  RowBuffer& Put(char c) {
    *p_++ = c;
    return *this;
  }
  void AppendTo(std::string* out) const { out->append(buf_, p_ - buf_); }

 private:
  char buf_[kCapacity];
  char* p_ = buf_;
};

}  // namespace cx::gen
