// Test helpers for the HTTP layer: a FakeAuthenticator with fixed users and in-memory sessions
// that records audit entries. Test-only; thread-safe (a mutex).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "portal/auth.h"

namespace cx::testing {

class FakeAuthenticator : public Authenticator {
 public:
  // Users "admin" (client_admin) and "delta" (partner_user of "delta"), password "pw".
  FakeAuthenticator() {
    users_["admin"] = Principal{1, "admin", Role::kClientAdmin, ""};
    users_["delta"] = Principal{2, "delta", Role::kPartnerUser, "delta"};
  }

  Result<Session> Login(std::string_view user, std::string_view password,
                        std::string_view client_ip, Micros now) override {
    std::lock_guard lock(mu_);
    auto it = users_.find(std::string(user));
    if (it == users_.end() || password != "pw") return PermissionDenied("bad login");
    Session s;
    s.token = "tok" + std::to_string(++next_);
    s.csrf = "csrf" + std::to_string(next_);
    s.principal = it->second;
    s.expires = now + 3600 * kMicrosPerSecond;
    sessions_[s.token] = s;
    return s;
  }
  Result<Principal> Authenticate(std::string_view token, Micros now) override {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(std::string(token));
    if (it == sessions_.end()) return PermissionDenied("no session");
    return it->second.principal;
  }
  bool CheckCsrf(std::string_view token, std::string_view csrf) override {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(std::string(token));
    return it != sessions_.end() && it->second.csrf == csrf;
  }
  Result<std::string> SessionCsrf(std::string_view token) override {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(std::string(token));
    if (it == sessions_.end()) return PermissionDenied("no session");
    return it->second.csrf;
  }
  Status Logout(std::string_view token) override {
    std::lock_guard lock(mu_);
    sessions_.erase(std::string(token));
    return Status::Ok();
  }
  void Audit(const AuditEntry& entry) override {
    std::lock_guard lock(mu_);
    audit_.push_back(entry);
  }

  std::vector<AuditEntry> audit() {
    std::lock_guard lock(mu_);
    return audit_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, Principal> users_;
  std::map<std::string, Session> sessions_;
  std::vector<AuditEntry> audit_;
  int next_ = 0;
};

}  // namespace cx::testing
