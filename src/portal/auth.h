// Authentication for the portal: password login (argon2id), sessions (opaque random tokens,
// stored hashed, with idle and absolute timeouts; logout revokes), CSRF tokens bound to the
// session, login rate limiting, and the audit log of every write and every denied access.
// The server sees only this interface, so its tests can run against a fake. Implementations
// are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/time.h"
#include "portal/principal.h"

namespace cx {

struct Session {
  std::string token;  // Secret: goes only into the session cookie.
  std::string csrf;   // Sent back by the client in X-CSRF-Token on every state change.
  Principal principal;
  Micros expires = 0;  // The absolute limit.
};

struct AuditEntry {
  Micros at = 0;
  std::string user;       // Empty when not logged in; for "login", the name tried.
  std::string client_ip;
  std::string action;     // "login", "logout", "upload", "insight_create", "denied", ...
  std::string target;     // Route and resource ("/api/v1/partners/delta/scorecard").
  std::string outcome;    // "ok", "denied", "rate_limited", "error: ..."
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Checks the password; PermissionDenied (same message for an unknown user, a wrong password
  // and a disabled user), or ResourceExhausted when this user or IP tried too often.
  virtual Result<Session> Login(std::string_view user, std::string_view password,
                                std::string_view client_ip, Micros now) = 0;
  // The principal of a live session, extending its idle timeout; PermissionDenied otherwise.
  virtual Result<Principal> Authenticate(std::string_view token, Micros now) = 0;
  // True when `csrf` is the token issued with this session (constant-time comparison). It does
  // not check expiry: call it after Authenticate.
  virtual bool CheckCsrf(std::string_view token, std::string_view csrf) = 0;
  // The CSRF token issued with this session, so that a page reloaded after login (the token
  // was in its memory) can make changes again (GET /api/v1/me); PermissionDenied without such
  // a session. Like CheckCsrf it does not check expiry: call it after Authenticate.
  virtual Result<std::string> SessionCsrf(std::string_view token) = 0;
  // Ends the session (deletes it) and audits "logout". OK when there was no such session.
  virtual Status Logout(std::string_view token) = 0;
  // Appends to the audit log (never rewritten). Every Login is audited by the authenticator
  // itself (action "login", outcome "ok", "denied" or "rate_limited"); the server adds the rest.
  virtual void Audit(const AuditEntry& entry) = 0;
};

}  // namespace cx
