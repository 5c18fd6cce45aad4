#include "generate/csv_out.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <zlib.h>

#include "generate/timeline.h"

namespace cx::gen {

Result<std::unique_ptr<OutputFile>> OutputFile::Open(const std::filesystem::path& path,
                                                     bool gzip) {
  std::unique_ptr<OutputFile> f(new OutputFile());
  f->path_ = path;
  if (gzip) {
    // Level 3: most of level 6's ratio at several times its speed. zlib writes no timestamp
    // into the gzip header, so the bytes are deterministic.
    gzFile gz = gzopen(path.c_str(), "wb3");
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
      const int n = gzwrite(static_cast<gzFile>(gz_), buffer_.data(),
                            static_cast<unsigned>(buffer_.size()));
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

void AppendTenths(int64_t tenths, int decimals, std::string* out) {
  if (decimals == 0) {
    AppendUint(static_cast<uint64_t>((tenths + 5) / 10), out);
    return;
  }
  AppendUint(static_cast<uint64_t>(tenths / 10), out);
  out->push_back('.');
  out->push_back(static_cast<char>('0' + tenths % 10));
}

void AppendTimestamp(Micros t, TimestampForm form, const Timeline& timeline, std::string* out) {
  const int32_t offset = form.local ? timeline.OffsetSeconds(t) : 0;
  const Micros local = t + offset * kMicrosPerSecond;
  int64_t days = local / kMicrosPerDay;
  Micros rem = local % kMicrosPerDay;
  if (rem < 0) {
    rem += kMicrosPerDay;
    --days;
  }
  const CivilDate c = CivilFromDays(days);
  const int secs = static_cast<int>(rem / kMicrosPerSecond);
  const int frac = static_cast<int>(rem % kMicrosPerSecond);
  char b[40];
  auto two = [](char* p, int v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  two(b, c.year / 100);
  two(b + 2, c.year % 100);
  b[4] = '-';
  two(b + 5, c.month);
  b[7] = '-';
  two(b + 8, c.day);
  b[10] = 'T';
  two(b + 11, secs / 3600);
  b[13] = ':';
  two(b + 14, secs / 60 % 60);
  b[16] = ':';
  two(b + 17, secs % 60);
  int n = 19;
  if (form.millis || frac != 0) {
    b[n++] = '.';
    const int digits = (form.millis && frac % 1000 == 0) ? 3 : 6;
    int v = digits == 3 ? frac / 1000 : frac;
    for (int i = digits - 1; i >= 0; --i, v /= 10) b[n + i] = static_cast<char>('0' + v % 10);
    n += digits;
  }
  if (form.local) {
    const int a = offset < 0 ? -offset : offset;
    b[n] = offset < 0 ? '-' : '+';
    two(b + n + 1, a / 3600);
    b[n + 3] = ':';
    two(b + n + 4, a / 60 % 60);
    n += 6;
  } else {
    b[n++] = 'Z';
  }
  out->append(b, n);
}

void AppendCsvField(std::string_view text, std::string* out) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (char ch : text) {
    if (ch == '"') out->push_back('"');
    out->push_back(ch);
  }
  out->push_back('"');
}

}  // namespace cx::gen
