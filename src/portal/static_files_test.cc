#include "portal/static_files.h"

#include <gtest/gtest.h>

#include "base/testing/temp_dir.h"

namespace cx {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    dir_.Write("web/index.html", "<html>app</html>");
    dir_.Write("web/assets/app.js", "console.log(1)");
    dir_.Write("web/assets/font.woff2", "w");
    dir_.Write("web/.env", "SECRET=1");
    dir_.Write("secret.txt", "outside");
    fs::create_symlink(dir_ / "secret.txt", dir_ / "web/link.txt");
    fs::create_directory_symlink(dir_.path(), dir_ / "web/up");
    auto files = StaticFiles::Open(dir_ / "web");
    EXPECT_TRUE(files.ok());
    files_.emplace(std::move(*files));
  }
  HttpResponse Get(std::string path, std::string method = "GET") {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    return files_->Serve(r);
  }

  testing::TempDir dir_;
  std::optional<StaticFiles> files_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirContentTypes) {
  HttpResponse r = Get("/assets/app.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log(1)");
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(Get("/assets/font.woff2").content_type, "font/woff2");
  EXPECT_EQ(ContentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a.PNG"), "image/png");
  EXPECT_EQ(ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.json"), "application/json");
}

TEST_F(StaticFilesTest, RootAndAppRoutesServeIndex) {
  EXPECT_EQ(Get("/").body, "<html>app</html>");
  EXPECT_EQ(Get("/").content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Get("/partners/delta").body, "<html>app</html>");  // SPA fallback: no dot.
  EXPECT_EQ(Get("/missing.js").status, 404);                   // A file name: no fallback.
  EXPECT_EQ(Get("/", "POST").status, 405);
}

TEST_F(StaticFilesTest, RefusesTraversalHiddenFilesAndSymlinksOutside) {
  for (std::string path :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
        "/assets%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/.env", "/%2eenv", "/link.txt",
        "/up/secret.txt", "/assets/..%2F..%2Fsecret.txt"}) {
    HttpResponse r = Get(path);
    EXPECT_TRUE(r.status == 404 || r.status == 400) << path << " -> " << r.status;
    EXPECT_EQ(r.body.find("outside"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << path;
  }
  EXPECT_EQ(Get("/%zz").status, 400);
}

}  // namespace
}  // namespace cx
