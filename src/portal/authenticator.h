// The Authenticator over the portal's SQLite database (portal_store.h): argon2id passwords
// (libsodium), opaque session tokens stored only as hashes, idle and absolute timeouts, CSRF
// tokens, login rate limiting per user name and per client IP, the audit log, and user
// management for the CLI. See docs/decisions/0008-portal-auth.md. Thread-safe: database access
// is serialised by a mutex; password hashing runs outside it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "portal/auth.h"
#include "portal/portal_store.h"
#include "portal/principal.h"

namespace cx {

// argon2id cost floors (OWASP's minimum for argon2id: m = 19 MiB, t = 2, p = 1).
inline constexpr uint64_t kMinPwhashOpslimit = 2;
inline constexpr size_t kMinPwhashMemlimit = size_t{19} << 20;  // Bytes (m=19456 KiB).
inline constexpr size_t kMinPasswordLength = 12;                // Bytes.
inline constexpr size_t kMaxPasswordLength = 1024;              // Longer ones are refused.
inline constexpr size_t kMaxUserNameLength = 64;

// Where "now" comes from for the calls that take no `now` (Logout's audit entry, AddUser's
// created_at). Tests pass a fixed one.
using Clock = std::function<Micros()>;
Clock SystemClock();

struct AuthOptions {
  // argon2id cost for new hashes; Open refuses values below the floors above. A stored hash
  // made with other costs is rehashed at its next successful login.
  uint64_t pwhash_opslimit = kMinPwhashOpslimit;
  size_t pwhash_memlimit = kMinPwhashMemlimit;

  Micros idle_timeout = 30 * 60 * kMicrosPerSecond;  // Since the last authenticated request.
  Micros absolute_timeout = 12 * kMicrosPerHour;     // Since login, whatever the activity.
  // Authenticate writes a new idle expiry only when it moves by at least this much, so that
  // not every request costs a synchronous write. The idle timeout is thus exact to this.
  Micros idle_refresh = 60 * kMicrosPerSecond;

  // Failed logins tolerated within `failure_window`, per user name and per client IP; the
  // next attempt is refused (ResourceExhausted) without checking the password.
  int max_user_failures = 5;
  int max_ip_failures = 20;
  Micros failure_window = 15 * 60 * kMicrosPerSecond;

  Clock clock = SystemClock();
  PortalStoreOptions store;
};

// What a user may be created with; AddUser checks it (InvalidArgument otherwise).
struct NewUser {
  std::string name;  // 1-64 bytes, no whitespace or control characters.
  Role role = Role::kClientViewer;
  std::string partner;   // Required for kPartnerUser, must be empty otherwise.
  std::string password;  // At least kMinPasswordLength bytes.
};

class SqliteAuthenticator : public Authenticator {
 public:
  // Opens (creating if needed) the portal database at `path` (normally WORKSPACE/portal.db).
  static Result<std::unique_ptr<SqliteAuthenticator>> Open(const std::filesystem::path& path,
                                                           AuthOptions options = {});

  // Authenticator.
  Result<Session> Login(std::string_view user, std::string_view password,
                        std::string_view client_ip, Micros now) override;
  Result<Principal> Authenticate(std::string_view token, Micros now) override;
  bool CheckCsrf(std::string_view token, std::string_view csrf) override;
  Result<std::string> SessionCsrf(std::string_view token) override;
  Status Logout(std::string_view token) override;
  // Appends to the audit log. A failure to write is reported on stderr (the interface cannot
  // return it); AppendAudit returns it.
  void Audit(const AuditEntry& entry) override;
  Status AppendAudit(const AuditEntry& entry);

  // Administration (the CLI; client_admin in the server).
  Result<int64_t> AddUser(const NewUser& user);              // The new user's id.
  Status DisableUser(std::string_view name);                 // Also ends its sessions.
  Result<std::vector<UserRecord>> ListUsers();               // By name, without password hashes.
  Result<std::vector<AuditEntry>> ListAudit(int64_t limit);  // Newest first.
  // Deletes expired sessions and old failed attempts (housekeeping; optional).
  Status Prune(Micros now);

  const AuthOptions& options() const { return options_; }

 private:
  SqliteAuthenticator(std::unique_ptr<PortalStore> store, AuthOptions options)
      : store_(std::move(store)), options_(std::move(options)) {}

  Result<std::string> HashPassword(std::string_view password) const;
  // Verifies against a fixed dummy hash, to spend the same time as for a real user.
  void SpendVerifyTime(std::string_view password);
  void AuditLocked(const AuditEntry& entry);
  // The session for `token`, or PermissionDenied; deletes it when it has expired.
  Result<SessionRecord> LiveSessionLocked(std::string_view token, Micros now);

  std::mutex mu_;
  std::unique_ptr<PortalStore> store_;  // GUARDED_BY(mu_)
  const AuthOptions options_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // Set once by SpendVerifyTime.
};

// Password policy alone (also used before prompting twice in the CLI).
Status CheckPasswordPolicy(std::string_view password);
// User name policy: 1-64 bytes, no whitespace or control characters.
Status CheckUserName(std::string_view name);

}  // namespace cx
