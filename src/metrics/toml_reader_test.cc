#include "metrics/toml_reader.h"

#include <gtest/gtest.h>

#include "metrics/settings_toml.h"

namespace cx {
namespace {

toml::table Parse(std::string_view text) {
  auto t = ParseTomlText(text, "t.toml");
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(*t) : toml::table{};
}

enum class Colour { kRed, kBlue };

TEST(TomlReaderTest, AChoiceTakesItsValueOrListsTheNamesAtTheLine) {
  const TomlReader r("t.toml");
  const toml::table t = Parse("a = \"blue\"\n\nb = \"green\"\nc = 3\n");
  Colour c = Colour::kRed;
  const auto choices = {std::pair{std::string_view("red"), Colour::kRed},
                        std::pair{std::string_view("blue"), Colour::kBlue}};
  ASSERT_TRUE(r.Choice(t, "a", choices, &c).ok());
  EXPECT_EQ(c, Colour::kBlue);
  EXPECT_EQ(r.Choice(t, "b", choices, &c).message(), "t.toml:3: b must be one of red, blue");
  EXPECT_EQ(r.Choice(t, "c", choices, &c).message(), "t.toml:4: c must be one of red, blue");
  EXPECT_TRUE(r.Choice(t, "absent", choices, &c).ok());
  EXPECT_EQ(c, Colour::kBlue) << "an absent key keeps the value";
}

TEST(TomlReaderTest, ANumberIsFiniteAndInItsRange) {
  const TomlReader r("t.toml");
  const toml::table t = Parse("a = 2.5\nb = -1\nc = inf\nd = nan\ne = \"3\"\n");
  double v = 7;
  ASSERT_TRUE(r.Number(t, "a", 0, kTomlNoLimit, &v).ok());
  EXPECT_EQ(v, 2.5);
  EXPECT_EQ(r.Number(t, "b", 0, kTomlNoLimit, &v).message(), "t.toml:2: b must be a number >= 0");
  EXPECT_EQ(r.Number(t, "a", 0, 1, &v).message(), "t.toml:1: a must be a number from 0 to 1");
  EXPECT_FALSE(r.Number(t, "c", 0, kTomlNoLimit, &v).ok());
  EXPECT_FALSE(r.Number(t, "d", 0, kTomlNoLimit, &v).ok());
  EXPECT_FALSE(r.Number(t, "e", 0, kTomlNoLimit, &v).ok());
  EXPECT_EQ(v, 2.5);
}

TEST(TomlReaderTest, KeysTablesAndRequiredOnes) {
  const TomlReader r("t.toml");
  const toml::table t = Parse("x = 1\nempty = []\n[[row]]\nn = 1\n[[row]]\nn = 2\n");
  EXPECT_TRUE(r.OnlyKeys(t, {"x", "empty", "row"}, "").ok());
  EXPECT_EQ(r.OnlyKeys(t, {"x", "row"}, "top.").message(), "t.toml:2: unknown key 'top.empty'");
  auto rows = r.Tables(t, "row");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 2u);
  EXPECT_TRUE(r.Tables(t, "empty").ok() && r.Tables(t, "empty")->empty());
  EXPECT_EQ(r.Tables(t, "x").status().message(), "t.toml:1: 'x' must be a list of tables ([[x]])");
  EXPECT_FALSE(r.Required(t, "y", "the file").ok());
  EXPECT_TRUE(r.Required(t, "x", "the file").ok());
}

}  // namespace
}  // namespace cx
