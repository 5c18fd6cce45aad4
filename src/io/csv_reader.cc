#include "io/csv_reader.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cx {

namespace {

// The first byte in [p, end) that ends an unquoted field (',', '\n' or '\r'), or end. Sixteen
// bytes at a time where SSE2 is there (every x86-64): the byte loop was a third of parsing.
const char* FieldEnd(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf)),
                                     _mm_cmpeq_epi8(v, cr));
    if (const int mask = _mm_movemask_epi8(hit)) return p + __builtin_ctz(mask);
  }
#endif
  while (p < end && *p != ',' && *p != '\n' && *p != '\r') ++p;
  return p;
}

#if defined(__SSE2__)
// Bit i is set where block[i] equals c, for the 64 bytes at `block`.
inline uint64_t Match64(const __m128i v[4], char c) {
  const __m128i k = _mm_set1_epi8(c);
  uint64_t m = 0;
  for (int j = 0; j < 4; ++j) {
    m |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v[j], k))))
         << (16 * j);
  }
  return m;
}
#endif

}  // namespace

bool CsvReader::ParseUnquoted(const char* p, const char* end,
                              std::vector<std::string_view>* fields) {
#if defined(__SSE2__)
  // Fields gather here and go to `fields` in runs: an emplace_back per field kept the vector's
  // end in memory, a store and a load per field.
  constexpr int kRun = 32;
  if (run_ == nullptr) run_.reset(new std::string_view[kRun]);  // Not per call: zeroing it was
  std::string_view* const run = run_.get();                      // a third of this function.
  int in_run = 0;
  const auto add = [&](const char* begin, const char* stop) {
    if (in_run == kRun) {
      fields->insert(fields->end(), run, run + kRun);
      in_run = 0;
    }
    run[in_run++] = std::string_view(begin, stop - begin);
  };
  const char* field = p;
  for (const char* block = p; end - block >= 64; block += 64) {
    __m128i v[4];
    for (int j = 0; j < 4; ++j) {
      v[j] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * j));
    }
    uint64_t commas = Match64(v, ',');
    const uint64_t stops = Match64(v, '\n') | Match64(v, '\r') | Match64(v, '"');
    const int stop = stops != 0 ? __builtin_ctzll(stops) : 64;
    if (stop < 64) {
      // A quote, or a CR (the slow path tells CRLF from CR and waits for more input), before
      // this record's end: leave the record to the byte-wise parse.
      if (block[stop] != '\n') return false;
      commas &= (uint64_t{1} << stop) - 1;
    }
    for (; commas != 0; commas &= commas - 1) {
      const char* comma = block + __builtin_ctzll(commas);
      add(field, comma);
      field = comma + 1;
    }
    if (stop < 64) {
      add(field, block + stop);
      fields->insert(fields->end(), run, run + in_run);
      pos_ = block + stop + 1 - buf_.get();
      return true;
    }
  }
#else
  (void)p;
  (void)end;
  (void)fields;
#endif
  return false;
}

CsvReader::CsvReader(ByteSource* source, size_t buffer_size) : source_(source) {
  buf_.reset(new char[buffer_size]);
  size_ = buffer_size;
}

Status CsvReader::Refill() {
  // Keep the unparsed tail, then fill the rest; grow when a single record fills the buffer.
  if (pos_ > 0) {
    std::memmove(buf_.get(), buf_.get() + pos_, end_ - pos_);
    buf_offset_ += pos_;
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == size_) {
    std::unique_ptr<char[]> grown(new char[size_ * 2]);
    std::memcpy(grown.get(), buf_.get(), end_);
    buf_ = std::move(grown);
    size_ *= 2;
  }
  ASSIGN_OR_RETURN(size_t n, source_->Read(buf_.get() + end_, size_ - end_));
  if (n == 0) eof_ = true;
  end_ += n;
  return Status::Ok();
}

bool CsvReader::ParseRecord(std::vector<std::string_view>* fields, int* newlines) {
  const char* p = buf_.get() + pos_;
  const char* const end = buf_.get() + end_;
  fields->clear();
  unescaped_used_ = 0;
  if (ParseUnquoted(p, end, fields)) {
    *newlines = 1;
    return true;
  }
  fields->clear();
  *newlines = 0;
  for (;;) {
    // One field starts at p.
    if (p < end && *p == '"') {
      const char* q = p + 1;
      const char* start = q;
      bool escaped = false;
      for (;;) {
        const char* hit = static_cast<const char*>(std::memchr(q, '"', end - q));
        if (hit == nullptr) return false;           // Needs more input.
        if (hit + 1 == end && !eof_) return false;  // Cannot tell "" from " yet.
        if (hit + 1 < end && hit[1] == '"') {
          escaped = true;
          q = hit + 2;
          continue;
        }
        for (const char* c = start; c < hit; ++c) *newlines += (*c == '\n');
        std::string_view raw(start, hit - start);
        if (escaped) {
          if (unescaped_used_ == unescaped_.size()) unescaped_.emplace_back();
          std::string& s = unescaped_[unescaped_used_++];
          s.clear();
          for (size_t i = 0; i < raw.size(); ++i) {
            s.push_back(raw[i]);
            if (raw[i] == '"') ++i;  // Skip the second quote of "".
          }
          raw = s;
        }
        p = hit + 1;
        // Text between the closing quote and the delimiter is kept, as Python's csv does.
        const char* tail = p;
        while (p < end && *p != ',' && *p != '\n' && *p != '\r') ++p;
        if (p > tail) {
          if (unescaped_used_ == unescaped_.size()) unescaped_.emplace_back();
          std::string& s = unescaped_[unescaped_used_++];
          s.assign(raw);
          s.append(tail, p - tail);
          raw = s;
        }
        fields->push_back(raw);
        break;
      }
    } else {
      const char* start = p;
      p = FieldEnd(p, end);
      fields->emplace_back(start, p - start);
    }
    if (p == end) {
      if (!eof_) return false;
      pos_ = end_;
      return true;
    }
    if (*p == ',') {
      ++p;
      continue;
    }
    // End of record: LF, CRLF or CR.
    if (*p == '\r') {
      if (p + 1 == end && !eof_) return false;
      if (p + 1 < end && p[1] == '\n') ++p;
    }
    ++p;
    ++*newlines;
    pos_ = p - buf_.get();
    return true;
  }
}

Result<bool> CsvReader::Next(std::vector<std::string_view>* fields) {
  for (;;) {
    if (pos_ == end_) {
      if (eof_) return false;
      RETURN_IF_ERROR(Refill());
      continue;
    }
    // Skip blank lines.
    char c = buf_[pos_];
    if (c == '\n' || c == '\r') {
      if (c == '\r' && pos_ + 1 == end_ && !eof_) {
        RETURN_IF_ERROR(Refill());
        continue;
      }
      pos_ += (c == '\r' && pos_ + 1 < end_ && buf_[pos_ + 1] == '\n') ? 2 : 1;
      ++line_;
      continue;
    }
    int newlines = 0;
    const uint64_t offset = buf_offset_ + pos_;
    if (ParseRecord(fields, &newlines)) {
      record_offset_ = offset;
      record_line_ = line_;
      line_ += newlines;
      ++records_;
      return true;
    }
    if (eof_) {
      return InvalidArgument("line {}: a quoted field is never closed", line_);
    }
    RETURN_IF_ERROR(Refill());
  }
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace cx
