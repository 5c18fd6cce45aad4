#include "portal/portal_store.h"

#include <fmt/format.h>

#include <map>

namespace cx {

namespace {

using sqlite::Db;
using sqlite::Stmt;

constexpr int kSchemaVersion = 2;  // 2: insight status, answers, uploads.

constexpr std::string_view kSchema = R"(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
  partner TEXT NOT NULL DEFAULT '', password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,
  CHECK ((role = 'partner_user') = (partner <> '')));
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
  csrf TEXT NOT NULL, created_at INTEGER NOT NULL, idle_expires INTEGER NOT NULL,
  absolute_expires INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);
CREATE TABLE IF NOT EXISTS login_failures (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, user TEXT NOT NULL, client_ip TEXT NOT NULL,
  user_cleared INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS login_failures_user ON login_failures (user, at);
CREATE INDEX IF NOT EXISTS login_failures_ip ON login_failures (client_ip, at);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, user TEXT NOT NULL, client_ip TEXT NOT NULL,
  action TEXT NOT NULL, target TEXT NOT NULL, outcome TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS insights (
  id INTEGER PRIMARY KEY, partner TEXT NOT NULL, author TEXT NOT NULL,
  created_at INTEGER NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open', updated_at INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS insights_partner ON insights (partner);
CREATE TABLE IF NOT EXISTS insight_answers (
  id INTEGER PRIMARY KEY, insight_id INTEGER NOT NULL REFERENCES insights(id),
  author TEXT NOT NULL, created_at INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS insight_answers_insight ON insight_answers (insight_id);
CREATE TABLE IF NOT EXISTS uploads (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, user TEXT NOT NULL, partner TEXT NOT NULL,
  kind TEXT NOT NULL, file TEXT NOT NULL, sha256 TEXT NOT NULL, outcome TEXT NOT NULL);
)";

// Version 1 databases have insights without status and updated_at.
constexpr std::string_view kMigrateFrom1 = R"(
ALTER TABLE insights ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE insights ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE insights SET updated_at = created_at;
UPDATE meta SET value = '2' WHERE key = 'schema_version';
)";

Status CheckInsightStatus(std::string_view s) {
  if (s == "open" || s == "answered" || s == "closed") return Status::Ok();
  return InvalidArgument("insight status '{}' is not open, answered or closed", s);
}

constexpr std::string_view kUserColumns =
    "id, name, role, partner, password_hash, disabled, created_at";

Result<UserRecord> ReadUser(const Stmt& s, const std::string& where) {
  UserRecord u;
  u.id = s.Int(0);
  u.name = s.Text(1);
  const std::string role = s.Text(2);
  auto r = RoleFromName(role);
  if (!r) return DataLoss("{}: user '{}' has an unknown role '{}'", where, u.name, role);
  u.role = *r;
  u.partner = s.Text(3);
  u.password_hash = s.Text(4);
  u.disabled = s.Int(5) != 0;
  u.created_at = s.Int(6);
  return u;
}

}  // namespace

Result<std::unique_ptr<PortalStore>> PortalStore::Open(const std::filesystem::path& path,
                                                       const PortalStoreOptions& options) {
  ASSIGN_OR_RETURN(Db db, Db::Open(path.string()));
  // The busy timeout first: switching to WAL needs a lock another process may hold.
  RETURN_IF_ERROR(db.Exec(
      fmt::format("PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                  "PRAGMA foreign_keys = ON;",
                  options.busy_timeout_ms)));
  std::unique_ptr<PortalStore> store(new PortalStore(std::move(db)));
  Status s = store->Write([&]() -> Status {
    RETURN_IF_ERROR(store->db_.Exec(kSchema));
    ASSIGN_OR_RETURN(
        Stmt v, store->db_.Prepare("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?1)"));
    const std::string version = std::to_string(kSchemaVersion);
    v.BindText(1, version);
    RETURN_IF_ERROR(v.Run());
    ASSIGN_OR_RETURN(Stmt get,
                     store->db_.Prepare("SELECT value FROM meta WHERE key = 'schema_version'"));
    ASSIGN_OR_RETURN(bool found, get.Step());
    if (found && get.Text(0) == "1") {
      get = Stmt();
      RETURN_IF_ERROR(store->db_.Exec(kMigrateFrom1));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s.WithContext(path.string());
  return store;
}

Status PortalStore::Write(const std::function<Status()>& body) {
  RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  Status s = body();
  if (s.ok()) s = db_.Exec("COMMIT");
  if (!s.ok()) (void)db_.Exec("ROLLBACK");
  return s;
}

// ---- Users ----

Result<int64_t> PortalStore::InsertUser(const UserRecord& user) {
  int64_t id = 0;
  RETURN_IF_ERROR(Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt find, db_.Prepare("SELECT 1 FROM users WHERE name = ?1"));
    find.BindText(1, user.name);
    ASSIGN_OR_RETURN(bool exists, find.Step());
    if (exists)
      return Status(StatusCode::kAlreadyExists, fmt::format("user '{}' already exists", user.name));
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("INSERT INTO users (name, role, partner, password_hash, "
                                         "disabled, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    s.BindText(1, user.name);
    s.BindText(2, RoleName(user.role));
    s.BindText(3, user.partner);
    s.BindText(4, user.password_hash);
    s.BindInt(5, user.disabled ? 1 : 0);
    s.BindInt(6, user.created_at);
    RETURN_IF_ERROR(s.Run());
    id = sqlite3_last_insert_rowid(db_.raw());
    return Status::Ok();
  }));
  return id;
}

Result<std::optional<UserRecord>> PortalStore::FindUserWhere(
    std::string_view where, const std::function<void(Stmt&)>& bind) {
  ASSIGN_OR_RETURN(Stmt s,
                   db_.Prepare(fmt::format("SELECT {} FROM users WHERE {}", kUserColumns, where)));
  bind(s);
  ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<UserRecord>();
  ASSIGN_OR_RETURN(UserRecord u, ReadUser(s, kPortalDbFile));
  return std::optional<UserRecord>(std::move(u));
}

Result<std::optional<UserRecord>> PortalStore::FindUser(std::string_view name) {
  return FindUserWhere("name = ?1", [&](Stmt& s) { s.BindText(1, name); });
}

Result<std::optional<UserRecord>> PortalStore::FindUserById(int64_t id) {
  return FindUserWhere("id = ?1", [&](Stmt& s) { s.BindInt(1, id); });
}

Result<std::vector<UserRecord>> PortalStore::ListUsers() {
  ASSIGN_OR_RETURN(Stmt s,
                   db_.Prepare(fmt::format("SELECT {} FROM users ORDER BY name", kUserColumns)));
  std::vector<UserRecord> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(UserRecord u, ReadUser(s, kPortalDbFile));
    u.password_hash.clear();
    out.push_back(std::move(u));
  }
  return out;
}

Status PortalStore::SetPasswordHash(int64_t user_id, std::string_view hash) {
  return Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1"));
    s.BindInt(1, user_id);
    s.BindText(2, hash);
    return s.Run();
  });
}

Status PortalStore::DisableUser(std::string_view name) {
  return Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("UPDATE users SET disabled = 1 WHERE name = ?1"));
    s.BindText(1, name);
    RETURN_IF_ERROR(s.Run());
    if (db_.Changes() == 0) return NotFound("no user named '{}'", name);
    ASSIGN_OR_RETURN(Stmt d, db_.Prepare("DELETE FROM sessions WHERE user_id = "
                                         "(SELECT id FROM users WHERE name = ?1)"));
    d.BindText(1, name);
    return d.Run();
  });
}

// ---- Sessions ----

Status PortalStore::InsertSession(const SessionRecord& session) {
  return Write([&]() -> Status {
    ASSIGN_OR_RETURN(
        Stmt s, db_.Prepare("INSERT INTO sessions (token_hash, user_id, csrf, created_at, "
                            "idle_expires, absolute_expires) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    s.BindText(1, session.token_hash);
    s.BindInt(2, session.user_id);
    s.BindText(3, session.csrf);
    s.BindInt(4, session.created_at);
    s.BindInt(5, session.idle_expires);
    s.BindInt(6, session.absolute_expires);
    return s.Run();
  });
}

Result<std::optional<SessionRecord>> PortalStore::FindSession(std::string_view token_hash) {
  ASSIGN_OR_RETURN(Stmt s,
                   db_.Prepare("SELECT token_hash, user_id, csrf, created_at, idle_expires, "
                               "absolute_expires FROM sessions WHERE token_hash = ?1"));
  s.BindText(1, token_hash);
  ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(
      SessionRecord{s.Text(0), s.Int(1), s.Text(2), s.Int(3), s.Int(4), s.Int(5)});
}

Status PortalStore::SetIdleExpiry(std::string_view token_hash, Micros idle_expires) {
  return Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s,
                     db_.Prepare("UPDATE sessions SET idle_expires = ?2 WHERE token_hash = ?1"));
    s.BindText(1, token_hash);
    s.BindInt(2, idle_expires);
    return s.Run();
  });
}

Result<bool> PortalStore::DeleteSession(std::string_view token_hash) {
  int64_t changes = 0;
  RETURN_IF_ERROR(Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("DELETE FROM sessions WHERE token_hash = ?1"));
    s.BindText(1, token_hash);
    RETURN_IF_ERROR(s.Run());
    changes = db_.Changes();
    return Status::Ok();
  }));
  return changes > 0;
}

Status PortalStore::DeleteExpiredSessions(Micros now) {
  return Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("DELETE FROM sessions WHERE idle_expires <= ?1 OR "
                                         "absolute_expires <= ?1"));
    s.BindInt(1, now);
    return s.Run();
  });
}

Result<int64_t> PortalStore::CountSessions(int64_t user_id) {
  ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT count(*) FROM sessions WHERE user_id = ?1"));
  s.BindInt(1, user_id);
  ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

// ---- Login failures ----

Result<int64_t> PortalStore::RecordFailure(std::string_view user, std::string_view client_ip,
                                           Micros at) {
  int64_t id = 0;
  RETURN_IF_ERROR(Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("INSERT INTO login_failures (at, user, client_ip) "
                                         "VALUES (?1, ?2, ?3)"));
    s.BindInt(1, at);
    s.BindText(2, user);
    s.BindText(3, client_ip);
    RETURN_IF_ERROR(s.Run());
    id = sqlite3_last_insert_rowid(db_.raw());
    return Status::Ok();
  }));
  return id;
}

Status PortalStore::DeleteFailure(int64_t id) {
  return Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("DELETE FROM login_failures WHERE id = ?1"));
    s.BindInt(1, id);
    return s.Run();
  });
}

Result<int64_t> PortalStore::CountUserFailures(std::string_view user, Micros since) {
  ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT count(*) FROM login_failures WHERE user = ?1 AND "
                                       "at > ?2 AND user_cleared = 0"));
  s.BindText(1, user);
  s.BindInt(2, since);
  ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

Result<int64_t> PortalStore::CountIpFailures(std::string_view client_ip, Micros since) {
  ASSIGN_OR_RETURN(Stmt s,
                   db_.Prepare("SELECT count(*) FROM login_failures WHERE client_ip = ?1 AND "
                               "at > ?2"));
  s.BindText(1, client_ip);
  s.BindInt(2, since);
  ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

Status PortalStore::ClearUserFailures(std::string_view user) {
  return Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("UPDATE login_failures SET user_cleared = 1 WHERE "
                                         "user = ?1 AND user_cleared = 0"));
    s.BindText(1, user);
    return s.Run();
  });
}

Status PortalStore::DeleteFailuresBefore(Micros cutoff) {
  return Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("DELETE FROM login_failures WHERE at <= ?1"));
    s.BindInt(1, cutoff);
    return s.Run();
  });
}

// ---- Audit ----

Status PortalStore::AppendAudit(const AuditEntry& e) {
  return Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s,
                     db_.Prepare("INSERT INTO audit (at, user, client_ip, action, target, outcome) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    s.BindInt(1, e.at);
    s.BindText(2, e.user);
    s.BindText(3, e.client_ip);
    s.BindText(4, e.action);
    s.BindText(5, e.target);
    s.BindText(6, e.outcome);
    return s.Run();
  });
}

Result<std::vector<AuditEntry>> PortalStore::ListAudit(int64_t limit) {
  ASSIGN_OR_RETURN(Stmt s,
                   db_.Prepare("SELECT at, user, client_ip, action, target, outcome FROM audit "
                               "ORDER BY id DESC LIMIT ?1"));
  s.BindInt(1, limit);
  std::vector<AuditEntry> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)});
  }
  return out;
}

// ---- Insights ----

Result<int64_t> PortalStore::AddInsight(const Insight& insight) {
  RETURN_IF_ERROR(CheckInsightStatus(insight.status));
  int64_t id = 0;
  RETURN_IF_ERROR(Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("INSERT INTO insights (partner, author, created_at, "
                                         "title, body, status, updated_at) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?3)"));
    s.BindText(1, insight.partner);
    s.BindText(2, insight.author);
    s.BindInt(3, insight.created_at);
    s.BindText(4, insight.title);
    s.BindText(5, insight.body);
    s.BindText(6, insight.status);
    RETURN_IF_ERROR(s.Run());
    id = sqlite3_last_insert_rowid(db_.raw());
    return Status::Ok();
  }));
  return id;
}

Result<std::vector<Insight>> PortalStore::ListInsights() { return ReadInsights(std::nullopt); }

Result<std::optional<Insight>> PortalStore::FindInsight(int64_t id) {
  ASSIGN_OR_RETURN(std::vector<Insight> found, ReadInsights(id));
  if (found.empty()) return std::optional<Insight>();
  return std::optional<Insight>(std::move(found.front()));
}

Result<std::vector<Insight>> PortalStore::ReadInsights(std::optional<int64_t> id) {
  // Two plain WHERE clauses, not "?1 IS NULL OR ...", so the lookup of one uses the keys.
  const std::string where = id ? "WHERE id = ?1" : "";
  const std::string answers_where = id ? "WHERE insight_id = ?1" : "";
  ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT id, partner, author, created_at, title, body, "
                                       "status, updated_at FROM insights " + where +
                                       " ORDER BY id DESC"));
  if (id) s.BindInt(1, *id);
  std::vector<Insight> out;
  std::map<int64_t, size_t> index;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    index[s.Int(0)] = out.size();
    out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Int(3), s.Text(4), s.Text(5), s.Text(6),
                   s.Int(7), {}});
  }
  ASSIGN_OR_RETURN(Stmt a, db_.Prepare("SELECT id, insight_id, author, created_at, body "
                                       "FROM insight_answers " + answers_where + " ORDER BY id"));
  if (id) a.BindInt(1, *id);
  for (;;) {
    ASSIGN_OR_RETURN(bool row, a.Step());
    if (!row) break;
    auto it = index.find(a.Int(1));
    if (it == index.end()) continue;
    out[it->second].answers.push_back({a.Int(0), a.Int(1), a.Text(2), a.Int(3), a.Text(4)});
  }
  return out;
}

Result<int64_t> PortalStore::AddInsightAnswer(const InsightAnswer& answer) {
  int64_t id = 0;
  RETURN_IF_ERROR(Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt u, db_.Prepare("UPDATE insights SET status = 'answered', "
                                         "updated_at = ?2 WHERE id = ?1"));
    u.BindInt(1, answer.insight_id);
    u.BindInt(2, answer.created_at);
    RETURN_IF_ERROR(u.Run());
    if (sqlite3_changes(db_.raw()) == 0) return NotFound("no insight {}", answer.insight_id);
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("INSERT INTO insight_answers (insight_id, author, "
                                         "created_at, body) VALUES (?1, ?2, ?3, ?4)"));
    s.BindInt(1, answer.insight_id);
    s.BindText(2, answer.author);
    s.BindInt(3, answer.created_at);
    s.BindText(4, answer.body);
    RETURN_IF_ERROR(s.Run());
    id = sqlite3_last_insert_rowid(db_.raw());
    return Status::Ok();
  }));
  return id;
}

Status PortalStore::SetInsightStatus(int64_t id, std::string_view status, Micros at) {
  RETURN_IF_ERROR(CheckInsightStatus(status));
  return Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt u,
                     db_.Prepare("UPDATE insights SET status = ?2, updated_at = ?3 WHERE id = ?1"));
    u.BindInt(1, id);
    u.BindText(2, status);
    u.BindInt(3, at);
    RETURN_IF_ERROR(u.Run());
    if (sqlite3_changes(db_.raw()) == 0) return NotFound("no insight {}", id);
    return Status::Ok();
  });
}

// ---- Uploads ----

Result<int64_t> PortalStore::AddUpload(const UploadRecord& upload) {
  int64_t id = 0;
  RETURN_IF_ERROR(Write([&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("INSERT INTO uploads (at, user, partner, kind, file, "
                                         "sha256, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    s.BindInt(1, upload.at);
    s.BindText(2, upload.user);
    s.BindText(3, upload.partner);
    s.BindText(4, upload.kind);
    s.BindText(5, upload.file);
    s.BindText(6, upload.sha256);
    s.BindText(7, upload.outcome);
    RETURN_IF_ERROR(s.Run());
    id = sqlite3_last_insert_rowid(db_.raw());
    return Status::Ok();
  }));
  return id;
}

Result<std::vector<UploadRecord>> PortalStore::ListUploads() {
  ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT id, at, user, partner, kind, file, sha256, outcome "
                                       "FROM uploads ORDER BY id"));
  std::vector<UploadRecord> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                   s.Text(7)});
  }
  return out;
}

}  // namespace cx
