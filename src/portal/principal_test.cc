#include "portal/principal.h"

#include <gtest/gtest.h>

namespace cx {
namespace {

TEST(PrincipalTest, RoleNamesRoundTrip) {
  for (Role r : {Role::kClientAdmin, Role::kClientViewer, Role::kPartnerUser}) {
    ASSERT_TRUE(RoleFromName(RoleName(r)).has_value());
    EXPECT_EQ(*RoleFromName(RoleName(r)), r);
  }
  EXPECT_EQ(RoleName(Role::kClientAdmin), "client_admin");
  EXPECT_EQ(RoleName(Role::kClientViewer), "client_viewer");
  EXPECT_EQ(RoleName(Role::kPartnerUser), "partner_user");
}

TEST(PrincipalTest, UnknownRoleNameIsRejected) {
  EXPECT_FALSE(RoleFromName("admin").has_value());
  EXPECT_FALSE(RoleFromName("Client_Admin").has_value());
  EXPECT_FALSE(RoleFromName("").has_value());
}

TEST(PrincipalTest, PartnerUserSeesOnlyItsPartner) {
  Principal p{.user_id = 1, .user = "dana", .role = Role::kPartnerUser, .partner = "atlas"};
  EXPECT_FALSE(p.is_client());
  EXPECT_TRUE(p.CanSeePartner("atlas"));
  EXPECT_FALSE(p.CanSeePartner("beacon"));
  Principal c{.user_id = 2, .user = "carl", .role = Role::kClientViewer, .partner = ""};
  EXPECT_TRUE(c.CanSeePartner("beacon"));
}

}  // namespace
}  // namespace cx
