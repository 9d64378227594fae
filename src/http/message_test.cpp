// Request accessors, request-target decoding and the problem+json shape.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/http.h"
#include "http/target.h"

namespace nj::http {
namespace {

Request WithHeader(std::string name, std::string value) {
  Request r;
  r.headers = {{std::move(name), std::move(value)}};
  return r;
}

TEST(English, ChineseWithoutAHeader) { EXPECT_FALSE(Request().English()); }

TEST(English, FollowsTheHighestQuality) {
  auto english = [](std::string v) {
    return WithHeader("accept-language", std::move(v)).English();
  };
  EXPECT_TRUE(english("en"));
  EXPECT_TRUE(english("EN-gb"));
  EXPECT_TRUE(english("en-US,en;q=0.9"));
  EXPECT_TRUE(english("en-US;q=0.9, zh;q=0.8"));
  EXPECT_TRUE(english("zh;q=0.5, en;q=0.8"));
  EXPECT_TRUE(english("zh ; q=0.5 , en ; Q=0.8"));
  EXPECT_FALSE(english("zh;q = 0.5, en;q=0.8"));  // no spaces around "=": zh keeps q=1
  EXPECT_TRUE(english("zh;q=0, en;q=0.1"));
  EXPECT_FALSE(english("zh-CN,zh;q=0.9,en;q=0.8"));
  EXPECT_FALSE(english("zh-CN;q=0.9, en-US;q=0.9"));  // a tie goes to the first
  EXPECT_FALSE(english("en;q=0"));                    // "not English"
  EXPECT_FALSE(english("fr, en;q=0.5"));              // neither preferred: Chinese
  EXPECT_FALSE(english("eo"));
  EXPECT_FALSE(english("enx"));
}

TEST(English, ToleratesGarbage) {
  auto english = [](std::string v) {
    return WithHeader("accept-language", std::move(v)).English();
  };
  EXPECT_FALSE(english(""));
  EXPECT_FALSE(english(";;,garbage"));
  EXPECT_FALSE(english(",,,"));
  EXPECT_FALSE(english("en;q=abc"));
  EXPECT_FALSE(english("en;q=2"));
  EXPECT_FALSE(english("en;q="));
  EXPECT_TRUE(english(";q=0.9, en"));
}

TEST(Cookie, FindsOneAmongSeveral) {
  const Request r = WithHeader("cookie", "a=1; nj_session=abc-_9 ;b=2;  c = 3 ; q=\"quoted\"");
  EXPECT_EQ(r.Cookie("nj_session"), "abc-_9");
  EXPECT_EQ(r.Cookie("a"), "1");
  EXPECT_EQ(r.Cookie("b"), "2");
  EXPECT_EQ(r.Cookie("c"), "3");
  EXPECT_EQ(r.Cookie("q"), "quoted");
  EXPECT_EQ(r.Cookie("nj"), "");
  EXPECT_EQ(r.Cookie("session"), "");
}

TEST(Cookie, EmptyWhenMissingOrMalformed) {
  EXPECT_EQ(Request().Cookie("nj_session"), "");
  EXPECT_EQ(WithHeader("cookie", "").Cookie("a"), "");
  EXPECT_EQ(WithHeader("cookie", "a; ;=;b").Cookie("a"), "");
  EXPECT_EQ(WithHeader("cookie", "a=").Cookie("a"), "");
}

TEST(Header, IgnoresCase) {
  const Request r = WithHeader("x-csrf-token", "t");
  EXPECT_EQ(r.Header("X-CSRF-Token"), "t");
  EXPECT_EQ(r.Header("x-csrf"), "");
}

TEST(Target, DecodesPathAndQuery) {
  Request r;
  ParseTarget("/api/v1/x%20y+z?a=1&name=%E5%BC%A0+%E4%B8%89&flag&&empty=&a=2&sum=1%2B1", r);
  EXPECT_EQ(r.target, "/api/v1/x%20y+z?a=1&name=%E5%BC%A0+%E4%B8%89&flag&&empty=&a=2&sum=1%2B1");
  EXPECT_EQ(r.path, "/api/v1/x y+z");  // '+' is a space only in the query
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(
      r.query,
      (Pairs{
          {"a", "1"}, {"name", "张 三"}, {"flag", ""}, {"empty", ""}, {"a", "2"}, {"sum", "1+1"}}));
  EXPECT_EQ(r.Query("a"), "1");  // the first of repeated names
  EXPECT_EQ(r.Query("name"), "张 三");
  EXPECT_EQ(r.Query("none"), "");
}

TEST(Target, KeepsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("%zz%4", false), "%zz%4");
  EXPECT_EQ(PercentDecode("100%", true), "100%");
  EXPECT_EQ(PercentDecode("%41%62c", false), "Abc");
  Request r;
  ParseTarget("/", r);
  EXPECT_EQ(r.path, "/");
  EXPECT_TRUE(r.query.empty());
  ParseTarget("/p?", r);
  EXPECT_EQ(r.path, "/p");
  EXPECT_TRUE(r.query.empty());
}

TEST(Problem, HasTheRfc9457ShapeInChinese) {
  const Error e{ErrorCode::kInvalidInput, "身份证号校验位错误", "check character is wrong",
                "id_number", 3};
  const Response res = Response::Problem(Request(), e);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.content_type, "application/problem+json; charset=utf-8");
  auto o = boost::json::parse(res.body).as_object();
  EXPECT_EQ(o["type"].as_string(), "https://niangjia.org/problems/invalid_input");
  EXPECT_EQ(o["title"].as_string(), "输入有误");
  EXPECT_EQ(o["status"].as_int64(), 400);
  EXPECT_EQ(o["code"].as_string(), "invalid_input");
  EXPECT_EQ(o["detail"].as_string(), "身份证号校验位错误");
  EXPECT_EQ(o["field"].as_string(), "id_number");
  EXPECT_EQ(o["row"].as_int64(), 3);
}

TEST(Problem, SpeaksEnglishWhenAsked) {
  const Error e{ErrorCode::kConflict, "已是会员", "already a member", "", 0};
  const Response res = Response::Problem(WithHeader("accept-language", "en-US,en;q=0.9"), e);
  EXPECT_EQ(res.status, 409);
  auto o = boost::json::parse(res.body).as_object();
  EXPECT_EQ(o["title"].as_string(), "Conflict");
  EXPECT_EQ(o["detail"].as_string(), "already a member");
  EXPECT_EQ(o["code"].as_string(), "conflict");
  EXPECT_FALSE(o.contains("field"));  // left out when empty
  EXPECT_FALSE(o.contains("row"));
}

TEST(Problem, FallsBackToTheOtherLanguage) {
  const Request en = WithHeader("accept-language", "en");
  auto detail = [](const Request& r, const Error& e) {
    return std::string(boost::json::parse(Response::Problem(r, e).body).at("detail").as_string());
  };
  EXPECT_EQ(detail(en, Error{ErrorCode::kNotFound, "没有", "", "", 0}), "没有");
  EXPECT_EQ(detail(Request(), Error{ErrorCode::kNotFound, "", "none", "", 0}), "none");
}

TEST(Problem, NeverEchoesALongDetail) {
  // A message quoting a megabyte of input answers a short body all the same.
  const std::string mb(1 << 20, 'x');
  const Response res = Response::Problem(
      Request(), Error{ErrorCode::kInvalidInput, "无效：" + mb, "invalid: " + mb, mb, 0});
  EXPECT_LT(res.body.size(), 1000u);
  auto o = boost::json::parse(res.body).as_object();
  EXPECT_TRUE(o["detail"].as_string().starts_with("无效：xxx"));
  // Cut before a character, never inside one: the body stays valid UTF-8 JSON.
  std::string han;
  for (int i = 0; i < 1000; ++i) han += "张";
  const Response cut =
      Response::Problem(Request(), Error{ErrorCode::kInvalidInput, han, "", "", 0});
  EXPECT_NO_THROW(boost::json::parse(cut.body));
}

TEST(Json, SetsTheContentType) {
  const Response res = Response::Json(201, R"({"id":1})");
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(res.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(res.body, R"({"id":1})");
}

}  // namespace
}  // namespace nj::http
