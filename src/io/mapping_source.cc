// RecordSources over files in a mapped layout: they fetch the text of each of the mapping's
// references (a CSV column, a JSON path) and hand them to a MappingEvaluator.
#include <fmt/format.h>

#include <charconv>

#include "io/csv_reader.h"
#include "io/json_reader.h"
#include "io/mapping.h"

namespace cx {

namespace {

class MappedCsvSource : public RecordSource {
 public:
  MappedCsvSource(const Mapping& mapping, std::unique_ptr<ByteSource> bytes)
      : RecordSource(std::move(bytes)), mapping_(mapping), csv_(bytes_.get()) {}

  Status Init() {
    ASSIGN_OR_RETURN(MappingEvaluator e, MappingEvaluator::Create(mapping_));
    evaluator_.emplace(std::move(e));
    const std::string name = bytes_->path().filename().string();
    ASSIGN_OR_RETURN(bool any, csv_.Next(&fields_));
    if (!any) return InvalidArgument("{}: the file is empty (no header row)", name);
    if (!fields_.empty() && fields_[0].starts_with("\xEF\xBB\xBF")) fields_[0].remove_prefix(3);
    header_size_ = fields_.size();
    column_of_ref_.assign(mapping_.refs.size(), -1);
    for (size_t r = 0; r < mapping_.refs.size(); ++r) {
      for (size_t c = 0; c < fields_.size(); ++c) {
        if (fields_[c] == mapping_.refs[r].name) {
          column_of_ref_[r] = static_cast<int>(c);
          break;
        }
      }
      if (column_of_ref_[r] < 0) {
        return InvalidArgument("{}:{}: column '{}' is not in the header of {}", mapping_.file,
                               mapping_.refs[r].line, mapping_.refs[r].name, name);
      }
    }
    return Status::Ok();
  }

  Result<bool> Next(SourceRecord* out) override {
    ASSIGN_OR_RETURN(bool any, csv_.Next(&fields_));
    if (!any) return false;
    out->record = csv_.records() - 1;
    out->line = csv_.record_line();
    if (fields_.size() != header_size_) {
      out->texts.assign(SpecOf(mapping_.kind).fields.size(), std::string_view());
      out->error =
          fmt::format("the record has {} fields, the header {}", fields_.size(), header_size_);
      out->error_field = -1;
      out->version = INT64_MIN;
      return true;
    }
    ref_texts_.resize(column_of_ref_.size());
    for (size_t r = 0; r < column_of_ref_.size(); ++r) ref_texts_[r] = fields_[column_of_ref_[r]];
    evaluator_->Apply(ref_texts_, out);
    return true;
  }

 private:
  const Mapping mapping_;  // A copy: the source may outlive the caller's Mapping.
  CsvReader csv_;
  std::optional<MappingEvaluator> evaluator_;
  std::vector<std::string_view> fields_;
  size_t header_size_ = 0;
  std::vector<int> column_of_ref_;
  std::vector<std::string_view> ref_texts_;
};

class MappedJsonSource : public RecordSource {
 public:
  MappedJsonSource(const Mapping& mapping, std::unique_ptr<ByteSource> bytes)
      : RecordSource(std::move(bytes)),
        mapping_(mapping),
        json_(bytes_.get()),
        storage_(mapping_.refs.size()),
        ref_texts_(mapping_.refs.size()) {}

  Status Init() {
    ASSIGN_OR_RETURN(MappingEvaluator e, MappingEvaluator::Create(mapping_));
    evaluator_.emplace(std::move(e));
    return Status::Ok();
  }

  Result<bool> Next(SourceRecord* out) override {
    simdjson::dom::element doc;
    std::string error;
    ASSIGN_OR_RETURN(bool any, json_.Next(&doc, &error));
    if (!any) return false;
    out->record = json_.records();
    out->line = json_.record_line();
    if (!error.empty()) {
      out->texts.assign(SpecOf(mapping_.kind).fields.size(), std::string_view());
      out->error = std::move(error);
      out->error_field = -1;
      out->version = INT64_MIN;
      return true;
    }
    for (size_t r = 0; r < mapping_.refs.size(); ++r) {
      ref_texts_[r] = Lookup(doc, mapping_.refs[r].path, &storage_[r]);
    }
    evaluator_->Apply(ref_texts_, out);
    return true;
  }

 private:
  // Follows `path` through objects (by key) and arrays (by index); absent = empty.
  static std::string_view Lookup(simdjson::dom::element e, const std::vector<std::string>& path,
                                 std::string* storage) {
    for (const std::string& key : path) {
      if (e.is_object()) {
        auto next = e.get_object().value().at_key(key);
        if (next.error()) return {};
        e = next.value();
      } else if (e.is_array()) {
        size_t index = 0;
        auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
        if (ec != std::errc() || end != key.data() + key.size()) return {};
        auto next = e.get_array().value().at(index);
        if (next.error()) return {};
        e = next.value();
      } else {
        return {};
      }
    }
    return JsonScalarText(e, storage);
  }

  const Mapping mapping_;
  JsonReader json_;
  std::optional<MappingEvaluator> evaluator_;
  std::vector<std::string> storage_;
  std::vector<std::string_view> ref_texts_;
};

}  // namespace

Result<std::unique_ptr<RecordSource>> OpenMappedSource(const Mapping& mapping,
                                                       const std::filesystem::path& data_path) {
  ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> bytes, ByteSource::Open(data_path));
  if (mapping.format == FileFormat::kCsv) {
    auto source = std::make_unique<MappedCsvSource>(mapping, std::move(bytes));
    RETURN_IF_ERROR(source->Init());
    return std::unique_ptr<RecordSource>(std::move(source));
  }
  auto source = std::make_unique<MappedJsonSource>(mapping, std::move(bytes));
  RETURN_IF_ERROR(source->Init());
  return std::unique_ptr<RecordSource>(std::move(source));
}

}  // namespace cx
