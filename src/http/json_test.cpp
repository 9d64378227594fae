// The strict body reader and the query readers over the bounded parsers.
#include "http/json.h"

#include <gtest/gtest.h>

namespace nj::http {
namespace {

Request WithBody(std::string body) {
  Request r;
  r.body = std::move(body);
  return r;
}

Request WithQuery(std::string name, std::string value) {
  Request r;
  r.query = {{std::move(name), std::move(value)}};
  return r;
}

TEST(Body, ReadsEveryKind) {
  auto b = Body::Of(
      WithBody(R"({"name":"张伟","note":"一\r\n二","amount_fen":1000000000000,"delta_fen":-5,)"
               R"("n":3,"pct":100,"org_id":7,"year":2026,"on":"2026-11-23","month":"2026-11",)"
               R"("ok":true,"ids":[1,2,3],"kind":"a"})"));
  EXPECT_EQ(b.Text("name", 10, kRequired), "张伟");
  EXPECT_EQ(b.Multiline("note"), "一\n二");
  EXPECT_EQ(b.Fen("amount_fen"), 1'000'000'000'000);
  EXPECT_EQ(b.SignedFen("delta_fen"), -5);
  EXPECT_EQ(b.Count("n", 10), 3);
  EXPECT_EQ(b.Percent("pct"), 100);
  EXPECT_EQ(b.Id("org_id"), 7);
  EXPECT_EQ(b.Year("year"), 2026);
  EXPECT_EQ(b.Date("on"), "2026-11-23");
  EXPECT_EQ(b.Month("month"), "2026-11");
  EXPECT_TRUE(b.Bool("ok"));
  EXPECT_EQ(b.Ids("ids"), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(b.Enum("kind", {"a", "b"}), "a");
  EXPECT_EQ(b.OptFen("absent"), std::nullopt);
  EXPECT_EQ(b.Text("absent"), "");
  EXPECT_TRUE(b.ok());
}

// The field the reader refuses in `json` when asked by `read`.
template <class F>
std::string Refused(const std::string& json, F&& read) {
  auto b = Body::Of(WithBody(json));
  read(b);
  EXPECT_FALSE(b.ok()) << json;
  if (b.ok()) return "";
  EXPECT_EQ(b.error().code, ErrorCode::kInvalidInput) << json;
  EXPECT_LT(b.error().detail_en.size(), 300u);
  return b.error().field;
}

TEST(Body, StrictTypesNeverCoerced) {
  EXPECT_EQ(Refused(R"({"a":"100"})", [](Body& b) { b.Fen("a"); }), "a");
  EXPECT_EQ(Refused(R"({"a":1.5})", [](Body& b) { b.Fen("a"); }), "a");
  EXPECT_EQ(Refused(R"({"a":1e3})", [](Body& b) { b.Count("a"); }), "a");
  EXPECT_EQ(Refused(R"({"a":true})", [](Body& b) { b.Id("a"); }), "a");
  EXPECT_EQ(Refused(R"({"a":5})", [](Body& b) { b.Text("a"); }), "a");
  EXPECT_EQ(Refused(R"({"a":"true"})", [](Body& b) { b.Bool("a"); }), "a");
  EXPECT_EQ(Refused(R"({"a":{}})", [](Body& b) { b.Date("a"); }), "a");
  EXPECT_EQ(Refused(R"({"a":[1,"2"]})", [](Body& b) { b.Ids("a"); }), "a");
  EXPECT_EQ(Refused(R"({"a":[1,0]})", [](Body& b) { b.Ids("a"); }), "a");
  EXPECT_EQ(Refused(R"({"a":"c"})", [](Body& b) { b.Enum("a", {"x", "y"}); }), "a");
}

TEST(Body, BoundsOfTheContract) {
  EXPECT_EQ(Refused(R"({"amount_fen":9223372036854775807})", [](Body& b) { b.Fen("amount_fen"); }),
            "amount_fen");
  EXPECT_EQ(
      Refused(R"({"amount_fen":18446744073709551615})", [](Body& b) { b.OptFen("amount_fen"); }),
      "amount_fen");
  EXPECT_EQ(Refused(R"({"amount_fen":-1})", [](Body& b) { b.Fen("amount_fen"); }), "amount_fen");
  EXPECT_EQ(Refused(R"({"amount_fen":1000000000001})", [](Body& b) { b.Fen("amount_fen"); }),
            "amount_fen");
  EXPECT_EQ(Refused(R"({"d":-1000000000001})", [](Body& b) { b.SignedFen("d"); }), "d");
  EXPECT_EQ(Refused(R"({"founding_members":9223372036854775807})",
                    [](Body& b) { b.Count("founding_members"); }),
            "founding_members");
  EXPECT_EQ(Refused(R"({"p":101})", [](Body& b) { b.Percent("p"); }), "p");
  EXPECT_EQ(Refused(R"({"d":"0000-01-01"})", [](Body& b) { b.Date("d"); }), "d");
  EXPECT_EQ(Refused(R"({"m":"2101-01"})", [](Body& b) { b.Month("m"); }), "m");
  EXPECT_EQ(Refused(R"({"y":1899})", [](Body& b) { b.Year("y"); }), "y");
  EXPECT_EQ(Refused(R"({"id":0})", [](Body& b) { b.Id("id"); }), "id");
  EXPECT_EQ(Refused(R"({"t":"医疗互助\r\nD,0000000002\u0000"})", [](Body& b) { b.Text("t"); }),
            "t");
  EXPECT_EQ(Refused(R"({"t":"abc"})", [](Body& b) { b.Text("t", 2); }), "t");
  EXPECT_EQ(Refused(R"({"t":"a\tb"})", [](Body& b) { b.Multiline("t"); }), "t");
  EXPECT_EQ(Refused("{\"pw\":\"" + std::string(300, 'x') + "\"}", [](Body& b) { b.Secret("pw"); }),
            "pw");
  std::string many = "[";
  for (int i = 1; i <= 10; ++i) many += (i > 1 ? "," : "") + std::to_string(i);
  EXPECT_EQ(Refused(R"({"ids":)" + many + "]}", [](Body& b) { b.Ids("ids", kRequired, 9); }),
            "ids");
  // A megabyte of text is refused with a short message.
  const std::string mb(1 << 20, 'x');
  EXPECT_EQ(Refused(R"({"purpose":")" + mb + "\"}", [](Body& b) { b.Text("purpose", 100); }),
            "purpose");
}

TEST(Body, RequiredAndTheFirstErrorWins) {
  EXPECT_EQ(Refused(R"({})", [](Body& b) { b.Fen("a"); }), "a");
  EXPECT_EQ(Refused(R"({"a":null})", [](Body& b) { b.Date("a"); }), "a");
  EXPECT_EQ(Refused(R"({"a":"  "})", [](Body& b) { b.Text("a", 10, kRequired); }), "a");
  EXPECT_EQ(Refused(R"({"a":-1,"b":-1})",
                    [](Body& b) {
                      b.Fen("a");
                      b.Fen("b");
                    }),
            "a");
  auto b = Body::Of(WithBody("not json"));
  EXPECT_EQ(b.Text("a"), "");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, ErrorCode::kMalformedJson);
  EXPECT_FALSE(Body::Of(WithBody("[1]")).ok());
  EXPECT_TRUE(Body::OfOptional(WithBody("")).ok());
}

TEST(Query, BoundedReaders) {
  EXPECT_EQ(*IntQuery(Request(), "org_id", 5), 5);
  EXPECT_EQ(*IntQuery(WithQuery("org_id", "9223372036854775807"), "org_id", 0), INT64_MAX);
  EXPECT_FALSE(IntQuery(WithQuery("org_id", "9223372036854775808"), "org_id", 0));
  EXPECT_FALSE(IntQuery(WithQuery("org_id", "0"), "org_id", 0));
  EXPECT_FALSE(IntQuery(WithQuery("org_id", "+1"), "org_id", 0));
  EXPECT_EQ(*CountQuery(WithQuery("limit", "200"), "limit", 20, 200), 200);
  EXPECT_FALSE(CountQuery(WithQuery("limit", "201"), "limit", 20, 200));
  EXPECT_EQ(*YearQuery(Request(), "year", 2026), 2026);
  EXPECT_FALSE(YearQuery(WithQuery("year", "0"), "year", 2026));
  EXPECT_EQ(*DateQuery(WithQuery("from", "2026-01-31"), "from"), "2026-01-31");
  EXPECT_FALSE(DateQuery(WithQuery("from", "0000-01-01"), "from"));
  EXPECT_FALSE(MonthQuery(WithQuery("month", "2026-13"), "month"));
  EXPECT_FALSE(TextQuery(WithQuery("q", std::string(201, 'a')), "q"));
  EXPECT_FALSE(TextQuery(WithQuery("q", "a\r\nb"), "q"));
  auto e = CountQuery(WithQuery("limit", std::string(1 << 20, '9')), "limit", 20);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().field, "limit");
  EXPECT_LT(e.error().detail_en.size(), 300u);
}

TEST(IdParam, MalformedIsNotFound) {
  Request r;
  r.params = {"12"};
  EXPECT_EQ(*IdParam(r), 12);
  for (const char* bad : {"0", "-1", "x", "9223372036854775808", "1.0", ""}) {
    r.params = {bad};
    ASSERT_FALSE(IdParam(r));
    EXPECT_EQ(IdParam(r).error().code, ErrorCode::kNotFound);
  }
}

}  // namespace
}  // namespace nj::http
