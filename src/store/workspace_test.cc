#include "store/workspace.h"

#include <gtest/gtest.h>

#include "base/testing/temp_dir.h"

namespace cx {
namespace {

TEST(WorkspaceTest, InitThenOpen) {
  testing::TempDir dir;
  auto w = Workspace::Init(dir / "ws");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->config().name, "ws");
  EXPECT_DOUBLE_EQ(w->config().max_bad_share, 0.05);
  EXPECT_TRUE(std::filesystem::exists(dir / "ws" / "cxpact.db"));
  auto again = Workspace::Init(dir / "ws");
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(Workspace::Open(dir / "ws").ok());
}

TEST(WorkspaceTest, InitWritesTheGivenSettings) {
  testing::TempDir dir;
  WorkspaceConfig c;
  c.name = "acme \"care\"";
  c.max_bad_share = 0.02;
  c.require_customer_id = false;
  ASSERT_TRUE(Workspace::Init(dir / "ws", c).ok());
  auto w = Workspace::Open(dir / "ws");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->config().name, "acme \"care\"");
  EXPECT_DOUBLE_EQ(w->config().max_bad_share, 0.02);
  EXPECT_FALSE(w->config().require_customer_id);
}

TEST(WorkspaceTest, OpenElsewhereSaysHowToCreate) {
  testing::TempDir dir;
  auto w = Workspace::Open(dir.path());
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("cxpact init"), std::string::npos);
}

TEST(WorkspaceTest, BadConfigNamesFileAndLine) {
  testing::TempDir dir;
  dir.Write("cxpact.toml", "[workspace]\nname = \"x\"\n[ingest]\nmax_bad_share = 7\n");
  auto w = Workspace::Open(dir.path());
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("cxpact.toml:4"), std::string::npos) << w.status().message();
}

}  // namespace
}  // namespace cx
