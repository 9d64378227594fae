#include "http/encoding.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace nj::http {
namespace {

std::string Gunzip(const std::string& gz) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

TEST(AcceptsTest, ListedCodingsWithAndWithoutQ) {
  EXPECT_TRUE(Accepts("gzip, deflate, br", "br"));
  EXPECT_TRUE(Accepts("gzip, deflate, br", "gzip"));
  EXPECT_FALSE(Accepts("gzip, deflate", "br"));
  EXPECT_TRUE(Accepts("br;q=0.5, gzip;q=1.0", "br"));
  EXPECT_TRUE(Accepts(" GZIP ; Q=0.001 ", "gzip"));
  EXPECT_TRUE(Accepts("x-gzip", "gzip"));
}

TEST(AcceptsTest, QZeroRefuses) {
  EXPECT_FALSE(Accepts("br;q=0, gzip", "br"));
  EXPECT_TRUE(Accepts("br;q=0, gzip", "gzip"));
  EXPECT_FALSE(Accepts("gzip;q=0.000", "gzip"));
  EXPECT_FALSE(Accepts("gzip;q=0.", "gzip"));
  EXPECT_FALSE(Accepts("*;q=0", "gzip"));
  EXPECT_FALSE(Accepts("*;q=0, br;q=0", "br"));
  EXPECT_TRUE(Accepts("*;q=0, br;q=0.1", "br"));
  // The highest q of a coding listed twice counts.
  EXPECT_TRUE(Accepts("gzip;q=0, gzip;q=0.5", "gzip"));
}

TEST(AcceptsTest, StarAndIdentity) {
  EXPECT_TRUE(Accepts("*", "br"));
  EXPECT_TRUE(Accepts("gzip;q=0, *", "br"));
  EXPECT_FALSE(Accepts("gzip;q=0, *", "gzip"));
  EXPECT_TRUE(Accepts("", "identity"));
  EXPECT_FALSE(Accepts("", "gzip"));
  EXPECT_FALSE(Accepts("", "br"));
  EXPECT_TRUE(Accepts("gzip", "identity"));
  EXPECT_FALSE(Accepts("identity;q=0", "identity"));
  EXPECT_FALSE(Accepts("*;q=0", "identity"));
  EXPECT_FALSE(Accepts("identity", "gzip"));
}

TEST(AcceptsTest, MalformedElementsAreIgnored) {
  for (const char* bad : {"gzip;q=2", "gzip;q=1.5", "gzip;q=abc", "gzip;q=0.12345",
                          "gzip;q=", "gzip;q=-1", "gzip;q=.5"}) {
    EXPECT_FALSE(Accepts(bad, "gzip")) << bad;
  }
  EXPECT_TRUE(Accepts(",,, ;q=1, gzip", "gzip"));
  EXPECT_TRUE(Accepts("gzip;level=9", "gzip"));  // unknown parameters do not matter
  EXPECT_FALSE(Accepts("gzipx, xgzip, gz", "gzip"));
}

TEST(GzipTest, RoundTrips) {
  const std::string text(5000, 'a');
  const auto gz = Gzip(text);
  ASSERT_TRUE(gz);
  EXPECT_LT(gz->size(), 200u);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);  // the gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
  EXPECT_EQ(Gunzip(*gz), text);
  ASSERT_TRUE(Gzip(""));
  EXPECT_EQ(Gunzip(*Gzip("")), "");
}

Request WithAccept(std::string accept) {
  Request r;
  r.method = "GET";
  if (!accept.empty()) r.headers.emplace_back("accept-encoding", std::move(accept));
  return r;
}

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

TEST(CompressJsonTest, LargeJsonIsGzippedWhenAccepted) {
  const std::string big = "[" + std::string(2000, '1') + "]";
  Response res = Response::Json(200, big);
  CompressJson(WithAccept("gzip, br"), res);
  EXPECT_EQ(HeaderOf(res, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(res, "Vary"), "Accept-Encoding");
  EXPECT_EQ(res.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(Gunzip(res.body), big);

  Response problem{400, "application/problem+json", big, {}};
  CompressJson(WithAccept("gzip"), problem);
  EXPECT_EQ(HeaderOf(problem, "Content-Encoding"), "gzip");
}

TEST(CompressJsonTest, LeftAloneOtherwise) {
  const std::string big = "[" + std::string(2000, '1') + "]";
  for (const char* accept : {"", "br", "gzip;q=0", "identity"}) {
    Response res = Response::Json(200, big);
    CompressJson(WithAccept(accept), res);
    EXPECT_EQ(res.body, big) << accept;
    EXPECT_EQ(HeaderOf(res, "Content-Encoding"), "") << accept;
    EXPECT_EQ(HeaderOf(res, "Vary"), "Accept-Encoding") << accept;
  }
  // Small answers, downloads (exports), other types and answers already encoded.
  Response small = Response::Json(200, std::string(kCompressJsonFrom - 1, '1'));
  CompressJson(WithAccept("gzip"), small);
  EXPECT_EQ(HeaderOf(small, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(small, "Vary"), "");
  Response download = Response::Json(200, big);
  download.headers.emplace_back("Content-Disposition", "attachment; filename=\"a.json\"");
  CompressJson(WithAccept("gzip"), download);
  EXPECT_EQ(download.body, big);
  Response csv{200, "text/csv; charset=utf-8", big, {}};
  CompressJson(WithAccept("gzip"), csv);
  EXPECT_EQ(csv.body, big);
  Response done = Response::Json(200, big);
  done.headers.emplace_back("Content-Encoding", "br");
  CompressJson(WithAccept("gzip"), done);
  EXPECT_EQ(done.body, big);
}

}  // namespace
}  // namespace nj::http
