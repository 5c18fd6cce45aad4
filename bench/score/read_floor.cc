// The floor for bench/score: read CSV files and split every record into fields, nothing more
// (no parsing, no validation, no storage). RFC 4180 quoting is honoured, so a quoted comma or
// newline does not split. Lines are found with memchr; a line without a quote is split by
// counting its commas; a line with a quote goes through a small state machine. One fixed
// buffer, no allocation per row.
//
// With --store BYTES it also writes BYTES bytes a record into fresh memory, as a table of that
// many bytes a row would (2 MiB pages requested, like cxpact's columns): the floor of any
// engine that keeps such a table in memory. On a VM the first touch of a page can cost more
// than the work done with it (bench/README.md), and this shows how much.
//
// Build: g++ -O2 -std=c++20 -o read_floor bench/score/read_floor.cc
// Usage: read_floor [--store BYTES] FILE...   prints "FILE records fields bytes" per file
// (header included), then "stored N bytes (checksum C)" with --store.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

struct Counts {
  long long records = 0;
  long long fields = 0;
  long long bytes = 0;
};

// --store: BYTES bytes a record, appended to blocks of fresh memory that are never freed.
class Table {
 public:
  explicit Table(size_t row_bytes) : row_bytes_(row_bytes) {}
  bool on() const { return row_bytes_ > 0; }
  // Appends a row made from the record's field count and length (so no write is dead).
  void Add(long long fields, long long length) {
    if (left_ < row_bytes_) NewBlock();
    uint64_t v = static_cast<uint64_t>(fields) << 32 | static_cast<uint64_t>(length);
    for (size_t k = 0; k < row_bytes_; k += 8, ++v) {
      std::memcpy(at_ + k, &v, row_bytes_ - k < 8 ? row_bytes_ - k : 8);
    }
    sum_ += v;
    at_ += row_bytes_;
    left_ -= row_bytes_;
    stored_ += row_bytes_;
  }
  long long stored() const { return stored_; }
  uint64_t checksum() const { return sum_; }

 private:
  static constexpr size_t kBlock = size_t{64} << 20;
  void NewBlock() {
    void* p = mmap(nullptr, kBlock, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      std::perror("mmap");
      std::exit(1);
    }
    madvise(p, kBlock, MADV_HUGEPAGE);
    at_ = static_cast<char*>(p);
    left_ = kBlock;
  }
  size_t row_bytes_;
  char* at_ = nullptr;
  size_t left_ = 0;
  long long stored_ = 0;
  uint64_t sum_ = 0;
};

// Splits buf[0, n), which starts at a record's start, and returns how many bytes it consumed:
// whole records only, unless at_eof. A record cut by the buffer's end is split again, from
// its start, once the next read has completed it.
size_t Split(const char* buf, size_t n, bool at_eof, Counts& c, Table& table) {
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
      if (table.on()) table.Add(commas + 1, eol - p);
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
    if (table.on()) table.Add(fields, q - p);
    p = q < end ? q + 1 : end;
  }
  return p - buf;
}

bool CountFile(const char* path, Counts& c, Table& table) {
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
    size_t used = Split(buf.data(), have, eof, c, table);
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
  int first = 1;
  size_t store = 0;
  if (argc > 2 && std::strcmp(argv[1], "--store") == 0) {
    store = std::strtoull(argv[2], nullptr, 10);
    first = 3;
  }
  if (argc <= first) {
    std::fprintf(stderr, "usage: read_floor [--store BYTES] FILE...\n");
    return 2;
  }
  Table table(store);
  for (int i = first; i < argc; ++i) {
    Counts c;
    if (!CountFile(argv[i], c, table)) return 1;
    std::printf("%s %lld %lld %lld\n", argv[i], c.records, c.fields, c.bytes);
  }
  if (table.on()) {
    std::printf("stored %lld bytes (checksum %llu)\n", table.stored(),
                static_cast<unsigned long long>(table.checksum()));
  }
  return 0;
}
