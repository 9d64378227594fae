#include "http/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace nj::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("nj_static_unit_" + std::to_string(getpid()));
    root_ = base_ / "dist";
    fs::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<html>app</html>";
    std::ofstream(root_ / "assets" / "app-1a2b.js") << "console.log(1)";
    std::ofstream(root_ / "logo.svg") << "<svg/>";
    std::ofstream(base_ / "secret.txt") << "secret";
    fs::create_symlink(base_, root_ / "out");
  }
  void TearDown() override { fs::remove_all(base_); }

  Response Get(std::string path) const {
    Request r;
    r.method = "GET";
    r.path = std::move(path);
    return StaticFiles(root_.string()).Serve(r);
  }
  static std::string CacheControl(const Response& r) {
    for (const auto& [k, v] : r.headers) {
      if (k == "Cache-Control") return v;
    }
    return "";
  }

  fs::path base_, root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirTypes) {
  const auto js = Get("/assets/app-1a2b.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(CacheControl(js), "public, max-age=31536000, immutable");
  const auto svg = Get("/logo.svg");
  EXPECT_EQ(svg.content_type, "image/svg+xml");
  EXPECT_EQ(CacheControl(svg), "no-cache");
  EXPECT_EQ(Get("/index.html").content_type, "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, FallsBackToIndexForAppRoutes) {
  for (const char* path : {"/", "/members", "/members/12/edit", "/assets"}) {
    const auto res = Get(path);
    EXPECT_EQ(res.status, 200) << path;
    EXPECT_EQ(res.body, "<html>app</html>") << path;
    EXPECT_EQ(res.content_type, "text/html; charset=utf-8") << path;
    EXPECT_EQ(CacheControl(res), "no-cache") << path;
  }
}

TEST_F(StaticFilesTest, MissingFilesAreNotFound) {
  EXPECT_EQ(Get("/assets/gone-9z.js").status, 404);
  EXPECT_EQ(Get("/assets/chunk").status, 404);  // never index.html under /assets/
  EXPECT_EQ(Get("/favicon.ico").status, 404);
}

TEST_F(StaticFilesTest, NeverLeavesTheFolder) {
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/..", "/a/../../x",
                           "/out/secret.txt", "//etc/passwd", "relative", ""}) {
    const auto res = Get(path);
    EXPECT_EQ(res.body.find("secret"), std::string::npos) << path;
    EXPECT_EQ(res.body.find("root:"), std::string::npos) << path;
  }
  EXPECT_EQ(Get("/../secret.txt").status, 404);
  EXPECT_EQ(Get("/out/secret.txt").status, 404);  // a symbolic link out of the folder
  EXPECT_EQ(Get(std::string("/index.html\0.png", 16)).status, 404);
}

TEST_F(StaticFilesTest, KnowsWhetherTheFolderExists) {
  EXPECT_TRUE(StaticFiles(root_.string()).Available());
  EXPECT_FALSE(StaticFiles((base_ / "nope").string()).Available());
  EXPECT_FALSE(StaticFiles("").Available());
}

TEST(ContentType, CoversTheBuiltApp) {
  EXPECT_EQ(ContentTypeOf("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("a.png"), "image/png");
  EXPECT_EQ(ContentTypeOf("a.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeOf("a.json"), "application/json");
  EXPECT_EQ(ContentTypeOf("a.js.map"), "application/json");
  EXPECT_EQ(ContentTypeOf("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeOf("a.bin"), "application/octet-stream");
  EXPECT_EQ(ContentTypeOf("Makefile"), "application/octet-stream");
}

}  // namespace
}  // namespace nj::http
