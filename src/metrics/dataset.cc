#include "metrics/dataset.h"

#include <thread>

#include "base/bounded_queue.h"
#include "io/record_source.h"
#include "io/row_batch.h"

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

// Reads, validates and hands valid rows to `builder` in file order. A worker thread parses and
// validates into batches while this thread builds the table, so the two overlap on two cores.
template <typename Builder>
Status ReadFile(const fs::path& path, Kind kind, const ValidateOptions& options, Builder& builder,
                int64_t* quarantined) {
  ASSIGN_OR_RETURN(FileFormat format, FormatFromName(path));
  ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> source, OpenCanonicalSource(kind, path, format));
  const KindSpec& spec = SpecOf(kind);
  BoundedQueue<std::unique_ptr<RowBatch>> full(4), empty(8);
  Status parsed;
  int64_t bad = 0;
  std::thread parser([&] {
    SourceRecord rec;
    std::vector<Value> row;
    Issue issue;
    auto batch = std::make_unique<RowBatch>();
    for (;;) {
      auto any = source->Next(&rec);
      if (!any.ok()) {
        parsed = any.status();
        break;
      }
      if (!*any) break;
      if (!rec.error.empty() || !ValidateRecord(spec, rec.texts, &row, &issue, options)) {
        ++bad;
        continue;
      }
      batch->Add(row, 0, rec.version, rec.record);
      if (batch->records.size() == RowBatch::kRows) {
        full.Push(std::move(batch));
        auto reused = empty.TryPop();
        batch = reused ? std::move(*reused) : std::make_unique<RowBatch>();
      }
    }
    if (!batch->records.empty()) full.Push(std::move(batch));
    full.Close();
  });
  std::vector<Value> row;
  while (auto batch = full.Pop()) {
    for (size_t r = 0; r < (*batch)->records.size(); ++r) {
      (*batch)->Row(r, spec.fields.size(), &row);
      builder.Add(row);
    }
    (*batch)->Clear();
    empty.Push(std::move(*batch));
  }
  parser.join();
  *quarantined += bad;
  return parsed;
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
