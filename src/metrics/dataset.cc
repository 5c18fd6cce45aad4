#include "metrics/dataset.h"

#include "io/record_source.h"

namespace cx {

namespace fs = std::filesystem;

namespace {

// The file of `kind` in `dir`, in the first layout that exists.
std::optional<fs::path> FindFile(const fs::path& dir, Kind kind) {
  for (const char* ext : {".csv", ".csv.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".json"}) {
    fs::path p = dir / (std::string(SpecOf(kind).name) + ext);
    if (fs::exists(p)) return p;
  }
  return std::nullopt;
}

template <typename Builder>
Status ReadFile(const fs::path& path, Kind kind, const ValidateOptions& options, Builder& builder,
                int64_t* quarantined) {
  ASSIGN_OR_RETURN(FileFormat format, FormatFromName(path));
  ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> source, OpenCanonicalSource(kind, path, format));
  const KindSpec& spec = SpecOf(kind);
  SourceRecord rec;
  std::vector<Value> row;
  Issue issue;
  for (;;) {
    ASSIGN_OR_RETURN(bool any, source->Next(&rec));
    if (!any) break;
    if (rec.error.empty() && ValidateRecord(spec, rec.texts, &row, &issue, options)) {
      builder.Add(row);
    } else {
      ++*quarantined;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Dataset> LoadDatasetFromFolder(const fs::path& dir, const ValidateOptions& options,
                                      DatasetScope scope) {
  if (!fs::is_directory(dir)) return NotFound("{}: no such folder", dir.string());
  auto contacts = FindFile(dir, Kind::kContacts);
  if (!contacts) {
    return NotFound("{}: no contacts file (contacts.csv, .csv.gz or .jsonl)", dir.string());
  }
  Dataset d;
  ContactTableBuilder cb;
  // A canonical contact row is 150-200 bytes: size the columns once (a gzip file grows them).
  std::error_code ec;
  cb.Reserve(static_cast<size_t>(fs::file_size(*contacts, ec) / 160));
  RETURN_IF_ERROR(ReadFile(*contacts, Kind::kContacts, options, cb, &d.quarantined));
  // Surveys link to the final, deduplicated contacts: read them once all contacts are in.
  SurveyTableBuilder sb(&cb);
  if (auto surveys = FindFile(dir, Kind::kSurveys)) {
    RETURN_IF_ERROR(ReadFile(*surveys, Kind::kSurveys, options, sb, &d.quarantined));
  }
  d.contacts = cb.Finish();
  d.surveys = sb.Finish();
  // The activity feeds of the extended metrics, each optional.
  if (scope == DatasetScope::kCore) return d;
  SelfServiceTableBuilder ssb;
  KbEventTableBuilder kbb;
  OutageTableBuilder ob;
  VolumeTableBuilder vb;
  if (auto f = FindFile(dir, Kind::kSelfService)) {
    RETURN_IF_ERROR(ReadFile(*f, Kind::kSelfService, options, ssb, &d.quarantined));
  }
  if (auto f = FindFile(dir, Kind::kKbEvents)) {
    RETURN_IF_ERROR(ReadFile(*f, Kind::kKbEvents, options, kbb, &d.quarantined));
  }
  if (auto f = FindFile(dir, Kind::kOutages)) {
    RETURN_IF_ERROR(ReadFile(*f, Kind::kOutages, options, ob, &d.quarantined));
  }
  if (auto f = FindFile(dir, Kind::kVolumes)) {
    RETURN_IF_ERROR(ReadFile(*f, Kind::kVolumes, options, vb, &d.quarantined));
  }
  d.self_service = ssb.Finish();
  d.kb_events = kbb.Finish();
  d.outages = ob.Finish();
  d.volumes = vb.Finish();
  return d;
}

Result<Dataset> LoadDatasetFromStore(Store& store, DatasetScope scope) {
  Dataset d;
  ContactTableBuilder cb;
  RETURN_IF_ERROR(store.ScanRows(Kind::kContacts, [&](const std::vector<Value>& row) {
    cb.Add(row);
  }));
  SurveyTableBuilder sb(&cb);
  RETURN_IF_ERROR(store.ScanRows(Kind::kSurveys, [&](const std::vector<Value>& row) {
    sb.Add(row);
  }));
  d.contacts = cb.Finish();
  d.surveys = sb.Finish();
  // The activity feeds of the extended metrics (see LoadDatasetFromFolder).
  if (scope == DatasetScope::kCore) return d;
  SelfServiceTableBuilder ssb;
  KbEventTableBuilder kbb;
  OutageTableBuilder ob;
  VolumeTableBuilder vb;
  RETURN_IF_ERROR(store.ScanRows(Kind::kSelfService, [&](const std::vector<Value>& row) {
    ssb.Add(row);
  }));
  RETURN_IF_ERROR(store.ScanRows(Kind::kKbEvents, [&](const std::vector<Value>& row) {
    kbb.Add(row);
  }));
  RETURN_IF_ERROR(store.ScanRows(Kind::kOutages, [&](const std::vector<Value>& row) {
    ob.Add(row);
  }));
  RETURN_IF_ERROR(store.ScanRows(Kind::kVolumes, [&](const std::vector<Value>& row) {
    vb.Add(row);
  }));
  d.self_service = ssb.Finish();
  d.kb_events = kbb.Finish();
  d.outages = ob.Finish();
  d.volumes = vb.Finish();
  return d;
}

}  // namespace cx
