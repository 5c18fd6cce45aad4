#include "generate/csv_out.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "generate/timeline.h"

namespace cx::gen {

Result<std::unique_ptr<OutputFile>> OutputFile::Open(const std::filesystem::path& path, bool gzip) {
  std::unique_ptr<OutputFile> f(new OutputFile());
  f->path_ = path;
  if (gzip) {
    // Level 1, the fastest deflate: CSV compresses well anyway. zlib writes no timestamp into
    // the gzip header, so the bytes are deterministic.
    gzFile gz = gzopen(path.c_str(), "wb1");
    if (gz == nullptr) return IoError("{}: cannot create: {}", path.string(), std::strerror(errno));
    gzbuffer(gz, 1 << 20);
    f->gz_ = gz;
  } else {
    f->file_ = std::fopen(path.c_str(), "wb");
    if (f->file_ == nullptr) {
      return IoError("{}: cannot create: {}", path.string(), std::strerror(errno));
    }
  }
  f->buffer_.reserve(kFlushBytes + (64 << 10));
  return f;
}

OutputFile::~OutputFile() {
  if (file_ != nullptr) std::fclose(file_);
  if (gz_ != nullptr) gzclose(static_cast<gzFile>(gz_));
}

void OutputFile::Flush() {
  if (buffer_.empty()) return;
  if (status_.ok()) {
    if (gz_ != nullptr) {
      const int n =
          gzwrite(static_cast<gzFile>(gz_), buffer_.data(), static_cast<unsigned>(buffer_.size()));
      if (n != static_cast<int>(buffer_.size())) {
        int err = 0;
        status_ = IoError("{}: gzip write failed: {}", path_.string(),
                          gzerror(static_cast<gzFile>(gz_), &err));
      }
    } else if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      status_ = IoError("{}: write failed: {}", path_.string(), std::strerror(errno));
    }
  }
  buffer_.clear();
}

Status OutputFile::Close() {
  Flush();
  if (gz_ != nullptr) {
    const int rc = gzclose(static_cast<gzFile>(gz_));
    gz_ = nullptr;
    if (rc != Z_OK && status_.ok()) status_ = IoError("{}: gzip close failed", path_.string());
  }
  if (file_ != nullptr) {
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0 && status_.ok()) {
      status_ = IoError("{}: close failed: {}", path_.string(), std::strerror(errno));
    }
  }
  return status_;
}

char* WriteTenths(char* p, int64_t tenths, int decimals) {
  if (decimals == 0) return WriteUint(p, static_cast<uint64_t>((tenths + 5) / 10));
  p = WriteUint(p, static_cast<uint64_t>(tenths / 10));
  *p++ = '.';
  *p++ = static_cast<char>('0' + tenths % 10);
  return p;
}

char* WriteTimestamp(char* b, Micros t, TimestampForm form, const Timeline& timeline) {
  const int32_t offset = form.local ? timeline.OffsetSeconds(t) : 0;
  const Micros local = t + offset * kMicrosPerSecond;
  int64_t days = local / kMicrosPerDay;
  Micros rem = local % kMicrosPerDay;
  if (rem < 0) {
    rem += kMicrosPerDay;
    --days;
  }
  auto two = [](char* p, int v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  if (const char* date = timeline.DateText(days)) {
    std::memcpy(b, date, 10);
  } else {
    const CivilDate c = CivilFromDays(days);
    two(b, c.year / 100 % 100);
    two(b + 2, c.year % 100);
    b[4] = '-';
    two(b + 5, c.month);
    b[7] = '-';
    two(b + 8, c.day);
  }
  const int secs = static_cast<int>(rem / kMicrosPerSecond);
  const int frac = static_cast<int>(rem % kMicrosPerSecond);
  b[10] = 'T';
  two(b + 11, secs / 3600);
  b[13] = ':';
  two(b + 14, secs / 60 % 60);
  b[16] = ':';
  two(b + 17, secs % 60);
  char* p = b + 19;
  if (form.millis || frac != 0) {
    *p++ = '.';
    const int digits = (form.millis && frac % 1000 == 0) ? 3 : 6;
    int v = digits == 3 ? frac / 1000 : frac;
    for (int i = digits - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
    p += digits;
  }
  if (form.local) {
    const int a = offset < 0 ? -offset : offset;
    p[0] = offset < 0 ? '-' : '+';
    two(p + 1, a / 3600);
    p[3] = ':';
    two(p + 4, a / 60 % 60);
    return p + 6;
  }
  *p++ = 'Z';
  return p;
}

char* WriteCsvField(char* p, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return WriteText(p, text);
  *p++ = '"';
  for (char ch : text) {
    if (ch == '"') *p++ = '"';
    *p++ = ch;
  }
  *p++ = '"';
  return p;
}

}  // namespace cx::gen
