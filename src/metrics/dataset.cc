#include "metrics/dataset.h"

#include <functional>
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

// Reads, validates and hands valid rows to `add` in file order. A worker thread parses and
// validates into batches while this thread builds the table, so the two overlap on two cores.
Status ReadFile(const fs::path& path, Kind kind, const ValidateOptions& options,
                const std::function<void(const std::vector<Value>&)>& add, int64_t* quarantined) {
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
      add(row);
    }
    (*batch)->Clear();
    empty.Push(std::move(*batch));
  }
  parser.join();
  *quarantined += bad;
  return parsed;
}

// Reads every kind of one source into a Dataset. `read(kind, row_fn)` feeds the source's valid
// rows of that kind (nothing when it has none); contacts come first because surveys link to
// the final, deduplicated contacts.
using KindReader =
    std::function<Status(Kind, ContactTableBuilder*, const std::function<void(const std::vector<Value>&)>&)>;

template <typename Builder>
Status Feed(const KindReader& read, Kind kind, Builder& b, ContactTableBuilder* contacts = nullptr) {
  return read(kind, contacts, [&b](const std::vector<Value>& row) { b.Add(row); });
}

Result<Dataset> Assemble(const KindReader& read, DatasetScope scope) {
  Dataset d;
  ContactTableBuilder cb;
  RETURN_IF_ERROR(Feed(read, Kind::kContacts, cb, &cb));
  SurveyTableBuilder sb(&cb);
  RETURN_IF_ERROR(Feed(read, Kind::kSurveys, sb));
  d.contacts = cb.Finish();
  d.surveys = sb.Finish();
  if (scope == DatasetScope::kCore) return d;  // The activity feeds: extended metrics only.
  SelfServiceTableBuilder ssb;
  KbEventTableBuilder kbb;
  OutageTableBuilder ob;
  VolumeTableBuilder vb;
  RETURN_IF_ERROR(Feed(read, Kind::kSelfService, ssb));
  RETURN_IF_ERROR(Feed(read, Kind::kKbEvents, kbb));
  RETURN_IF_ERROR(Feed(read, Kind::kOutages, ob));
  RETURN_IF_ERROR(Feed(read, Kind::kVolumes, vb));
  d.self_service = ssb.Finish();
  d.kb_events = kbb.Finish();
  d.outages = ob.Finish();
  d.volumes = vb.Finish();
  return d;
}

}  // namespace

Result<Dataset> LoadDatasetFromFolder(const fs::path& dir, const ValidateOptions& options,
                                      DatasetScope scope) {
  if (!fs::is_directory(dir)) return NotFound("{}: no such folder", dir.string());
  if (!FindFile(dir, Kind::kContacts)) {
    return NotFound("{}: no contacts file (contacts.csv, .csv.gz or .jsonl)", dir.string());
  }
  int64_t quarantined = 0;
  auto read = [&](Kind kind, ContactTableBuilder* contacts,
                  const std::function<void(const std::vector<Value>&)>& row) -> Status {
    auto file = FindFile(dir, kind);
    if (!file) return Status::Ok();  // Every kind but contacts is optional.
    if (contacts) {
      // A canonical contact row is 150-200 bytes: size the columns once (gzip grows them).
      std::error_code ec;
      contacts->Reserve(static_cast<size_t>(fs::file_size(*file, ec) / 160));
    }
    return ReadFile(*file, kind, options, row, &quarantined);
  };
  ASSIGN_OR_RETURN(Dataset d, Assemble(read, scope));
  d.quarantined = quarantined;
  return d;
}

Result<Dataset> LoadDatasetFromStore(Store& store, DatasetScope scope) {
  return Assemble([&store](Kind kind, ContactTableBuilder*,
                           const std::function<void(const std::vector<Value>&)>& row) {
    return store.ScanRows(kind, row);
  }, scope);
}

}  // namespace cx
