#include "base/file.h"

#include <gtest/gtest.h>

#include "base/testing/temp_dir.h"

namespace cx {
namespace {

TEST(FileTest, ReadsWholeFilesAndNamesWhatItCouldNotRead) {
  testing::TempDir dir;
  const std::string bytes("a,b\r\n\0c", 7);
  auto path = dir.Write("x.csv", bytes);
  auto read = ReadFileToString(path, "test file");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, bytes);
  auto missing = ReadFileToString(dir / "none.toml", "settings file");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("none.toml: cannot read the settings file"),
            std::string::npos);
}

}  // namespace
}  // namespace cx
