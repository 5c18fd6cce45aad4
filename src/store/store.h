// The persistence interface: loads of input files into per-kind tables with corrections kept
// in history, a quarantine of rejected records, and the load log. A Store is used by one
// thread at a time (thread-compatible); several processes may open the same workspace, and
// writes are serialised by the database (one load transaction at a time).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "io/schema.h"
#include "io/validate.h"

namespace cx {

enum class UpsertOutcome {
  kInserted,   // A new key.
  kUnchanged,  // The key exists with identical content: nothing changes.
  kCorrected,  // The key exists with other content: replaced, old version kept in history.
  kStale,      // The key exists with a newer version (e.g. LastUpdateTimestamp): kept as is.
};

struct LoadCounts {
  int64_t read = 0;         // Records in the file.
  int64_t inserted = 0;     // Keys new to the store.
  int64_t unchanged = 0;    // Keys stored with identical content.
  int64_t corrected = 0;    // Keys stored with other content, now replaced.
  int64_t stale = 0;        // Keys stored with a newer version, kept.
  int64_t superseded = 0;   // Valid records overridden by a later record of the same key in the file.
  int64_t quarantined = 0;  // Records rejected, with their reason.
};

struct QuarantineEntry {
  Kind kind = Kind::kContacts;
  std::string file;    // File name as given (base name).
  std::string sha256;  // Of the stored bytes.
  int64_t record = 0, line = 0;
  std::string field, value, reason, detail;
};

struct LoadLogEntry {
  int64_t id = 0;
  Kind kind = Kind::kContacts;
  std::string file, path, sha256, finished_at;
  LoadCounts counts;
};

// One version of a month's close (contracts/close.h), immutable once saved.
struct CloseRecord {
  std::string period;       // YYYY-MM.
  int version = 0;          // 1, 2, ... per period.
  std::string fingerprint;  // Of the close's inputs: data, contracts, settings.
  int64_t data_load = 0;    // The latest load the data included.
  std::string document;     // The close document (JSON).
};

// A stored row that a later load replaced: its key and the fields whose values changed.
struct Correction {
  std::vector<std::string> key;  // The kind's key fields, as text.
  int64_t load = 0;              // The load that replaced it.
  std::vector<std::string> fields;
};

// One of several readers of the same snapshot of a store (Store::OpenReaders), so that a scan
// can run on several threads at once. Each has a connection of its own: thread-compatible,
// one thread at a time each. The snapshot ends with the reader.
class RowReader {
 public:
  virtual ~RowReader() = default;
  // The largest row id of `kind` in the snapshot (0: none). Row ids are the store's order of
  // the rows (ScanRows' order), distinct and positive.
  virtual Result<int64_t> LastRowId(Kind kind) = 0;
  // Calls `row` with every row of `kind` whose row id is in [from, to), in row id order, as
  // ScanRows does.
  virtual Status ScanRange(Kind kind, int64_t from, int64_t to,
                           const std::function<void(const std::vector<Value>& row)>& row) = 0;
};

// One file's load: everything it writes becomes visible at Commit, or not at all. Outside bulk
// mode the rows upserted in one load must have distinct keys.
class LoadTransaction {
 public:
  virtual ~LoadTransaction() = default;  // Rolls back unless committed.
  virtual Result<UpsertOutcome> Upsert(const std::vector<Value>& row, uint64_t fingerprint,
                                       int64_t version, int64_t record) = 0;
  // From now on, an Upsert whose key is stored in a row of a partner other than `partner`
  // fails with PermissionDenied (and the caller rolls the load back): a partner user's upload
  // may add rows and correct its own, never replace another partner's. Keys such as a
  // survey_id or an event_id do not name the partner, so the partner field alone cannot
  // guard them. For kinds with a partner field only.
  virtual void OnlyPartner(std::string partner) = 0;
  // True when the table was empty at BeginLoad: nothing stored can conflict, every Upsert is
  // an insert, and rows written by this load may share a key until DeleteRecords removes the
  // losers (Commit fails if any key is still shared).
  virtual bool bulk() const = 0;
  // Bulk loads only: removes the rows this load wrote for these record numbers.
  virtual Status DeleteRecords(const std::vector<int64_t>& records) = 0;
  virtual Status Commit(const std::string& sha256, const LoadCounts& counts,
                        const std::vector<QuarantineEntry>& quarantine) = 0;
};

// The rows a drill-down into one partner's period reads (metrics/drilldown.h), instead of the
// whole store: the partner's contacts in a time range, the contacts of their customers that
// could be repeats of them, and the surveys linked to them.
struct ContactSliceQuery {
  std::string partner;
  int64_t from = 0, to = 0;  // The partner's contacts with from <= arrived_at < to (µs).
  // When > 0, also every contact, of any partner, of those contacts' customers with
  // from <= arrived_at < to + follow.
  int64_t follow = 0;
  bool surveys = false;  // Also the surveys linked to the partner's contacts in [from, to).
};

// What ScanContactSlice read the rows from.
struct ContactSliceInfo {
  // The data horizon: the latest arrived_at of ALL stored contacts; nullopt when there are none.
  std::optional<int64_t> horizon;
  int64_t data_version = 0;  // DataVersion() of the rows.
};

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<std::unique_ptr<LoadTransaction>> BeginLoad(Kind kind, const std::string& file,
                                                             const std::string& path) = 0;
  virtual Result<std::vector<QuarantineEntry>> ListQuarantine() = 0;
  virtual Result<std::vector<LoadLogEntry>> ListLoads() = 0;
  virtual Result<int64_t> CountRows(Kind kind) = 0;
  // An upper bound on how many rows of `kind` are stored, at once (CountRows reads the whole
  // table): for sizing tables before a ScanRows.
  virtual Result<int64_t> RowsAtMost(Kind kind) = 0;
  // `n` readers, each on a connection of its own, that all read one snapshot: the store as it
  // was at one moment, the same for all. FailedPrecondition when there can be no such readers
  // (a store in memory, one not in WAL mode, or loads that kept committing while the readers
  // started): the caller can scan on its own connection instead. Any other error is one of
  // the store.
  virtual Result<std::vector<std::unique_ptr<RowReader>>> OpenReaders(int n) = 0;
  // Calls `row` with every stored row of `kind` (one Value per field, in the kind's field order;
  // text views are valid during the call only), in load order.
  virtual Status ScanRows(Kind kind,
                          const std::function<void(const std::vector<Value>& row)>& row) = 0;
  virtual Result<int64_t> CountHistory(Kind kind) = 0;
  // The distinct partner names of the stored contacts, sorted (one scan of the table).
  virtual Result<std::vector<std::string>> ListPartners() = 0;

  // An order-independent digest of every stored row of every kind (their content
  // fingerprints), so that equal data gives an equal digest however it was loaded.
  virtual Result<std::string> ContentDigest() = 0;
  // Rows of `kind` replaced by loads after `after_load`, oldest replacement first.
  virtual Result<std::vector<Correction>> ListCorrections(Kind kind, int64_t after_load) = 0;
  // The data's version: the id of the latest finished load (0 when nothing was loaded). Every
  // change to stored rows comes from a load, so equal versions mean equal data.
  virtual Result<int64_t> DataVersion() = 0;
  // The results cache: a value computed from data version `data_version` under `key` (the
  // caller's fingerprint of what was computed, and how), if stored.
  virtual Result<std::optional<std::string>> GetCached(const std::string& key,
                                                       int64_t data_version) = 0;
  // Stores a value, replacing any other under `key`.
  virtual Status PutCached(const std::string& key, int64_t data_version,
                           const std::string& value) = 0;
  // Calls `row` with the rows `query` asks for, each once, contacts (Kind::kContacts) before
  // surveys, fields as in ScanRows (text views valid during the call only). Rows, horizon and
  // version come from one read transaction, so from one data version. Reads indexes of
  // contacts by (partner, arrived_at, customer_id) and surveys by (partner, contact_id), and
  // of the tables only the rows it returns.
  virtual Result<ContactSliceInfo> ScanContactSlice(
      const ContactSliceQuery& query,
      const std::function<void(Kind kind, const std::vector<Value>& row)>& row) = 0;
  // The latest saved version of a period's close, if any.
  virtual Result<std::optional<CloseRecord>> LatestClose(const std::string& period) = 0;
  // Saves a new version; it must be one more than the latest (FailedPrecondition otherwise).
  virtual Status SaveClose(const CloseRecord& record) = 0;
};

struct SqliteOptions {
  int busy_timeout_ms = 10'000;     // Wait this long for another writer.
  int64_t cache_bytes = 256 << 20;  // Page cache per connection.
};

// Opens (creating if needed) the SQLite store at `path`: WAL, synchronous=FULL, foreign keys,
// busy timeout; every write in BEGIN IMMEDIATE.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path,
                                               const SqliteOptions& options = {});

}  // namespace cx
