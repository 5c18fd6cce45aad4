#include "portal/scope.h"

#include <gtest/gtest.h>

namespace cx {
namespace {

const std::vector<std::string> kAll = {"atlas", "beacon", "cobalt", "delta"};

Principal Admin() { return {1, "carl", Role::kClientAdmin, ""}; }
Principal Viewer() { return {2, "vera", Role::kClientViewer, ""}; }
Principal PartnerUser(std::string partner) { return {3, "dana", Role::kPartnerUser, partner}; }

TEST(ScopeTest, ClientAdminSeesAndWritesEverything) {
  TenantScope s(Admin());
  EXPECT_TRUE(s.CanSeeAllPartners());
  EXPECT_TRUE(s.CanAdminister());
  EXPECT_EQ(s.VisiblePartners(kAll), kAll);
  EXPECT_TRUE(s.CanWriteFor("delta"));
  EXPECT_TRUE(s.RequirePartner("delta").ok());
  EXPECT_EQ(s.RankLabels(kAll), kAll);
}

TEST(ScopeTest, ClientViewerSeesEverythingButWritesNothing) {
  TenantScope s(Viewer());
  EXPECT_TRUE(s.CanSeeAllPartners());
  EXPECT_FALSE(s.CanAdminister());
  EXPECT_EQ(s.VisiblePartners(kAll), kAll);
  EXPECT_FALSE(s.CanWriteFor("atlas"));
  EXPECT_EQ(s.RankLabels(kAll), kAll);
}

TEST(ScopeTest, PartnerUserSeesOnlyItsOwnPartner) {
  TenantScope s(PartnerUser("cobalt"));
  EXPECT_FALSE(s.CanSeeAllPartners());
  EXPECT_FALSE(s.CanAdminister());
  EXPECT_EQ(s.VisiblePartners(kAll), std::vector<std::string>{"cobalt"});
  EXPECT_TRUE(s.CanSeePartner("cobalt"));
  EXPECT_FALSE(s.CanSeePartner("atlas"));
  EXPECT_FALSE(s.CanSeePartner(""));
  EXPECT_TRUE(s.CanWriteFor("cobalt"));
  EXPECT_FALSE(s.CanWriteFor("atlas"));
  Status denied = s.RequirePartner("atlas");
  EXPECT_EQ(denied.code(), StatusCode::kPermissionDenied);
}

TEST(ScopeTest, PartnerUserWithoutPartnerSeesNothing) {
  TenantScope s(PartnerUser(""));
  EXPECT_TRUE(s.VisiblePartners(kAll).empty());
  EXPECT_FALSE(s.CanSeePartner(""));
  EXPECT_FALSE(s.CanWriteFor(""));
}

TEST(ScopeTest, OtherPartnersAppearAsRankLettersNeverByName) {
  TenantScope s(PartnerUser("cobalt"));
  // Ranked best first: delta, cobalt, atlas, beacon.
  const std::vector<std::string> ranked = {"delta", "cobalt", "atlas", "beacon"};
  const std::vector<std::string> labels = s.RankLabels(ranked);
  EXPECT_EQ(labels, (std::vector<std::string>{"Partner A", "cobalt", "Partner B", "Partner C"}));
  for (const std::string& l : labels) {
    for (std::string_view other : {"delta", "atlas", "beacon"}) {
      EXPECT_EQ(l.find(other), std::string::npos) << l;
    }
  }
  // The same ranking gives the same labels.
  EXPECT_EQ(s.RankLabels(ranked), labels);
}

TEST(ScopeTest, AnonymizedLabelsGoPastZ) {
  EXPECT_EQ(AnonymizedRankLabel(0), "Partner A");
  EXPECT_EQ(AnonymizedRankLabel(25), "Partner Z");
  EXPECT_EQ(AnonymizedRankLabel(26), "Partner AA");
  EXPECT_EQ(AnonymizedRankLabel(27), "Partner AB");
  EXPECT_EQ(AnonymizedRankLabel(26 + 26 * 26), "Partner AAA");
}

TEST(ScopeTest, FilterKeepsOnlyVisibleRows) {
  struct Row {
    std::string partner;
    int value;
  };
  std::vector<Row> rows = {{"atlas", 1}, {"cobalt", 2}, {"delta", 3}, {"cobalt", 4}};
  auto mine =
      TenantScope(PartnerUser("cobalt")).Filter(rows, [](const Row& r) { return r.partner; });
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].value, 2);
  EXPECT_EQ(mine[1].value, 4);
  EXPECT_EQ(TenantScope(Viewer()).Filter(rows, [](const Row& r) { return r.partner; }).size(), 4u);
}

}  // namespace
}  // namespace cx
