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
    std::ofstream(root_ / "portal.html") << "<html>portal</html>";
    std::ofstream(root_ / "assets" / "app-1a2b.js") << "console.log(1)";
    std::ofstream(root_ / "logo.svg") << "<svg/>";
    std::ofstream(base_ / "secret.txt") << "secret";
    fs::create_symlink(base_, root_ / "out");
  }
  void TearDown() override { fs::remove_all(base_); }

  Response Get(std::string path,
               std::vector<std::pair<std::string, std::string>> headers = {}) const {
    Request r;
    r.method = "GET";
    r.path = std::move(path);
    r.headers = std::move(headers);
    return StaticFiles(root_.string()).Serve(r);
  }
  static std::string HeaderOf(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }
  static std::string CacheControl(const Response& r) { return HeaderOf(r, "Cache-Control"); }
  // Precompressed copies as the build writes them.
  void WriteCopies() {
    std::ofstream(root_ / "assets" / "app-1a2b.js.br") << "BR";
    std::ofstream(root_ / "assets" / "app-1a2b.js.gz") << "GZ";
    std::ofstream(root_ / "index.html.gz") << "GZINDEX";
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

TEST_F(StaticFilesTest, ThePortalsRoutesGetThePortalsPage) {
  for (const char* path : {"/m", "/m/", "/m/card", "/m/aid/claims/3"}) {
    const auto res = Get(path);
    EXPECT_EQ(res.status, 200) << path;
    EXPECT_EQ(res.body, "<html>portal</html>") << path;
    EXPECT_EQ(CacheControl(res), "no-cache") << path;
  }
  // Only the /m segment: a console route that merely begins with m stays the console's.
  for (const char* path : {"/members", "/mutual-aid", "/m-card"}) {
    EXPECT_EQ(Get(path).body, "<html>app</html>") << path;
  }
  EXPECT_EQ(AppPageOf("/m/x"), "portal.html");
  EXPECT_EQ(AppPageOf("/"), "index.html");
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

TEST_F(StaticFilesTest, ServesTheCopyTheClientAccepts) {
  WriteCopies();
  const auto br = Get("/assets/app-1a2b.js", {{"accept-encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.body, "BR");
  EXPECT_EQ(HeaderOf(br, "Content-Encoding"), "br");
  EXPECT_EQ(br.content_type, "text/javascript; charset=utf-8");  // the original's type
  EXPECT_EQ(HeaderOf(br, "Vary"), "Accept-Encoding");
  EXPECT_EQ(CacheControl(br), "public, max-age=31536000, immutable");
  const auto gz = Get("/assets/app-1a2b.js", {{"accept-encoding", "gzip"}});
  EXPECT_EQ(gz.body, "GZ");
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  const auto refused = Get("/assets/app-1a2b.js", {{"accept-encoding", "br;q=0, gzip"}});
  EXPECT_EQ(refused.body, "GZ");
  for (const char* accept : {"", "identity", "br;q=0, gzip;q=0", "deflate"}) {
    const auto plain = Get("/assets/app-1a2b.js", {{"accept-encoding", accept}});
    EXPECT_EQ(plain.body, "console.log(1)") << accept;
    EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "") << accept;
    EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding") << accept;
  }
  // Only a .gz beside index.html: br asked first, gzip given; the app's routes too.
  for (const char* path : {"/index.html", "/", "/portal/card"}) {
    const auto index = Get(path, {{"accept-encoding", "br, gzip"}});
    EXPECT_EQ(index.body, "GZINDEX") << path;
    EXPECT_EQ(HeaderOf(index, "Content-Encoding"), "gzip") << path;
    EXPECT_EQ(index.content_type, "text/html; charset=utf-8") << path;
    EXPECT_EQ(CacheControl(index), "no-cache") << path;
  }
  EXPECT_EQ(HeaderOf(Get("/logo.svg", {{"accept-encoding", "br, gzip"}}), "Content-Encoding"), "");
}

TEST_F(StaticFilesTest, ACopyOutsideTheFolderIsNotServed) {
  std::ofstream(base_ / "secret.br") << "secret";
  fs::create_symlink(base_ / "secret.br", root_ / "logo.svg.br");
  const auto res = Get("/logo.svg", {{"accept-encoding", "br"}});
  EXPECT_EQ(res.body, "<svg/>");
  EXPECT_EQ(HeaderOf(res, "Content-Encoding"), "");
}

TEST_F(StaticFilesTest, ETagsAndNotModified) {
  WriteCopies();
  const auto plain = Get("/assets/app-1a2b.js");
  const auto br = Get("/assets/app-1a2b.js", {{"accept-encoding", "br"}});
  const auto gz = Get("/assets/app-1a2b.js", {{"accept-encoding", "gzip"}});
  const std::string tag = HeaderOf(plain, "ETag");
  ASSERT_FALSE(tag.empty());
  EXPECT_EQ(tag.front(), '"');
  EXPECT_EQ(tag.back(), '"');
  // One tag per representation, the same on every request.
  EXPECT_NE(tag, HeaderOf(br, "ETag"));
  EXPECT_NE(tag, HeaderOf(gz, "ETag"));
  EXPECT_NE(HeaderOf(br, "ETag"), HeaderOf(gz, "ETag"));
  EXPECT_EQ(tag, HeaderOf(Get("/assets/app-1a2b.js"), "ETag"));

  const auto again = Get("/assets/app-1a2b.js", {{"if-none-match", tag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(HeaderOf(again, "ETag"), tag);
  EXPECT_EQ(CacheControl(again), "public, max-age=31536000, immutable");
  const auto again_br =
      Get("/assets/app-1a2b.js",
          {{"accept-encoding", "br"}, {"if-none-match", "\"x\", W/" + HeaderOf(br, "ETag")}});
  EXPECT_EQ(again_br.status, 304);
  EXPECT_EQ(Get("/assets/app-1a2b.js", {{"if-none-match", "*"}}).status, 304);
  // Another representation's tag, another file's, or a stale one: the file is sent.
  EXPECT_EQ(Get("/assets/app-1a2b.js", {{"if-none-match", HeaderOf(br, "ETag")}}).status, 200);
  EXPECT_EQ(Get("/assets/app-1a2b.js", {{"if-none-match", "\"nope\""}}).status, 200);
  const auto index = Get("/members", {{"if-none-match", HeaderOf(Get("/"), "ETag")}});
  EXPECT_EQ(index.status, 304);
  EXPECT_EQ(CacheControl(index), "no-cache");
  // A changed file gets a new tag.
  std::ofstream(root_ / "assets" / "app-1a2b.js") << "console.log(22)";
  EXPECT_NE(HeaderOf(Get("/assets/app-1a2b.js"), "ETag"), tag);
  EXPECT_EQ(Get("/assets/app-1a2b.js", {{"if-none-match", tag}}).status, 200);
}

TEST(NoneMatchTest, ParsesTheList) {
  EXPECT_TRUE(NoneMatch("", "\"a\""));
  EXPECT_FALSE(NoneMatch("\"a\"", "\"a\""));
  EXPECT_FALSE(NoneMatch(" \"b\" ,W/\"a\" ", "\"a\""));
  EXPECT_TRUE(NoneMatch("\"ab\", \"b\"", "\"a\""));
  EXPECT_TRUE(NoneMatch("a", "\"a\""));  // unquoted: not a tag
  EXPECT_TRUE(NoneMatch("*", ""));       // no tag known: always sent
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
