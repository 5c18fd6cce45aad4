// Each argon2id hash costs ~50-100 ms at the floors, so these tests add few users and keep the
// rate limits low where they count attempts.
#include "portal/authenticator.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "base/testing/temp_dir.h"

namespace cx {
namespace {

constexpr Micros kMinute = 60 * kMicrosPerSecond;
constexpr Micros kT0 = 1'770'000'000 * kMicrosPerSecond;
constexpr std::string_view kPassword = "correct horse battery";

class AuthenticatorTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteAuthenticator> Open(AuthOptions options = {}) {
    options.clock = [this] { return clock_; };
    auto auth = SqliteAuthenticator::Open(dir_ / kPortalDbFile, options);
    EXPECT_TRUE(auth.ok()) << auth.status().ToString();
    return auth.ok() ? std::move(*auth) : nullptr;
  }
  void Add(SqliteAuthenticator& auth, const std::string& name, Role role = Role::kClientAdmin,
           const std::string& partner = "") {
    auto id = auth.AddUser({name, role, partner, std::string(kPassword)});
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  }
  // Every text value of a table, straight from the file.
  std::vector<std::string> Column(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2((dir_ / kPortalDbFile).c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
    std::vector<std::string> out;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const unsigned char* t = sqlite3_column_text(stmt, c);
        out.push_back(t ? reinterpret_cast<const char*>(t) : "");
      }
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  }

  testing::TempDir dir_;
  Micros clock_ = kT0;
};

TEST_F(AuthenticatorTest, PasswordsAreArgon2idAtLeastAtTheFloors) {
  auto auth = Open();
  Add(*auth, "carl");
  const auto hashes = Column("SELECT password_hash FROM users");
  ASSERT_EQ(hashes.size(), 1u);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(hashes[0], m,
                                std::regex(R"(^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$)")))
      << hashes[0];
  EXPECT_GE(std::stoll(m[1]), 19456);  // KiB: 19 MiB.
  EXPECT_GE(std::stoll(m[2]), 2);
  EXPECT_EQ(hashes[0].find(kPassword), std::string::npos);
}

TEST_F(AuthenticatorTest, OpenRefusesCostsBelowTheFloors) {
  AuthOptions weak_time;
  weak_time.pwhash_opslimit = 1;
  EXPECT_EQ(SqliteAuthenticator::Open(dir_ / kPortalDbFile, weak_time).status().code(),
            StatusCode::kInvalidArgument);
  AuthOptions weak_memory;
  weak_memory.pwhash_memlimit = 8 << 20;
  EXPECT_EQ(SqliteAuthenticator::Open(dir_ / kPortalDbFile, weak_memory).status().code(),
            StatusCode::kInvalidArgument);
  AuthOptions defaults;
  EXPECT_EQ(defaults.max_user_failures, 5);
  EXPECT_EQ(defaults.max_ip_failures, 20);
  EXPECT_EQ(defaults.failure_window, 15 * kMinute);
  EXPECT_EQ(defaults.idle_timeout, 30 * kMinute);
  EXPECT_EQ(defaults.absolute_timeout, 12 * kMicrosPerHour);
}

TEST_F(AuthenticatorTest, AddUserChecksNamePasswordAndPartner) {
  auto auth = Open();
  const std::string pw(kPassword);
  EXPECT_EQ(auth->AddUser({"carl", Role::kClientAdmin, "", "short"}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(auth->AddUser({"carl", Role::kClientAdmin, "", "elevenchars"}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(auth->AddUser({"carl smith", Role::kClientAdmin, "", pw}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(auth->AddUser({"carl\t", Role::kClientAdmin, "", pw}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(auth->AddUser({"", Role::kClientAdmin, "", pw}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(auth->AddUser({"dana", Role::kPartnerUser, "", pw}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(auth->AddUser({"carl", Role::kClientViewer, "atlas", pw}).status().code(),
            StatusCode::kInvalidArgument);
  Add(*auth, "carl@example.com");
  EXPECT_EQ(auth->AddUser({"carl@example.com", Role::kClientViewer, "", pw}).status().code(),
            StatusCode::kAlreadyExists);
  auto users = auth->ListUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].created_at, kT0);
}

TEST_F(AuthenticatorTest, LoginSucceedsAndFailuresLookAlike) {
  auto auth = Open();
  Add(*auth, "dana", Role::kPartnerUser, "atlas");
  Add(*auth, "olga");
  ASSERT_TRUE(auth->DisableUser("olga").ok());

  auto session = auth->Login("dana", kPassword, "10.0.0.1", kT0);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(session->principal.user, "dana");
  EXPECT_EQ(session->principal.role, Role::kPartnerUser);
  EXPECT_EQ(session->principal.partner, "atlas");
  EXPECT_EQ(session->expires, kT0 + 12 * kMicrosPerHour);
  EXPECT_EQ(session->token.size(), 43u);  // 32 bytes, base64url without padding.
  EXPECT_NE(session->token, session->csrf);

  Status wrong = auth->Login("dana", "not the password", "10.0.0.1", kT0).status();
  Status unknown = auth->Login("nobody", kPassword, "10.0.0.1", kT0).status();
  Status disabled = auth->Login("olga", kPassword, "10.0.0.1", kT0).status();
  EXPECT_EQ(wrong.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(unknown.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(disabled.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(wrong.message(), unknown.message());
  EXPECT_EQ(wrong.message(), disabled.message());
}

TEST_F(AuthenticatorTest, TooManyFailuresForAUserAreRefusedUntilTheWindowPasses) {
  AuthOptions options;
  options.max_user_failures = 2;
  auto auth = Open(options);
  Add(*auth, "carl");
  EXPECT_EQ(auth->Login("carl", "wrong password 1", "10.0.0.1", kT0).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(auth->Login("carl", "wrong password 2", "10.0.0.2", kT0 + kMinute).status().code(),
            StatusCode::kPermissionDenied);
  // Even the right password is not checked now, from any address.
  EXPECT_EQ(auth->Login("carl", kPassword, "10.0.0.3", kT0 + 2 * kMinute).status().code(),
            StatusCode::kResourceExhausted);
  // The first failure leaves the window; one remains, so one more try is allowed.
  auto later = auth->Login("carl", kPassword, "10.0.0.3", kT0 + 15 * kMinute + 1);
  EXPECT_TRUE(later.ok()) << later.status().ToString();
}

TEST_F(AuthenticatorTest, SuccessClearsTheUsersFailures) {
  AuthOptions options;
  options.max_user_failures = 2;
  auto auth = Open(options);
  Add(*auth, "carl");
  EXPECT_FALSE(auth->Login("carl", "wrong password 1", "10.0.0.1", kT0).ok());
  EXPECT_TRUE(auth->Login("carl", kPassword, "10.0.0.1", kT0).ok());
  EXPECT_FALSE(auth->Login("carl", "wrong password 2", "10.0.0.1", kT0).ok());
  // Without the reset this would be the third failure in the window.
  EXPECT_TRUE(auth->Login("carl", kPassword, "10.0.0.1", kT0).ok());
}

TEST_F(AuthenticatorTest, TooManyFailuresFromAnAddressAreRefused) {
  AuthOptions options;
  options.max_ip_failures = 3;
  auto auth = Open(options);
  Add(*auth, "carl");
  for (const char* name : {"a", "b", "c"}) {
    EXPECT_EQ(auth->Login(name, kPassword, "10.0.0.9", kT0).status().code(),
              StatusCode::kPermissionDenied);
  }
  EXPECT_EQ(auth->Login("carl", kPassword, "10.0.0.9", kT0).status().code(),
            StatusCode::kResourceExhausted);
  EXPECT_TRUE(auth->Login("carl", kPassword, "10.0.0.1", kT0).ok());
  EXPECT_TRUE(auth->Login("carl", kPassword, "10.0.0.9", kT0 + 15 * kMinute + 1).ok());
}

TEST_F(AuthenticatorTest, IdleSessionsExpireAndUseExtendsThem) {
  auto auth = Open();
  Add(*auth, "carl");
  auto session = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  ASSERT_TRUE(session.ok());
  EXPECT_TRUE(auth->Authenticate(session->token, kT0 + 20 * kMinute).ok());
  EXPECT_TRUE(auth->Authenticate(session->token, kT0 + 45 * kMinute).ok());  // Extended at 20.
  Status idle = auth->Authenticate(session->token, kT0 + 75 * kMinute).status();
  EXPECT_EQ(idle.code(), StatusCode::kPermissionDenied);
  // Gone for good, even at an earlier time.
  EXPECT_FALSE(auth->Authenticate(session->token, kT0 + 46 * kMinute).ok());

  auto other = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(auth->Authenticate(other->token, kT0 + 30 * kMinute - 1).ok());
  EXPECT_FALSE(auth->Authenticate(other->token, kT0 + 60 * kMinute).ok());
}

TEST_F(AuthenticatorTest, SessionsEndAtTheAbsoluteTimeoutWhateverTheActivity) {
  auto auth = Open();
  Add(*auth, "carl");
  auto session = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  ASSERT_TRUE(session.ok());
  Micros t = kT0;
  for (; t < kT0 + 12 * kMicrosPerHour; t += 20 * kMinute) {
    ASSERT_TRUE(auth->Authenticate(session->token, t).ok()) << (t - kT0) / kMinute;
  }
  EXPECT_EQ(auth->Authenticate(session->token, kT0 + 12 * kMicrosPerHour).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(AuthenticatorTest, LogoutAndDisableRevokeSessions) {
  auto auth = Open();
  Add(*auth, "carl");
  auto first = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  auto second = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(auth->Logout(first->token).ok());
  EXPECT_FALSE(auth->Authenticate(first->token, kT0 + 1).ok());
  EXPECT_TRUE(auth->Logout(first->token).ok());  // Twice is harmless.
  EXPECT_TRUE(auth->Authenticate(second->token, kT0 + 1).ok());

  ASSERT_TRUE(auth->DisableUser("carl").ok());
  EXPECT_EQ(auth->Authenticate(second->token, kT0 + 2).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(Column("SELECT token_hash FROM sessions").empty());
  EXPECT_EQ(auth->DisableUser("nobody").code(), StatusCode::kNotFound);
}

TEST_F(AuthenticatorTest, CsrfTokenIsBoundToItsSession) {
  auto auth = Open();
  Add(*auth, "carl");
  auto a = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  auto b = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(auth->CheckCsrf(a->token, a->csrf));
  EXPECT_FALSE(auth->CheckCsrf(a->token, b->csrf));
  EXPECT_FALSE(auth->CheckCsrf(a->token, ""));
  EXPECT_FALSE(auth->CheckCsrf(a->token, a->csrf.substr(1)));
  EXPECT_FALSE(auth->CheckCsrf("not-a-session", a->csrf));
  ASSERT_TRUE(auth->Logout(a->token).ok());
  EXPECT_FALSE(auth->CheckCsrf(a->token, a->csrf));
}

TEST_F(AuthenticatorTest, SessionCsrfIsTheTokenIssuedWithThatSession) {
  auto auth = Open();
  Add(*auth, "carl");
  auto a = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  auto b = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(auth->SessionCsrf(a->token).value(), a->csrf);
  EXPECT_EQ(auth->SessionCsrf(b->token).value(), b->csrf);
  EXPECT_EQ(auth->SessionCsrf("not-a-session").status().code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(auth->Logout(a->token).ok());
  EXPECT_FALSE(auth->SessionCsrf(a->token).ok());
}

TEST_F(AuthenticatorTest, SessionTokensAreNotStoredInClear) {
  auto auth = Open();
  Add(*auth, "carl");
  auto session = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  ASSERT_TRUE(session.ok());
  const auto hashes = Column("SELECT token_hash FROM sessions");
  ASSERT_EQ(hashes.size(), 1u);
  EXPECT_EQ(hashes[0].size(), 64u);
  EXPECT_NE(hashes[0], session->token);
  // Nowhere in the database files (main file and write-ahead log).
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(dir_ / (std::string(kPortalDbFile) + suffix), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    EXPECT_EQ(bytes.str().find(session->token), std::string::npos) << suffix;
  }
  // A database reader cannot turn the stored hash into a session.
  EXPECT_FALSE(auth->Authenticate(hashes[0], kT0 + 1).ok());
}

TEST_F(AuthenticatorTest, AuditLogRecordsLoginsLogoutsAndServerEntries) {
  AuthOptions options;
  options.max_user_failures = 1;
  auto auth = Open(options);
  Add(*auth, "carl");
  auto session = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  ASSERT_TRUE(session.ok());
  EXPECT_FALSE(auth->Login("carl", "wrong password!", "10.0.0.2", kT0 + 1).ok());
  EXPECT_FALSE(auth->Login("carl", kPassword, "10.0.0.2", kT0 + 2).ok());
  auth->Audit({kT0 + 3, "carl", "10.0.0.1", "upload", "/api/v1/uploads/contacts", "ok"});
  clock_ = kT0 + 4;
  ASSERT_TRUE(auth->Logout(session->token).ok());

  auto audit = auth->ListAudit(100);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 5u);
  auto expect = [&](size_t i, Micros at, std::string action, std::string outcome, std::string ip) {
    const AuditEntry& e = (*audit)[i];
    EXPECT_EQ(e.at, at) << i;
    EXPECT_EQ(e.user, "carl") << i;
    EXPECT_EQ(e.action, action) << i;
    EXPECT_EQ(e.outcome, outcome) << i;
    EXPECT_EQ(e.client_ip, ip) << i;
  };
  expect(0, kT0 + 4, "logout", "ok", "");
  expect(1, kT0 + 3, "upload", "ok", "10.0.0.1");
  expect(2, kT0 + 2, "login", "rate_limited", "10.0.0.2");
  expect(3, kT0 + 1, "login", "denied", "10.0.0.2");
  expect(4, kT0, "login", "ok", "10.0.0.1");
  EXPECT_EQ((*auth->ListAudit(2)).size(), 2u);
}

TEST_F(AuthenticatorTest, WeakerStoredHashIsUpgradedAtLogin) {
  {
    auto auth = Open();
    Add(*auth, "carl");
  }
  AuthOptions stronger;
  stronger.pwhash_opslimit = 3;
  auto auth = Open(stronger);
  ASSERT_TRUE(auth->Login("carl", kPassword, "10.0.0.1", kT0).ok());
  const auto hashes = Column("SELECT password_hash FROM users");
  ASSERT_EQ(hashes.size(), 1u);
  EXPECT_NE(hashes[0].find(",t=3,"), std::string::npos) << hashes[0];
  EXPECT_TRUE(auth->Login("carl", kPassword, "10.0.0.1", kT0).ok());
}

TEST_F(AuthenticatorTest, ConcurrentRequestsShareOneAuthenticator) {
  auto auth = Open();
  Add(*auth, "carl");
  auto session = auth->Login("carl", kPassword, "10.0.0.1", kT0);
  ASSERT_TRUE(session.ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const Micros now = kT0 + (t * 50 + i) * kMicrosPerSecond;
        if (!auth->Authenticate(session->token, now).ok()) ++failures;
        if (!auth->CheckCsrf(session->token, session->csrf)) ++failures;
        auth->Audit({now, "carl", "10.0.0.1", "read", "/api/v1/me", "ok"});
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(auth->ListAudit(1000)->size(), 201u);  // The login and 200 reads.
}

}  // namespace
}  // namespace cx
