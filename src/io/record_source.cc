#include "io/record_source.h"

#include "io/csv_reader.h"
#include "io/json_reader.h"

namespace cx {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

class CanonicalCsvSource : public RecordSource {
 public:
  CanonicalCsvSource(const KindSpec& spec, std::unique_ptr<ByteSource> bytes)
      : RecordSource(std::move(bytes)), spec_(spec), csv_(bytes_.get()) {}

  Status ReadHeader() {
    const std::string name = bytes_->path().filename().string();
    ASSIGN_OR_RETURN(bool any, csv_.Next(&fields_));
    if (!any) return InvalidArgument("{}: the file is empty (no header row)", name);
    return columns_.Bind(spec_, fields_, name);
  }

  Result<bool> Next(SourceRecord* out) override {
    ASSIGN_OR_RETURN(bool any, csv_.Next(&fields_));
    if (!any) return false;
    out->record = csv_.records() - 1;
    out->line = csv_.record_line();
    columns_.Map(&fields_, out);
    return true;
  }

 private:
  const KindSpec& spec_;
  CsvReader csv_;
  std::vector<std::string_view> fields_;
  CsvColumns columns_;
};

class CanonicalJsonSource : public RecordSource {
 public:
  CanonicalJsonSource(const KindSpec& spec, std::unique_ptr<ByteSource> bytes)
      : RecordSource(std::move(bytes)), spec_(spec), json_(bytes_.get()),
        storage_(spec.fields.size()) {}

  Result<bool> Next(SourceRecord* out) override {
    simdjson::dom::element doc;
    ASSIGN_OR_RETURN(bool any, json_.Next(&doc, &out->error));
    if (!any) return false;
    out->record = json_.records();
    out->line = json_.record_line();
    out->error_field = -1;
    out->texts.assign(spec_.fields.size(), std::string_view());
    if (!out->error.empty()) return true;
    simdjson::dom::object object = doc.get_object().value();
    for (auto [key, value] : object) {
      int f = spec_.FieldIndex(key);
      if (f >= 0) out->texts[f] = JsonScalarText(value, &storage_[f]);
    }
    return true;
  }

 private:
  const KindSpec& spec_;
  JsonReader json_;
  std::vector<std::string> storage_;
};

}  // namespace

Status CsvColumns::Bind(const KindSpec& spec, std::vector<std::string_view> header,
                        std::string_view file_name) {
  if (!header.empty() && header[0].starts_with("\xEF\xBB\xBF")) header[0].remove_prefix(3);
  fields_ = spec.fields.size();
  column_to_field_.assign(header.size(), -1);
  std::vector<bool> seen(spec.fields.size(), false);
  for (size_t c = 0; c < header.size(); ++c) {
    int f = spec.FieldIndex(header[c]);
    if (f >= 0 && !seen[f]) {
      column_to_field_[c] = f;
      seen[f] = true;
    }
  }
  in_order_ = header.size() == fields_;
  for (size_t c = 0; c < header.size() && in_order_; ++c) {
    in_order_ = column_to_field_[c] == static_cast<int>(c);
  }
  for (size_t f = 0; f < spec.fields.size(); ++f) {
    if (spec.fields[f].required && !seen[f]) {
      return InvalidArgument("{}: line 1: the header has no column '{}', which {} requires",
                             file_name, spec.fields[f].name, spec.name);
    }
  }
  return Status::Ok();
}

void CsvColumns::Map(std::vector<std::string_view>* record, SourceRecord* out) const {
  out->error.clear();
  out->error_field = -1;
  if (in_order_ && record->size() == fields_) {
    out->texts.swap(*record);  // Already one text per field, in order: no copy.
    return;
  }
  const std::vector<std::string_view>& fields = *record;
  out->texts.assign(fields_, std::string_view());
  if (fields.size() != column_to_field_.size()) {
    out->error = fmt::format("the record has {} fields, the header {}", fields.size(),
                             column_to_field_.size());
    return;
  }
  for (size_t c = 0; c < fields.size(); ++c) {
    const int f = column_to_field_[c];
    if (f >= 0) out->texts[f] = fields[c];
  }
}

double RecordSource::Progress() const {
  if (bytes_->stored_size() == 0) return 0;
  return static_cast<double>(bytes_->stored_consumed()) / bytes_->stored_size();
}

Result<FileFormat> FormatFromName(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  if (EndsWith(name, ".gz")) name.resize(name.size() - 3);
  if (EndsWith(name, ".csv")) return FileFormat::kCsv;
  if (EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson") || EndsWith(name, ".json")) {
    return FileFormat::kJson;
  }
  return InvalidArgument("{}: cannot tell the format from the name (use .csv, .jsonl or .json, "
                         "optionally .gz, or --format)",
                         path.string());
}

Result<std::unique_ptr<RecordSource>> OpenCanonicalSource(Kind kind,
                                                          const std::filesystem::path& path,
                                                          FileFormat format) {
  ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> bytes, ByteSource::Open(path));
  const KindSpec& spec = SpecOf(kind);
  if (format == FileFormat::kCsv) {
    auto source = std::make_unique<CanonicalCsvSource>(spec, std::move(bytes));
    RETURN_IF_ERROR(source->ReadHeader());
    return std::unique_ptr<RecordSource>(std::move(source));
  }
  return std::unique_ptr<RecordSource>(std::make_unique<CanonicalJsonSource>(spec, std::move(bytes)));
}

}  // namespace cx
