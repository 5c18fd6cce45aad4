#include "metrics/dataset.h"

#include <array>

#include "metrics/row_pipeline.h"

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

// Contacts: the key stage finds each row's slot in the key index (deduplication, golden rule
// 9) and the add stage fills the columns, on two threads.
ContactSink ContactStages(ContactTableBuilder& b) {
  return {[&b](const ContactBatch& batch, ContactSink::Words* rows) { b.AssignRows(batch, rows); },
          [&b](const ContactBatch& batch, const ContactSink::Words& rows) {
            b.FillRows(batch, rows);
          }};
}

// Surveys: the link stage finds each survey's contact (in the finished contacts' key index)
// and the add stage writes the rows, on two threads.
SurveySink SurveyStages(SurveyTableBuilder& b) {
  return {[&b](const SurveyBatch& batch, SurveySink::Words* links) { b.LinkRows(batch, links); },
          [&b](const SurveyBatch& batch, const SurveySink::Words& links) {
            b.AddRows(batch, links);
          }};
}

// Reads every kind of one source into a Dataset. `read(kind, sink)` feeds the source's valid
// rows of that kind (nothing when it has none) into a ContactSink (contacts) or a RowSink;
// contacts come first because surveys link to the final, deduplicated contacts.
// `contact_rows`, `survey_rows`: about how many there are (0: unknown), to size the tables
// once.
template <typename KindReader>
Result<Dataset> Assemble(const KindReader& read, DatasetScope scope, size_t contact_rows,
                         size_t survey_rows) {
  Dataset d;
  ContactTableBuilder cb;
  if (contact_rows > 0) cb.Reserve(contact_rows);
  RETURN_IF_ERROR(read(Kind::kContacts, ContactStages(cb)));
  SurveyTableBuilder sb(&cb);
  if (survey_rows > 0) sb.Reserve(survey_rows);
  RETURN_IF_ERROR(read(Kind::kSurveys, SurveyStages(sb)));
  d.contacts = cb.Finish();
  d.surveys = sb.Finish();
  if (scope == DatasetScope::kCore) return d;  // The activity feeds: extended metrics only.
  SelfServiceTableBuilder ssb;
  KbEventTableBuilder kbb;
  OutageTableBuilder ob;
  VolumeTableBuilder vb;
  RETURN_IF_ERROR(read(Kind::kSelfService, RowByRow(ssb, Kind::kSelfService)));
  RETURN_IF_ERROR(read(Kind::kKbEvents, RowByRow(kbb, Kind::kKbEvents)));
  RETURN_IF_ERROR(read(Kind::kOutages, RowByRow(ob, Kind::kOutages)));
  RETURN_IF_ERROR(read(Kind::kVolumes, RowByRow(vb, Kind::kVolumes)));
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
  auto read = [&](Kind kind, const auto& sink) -> Status {
    auto file = FindFile(dir, kind);
    if (!file) return Status::Ok();  // Every kind but contacts is optional.
    RowReadOptions read_options;
    read_options.validate = options;
    return ReadRowsInto(*file, kind, read_options, sink, &quarantined);
  };
  // A canonical contact row is 150-200 bytes, a survey ~70 (more with comments): size the
  // tables once (gzip and longer rows grow them).
  const auto rows = [&dir](Kind kind, size_t row_bytes) -> size_t {
    const auto file = FindFile(dir, kind);
    std::error_code ec;
    const auto bytes = file ? fs::file_size(*file, ec) : 0;
    return ec ? 0 : static_cast<size_t>(bytes / row_bytes);
  };
  ASSIGN_OR_RETURN(Dataset d, Assemble(read, scope, rows(Kind::kContacts, 160),
                                       rows(Kind::kSurveys, 70)));
  d.quarantined = quarantined;
  return d;
}

Result<Dataset> LoadDatasetFromStore(Store& store, DatasetScope scope) {
  // Two readers of one snapshot scan alternate ranges of rows on two threads while the table
  // builders' halves run on two more; the rows reach the builders in the store's order. Read
  // one after the other, 10M contacts took 14 s to load, about half of it SQLite.
  constexpr int kScanners = 2;
  auto readers = store.OpenReaders(kScanners);
  if (!readers.ok()) {
    if (readers.status().code() != StatusCode::kFailedPrecondition) return readers.status();
    // No second connection (a store in memory, or not in WAL mode, or loads that kept
    // committing): the scan on one connection, on one thread beside the two halves.
    ASSIGN_OR_RETURN(const int64_t contacts, store.RowsAtMost(Kind::kContacts));
    ASSIGN_OR_RETURN(const int64_t surveys, store.RowsAtMost(Kind::kSurveys));
    return Assemble(
        [&store]<typename Batch>(Kind kind, const BatchSink<Batch>& sink) -> Status {
          return FeedRows<Batch>([&](const auto& emit) { return store.ScanRows(kind, emit); },
                                 sink);
        },
        scope, static_cast<size_t>(contacts), static_cast<size_t>(surveys));
  }
  std::vector<std::unique_ptr<RowReader>>& r = *readers;
  // Each kind's largest row id in the snapshot: the parts to scan, and the tables' sizes.
  std::array<int64_t, kKindCount> last{};
  for (int k = 0; k < kKindCount; ++k) {
    ASSIGN_OR_RETURN(last[k], r[0]->LastRowId(static_cast<Kind>(k)));
  }
  const auto last_of = [&last](Kind kind) { return last[static_cast<size_t>(kind)]; };
  return Assemble(
      [&r, &last_of]<typename Batch>(Kind kind, const BatchSink<Batch>& sink) -> Status {
        // A part is a batch's worth of row ids (row ids start at 1).
        const auto per_part = static_cast<int64_t>(kBatchRows<Batch>);
        const auto parts = static_cast<size_t>((last_of(kind) + per_part - 1) / per_part);
        return FeedParts<Batch>(
            parts, r.size(),
            [&](size_t scanner, size_t part, const auto& emit) {
              const int64_t from = 1 + static_cast<int64_t>(part) * per_part;
              return r[scanner]->ScanRange(kind, from, from + per_part, emit);
            },
            sink);
      },
      scope, static_cast<size_t>(last_of(Kind::kContacts)),
      static_cast<size_t>(last_of(Kind::kSurveys)));
}

}  // namespace cx
