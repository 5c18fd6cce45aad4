// The floor for bench/score: read CSV files and split every record into fields, nothing more
// (no parsing, no validation, no storage). RFC 4180 quoting is honoured, so a quoted comma or
// newline does not split. Lines are found with memchr; a line without a quote is split by
// counting its commas; a line with a quote goes through a small state machine. One fixed
// buffer, no allocation per row.
//
// Build: g++ -O2 -std=c++20 -o read_floor bench/score/read_floor.cc
// Usage: read_floor FILE...   prints "FILE records fields bytes" per file (header included).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <vector>

namespace {

struct Counts {
  long long records = 0;
  long long fields = 0;
  long long bytes = 0;
};

// Splits buf[0, n), which starts at a record's start, and returns how many bytes it consumed:
// whole records only, unless at_eof. A record cut by the buffer's end is split again, from
// its start, once the next read has completed it.
size_t Split(const char* buf, size_t n, bool at_eof, Counts& c) {
  const char* p = buf;
  const char* end = buf + n;
  while (p < end) {
    const char* eol = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (eol == nullptr) {
      if (!at_eof) break;
      eol = end;
    }
    if (std::memchr(p, '"', eol - p) == nullptr) {  // the common case: no quotes
      long long commas = 0;
      for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, ',', eol - q))); ++q)
        ++commas;
      c.fields += commas + 1;
      ++c.records;
      p = eol < end ? eol + 1 : end;
      continue;
    }
    // Quoted content in this record: byte by byte until a newline outside quotes.
    bool in_quotes = false;
    long long fields = 1;
    const char* q = p;
    for (; q < end; ++q) {
      char ch = *q;
      if (in_quotes) {
        if (ch == '"') in_quotes = false;  // "" re-enters quotes on the next byte
      } else if (ch == '"') {
        in_quotes = true;
      } else if (ch == ',') {
        ++fields;
      } else if (ch == '\n') {
        break;
      }
    }
    if (q == end && !at_eof) break;  // cut by the buffer's end
    c.fields += fields;
    ++c.records;
    p = q < end ? q + 1 : end;
  }
  return p - buf;
}

bool CountFile(const char* path, Counts& c) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    std::perror(path);
    return false;
  }
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::vector<char> buf(8 << 20);
  size_t have = 0;
  for (;;) {
    ssize_t got = read(fd, buf.data() + have, buf.size() - have);
    if (got < 0) {
      std::perror(path);
      close(fd);
      return false;
    }
    c.bytes += got;
    have += got;
    bool eof = got == 0;
    size_t used = Split(buf.data(), have, eof, c);
    std::memmove(buf.data(), buf.data() + used, have - used);
    have -= used;
    if (eof) break;
    if (have == buf.size()) buf.resize(buf.size() * 2);  // one record larger than the buffer
  }
  close(fd);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: read_floor FILE...\n");
    return 2;
  }
  for (int i = 1; i < argc; ++i) {
    Counts c;
    if (!CountFile(argv[i], c)) return 1;
    std::printf("%s %lld %lld %lld\n", argv[i], c.records, c.fields, c.bytes);
  }
  return 0;
}
