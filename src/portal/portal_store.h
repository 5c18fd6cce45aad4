// The portal's own SQLite database (`portal.db` in the workspace folder, beside the data store
// cxpact.db): users, sessions, failed login attempts, the audit log and insights. Plain rows in
// and out; policy (hashing, timeouts, limits) lives in SqliteAuthenticator. Thread-compatible:
// one connection, used by one thread at a time. Several processes may open the same file (the
// CLI while the server runs): WAL, synchronous=FULL, a busy timeout, and every write in
// BEGIN IMMEDIATE.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "portal/auth.h"
#include "portal/principal.h"
#include "store/sqlite/db.h"

namespace cx {

inline constexpr const char* kPortalDbFile = "portal.db";

struct UserRecord {
  int64_t id = 0;
  std::string name;  // Unique.
  Role role = Role::kClientViewer;
  std::string partner;        // Non-empty exactly for kPartnerUser.
  std::string password_hash;  // Encoded argon2id string; empty in ListUsers.
  bool disabled = false;
  Micros created_at = 0;
};

// A live session. Only a hash of the session token is stored, so the file alone does not let
// anyone resume a session.
struct SessionRecord {
  std::string token_hash;  // Hex of a 256-bit hash of the token.
  int64_t user_id = 0;
  std::string csrf;  // The session's CSRF token (useless without the session token).
  Micros created_at = 0;
  Micros idle_expires = 0;      // Moves forward on use.
  Micros absolute_expires = 0;  // Fixed at login.
};

// A reply to an insight (by a client admin).
struct InsightAnswer {
  int64_t id = 0;
  int64_t insight_id = 0;
  std::string author;  // User name.
  Micros created_at = 0;
  std::string body;
};

// A note about a partner's performance, written by a client admin or the partner's own user,
// answered by client admins, and moved through open -> answered -> closed.
struct Insight {
  int64_t id = 0;
  std::string partner;
  std::string author;  // User name.
  Micros created_at = 0;
  std::string title;
  std::string body;
  std::string status = "open";  // "open", "answered" or "closed".
  Micros updated_at = 0;        // The latest answer or status change; created_at before that.
  std::vector<InsightAnswer> answers;  // Oldest first (filled by ListInsights / FindInsight).
};

// One file uploaded through the portal: who uploaded it, for which partner, and the stored
// file's name and SHA-256 (which the store's quarantine entries carry too).
struct UploadRecord {
  int64_t id = 0;
  Micros at = 0;
  std::string user;     // User name.
  std::string partner;  // The uploader's partner ("" for a client user).
  std::string kind;     // "contacts", ...
  std::string file;
  std::string sha256;
  std::string outcome;  // "ok" or "error: ...".
};

struct PortalStoreOptions {
  int busy_timeout_ms = 10'000;  // Wait this long for another writer.
};

class PortalStore {
 public:
  // Opens (creating if needed) the database at `path`.
  static Result<std::unique_ptr<PortalStore>> Open(const std::filesystem::path& path,
                                                   const PortalStoreOptions& options = {});

  // Users. InsertUser fails with AlreadyExists when the name is taken.
  Result<int64_t> InsertUser(const UserRecord& user);
  Result<std::optional<UserRecord>> FindUser(std::string_view name);
  Result<std::optional<UserRecord>> FindUserById(int64_t id);
  Result<std::vector<UserRecord>> ListUsers();  // By name; without password hashes.
  Status SetPasswordHash(int64_t user_id, std::string_view hash);
  // Marks the user disabled and deletes its sessions, in one transaction. NotFound if unknown.
  Status DisableUser(std::string_view name);

  // Sessions, by token hash.
  Status InsertSession(const SessionRecord& session);
  Result<std::optional<SessionRecord>> FindSession(std::string_view token_hash);
  Status SetIdleExpiry(std::string_view token_hash, Micros idle_expires);
  Result<bool> DeleteSession(std::string_view token_hash);  // False when there was none.
  // Deletes the sessions whose idle or absolute expiry is at or before `now`.
  Status DeleteExpiredSessions(Micros now);
  Result<int64_t> CountSessions(int64_t user_id);

  // Failed login attempts. A success clears the user's count but not the client IP's.
  // RecordFailure returns the row's id (DeleteFailure takes it back).
  Result<int64_t> RecordFailure(std::string_view user, std::string_view client_ip, Micros at);
  Status DeleteFailure(int64_t id);
  Result<int64_t> CountUserFailures(std::string_view user, Micros since);  // at > since.
  Result<int64_t> CountIpFailures(std::string_view client_ip, Micros since);
  Status ClearUserFailures(std::string_view user);
  Status DeleteFailuresBefore(Micros cutoff);  // at <= cutoff.

  // The audit log, append-only.
  Status AppendAudit(const AuditEntry& entry);
  Result<std::vector<AuditEntry>> ListAudit(int64_t limit);  // Newest first.

  // Insights. AddInsight ignores `id`, `answers`, and `updated_at` (set to created_at).
  Result<int64_t> AddInsight(const Insight& insight);
  Result<std::vector<Insight>> ListInsights();  // Newest first, with their answers.
  Result<std::optional<Insight>> FindInsight(int64_t id);
  // Appends an answer and marks the insight "answered", in one transaction. NotFound if unknown.
  Result<int64_t> AddInsightAnswer(const InsightAnswer& answer);
  // InvalidArgument unless `status` is open, answered or closed; NotFound if unknown.
  Status SetInsightStatus(int64_t id, std::string_view status, Micros at);

  // The portal's uploads, append-only.
  Result<int64_t> AddUpload(const UploadRecord& upload);
  Result<std::vector<UploadRecord>> ListUploads();  // Oldest first.

 private:
  explicit PortalStore(sqlite::Db db) : db_(std::move(db)) {}
  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back when it fails.
  Status Write(const std::function<Status()>& body);
  Result<std::optional<UserRecord>> FindUserWhere(std::string_view where,
                                                  const std::function<void(sqlite::Stmt&)>& bind);
  // Insights newest first with their answers: every one, or only `id`.
  Result<std::vector<Insight>> ReadInsights(std::optional<int64_t> id);

  sqlite::Db db_;
};

}  // namespace cx
