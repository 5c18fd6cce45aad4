// `cxpact user add|list|disable` as an operator runs it, and the portal logging in the users
// it wrote.
#include <gtest/gtest.h>

#include "base/testing/temp_dir.h"
#include "portal/authenticator.h"
#include "store_dump.h"

namespace cx {
namespace {

namespace fs = std::filesystem;

constexpr Micros kNow = 1'770'000'000 * kMicrosPerSecond;

std::string Cx(const fs::path& ws, const std::string& args) {
  return std::string(CXPACT_BIN) + " -w " + ws.string() + " " + args;
}
// With the password in the environment.
std::string CxPw(const fs::path& ws, const std::string& password, const std::string& args) {
  return "CXPACT_PASSWORD='" + password + "' " + Cx(ws, args);
}

TEST(UserCliTest, AddListDisableEndToEnd) {
  testing::TempDir dir;
  const fs::path ws = dir / "ws";
  ASSERT_EQ(testing::RunCommand(Cx(ws, "init")), 0);
  std::string out;
  ASSERT_EQ(testing::RunCommand(
                CxPw(ws, "a long enough secret", "user add carl --role client_admin 2>&1"), &out),
            0)
      << out;
  EXPECT_NE(out.find("added user carl"), std::string::npos) << out;
  // Without CXPACT_PASSWORD the password is read from standard input.
  ASSERT_EQ(testing::RunCommand("unset CXPACT_PASSWORD; echo 'another long secret' | " +
                                    Cx(ws, "user add dana --role partner_user --partner atlas"),
                                &out),
            0)
      << out;

  ASSERT_EQ(testing::RunCommand(Cx(ws, "user list"), &out), 0);
  EXPECT_NE(out.find("carl"), std::string::npos) << out;
  EXPECT_NE(out.find("client_admin"), std::string::npos) << out;
  EXPECT_NE(out.find("partner_user"), std::string::npos) << out;
  EXPECT_NE(out.find("atlas"), std::string::npos) << out;
  EXPECT_EQ(out.find("yes"), std::string::npos) << out;  // Nobody disabled yet.

  // The portal logs them in with what the CLI stored.
  {
    auto auth = SqliteAuthenticator::Open(ws / kPortalDbFile);
    ASSERT_TRUE(auth.ok()) << auth.status().ToString();
    auto session = (*auth)->Login("dana", "another long secret", "127.0.0.1", kNow);
    ASSERT_TRUE(session.ok()) << session.status().ToString();
    EXPECT_EQ(session->principal.partner, "atlas");
    ASSERT_TRUE((*auth)->Authenticate(session->token, kNow + 1).ok());

    ASSERT_EQ(testing::RunCommand(Cx(ws, "user disable dana"), &out), 0) << out;
    EXPECT_FALSE((*auth)->Authenticate(session->token, kNow + 2).ok());
    auto audit = (*auth)->ListAudit(10);
    ASSERT_TRUE(audit.ok());
    ASSERT_FALSE(audit->empty());
    EXPECT_EQ((*audit)[0].action, "user_disable");
    EXPECT_EQ((*audit)[0].target, "user:dana");
  }
  ASSERT_EQ(testing::RunCommand(Cx(ws, "user list"), &out), 0);
  EXPECT_NE(out.find("yes"), std::string::npos) << out;

  EXPECT_EQ(testing::RunCommand(Cx(ws, "user disable nobody 2>&1"), &out), 1);
  EXPECT_NE(out.find("nobody"), std::string::npos) << out;
}

TEST(UserCliTest, BadInputIsRefusedBeforeAnythingIsWritten) {
  testing::TempDir dir;
  const fs::path ws = dir / "ws";
  ASSERT_EQ(testing::RunCommand(Cx(ws, "init")), 0);
  const std::string pw = "a long enough secret";
  std::string out;
  EXPECT_EQ(testing::RunCommand(CxPw(ws, "short", "user add carl --role client_admin 2>&1"), &out),
            3);
  EXPECT_NE(out.find("at least 12"), std::string::npos) << out;
  EXPECT_EQ(testing::RunCommand(CxPw(ws, pw, "user add carl --role admin 2>&1"), &out), 3);
  EXPECT_NE(out.find("--role admin"), std::string::npos) << out;
  EXPECT_EQ(
      testing::RunCommand(CxPw(ws, pw, "user add 'carl smith' --role client_admin 2>&1"), &out), 3);
  EXPECT_EQ(testing::RunCommand(CxPw(ws, pw, "user add dana --role partner_user 2>&1"), &out), 3);
  EXPECT_NE(out.find("--partner"), std::string::npos) << out;
  EXPECT_EQ(testing::RunCommand(
                CxPw(ws, pw, "user add carl --role client_viewer --partner atlas 2>&1"), &out),
            3);
  ASSERT_EQ(testing::RunCommand(Cx(ws, "user list"), &out), 0);
  EXPECT_EQ(out.find("carl"), std::string::npos) << out;
  EXPECT_EQ(out.find("dana"), std::string::npos) << out;
}

TEST(UserCliTest, PartnerMustExistWhenTheWorkspaceHasContacts) {
  testing::TempDir dir;
  const fs::path ws = dir / "ws";
  ASSERT_EQ(testing::RunCommand(Cx(ws, "init")), 0);
  auto contacts = dir.Write("contacts.csv",
                            "contact_id,partner,channel,arrived_at,customer_id\n"
                            "1,atlas,voice,2026-03-02T14:15:07Z,k1\n"
                            "2,beacon,chat,2026-03-02T15:15:07Z,k2\n");
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cx(ws, "ingest contacts " + contacts.string()), &out), 0) << out;
  const std::string pw = "a long enough secret";
  EXPECT_EQ(testing::RunCommand(
                CxPw(ws, pw, "user add dana --role partner_user --partner cobalt 2>&1"), &out),
            3);
  EXPECT_NE(out.find("no such partner"), std::string::npos) << out;
  EXPECT_NE(out.find("atlas, beacon"), std::string::npos) << out;
  EXPECT_EQ(testing::RunCommand(
                CxPw(ws, pw, "user add dana --role partner_user --partner beacon 2>&1"), &out),
            0)
      << out;
  // A taken name.
  EXPECT_EQ(testing::RunCommand(
                CxPw(ws, pw, "user add dana --role partner_user --partner atlas 2>&1"), &out),
            1);
  EXPECT_NE(out.find("already exists"), std::string::npos) << out;
}

}  // namespace
}  // namespace cx
