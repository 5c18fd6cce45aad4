#include "io/json_reader.h"

#include <fmt/format.h>

namespace cx {

namespace {
constexpr size_t kChunk = 4 << 20;
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
}  // namespace

JsonReader::JsonReader(ByteSource* source) : source_(source) {}

Status JsonReader::Fill() {
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buf_.size();
  buf_.resize(old + kChunk);
  ASSIGN_OR_RETURN(size_t n, source_->Read(buf_.data() + old, kChunk));
  buf_.resize(old + n);
  if (n == 0) eof_ = true;
  return Status::Ok();
}

size_t JsonReader::ScanValueEnd(size_t from) const {
  int depth = 0;
  bool in_string = false;
  for (size_t i = from; i < buf_.size(); ++i) {
    char c = buf_[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    } else if (c == '\n' && depth == 0) {
      return i;  // A scalar or garbage line: ends at its line.
    }
  }
  return std::string::npos;
}

Result<bool> JsonReader::Next(simdjson::dom::element* doc, std::string* error) {
  error->clear();
  for (;;) {
    // Skip white space (and array separators when reading one big array).
    while (pos_ < buf_.size() &&
           (IsSpace(buf_[pos_]) || (in_array_ && (buf_[pos_] == ',' || buf_[pos_] == ']')))) {
      if (buf_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ == buf_.size()) {
      if (eof_) return false;
      RETURN_IF_ERROR(Fill());
      continue;
    }
    if (!started_) {
      started_ = true;
      if (buf_[pos_] == '[') {
        in_array_ = true;
        ++pos_;
        continue;
      }
    }
    // JSON Lines: once the first record fit on one line, a record is one line, so a malformed
    // line (say, an unclosed brace) cannot swallow the records after it.
    size_t end = line_mode_ ? buf_.find('\n', pos_) : ScanValueEnd(pos_);
    if (end == std::string::npos) {
      if (!eof_) {
        RETURN_IF_ERROR(Fill());
        continue;
      }
      end = buf_.size();
    }
    std::string_view text(buf_.data() + pos_, end - pos_);
    record_line_ = line_;
    for (char c : text) line_ += (c == '\n');
    if (records_ == 0 && !in_array_ && line_ == record_line_) line_mode_ = true;
    pos_ = end;
    ++records_;
    auto parsed = parser_.parse(text.data(), text.size(), /*realloc_if_needed=*/true);
    if (parsed.error()) {
      *error = fmt::format("not valid JSON ({})", simdjson::error_message(parsed.error()));
    } else if (!parsed.value().is_object()) {
      *error = "not a JSON object";
    } else {
      *doc = parsed.value();
    }
    return true;
  }
}

std::string_view JsonScalarText(simdjson::dom::element e, std::string* storage) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::STRING: return std::string_view(e.get_string().value());
    case element_type::INT64: *storage = fmt::format("{}", int64_t(e.get_int64().value())); break;
    case element_type::UINT64: *storage = fmt::format("{}", uint64_t(e.get_uint64().value())); break;
    case element_type::DOUBLE: *storage = fmt::format("{}", double(e.get_double().value())); break;
    case element_type::BOOL: return e.get_bool().value() ? "true" : "false";
    case element_type::NULL_VALUE: return {};
    default: *storage = simdjson::minify(e); break;
  }
  return *storage;
}

}  // namespace cx
