// The default Store: one SQLite database file per workspace.
//
// Each kind has a table named after it whose columns are the kind's fields (timestamps and
// durations as integer microseconds, booleans as 0/1), plus bookkeeping columns:
//   _fingerprint  content hash, to tell an identical re-sent row from a correction;
//   _version      source version (e.g. LastUpdateTimestamp) or NULL;
//   _load, _record  which load and which record of its file wrote the row.
// A replaced row moves to <kind>_history with the load that replaced it.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <unordered_set>

#include "base/time.h"
#include "store/sqlite/db.h"
#include "store/store.h"

namespace cx {

namespace {

using sqlite::Db;
using sqlite::Stmt;

constexpr int kSchemaVersion = 2;

std::string_view SqlType(FieldType t) {
  switch (t) {
    case FieldType::kTimestamp:
    case FieldType::kBool:
    case FieldType::kSeconds:
    case FieldType::kScore:
    case FieldType::kCount:
      return "INTEGER";
    case FieldType::kNumber:
      return "REAL";
    default:
      return "TEXT";
  }
}

std::string Columns(const KindSpec& spec) {
  std::string cols;
  for (const FieldSpec& f : spec.fields) cols += fmt::format("{}, ", f.name);
  return cols + "_fingerprint, _version, _load, _record";
}

std::string KeyColumns(const KindSpec& spec) {
  std::string key;
  for (int k : spec.key) key += fmt::format("{}{}", key.empty() ? "" : ", ", spec.fields[k].name);
  return key;
}

// Indexes besides each kind's key, for the drill-down's slice (ScanContactSlice): contacts by
// partner and time, with the customer so that finding a customer's follow-ups at any partner
// reads the index alone; surveys by their contact. A bulk load drops and rebuilds them like the
// key (one sort each at Commit). At 1M contacts about the key's rebuild in CPU and +15% file
// (docs/decisions/0011-drilldown-slice.md).
struct SecondaryIndex {
  Kind kind;
  std::string_view name, columns;
};
constexpr std::string_view kContactsByPartnerTime = "contacts_partner_time";
constexpr std::string_view kSurveysByContact = "surveys_contact";
constexpr SecondaryIndex kSecondaryIndexes[] = {
    {Kind::kContacts, kContactsByPartnerTime, "partner, arrived_at, customer_id"},
    {Kind::kSurveys, kSurveysByContact, "partner, contact_id"},
};

// Heterogeneous lookup of texts: a string_view finds a std::string without a copy.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

std::string CreateSecondaryIndexes(Kind kind) {
  std::string sql;
  for (const SecondaryIndex& x : kSecondaryIndexes) {
    if (x.kind != kind) continue;
    sql += fmt::format("CREATE INDEX IF NOT EXISTS {} ON {} ({});\n", x.name, SpecOf(kind).name,
                       x.columns);
  }
  return sql;
}

std::string DropSecondaryIndexes(Kind kind) {
  std::string sql;
  for (const SecondaryIndex& x : kSecondaryIndexes) {
    if (x.kind == kind) sql += fmt::format("DROP INDEX IF EXISTS {};\n", x.name);
  }
  return sql;
}

// Reads the current row of `raw` into `row` (one Value per column; text views valid until the
// statement steps again); text[c]: column c is a TEXT column (SqlType).
// A TEXT column holds text or NULL only (its affinity turns any number bound to it into
// text), and sqlite3_column_text says which: one call fewer per text column than asking the
// type first (a store scan of 10M contacts spends about a third of its time in these calls).
void ReadRow(sqlite3_stmt* raw, const std::vector<bool>& text, std::vector<Value>& row) {
  for (int c = 0; c < static_cast<int>(row.size()); ++c) {
    if (text[c]) {
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
      row[c] = t == nullptr ? Value::Null()
                            : Value::Text(std::string_view(t, sqlite3_column_bytes(raw, c)));
      continue;
    }
    switch (sqlite3_column_type(raw, c)) {
      case SQLITE_NULL: row[c] = Value::Null(); break;
      case SQLITE_INTEGER: row[c] = Value::Int(sqlite3_column_int64(raw, c)); break;
      case SQLITE_FLOAT: row[c] = Value::Real(sqlite3_column_double(raw, c)); break;
      default: {
        const char* t = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
        row[c] = Value::Text(std::string_view(t, sqlite3_column_bytes(raw, c)));
      }
    }
  }
}

// The kind's fields as a column list, each prefixed with `table` ("c." or "").
std::string FieldList(const KindSpec& spec, std::string_view table = "") {
  std::string cols;
  for (const FieldSpec& f : spec.fields) {
    cols += fmt::format("{}{}{}", cols.empty() ? "" : ", ", table, f.name);
  }
  return cols;
}

// Steps `s`, whose columns are the fields of `spec`, to its end, passing each row to `fn`.
Status StepRows(Stmt& s, const KindSpec& spec,
                const std::function<void(const std::vector<Value>&)>& fn) {
  std::vector<Value> row(spec.fields.size());
  std::vector<bool> text(spec.fields.size());
  for (size_t c = 0; c < text.size(); ++c) text[c] = SqlType(spec.fields[c].type) == "TEXT";
  for (;;) {
    ASSIGN_OR_RETURN(bool more, s.Step());
    if (!more) return Status::Ok();
    ReadRow(s.raw(), text, row);
    fn(row);
  }
}

// The largest rowid of `kind`'s table (0: empty). SQLite gives every row a distinct positive
// one (none is set by hand here), so there are at most that many rows. One step down the
// table's B-tree, where count(*) reads it all.
Result<int64_t> LastRowIdOf(Db& db, Kind kind) {
  ASSIGN_OR_RETURN(Stmt s, db.Prepare(fmt::format("SELECT coalesce(max(rowid), 0) FROM {}",
                                                  SpecOf(kind).name)));
  ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

std::string SchemaSql() {
  std::string sql = fmt::format(R"(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('schema_version', '{}');
CREATE TABLE IF NOT EXISTS loads (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, file TEXT NOT NULL, path TEXT NOT NULL,
  sha256 TEXT, started_at TEXT NOT NULL, finished_at TEXT,
  rows_read INTEGER, inserted INTEGER, unchanged INTEGER, corrected INTEGER, stale INTEGER,
  superseded INTEGER, quarantined INTEGER);
CREATE TABLE IF NOT EXISTS quarantine (
  id INTEGER PRIMARY KEY, load_id INTEGER NOT NULL REFERENCES loads(id), kind TEXT NOT NULL,
  file TEXT NOT NULL, sha256 TEXT NOT NULL, record INTEGER NOT NULL, line INTEGER NOT NULL,
  field TEXT, value TEXT, reason TEXT NOT NULL, detail TEXT,
  UNIQUE (sha256, kind, record));
CREATE TABLE IF NOT EXISTS closes (
  period TEXT NOT NULL, version INTEGER NOT NULL, fingerprint TEXT NOT NULL,
  data_load INTEGER NOT NULL, document TEXT NOT NULL, PRIMARY KEY (period, version));
CREATE TABLE IF NOT EXISTS results_cache (
  key TEXT PRIMARY KEY, data_version INTEGER NOT NULL, value BLOB NOT NULL);
)",
                                kSchemaVersion);
  for (const KindSpec& spec : AllKinds()) {
    std::string cols;
    for (const FieldSpec& f : spec.fields) {
      cols += fmt::format("  {} {}{},\n", f.name, SqlType(f.type), f.required ? " NOT NULL" : "");
    }
    std::string book =
        "  _fingerprint INTEGER NOT NULL, _version INTEGER,\n"
        "  _load INTEGER NOT NULL REFERENCES loads(id), _record INTEGER NOT NULL";
    sql += fmt::format("CREATE TABLE IF NOT EXISTS {0} (\n{1}{2});\n", spec.name, cols, book);
    sql += fmt::format("CREATE UNIQUE INDEX IF NOT EXISTS {0}_key ON {0} ({1});\n", spec.name,
                       KeyColumns(spec));
    sql += fmt::format(
        "CREATE TABLE IF NOT EXISTS {0}_history (\n{1}{2},\n"
        "  _replaced_by_load INTEGER NOT NULL REFERENCES loads(id));\n",
        spec.name, cols, book);
    sql += CreateSecondaryIndexes(spec.kind);
  }
  return sql;
}

// Wall-clock time of a load, for the load log only (never used in any metric).
std::string NowUtc() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return FormatTimestampUtc(now.time_since_epoch().count() * kMicrosPerSecond);
}

void BindValue(Stmt& s, int i, const Value& v) {
  switch (v.tag) {
    case Value::Tag::kNull: s.BindNull(i); break;
    case Value::Tag::kInt: s.BindInt(i, v.i); break;
    case Value::Tag::kReal: s.BindReal(i, v.d); break;
    case Value::Tag::kText: s.BindText(i, v.s); break;
  }
}

class SqliteLoad : public LoadTransaction {
 public:
  SqliteLoad(Db* db, const KindSpec& spec, int64_t load_id) : db_(db), spec_(spec), load_(load_id) {}

  ~SqliteLoad() override {
    if (!done_) (void)db_->Exec("ROLLBACK");
  }

  // The caller promises that the rows it will upsert have distinct keys (the ingest pipeline
  // settles duplicates inside a file before writing).
  Status Prepare() {
    const std::string cols = Columns(spec_);
    const size_t n = spec_.fields.size() + 4;
    std::string params;
    for (size_t i = 1; i <= n; ++i) params += fmt::format("{}?{}", i > 1 ? ", " : "", i);
    // Bulk load: into an empty table nothing can conflict, so the key index is dropped and
    // rebuilt by one sort at Commit, inside this transaction, instead of being updated row by
    // row (the usual bulk-load practice; ~30% of the load time otherwise).
    ASSIGN_OR_RETURN(Stmt any, db_->Prepare(fmt::format("SELECT 1 FROM {} LIMIT 1", spec_.name)));
    ASSIGN_OR_RETURN(bool has_rows, any.Step());
    bulk_ = !has_rows;
    if (bulk_) {
      RETURN_IF_ERROR(db_->Exec(fmt::format("DROP INDEX {}_key", spec_.name)));
      RETURN_IF_ERROR(db_->Exec(DropSecondaryIndexes(spec_.kind)));
    }
    ASSIGN_OR_RETURN(insert_, db_->Prepare(fmt::format(
                                  "INSERT INTO {} ({}) VALUES ({}){}", spec_.name, cols, params,
                                  bulk_ ? "" : " ON CONFLICT DO NOTHING")));
    std::string where;
    for (size_t k = 0; k < spec_.key.size(); ++k) {
      where += fmt::format("{}{} = ?{}", k ? " AND " : "", spec_.fields[spec_.key[k]].name,
                           spec_.key[k] + 1);
    }
    const bool has_partner = spec_.FieldIndex("partner") >= 0;
    ASSIGN_OR_RETURN(lookup_, db_->Prepare(fmt::format(
                                  "SELECT rowid, _fingerprint, _version, {} FROM {} WHERE {}",
                                  has_partner ? "partner" : "NULL", spec_.name, where)));
    ASSIGN_OR_RETURN(archive_, db_->Prepare(fmt::format(
                                   "INSERT INTO {0}_history SELECT {1}, ?1 FROM {0} WHERE rowid = ?2",
                                   spec_.name, cols)));
    std::string sets;
    for (size_t i = 0; i < n; ++i) {
      std::string_view name = i < spec_.fields.size() ? spec_.fields[i].name
                              : i == spec_.fields.size()     ? "_fingerprint"
                              : i == spec_.fields.size() + 1 ? "_version"
                              : i == spec_.fields.size() + 2 ? "_load"
                                                             : "_record";
      sets += fmt::format("{}{} = ?{}", i ? ", " : "", name, i + 1);
    }
    ASSIGN_OR_RETURN(update_, db_->Prepare(fmt::format("UPDATE {} SET {} WHERE rowid = ?{}",
                                                       spec_.name, sets, n + 1)));
    return Status::Ok();
  }

  Result<UpsertOutcome> Upsert(const std::vector<Value>& row, uint64_t fingerprint,
                               int64_t version, int64_t record) override {
    const int n = static_cast<int>(row.size());
    for (int i = 0; i < n; ++i) BindValue(insert_, i + 1, row[i]);
    BindBook(insert_, n, fingerprint, version, record);
    RETURN_IF_ERROR(insert_.Run());
    if (bulk_ || db_->Changes() == 1) return UpsertOutcome::kInserted;

    for (int k : spec_.key) BindValue(lookup_, k + 1, row[k]);
    ASSIGN_OR_RETURN(bool found, lookup_.Step());
    if (!found) {
      lookup_.Reset();
      return Internal("{}: record {}: insert conflicted but no row has its key", spec_.name,
                      record);
    }
    const int64_t rowid = lookup_.Int(0);
    const uint64_t old_fingerprint = static_cast<uint64_t>(lookup_.Int(1));
    const bool has_old_version = !lookup_.IsNull(2);
    const int64_t old_version = lookup_.Int(2);
    const bool other_partner = only_partner_ && lookup_.Text(3) != *only_partner_;
    lookup_.Reset();
    if (other_partner) {
      return PermissionDenied(
          "{}: record {}: its key is that of a stored row of another partner, which only the "
          "client may correct: nothing was loaded",
          spec_.name, record);
    }
    if (old_fingerprint == fingerprint) return UpsertOutcome::kUnchanged;
    if (has_old_version && version != INT64_MIN && version < old_version) {
      return UpsertOutcome::kStale;
    }
    archive_.BindInt(1, load_);
    archive_.BindInt(2, rowid);
    RETURN_IF_ERROR(archive_.Run());
    for (int i = 0; i < n; ++i) BindValue(update_, i + 1, row[i]);
    BindBook(update_, n, fingerprint, version, record);
    update_.BindInt(n + 5, rowid);
    RETURN_IF_ERROR(update_.Run());
    return UpsertOutcome::kCorrected;
  }

  void OnlyPartner(std::string partner) override { only_partner_ = std::move(partner); }

  bool bulk() const override { return bulk_; }

  Status DeleteRecords(const std::vector<int64_t>& records) override {
    if (records.empty()) return Status::Ok();
    if (!bulk_) return Internal("DeleteRecords outside a bulk load");
    RETURN_IF_ERROR(db_->Exec("CREATE TEMP TABLE cx_losers (record INTEGER PRIMARY KEY)"));
    ASSIGN_OR_RETURN(Stmt add, db_->Prepare("INSERT OR IGNORE INTO cx_losers VALUES (?1)"));
    for (int64_t r : records) {
      add.BindInt(1, r);
      RETURN_IF_ERROR(add.Run());
    }
    add = Stmt();
    // The table held nothing before this load, so _record identifies the row.
    RETURN_IF_ERROR(db_->Exec(fmt::format(
        "DELETE FROM {} WHERE _record IN cx_losers; DROP TABLE cx_losers", spec_.name)));
    return Status::Ok();
  }

  Status Commit(const std::string& sha256, const LoadCounts& c,
                const std::vector<QuarantineEntry>& quarantine) override {
    ASSIGN_OR_RETURN(Stmt q, db_->Prepare(
        "INSERT OR IGNORE INTO quarantine (load_id, kind, file, sha256, record, line, field, "
        "value, reason, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
    for (const QuarantineEntry& e : quarantine) {
      q.BindInt(1, load_);
      q.BindText(2, spec_.name);
      q.BindText(3, e.file);
      q.BindText(4, sha256);
      q.BindInt(5, e.record);
      q.BindInt(6, e.line);
      q.BindText(7, e.field);
      q.BindText(8, e.value);
      q.BindText(9, e.reason);
      q.BindText(10, e.detail);
      RETURN_IF_ERROR(q.Run());
    }
    ASSIGN_OR_RETURN(Stmt u, db_->Prepare(
        "UPDATE loads SET sha256 = ?1, finished_at = ?2, rows_read = ?3, inserted = ?4, "
        "unchanged = ?5, corrected = ?6, stale = ?7, superseded = ?8, quarantined = ?9 "
        "WHERE id = ?10"));
    const std::string now = NowUtc();
    u.BindText(1, sha256);
    u.BindText(2, now);
    u.BindInt(3, c.read);
    u.BindInt(4, c.inserted);
    u.BindInt(5, c.unchanged);
    u.BindInt(6, c.corrected);
    u.BindInt(7, c.stale);
    u.BindInt(8, c.superseded);
    u.BindInt(9, c.quarantined);
    u.BindInt(10, load_);
    RETURN_IF_ERROR(u.Run());
    if (bulk_) {
      // Fails (and the load rolls back) if two rows shared a key after all.
      RETURN_IF_ERROR(db_->Exec(fmt::format("CREATE UNIQUE INDEX {0}_key ON {0} ({1})",
                                            spec_.name, KeyColumns(spec_))));
      RETURN_IF_ERROR(db_->Exec(CreateSecondaryIndexes(spec_.kind)));
    }
    // Statements must be finalised before COMMIT can release its locks cleanly.
    insert_ = Stmt();
    lookup_ = Stmt();
    archive_ = Stmt();
    update_ = Stmt();
    RETURN_IF_ERROR(db_->Exec("COMMIT"));
    done_ = true;
    return Status::Ok();
  }

 private:
  void BindBook(Stmt& s, int n, uint64_t fingerprint, int64_t version, int64_t record) {
    s.BindInt(n + 1, static_cast<int64_t>(fingerprint));
    if (version == INT64_MIN) {
      s.BindNull(n + 2);
    } else {
      s.BindInt(n + 2, version);
    }
    s.BindInt(n + 3, load_);
    s.BindInt(n + 4, record);
  }

  Db* db_;
  const KindSpec& spec_;
  int64_t load_;
  bool done_ = false;
  std::optional<std::string> only_partner_;
  bool bulk_ = false;  // The table was empty: load without the key index, rebuild it at Commit.
  Stmt insert_, lookup_, archive_, update_;
};

// The data version (Store::DataVersion) that `db` reads: the latest finished load. Every
// change to stored rows is a load, committed with its rows.
Result<int64_t> DataVersionOf(Db& db) {
  ASSIGN_OR_RETURN(Stmt s,
                   db.Prepare("SELECT coalesce(max(id), 0) FROM loads WHERE finished_at IS NOT NULL"));
  ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

// A RowReader: a connection of its own in a read transaction (WAL: the snapshot of its first
// read holds until it ends).
class SqliteReader : public RowReader {
 public:
  // Opens `path` and starts reading; `*version` is the data version of the snapshot.
  static Result<std::unique_ptr<SqliteReader>> Open(const std::string& path, int64_t* version) {
    ASSIGN_OR_RETURN(Db db, Db::Open(path));
    // A scan reads each page once: a small page cache (the store's own is 256 MB).
    RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = 10000; PRAGMA cache_size = -8192; BEGIN"));
    ASSIGN_OR_RETURN(*version, DataVersionOf(db));
    return std::unique_ptr<SqliteReader>(new SqliteReader(std::move(db)));
  }

  Result<int64_t> LastRowId(Kind kind) override { return LastRowIdOf(db_, kind); }

  Status ScanRange(Kind kind, int64_t from, int64_t to,
                   const std::function<void(const std::vector<Value>&)>& fn) override {
    const KindSpec& spec = SpecOf(kind);
    Stmt& s = ranges_[static_cast<size_t>(kind)];
    if (s.raw() == nullptr) {
      ASSIGN_OR_RETURN(s, db_.Prepare(fmt::format(
          "SELECT {} FROM {} WHERE rowid >= ?1 AND rowid < ?2 ORDER BY rowid", FieldList(spec),
          spec.name)));
    }
    s.Reset();
    s.BindInt(1, from);
    s.BindInt(2, to);
    Status done = StepRows(s, spec, fn);
    s.Reset();  // Done with the range (a statement that is not reset holds its read).
    return done;
  }

 private:
  explicit SqliteReader(Db db) : db_(std::move(db)) {}
  Db db_;
  Stmt ranges_[kKindCount];  // ScanRange's statement per kind, prepared on first use.
};

class SqliteStore : public Store {
 public:
  explicit SqliteStore(Db db) : db_(std::move(db)) {}

  Status Init(const SqliteOptions& options) {
    // 16 KiB pages (set before the first table exists; ignored afterwards): wide contact rows
    // load ~15% faster than with the 4 KiB default (bench/README.md).
    RETURN_IF_ERROR(db_.Exec(fmt::format(
        "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
        "PRAGMA busy_timeout = {}; PRAGMA cache_size = -{}; PRAGMA temp_store = MEMORY;",
        options.busy_timeout_ms, options.cache_bytes / 1024)));
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    Status s = db_.Exec(SchemaSql());
    if (!s.ok()) {
      (void)db_.Exec("ROLLBACK");
      return s;
    }
    return db_.Exec("COMMIT");
  }

  Result<std::unique_ptr<LoadTransaction>> BeginLoad(Kind kind, const std::string& file,
                                                     const std::string& path) override {
    const KindSpec& spec = SpecOf(kind);
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    auto load = [&]() -> Result<int64_t> {
      ASSIGN_OR_RETURN(Stmt s, db_.Prepare(
          "INSERT INTO loads (kind, file, path, started_at) VALUES (?1, ?2, ?3, ?4)"));
      const std::string now = NowUtc();
      s.BindText(1, spec.name);
      s.BindText(2, file);
      s.BindText(3, path);
      s.BindText(4, now);
      RETURN_IF_ERROR(s.Run());
      return sqlite3_last_insert_rowid(db_.raw());
    }();
    if (!load.ok()) {
      (void)db_.Exec("ROLLBACK");
      return load.status();
    }
    auto txn = std::make_unique<SqliteLoad>(&db_, spec, *load);
    RETURN_IF_ERROR(txn->Prepare());  // On failure the destructor rolls back.
    return std::unique_ptr<LoadTransaction>(std::move(txn));
  }

  Result<std::vector<QuarantineEntry>> ListQuarantine() override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(
        "SELECT kind, file, sha256, record, line, field, value, reason, detail FROM quarantine "
        "ORDER BY file, record, id"));
    std::vector<QuarantineEntry> out;
    for (;;) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      QuarantineEntry e;
      ASSIGN_OR_RETURN(e.kind, KindFromName(s.Text(0)));
      e.file = s.Text(1);
      e.sha256 = s.Text(2);
      e.record = s.Int(3);
      e.line = s.Int(4);
      e.field = s.Text(5);
      e.value = s.Text(6);
      e.reason = s.Text(7);
      e.detail = s.Text(8);
      out.push_back(std::move(e));
    }
    return out;
  }

  Result<std::vector<LoadLogEntry>> ListLoads() override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(
        "SELECT id, kind, file, path, sha256, finished_at, rows_read, inserted, unchanged, "
        "corrected, stale, superseded, quarantined FROM loads WHERE finished_at IS NOT NULL ORDER BY id"));
    std::vector<LoadLogEntry> out;
    for (;;) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      LoadLogEntry e;
      e.id = s.Int(0);
      ASSIGN_OR_RETURN(e.kind, KindFromName(s.Text(1)));
      e.file = s.Text(2);
      e.path = s.Text(3);
      e.sha256 = s.Text(4);
      e.finished_at = s.Text(5);
      e.counts = {s.Int(6), s.Int(7), s.Int(8), s.Int(9), s.Int(10), s.Int(11), s.Int(12)};
      out.push_back(std::move(e));
    }
    return out;
  }

  Result<int64_t> CountRows(Kind kind) override { return Count(SpecOf(kind).name); }

  Result<int64_t> RowsAtMost(Kind kind) override { return LastRowIdOf(db_, kind); }

  Status ScanRows(Kind kind, const std::function<void(const std::vector<Value>&)>& fn) override {
    const KindSpec& spec = SpecOf(kind);
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(fmt::format("SELECT {} FROM {} ORDER BY rowid",
                                                     FieldList(spec), spec.name)));
    return StepRows(s, spec, fn);
  }

  Result<ContactSliceInfo> ScanContactSlice(
      const ContactSliceQuery& q,
      const std::function<void(Kind, const std::vector<Value>&)>& fn) override {
    RETURN_IF_ERROR(db_.Exec("BEGIN"));  // One snapshot for the rows, horizon and version.
    Result<ContactSliceInfo> out = SliceIn(q, fn);
    Status end = db_.Exec(out.ok() ? "COMMIT" : "ROLLBACK");
    if (out.ok() && !end.ok()) return end;
    return out;
  }

  Result<int64_t> CountHistory(Kind kind) override {
    return Count(std::string(SpecOf(kind).name) + "_history");
  }

  Result<std::vector<std::string>> ListPartners() override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT DISTINCT partner FROM contacts ORDER BY partner"));
    std::vector<std::string> out;
    for (;;) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(s.Text(0));
    }
    return out;
  }

  Result<std::string> ContentDigest() override {
    std::string digest;
    for (const KindSpec& spec : AllKinds()) {
      // Sums of the 32-bit halves cannot overflow 64 bits below 2^31 rows.
      ASSIGN_OR_RETURN(Stmt s, db_.Prepare(fmt::format(
          "SELECT count(*), coalesce(sum(_fingerprint & 4294967295), 0), "
          "coalesce(sum((_fingerprint >> 32) & 4294967295), 0) FROM {}", spec.name)));
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) digest += fmt::format("{}:{}:{:x}:{:x};", spec.name, s.Int(0), s.Int(1), s.Int(2));
    }
    return digest;
  }

  Result<std::vector<Correction>> ListCorrections(Kind kind, int64_t after_load) override {
    const KindSpec& spec = SpecOf(kind);
    std::string select, join;
    for (int k : spec.key) {
      select += fmt::format("c.{}, ", spec.fields[k].name);
      join += fmt::format("{0}c.{1} = h.{1}", join.empty() ? "" : " AND ", spec.fields[k].name);
    }
    for (const FieldSpec& f : spec.fields) select += fmt::format("h.{0} IS NOT c.{0}, ", f.name);
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(fmt::format(
        "SELECT {}h._replaced_by_load FROM {}_history h JOIN {} c ON {} "
        "WHERE h._replaced_by_load > ?1 ORDER BY h.rowid",
        select, spec.name, spec.name, join)));
    s.BindInt(1, after_load);
    std::vector<Correction> out;
    const int keys = static_cast<int>(spec.key.size());
    for (;;) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      Correction c;
      for (int k = 0; k < keys; ++k) c.key.push_back(s.Text(k));
      for (size_t f = 0; f < spec.fields.size(); ++f) {
        if (s.Int(keys + static_cast<int>(f))) c.fields.push_back(std::string(spec.fields[f].name));
      }
      c.load = s.Int(keys + static_cast<int>(spec.fields.size()));
      out.push_back(std::move(c));
    }
    return out;
  }

  Result<int64_t> DataVersion() override { return DataVersionOf(db_); }

  Result<std::vector<std::unique_ptr<RowReader>>> OpenReaders(int n) override {
    const char* file = sqlite3_db_filename(db_.raw(), "main");
    if (file == nullptr || *file == '\0') {
      return FailedPrecondition("a store in memory cannot be read on other connections");
    }
    // Outside WAL mode, readers' shared locks would hold a load's commit back for as long as
    // they read (Init sets WAL; a file it could not set it on stays in its old mode).
    ASSIGN_OR_RETURN(Stmt mode, db_.Prepare("PRAGMA journal_mode"));
    ASSIGN_OR_RETURN(bool has_mode, mode.Step());
    if (!has_mode || mode.Text(0) != "wal") {
      return FailedPrecondition("the store is not in WAL mode: one reader only");
    }
    // Each reader's snapshot begins with its first read. A load that commits between two of
    // them gives them different data versions: start again (a load takes seconds, so this
    // almost never repeats).
    for (int attempt = 0; attempt < 5; ++attempt) {
      std::vector<std::unique_ptr<RowReader>> readers;
      int64_t first = 0;
      bool same = true;
      for (int i = 0; i < n && same; ++i) {
        int64_t version = 0;
        ASSIGN_OR_RETURN(std::unique_ptr<SqliteReader> r, SqliteReader::Open(file, &version));
        if (i == 0) first = version;
        same = version == first;
        readers.push_back(std::move(r));
      }
      if (same) return readers;
    }
    return FailedPrecondition("loads kept committing while the store's readers started");
  }

  Result<std::optional<std::string>> GetCached(const std::string& key,
                                               int64_t data_version) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(
        "SELECT value FROM results_cache WHERE key = ?1 AND data_version = ?2"));
    s.BindText(1, key);
    s.BindInt(2, data_version);
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(s.Text(0));
  }

  Status PutCached(const std::string& key, int64_t data_version,
                   const std::string& value) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(
        "INSERT OR REPLACE INTO results_cache VALUES (?1, ?2, ?3)"));
    s.BindText(1, key);
    s.BindInt(2, data_version);
    s.BindText(3, value);
    return s.Run();
  }

  Result<std::optional<CloseRecord>> LatestClose(const std::string& period) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(
        "SELECT version, fingerprint, data_load, document FROM closes WHERE period = ?1 "
        "ORDER BY version DESC LIMIT 1"));
    s.BindText(1, period);
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<CloseRecord>();
    return std::optional<CloseRecord>(
        CloseRecord{period, static_cast<int>(s.Int(0)), s.Text(1), s.Int(2), s.Text(3)});
  }

  Status SaveClose(const CloseRecord& r) override {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    auto latest = LatestClose(r.period);
    Status st = latest.status();
    if (st.ok() && r.version != (*latest ? (*latest)->version : 0) + 1) {
      st = FailedPrecondition("close {}: version {} is not the next one", r.period, r.version);
    }
    if (st.ok()) {
      auto s = db_.Prepare("INSERT INTO closes VALUES (?1, ?2, ?3, ?4, ?5)");
      st = s.status();
      if (st.ok()) {
        s->BindText(1, r.period);
        s->BindInt(2, r.version);
        s->BindText(3, r.fingerprint);
        s->BindInt(4, r.data_load);
        s->BindText(5, r.document);
        st = s->Run();
      }
    }
    RETURN_IF_ERROR(db_.Exec(st.ok() ? "COMMIT" : "ROLLBACK"));
    return st;
  }

 private:
  // Binds ?1 partner, ?2 from, ?3 to, ?4 to + follow of `q`.
  static void BindSlice(Stmt& s, const ContactSliceQuery& q) {
    s.BindText(1, q.partner);
    s.BindInt(2, q.from);
    s.BindInt(3, q.to);
    s.BindInt(4, q.to + q.follow);
  }

  // Steps `s` to the end, passing each row on as a row of `kind`.
  static Status Emit(Stmt& s, Kind kind,
                     const std::function<void(Kind, const std::vector<Value>&)>& fn) {
    return StepRows(s, SpecOf(kind), [&](const std::vector<Value>& row) { fn(kind, row); });
  }

  Result<ContactSliceInfo> SliceIn(
      const ContactSliceQuery& q, const std::function<void(Kind, const std::vector<Value>&)>& fn) {
    ContactSliceInfo info;
    ASSIGN_OR_RETURN(info.data_version, DataVersion());
    // The partners, found by skipping through the (partner, arrived_at, ...) index, and the
    // latest arrival of each from the same index: the horizon without a scan.
    ASSIGN_OR_RETURN(Stmt p, db_.Prepare(
        "WITH RECURSIVE p(name) AS (SELECT min(partner) FROM contacts UNION ALL "
        "SELECT (SELECT min(partner) FROM contacts WHERE partner > p.name) FROM p "
        "WHERE p.name IS NOT NULL) "
        "SELECT name, (SELECT max(arrived_at) FROM contacts WHERE partner = p.name) FROM p "
        "WHERE p.name IS NOT NULL"));
    std::vector<std::string> partners;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, p.Step());
      if (!more) break;
      partners.push_back(p.Text(0));
      info.horizon = std::max(info.horizon.value_or(INT64_MIN), p.Int(1));
    }
    if (!info.horizon) return info;
    const KindSpec& contacts = SpecOf(Kind::kContacts);
    // The partner's contacts in [from, to), noting their customers.
    ASSIGN_OR_RETURN(Stmt own, db_.Prepare(fmt::format(
        "SELECT {} FROM contacts INDEXED BY {} "
        "WHERE partner = ?1 AND arrived_at >= ?2 AND arrived_at < ?3",
        FieldList(contacts), kContactsByPartnerTime)));
    BindSlice(own, q);
    std::unordered_set<std::string, TextHash, std::equal_to<>> customers;
    RETURN_IF_ERROR(Emit(own, Kind::kContacts, [&](Kind kind, const std::vector<Value>& row) {
      const Value& customer = row[contact_field::kCustomerId];
      if (q.follow > 0 && !customer.is_null()) customers.emplace(customer.s);
      fn(kind, row);
    }));
    if (!customers.empty()) {
      // Their other contacts in [from, to + follow), any partner: each partner's time range of
      // the index, read from the index alone (customer_id is in it), then only the rows of
      // those customers from the table. Probing the customers one by one costs a B-tree search
      // each, ~3x more at 10M contacts.
      ASSIGN_OR_RETURN(Stmt window, db_.Prepare(fmt::format(
          "SELECT customer_id, rowid FROM contacts INDEXED BY {} "
          "WHERE partner = ?1 AND arrived_at >= ?2 AND arrived_at < ?3",
          kContactsByPartnerTime)));
      std::vector<int64_t> rowids;
      for (const std::string& partner : partners) {
        window.BindText(1, partner);
        window.BindInt(2, partner == q.partner ? q.to : q.from);  // Its own [from, to): sent.
        window.BindInt(3, q.to + q.follow);
        for (;;) {
          ASSIGN_OR_RETURN(bool more, window.Step());
          if (!more) break;
          if (window.IsNull(0)) continue;
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(window.raw(), 0));
          const std::string_view customer(text, sqlite3_column_bytes(window.raw(), 0));
          if (customers.contains(customer)) rowids.push_back(window.Int(1));
        }
        window.Reset();
      }
      std::sort(rowids.begin(), rowids.end());
      ASSIGN_OR_RETURN(Stmt fetch, db_.Prepare(fmt::format(
          "SELECT {} FROM contacts WHERE rowid = ?1", FieldList(contacts))));
      for (int64_t rowid : rowids) {
        fetch.BindInt(1, rowid);
        RETURN_IF_ERROR(Emit(fetch, Kind::kContacts, fn));
        fetch.Reset();
      }
    }
    if (q.surveys) {
      ASSIGN_OR_RETURN(Stmt linked, db_.Prepare(fmt::format(
          "SELECT {} FROM contacts c INDEXED BY {} JOIN surveys s INDEXED BY {} "
          "ON s.partner = c.partner AND s.contact_id = c.contact_id "
          "WHERE c.partner = ?1 AND c.arrived_at >= ?2 AND c.arrived_at < ?3",
          FieldList(SpecOf(Kind::kSurveys), "s."), kContactsByPartnerTime,
          kSurveysByContact)));
      BindSlice(linked, q);
      RETURN_IF_ERROR(Emit(linked, Kind::kSurveys, fn));
    }
    return info;
  }

  Result<int64_t> Count(std::string_view table) {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(fmt::format("SELECT count(*) FROM {}", table)));
    ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

  Db db_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path,
                                               const SqliteOptions& options) {
  ASSIGN_OR_RETURN(Db db, Db::Open(path.string()));
  auto store = std::make_unique<SqliteStore>(std::move(db));
  RETURN_IF_ERROR(store->Init(options).WithContext(path.string()));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace cx
