#include "portal/authenticator.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace cx {

namespace {

// One message for an unknown user, a wrong password and a disabled user.
constexpr std::string_view kDenied = "wrong user name or password";
constexpr std::string_view kNotLoggedIn = "not logged in";
constexpr size_t kTokenBytes = 32;
constexpr size_t kMaxTokenLength = 128;  // Longer cookies are not ours: denied before hashing.

std::string RandomToken() {
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  char text[sodium_base64_ENCODED_LEN(kTokenBytes, kVariant)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, kVariant);
  sodium_memzero(bytes, sizeof bytes);
  return text;
}

// BLAKE2b-256 of the token, in hex: what the sessions table is keyed by.
std::string TokenHash(std::string_view token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

size_t CountCodePoints(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// The name as the failure counters and the audit log keep it.
std::string_view Clip(std::string_view user) { return user.substr(0, kMaxUserNameLength); }

}  // namespace

Clock SystemClock() {
  return [] {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::microseconds>(now).count();
  };
}

Status CheckPasswordPolicy(std::string_view password) {
  if (CountCodePoints(password) < kMinPasswordLength) {
    return InvalidArgument("the password must have at least {} characters", kMinPasswordLength);
  }
  if (password.size() > kMaxPasswordLength) {
    return InvalidArgument("the password must have at most {} bytes", kMaxPasswordLength);
  }
  return Status::Ok();
}

Status CheckUserName(std::string_view name) {
  if (name.empty() || name.size() > kMaxUserNameLength) {
    return InvalidArgument("user name '{}': must have 1 to {} characters", name,
                           kMaxUserNameLength);
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || c == '@' || c == '+';
    if (!ok) {
      return InvalidArgument(
          "user name '{}': only letters, digits and . _ - @ + are allowed (no whitespace)", name);
    }
  }
  return Status::Ok();
}

Result<std::unique_ptr<SqliteAuthenticator>> SqliteAuthenticator::Open(
    const std::filesystem::path& path, AuthOptions options) {
  if (sodium_init() < 0) return Internal("libsodium failed to initialise");
  if (options.pwhash_opslimit < kMinPwhashOpslimit ||
      options.pwhash_memlimit < kMinPwhashMemlimit) {
    return InvalidArgument("argon2id cost below the floor (opslimit >= {}, memlimit >= {} bytes)",
                           kMinPwhashOpslimit, kMinPwhashMemlimit);
  }
  if (options.pwhash_opslimit > crypto_pwhash_OPSLIMIT_MAX ||
      options.pwhash_memlimit > crypto_pwhash_MEMLIMIT_MAX) {
    return InvalidArgument("argon2id cost above libsodium's maximum");
  }
  if (options.idle_timeout <= 0 || options.absolute_timeout <= 0 || options.failure_window <= 0 ||
      options.max_user_failures < 1 || options.max_ip_failures < 1 || !options.clock) {
    return InvalidArgument("auth options: timeouts, window and limits must be positive");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<PortalStore> store, PortalStore::Open(path, options.store));
  return std::unique_ptr<SqliteAuthenticator>(
      new SqliteAuthenticator(std::move(store), std::move(options)));
}

Result<std::string> SqliteAuthenticator::HashPassword(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), options_.pwhash_opslimit,
                            options_.pwhash_memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhausted("argon2id: out of memory ({} bytes)", options_.pwhash_memlimit);
  }
  return std::string(out);
}

void SqliteAuthenticator::SpendVerifyTime(std::string_view password) {
  std::call_once(dummy_once_, [&] {
    auto hash = HashPassword("cxpact: no such user, a fixed dummy password");
    dummy_hash_ = hash.ok() ? *hash : "";
  });
  if (!password.empty()) (void)VerifyPassword(dummy_hash_, password);
}

void SqliteAuthenticator::AuditLocked(const AuditEntry& entry) {
  Status s = store_->AppendAudit(entry);
  if (!s.ok()) fmt::print(stderr, "cxpact portal: audit entry lost: {}\n", s.ToString());
}

Result<Session> SqliteAuthenticator::Login(std::string_view user, std::string_view password,
                                           std::string_view client_ip, Micros now) {
  // The first login of a process makes the dummy hash, whoever logs in, so that its cost
  // says nothing about the name.
  SpendVerifyTime("");
  AuditEntry audit{now, std::string(Clip(user)), std::string(client_ip), "login", "", ""};
  std::optional<UserRecord> record;
  int64_t attempt = 0;
  {
    std::lock_guard lock(mu_);
    const Micros since = now - options_.failure_window;
    ASSIGN_OR_RETURN(int64_t user_failures, store_->CountUserFailures(Clip(user), since));
    ASSIGN_OR_RETURN(int64_t ip_failures, store_->CountIpFailures(client_ip, since));
    if (user_failures >= options_.max_user_failures || ip_failures >= options_.max_ip_failures) {
      audit.outcome = "rate_limited";
      AuditLocked(audit);
      return ResourceExhausted("too many failed logins; try again in {} minutes",
                               options_.failure_window / (60 * kMicrosPerSecond));
    }
    // Counted as a failure until it succeeds, so that concurrent attempts cannot all pass the
    // check above before any of them is recorded.
    RETURN_IF_ERROR(store_->DeleteFailuresBefore(since));
    ASSIGN_OR_RETURN(attempt, store_->RecordFailure(Clip(user), client_ip, now));
    if (user.size() <= kMaxUserNameLength) {
      ASSIGN_OR_RETURN(record, store_->FindUser(user));
    }
  }
  // The slow part, outside the lock.
  bool ok = false;
  if (record && password.size() <= kMaxPasswordLength) {
    ok = VerifyPassword(record->password_hash, password);
  } else {
    SpendVerifyTime(password.substr(0, kMaxPasswordLength));
  }
  ok = ok && !record->disabled;
  std::string new_hash;
  if (ok && crypto_pwhash_str_needs_rehash(record->password_hash.c_str(), options_.pwhash_opslimit,
                                           options_.pwhash_memlimit) != 0) {
    auto hash = HashPassword(password);
    if (hash.ok()) new_hash = std::move(*hash);
  }

  std::lock_guard lock(mu_);
  if (!ok) {
    audit.outcome = "denied";
    AuditLocked(audit);
    return PermissionDenied("{}", kDenied);
  }
  RETURN_IF_ERROR(store_->DeleteFailure(attempt));
  RETURN_IF_ERROR(store_->ClearUserFailures(user));
  if (!new_hash.empty()) RETURN_IF_ERROR(store_->SetPasswordHash(record->id, new_hash));
  RETURN_IF_ERROR(store_->DeleteExpiredSessions(now));
  Session session;
  session.token = RandomToken();
  session.csrf = RandomToken();
  session.principal = {record->id, record->name, record->role, record->partner};
  session.expires = now + options_.absolute_timeout;
  RETURN_IF_ERROR(store_->InsertSession({TokenHash(session.token), record->id, session.csrf, now,
                                         std::min(now + options_.idle_timeout, session.expires),
                                         session.expires}));
  audit.outcome = "ok";
  AuditLocked(audit);
  return session;
}

Result<SessionRecord> SqliteAuthenticator::LiveSessionLocked(std::string_view token, Micros now) {
  if (token.empty() || token.size() > kMaxTokenLength) return PermissionDenied("{}", kNotLoggedIn);
  const std::string hash = TokenHash(token);
  ASSIGN_OR_RETURN(std::optional<SessionRecord> session, store_->FindSession(hash));
  if (!session) return PermissionDenied("{}", kNotLoggedIn);
  if (now >= session->idle_expires || now >= session->absolute_expires) {
    RETURN_IF_ERROR(store_->DeleteSession(hash));
    return PermissionDenied("session expired; log in again");
  }
  return std::move(*session);
}

Result<Principal> SqliteAuthenticator::Authenticate(std::string_view token, Micros now) {
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(SessionRecord session, LiveSessionLocked(token, now));
  // The user is read again on every request, so that a disabled user or a changed role takes
  // effect at once.
  ASSIGN_OR_RETURN(std::optional<UserRecord> user, store_->FindUserById(session.user_id));
  if (!user || user->disabled) {
    RETURN_IF_ERROR(store_->DeleteSession(session.token_hash));
    return PermissionDenied("{}", kNotLoggedIn);
  }
  const Micros idle = std::min(now + options_.idle_timeout, session.absolute_expires);
  if (idle - session.idle_expires >= options_.idle_refresh) {
    RETURN_IF_ERROR(store_->SetIdleExpiry(session.token_hash, idle));
  }
  return Principal{user->id, user->name, user->role, user->partner};
}

bool SqliteAuthenticator::CheckCsrf(std::string_view token, std::string_view csrf) {
  if (token.empty() || token.size() > kMaxTokenLength || csrf.empty()) return false;
  std::lock_guard lock(mu_);
  auto session = store_->FindSession(TokenHash(token));
  if (!session.ok() || !session->has_value()) return false;
  const std::string& expected = (*session)->csrf;
  return expected.size() == csrf.size() &&
         sodium_memcmp(expected.data(), csrf.data(), csrf.size()) == 0;
}

Result<std::string> SqliteAuthenticator::SessionCsrf(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenLength) return PermissionDenied("{}", kNotLoggedIn);
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(std::optional<SessionRecord> session, store_->FindSession(TokenHash(token)));
  if (!session) return PermissionDenied("{}", kNotLoggedIn);
  return std::move(session->csrf);
}

Status SqliteAuthenticator::Logout(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenLength) return Status::Ok();
  const std::string hash = TokenHash(token);
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(std::optional<SessionRecord> session, store_->FindSession(hash));
  if (!session) return Status::Ok();  // Already ended: logging out twice is harmless.
  ASSIGN_OR_RETURN(std::optional<UserRecord> user, store_->FindUserById(session->user_id));
  RETURN_IF_ERROR(store_->DeleteSession(hash));
  AuditLocked({options_.clock(), user ? user->name : "", "", "logout", "", "ok"});
  return Status::Ok();
}

void SqliteAuthenticator::Audit(const AuditEntry& entry) {
  std::lock_guard lock(mu_);
  AuditLocked(entry);
}

Status SqliteAuthenticator::AppendAudit(const AuditEntry& entry) {
  std::lock_guard lock(mu_);
  return store_->AppendAudit(entry);
}

Result<int64_t> SqliteAuthenticator::AddUser(const NewUser& user) {
  RETURN_IF_ERROR(CheckUserName(user.name));
  if (user.role == Role::kPartnerUser && user.partner.empty()) {
    return InvalidArgument("user '{}': a partner_user needs a partner", user.name);
  }
  if (user.role != Role::kPartnerUser && !user.partner.empty()) {
    return InvalidArgument("user '{}': only a partner_user has a partner ({} given)", user.name,
                           RoleName(user.role));
  }
  RETURN_IF_ERROR(CheckPasswordPolicy(user.password));
  {
    std::lock_guard lock(mu_);  // Fail before spending the hash time when the name is taken.
    ASSIGN_OR_RETURN(std::optional<UserRecord> existing, store_->FindUser(user.name));
    if (existing) {
      return Status(StatusCode::kAlreadyExists, fmt::format("user '{}' already exists", user.name));
    }
  }
  ASSIGN_OR_RETURN(std::string hash, HashPassword(user.password));
  std::lock_guard lock(mu_);
  return store_->InsertUser(
      {0, user.name, user.role, user.partner, std::move(hash), false, options_.clock()});
}

Status SqliteAuthenticator::DisableUser(std::string_view name) {
  std::lock_guard lock(mu_);
  return store_->DisableUser(name);
}

Result<std::vector<UserRecord>> SqliteAuthenticator::ListUsers() {
  std::lock_guard lock(mu_);
  return store_->ListUsers();
}

Result<std::vector<AuditEntry>> SqliteAuthenticator::ListAudit(int64_t limit) {
  std::lock_guard lock(mu_);
  return store_->ListAudit(limit);
}

Status SqliteAuthenticator::Prune(Micros now) {
  std::lock_guard lock(mu_);
  RETURN_IF_ERROR(store_->DeleteExpiredSessions(now));
  return store_->DeleteFailuresBefore(now - options_.failure_window);
}

}  // namespace cx
