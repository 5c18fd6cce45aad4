// Buffered CSV output for the generator: rows are appended to an in-memory buffer that is
// written to a plain or gzip file in chunks of about 1 MiB, plus the small formatting helpers
// the rows need (integers, timestamps in a partner's style, RFC 4180 quoting). An OutputFile is
// not thread-safe; the helpers are pure functions.
#pragma once

#include <cstdint>
#include <cstdio>
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

inline void AppendUint(uint64_t v, std::string* out) {
  char tmp[20];
  char* p = tmp + sizeof(tmp);
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  out->append(p, tmp + sizeof(tmp) - p);
}

// `v` with at least `width` digits, zero-padded.
inline void AppendPadded(uint64_t v, int width, std::string* out) {
  char tmp[20];
  char* p = tmp + sizeof(tmp);
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
    --width;
  } while (v != 0 || width > 0);
  out->append(p, tmp + sizeof(tmp) - p);
}

// `tenths` / 10 with one decimal, or rounded to an integer when `decimals` is 0.
void AppendTenths(int64_t tenths, int decimals, std::string* out);

// How a timestamp is written.
struct TimestampForm {
  bool local = false;   // with the zone's offset (-05:00) instead of Z
  bool millis = false;  // three fraction digits
};
// Writes `t` in `form`; a fraction that `form` does not show is written as .ffffff.
void AppendTimestamp(Micros t, TimestampForm form, const Timeline& timeline, std::string* out);

// Appends `text` as a CSV field, quoted when it holds a comma, quote, CR or LF.
void AppendCsvField(std::string_view text, std::string* out);

}  // namespace cx::gen
