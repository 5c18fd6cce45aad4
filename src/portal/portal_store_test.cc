#include "portal/portal_store.h"

#include <gtest/gtest.h>

#include "base/testing/temp_dir.h"

namespace cx {
namespace {

UserRecord User(std::string name, Role role, std::string partner = "") {
  return {0, std::move(name), role, std::move(partner), "$argon2id$fake", false, 1000};
}

TEST(PortalStoreTest, UsersRoundTripAndNamesAreUnique) {
  testing::TempDir dir;
  auto store = PortalStore::Open(dir / kPortalDbFile);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto id = (*store)->InsertUser(User("dana", Role::kPartnerUser, "atlas"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto again = (*store)->InsertUser(User("dana", Role::kClientViewer));
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);

  auto found = (*store)->FindUser("dana");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, *id);
  EXPECT_EQ((*found)->role, Role::kPartnerUser);
  EXPECT_EQ((*found)->partner, "atlas");
  EXPECT_EQ((*found)->password_hash, "$argon2id$fake");
  EXPECT_EQ((*found)->created_at, 1000);
  EXPECT_FALSE((*(*store)->FindUser("nobody")).has_value());

  auto list = (*store)->ListUsers();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].password_hash.empty());
}

TEST(PortalStoreTest, SchemaEnforcesPartnerExactlyForPartnerUsers) {
  testing::TempDir dir;
  auto store = PortalStore::Open(dir / kPortalDbFile);
  ASSERT_TRUE(store.ok());
  EXPECT_FALSE((*store)->InsertUser(User("p", Role::kPartnerUser, "")).ok());
  EXPECT_FALSE((*store)->InsertUser(User("c", Role::kClientAdmin, "atlas")).ok());
}

TEST(PortalStoreTest, DisableUserDeletesItsSessions) {
  testing::TempDir dir;
  auto store = PortalStore::Open(dir / kPortalDbFile);
  ASSERT_TRUE(store.ok());
  PortalStore& s = **store;
  const int64_t id = *s.InsertUser(User("carl", Role::kClientAdmin));
  ASSERT_TRUE(s.InsertSession({"h1", id, "c1", 0, 10, 20}).ok());
  ASSERT_TRUE(s.InsertSession({"h2", id, "c2", 0, 10, 20}).ok());
  EXPECT_EQ(*s.CountSessions(id), 2);
  ASSERT_TRUE(s.DisableUser("carl").ok());
  EXPECT_EQ(*s.CountSessions(id), 0);
  EXPECT_TRUE((*s.FindUser("carl"))->disabled);
  EXPECT_EQ(s.DisableUser("nobody").code(), StatusCode::kNotFound);
}

TEST(PortalStoreTest, SessionsExpireAndDelete) {
  testing::TempDir dir;
  auto store = PortalStore::Open(dir / kPortalDbFile);
  ASSERT_TRUE(store.ok());
  PortalStore& s = **store;
  const int64_t id = *s.InsertUser(User("carl", Role::kClientAdmin));
  ASSERT_TRUE(s.InsertSession({"a", id, "ca", 0, 10, 100}).ok());
  ASSERT_TRUE(s.InsertSession({"b", id, "cb", 0, 50, 100}).ok());
  ASSERT_TRUE(s.SetIdleExpiry("a", 60).ok());
  EXPECT_EQ((*s.FindSession("a"))->idle_expires, 60);
  ASSERT_TRUE(s.DeleteExpiredSessions(55).ok());
  EXPECT_TRUE((*s.FindSession("a")).has_value());
  EXPECT_FALSE((*s.FindSession("b")).has_value());
  EXPECT_TRUE(*s.DeleteSession("a"));
  EXPECT_FALSE(*s.DeleteSession("a"));
}

TEST(PortalStoreTest, ClearingAUsersFailuresKeepsTheIpCount) {
  testing::TempDir dir;
  auto store = PortalStore::Open(dir / kPortalDbFile);
  ASSERT_TRUE(store.ok());
  PortalStore& s = **store;
  ASSERT_TRUE(s.RecordFailure("dana", "10.0.0.1", 100).ok());
  ASSERT_TRUE(s.RecordFailure("dana", "10.0.0.1", 200).ok());
  ASSERT_TRUE(s.RecordFailure("erin", "10.0.0.1", 300).ok());
  EXPECT_EQ(*s.CountUserFailures("dana", 0), 2);
  EXPECT_EQ(*s.CountUserFailures("dana", 100), 1);  // Strictly after `since`.
  EXPECT_EQ(*s.CountIpFailures("10.0.0.1", 0), 3);
  ASSERT_TRUE(s.ClearUserFailures("dana").ok());
  EXPECT_EQ(*s.CountUserFailures("dana", 0), 0);
  EXPECT_EQ(*s.CountIpFailures("10.0.0.1", 0), 3);
  ASSERT_TRUE(s.DeleteFailuresBefore(200).ok());
  EXPECT_EQ(*s.CountIpFailures("10.0.0.1", 0), 1);
}

TEST(PortalStoreTest, AuditAndInsightsListNewestFirst) {
  testing::TempDir dir;
  auto store = PortalStore::Open(dir / kPortalDbFile);
  ASSERT_TRUE(store.ok());
  PortalStore& s = **store;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(
        s.AppendAudit({i, "carl", "1.2.3.4", "upload", "/x/" + std::to_string(i), "ok"}).ok());
  }
  auto audit = s.ListAudit(2);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].target, "/x/2");
  EXPECT_EQ((*audit)[1].at, 1);

  ASSERT_TRUE(
      s.AddInsight({0, "atlas", "carl", 5, "Repeat contacts", "Up 4 points", "open", 0, {}}).ok());
  ASSERT_TRUE(s.AddInsight({0, "beacon", "carl", 6, "FCR", "Flat", "open", 0, {}}).ok());
  auto insights = s.ListInsights();
  ASSERT_TRUE(insights.ok());
  ASSERT_EQ(insights->size(), 2u);
  EXPECT_EQ((*insights)[0].partner, "beacon");
  EXPECT_EQ((*insights)[1].body, "Up 4 points");
}

TEST(PortalStoreTest, TwoConnectionsSeeEachOthersWrites) {
  testing::TempDir dir;
  auto a = PortalStore::Open(dir / kPortalDbFile);
  auto b = PortalStore::Open(dir / kPortalDbFile);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE((*a)->InsertUser(User("carl", Role::kClientAdmin)).ok());
  EXPECT_TRUE((*(*b)->FindUser("carl")).has_value());
}

TEST(PortalStoreTest, InsightsAreAnsweredAndChangeStatus) {
  testing::TempDir dir;
  auto store = PortalStore::Open(dir / kPortalDbFile);
  ASSERT_TRUE(store.ok());
  PortalStore& s = **store;
  Insight note;
  note.partner = "delta";
  note.author = "dee";
  note.created_at = 10;
  note.title = "Callbacks";
  note.body = "Queue 3 needs callbacks";
  auto id = s.AddInsight(note);
  ASSERT_TRUE(id.ok());
  auto answer = s.AddInsightAnswer({0, *id, "carl", 20, "Agreed"});
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  auto found = s.FindInsight(*id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->status, "answered");
  EXPECT_EQ((*found)->updated_at, 20);
  ASSERT_EQ((*found)->answers.size(), 1u);
  EXPECT_EQ((*found)->answers[0].body, "Agreed");
  EXPECT_EQ((*found)->answers[0].author, "carl");

  ASSERT_TRUE(s.SetInsightStatus(*id, "closed", 30).ok());
  EXPECT_EQ((*s.FindInsight(*id))->status, "closed");
  EXPECT_EQ(s.SetInsightStatus(*id, "deleted", 40).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.SetInsightStatus(*id + 1, "open", 40).code(), StatusCode::kNotFound);
  EXPECT_EQ(s.AddInsightAnswer({0, *id + 1, "carl", 20, "?"}).status().code(),
            StatusCode::kNotFound);
  EXPECT_FALSE(s.FindInsight(*id + 1)->has_value());

  // A second insight: each lookup carries only its own answers; the list has both.
  note.title = "Hold music";
  auto second = s.AddInsight(note);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(s.AddInsightAnswer({0, *second, "carl", 50, "Changed"}).ok());
  auto other = s.FindInsight(*second);
  ASSERT_TRUE(other.ok() && other->has_value());
  ASSERT_EQ((*other)->answers.size(), 1u);
  EXPECT_EQ((*other)->answers[0].body, "Changed");
  EXPECT_EQ((*s.FindInsight(*id))->answers[0].body, "Agreed");
  auto all = s.ListInsights();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, *second);  // Newest first.
  EXPECT_EQ((*all)[1].answers.size(), 1u);
}

TEST(PortalStoreTest, UploadsAreKept) {
  testing::TempDir dir;
  auto store = PortalStore::Open(dir / kPortalDbFile);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->AddUpload({0, 5, "dee", "delta", "contacts", "c.csv", "ab", "ok"}).ok());
  auto uploads = (*store)->ListUploads();
  ASSERT_TRUE(uploads.ok());
  ASSERT_EQ(uploads->size(), 1u);
  EXPECT_EQ((*uploads)[0].partner, "delta");
  EXPECT_EQ((*uploads)[0].sha256, "ab");
}

TEST(PortalStoreTest, MigratesVersion1Insights) {
  testing::TempDir dir;
  {
    auto db = sqlite::Db::Open((dir / kPortalDbFile).string());
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec(R"(
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES ('schema_version', '1');
      CREATE TABLE insights (
        id INTEGER PRIMARY KEY, partner TEXT NOT NULL, author TEXT NOT NULL,
        created_at INTEGER NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL);
      INSERT INTO insights VALUES (1, 'atlas', 'carl', 7, 'Old', 'Before answers');)")
                    .ok());
  }
  auto store = PortalStore::Open(dir / kPortalDbFile);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto old = (*store)->FindInsight(1);
  ASSERT_TRUE(old.ok() && old->has_value()) << old.status().ToString();
  EXPECT_EQ((*old)->status, "open");
  EXPECT_EQ((*old)->updated_at, 7);
  EXPECT_TRUE((*store)->AddInsightAnswer({0, 1, "carl", 9, "Now answered"}).ok());
}

}  // namespace
}  // namespace cx
