// The route table and the OpenAPI document made from it.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/http.h"

namespace nj::http {
namespace {

Request Req(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

Handler Echo(int status) {
  return [status](const Request& r) {
    std::string body;
    for (const auto& p : r.params) body += p + "|";
    return Response::Json(status, body);
  };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/api/v1/members", Echo(200));
    router_.Add("GET", "/api/v1/members/{id}", Echo(200));
    router_.Add("PUT", "/api/v1/members/{id}", Echo(200));
    router_.Add("POST", "/api/v1/members/{id}/reveal", Echo(201));
    router_.Add("GET", "/api/v1/orgs/{org}/members/{id}", Echo(200));
    router_.Add("GET", "/api/v1/members/export", Echo(299));  // shadowed by {id}
  }
  Response Dispatch(std::string method, std::string path, size_t* id = nullptr) {
    size_t ignored = 0;
    Request r = Req(std::move(method), std::move(path));
    return router_.Dispatch(r, id ? id : &ignored);
  }
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralSegments) {
  size_t id = 99;
  EXPECT_EQ(Dispatch("GET", "/api/v1/members", &id).body, "");
  EXPECT_EQ(id, 0u);
  EXPECT_EQ(Dispatch("GET", "/api/v1/members/", &id).status, 200);  // empty segments ignored
  EXPECT_EQ(id, 0u);
}

TEST_F(RouterTest, CapturesParametersInOrder) {
  size_t id = 99;
  EXPECT_EQ(Dispatch("GET", "/api/v1/members/42", &id).body, "42|");
  EXPECT_EQ(id, 1u);
  EXPECT_EQ(Dispatch("GET", "/api/v1/orgs/7/members/张三", &id).body, "7|张三|");
  EXPECT_EQ(id, 4u);
  auto res = Dispatch("POST", "/api/v1/members/42/reveal", &id);
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(id, 3u);
}

TEST_F(RouterTest, FirstMatchWins) {
  EXPECT_EQ(Dispatch("GET", "/api/v1/members/export").status, 200);
}

// Only routes that declare it read bodies up to the upload limit; the query string is no part
// of the match.
TEST(RouterUploads, OnlyDeclaredRoutesTakeUploads) {
  Router router;
  router.Add("POST", "/api/v1/payout/batches/{id}/reconcile", Echo(200),
             {"", "", true, "", "", "", true});
  router.Add("POST", "/api/v1/payout/batches/{id}/cancel", Echo(200));
  EXPECT_TRUE(router.TakesUpload("POST", "/api/v1/payout/batches/7/reconcile?format=ccb"));
  EXPECT_FALSE(router.TakesUpload("GET", "/api/v1/payout/batches/7/reconcile"));
  EXPECT_FALSE(router.TakesUpload("POST", "/api/v1/payout/batches/7/cancel"));
  EXPECT_FALSE(router.TakesUpload("POST", "/api/v1/payout/batches/7/reconcile/x"));
  EXPECT_FALSE(router.TakesUpload("POST", "/nowhere"));
}

TEST_F(RouterTest, AnswersNotFound) {
  for (const char* path : {"/api/v1/members/42/extra", "/api/v1", "/", "", "/api/v2/members",
                           "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s"}) {
    size_t id = 0;
    const auto res = Dispatch("GET", path, &id);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(id, router_.RouteCount()) << path;
    EXPECT_EQ(res.content_type, "application/problem+json; charset=utf-8");
    EXPECT_EQ(boost::json::parse(res.body).at("code").as_string(), "not_found");
  }
}

TEST_F(RouterTest, AnswersMethodNotAllowedWithAllow) {
  size_t id = 0;
  const auto res = Dispatch("DELETE", "/api/v1/members/42", &id);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(id, router_.RouteCount());
  EXPECT_EQ(boost::json::parse(res.body).at("code").as_string(), "method_not_allowed");
  ASSERT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.headers[0].first, "Allow");
  EXPECT_EQ(res.headers[0].second, "GET, PUT");  // once each, though two GET routes match
  EXPECT_EQ(Dispatch("GET", "/api/v1/members/42/reveal").headers.at(0).second, "POST");
}

TEST_F(RouterTest, KnowsItsRoutes) {
  EXPECT_EQ(router_.RouteCount(), 6u);
  EXPECT_EQ(router_.RouteMethod(3), "POST");
  EXPECT_EQ(router_.RoutePattern(3), "/api/v1/members/{id}/reveal");
}

TEST(OpenApi, DescribesEveryRoute) {
  Router router;
  router.Add("GET", "/api/v1/members/{id}", Echo(200),
             {.summary = "One member",
              .tag = "member",
              .permission = "member:read",
              .response_example = R"({"id": 42, "name": "张三"})"});
  router.Add(
      "POST", "/api/v1/members", Echo(201),
      {.summary = "Add a member", .tag = "member", .request_example = R"({"name": "李四"})"});
  router.Add("POST", "/api/v1/session", Echo(200),
             {.summary = "Sign in", .tag = "auth", .auth = false, .request_example = "{not json"});
  const auto doc = boost::json::parse(router.OpenApiJson()).as_object();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  EXPECT_EQ(doc.at("info").at("title").as_string(), "Niangjia API");
  EXPECT_EQ(doc.at("info").at("version").as_string(), "1");
  const auto& paths = doc.at("paths").as_object();
  ASSERT_EQ(paths.size(), 3u);

  const auto& get = paths.at("/api/v1/members/{id}").at("get").as_object();
  EXPECT_EQ(get.at("summary").as_string(), "One member");
  EXPECT_EQ(get.at("tags").at(0).as_string(), "member");
  EXPECT_EQ(get.at("operationId").as_string(), "get_api_v1_members_id");
  EXPECT_EQ(get.at("x-permission").as_string(), "member:read");
  EXPECT_TRUE(get.at("security").at(0).as_object().contains("session"));
  const auto& param = get.at("parameters").at(0);
  EXPECT_EQ(param.at("name").as_string(), "id");
  EXPECT_EQ(param.at("in").as_string(), "path");
  EXPECT_TRUE(param.at("required").as_bool());
  EXPECT_EQ(
      get.at("responses").at("200").at("content").at("application/json").at("example").at("name"),
      "张三");
  EXPECT_EQ(get.at("responses")
                .at("default")
                .at("content")
                .at("application/problem+json")
                .at("schema")
                .at("$ref"),
            "#/components/schemas/Problem");

  const auto& post = paths.at("/api/v1/members").at("post").as_object();
  EXPECT_FALSE(post.contains("parameters"));
  EXPECT_FALSE(post.contains("x-permission"));
  EXPECT_EQ(post.at("requestBody").at("content").at("application/json").at("example").at("name"),
            "李四");

  const auto& session = paths.at("/api/v1/session").at("post").as_object();
  EXPECT_FALSE(session.contains("security"));
  // An example that is not JSON is a declaration error the generated suite reports.
  EXPECT_TRUE(session.at("requestBody").as_object().contains("x-declaration-error"));

  const auto& components = doc.at("components").as_object();
  EXPECT_EQ(components.at("securitySchemes").at("session").at("in").as_string(), "cookie");
  const auto& problem = components.at("schemas").at("Problem").at("properties").as_object();
  for (const char* key : {"type", "title", "status", "code", "detail", "field", "row"}) {
    EXPECT_TRUE(problem.contains(key)) << key;
  }
}

TEST(OpenApi, GroupsMethodsOfOnePath) {
  Router router;
  router.Add("GET", "/api/v1/x/{id}", Echo(200));
  router.Add("DELETE", "/api/v1/x/{id}", Echo(200));
  const auto doc = boost::json::parse(router.OpenApiJson());
  const auto& path = doc.at("paths").at("/api/v1/x/{id}").as_object();
  EXPECT_TRUE(path.contains("get"));
  EXPECT_TRUE(path.contains("delete"));
}

// "name:kind" of each field, for compact expectations.
std::string Kinds(const std::vector<BodyField>& fields) {
  std::string out;
  for (const auto& f : fields) {
    out += (out.empty() ? "" : " ") + f.name + ":" + f.kind;
    if (f.max) out += "(" + std::to_string(f.max) + ")";
  }
  return out;
}

TEST(BodyFields, InfersKindsFromNamesAndValues) {
  const auto fields = BodyFields(
      R"({"amount_fen": 100, "join_date": "2020-05-01", "start": "2026-01-01", "end": "x",
          "date": "2026-01-01", "org_id": 3, "member_ids": [1, 2], "relative_pct": 60,
          "percent": 5, "year": 2026, "month": "2026-05", "pay_month": "2026-05",
          "founding_members": 12, "name": "张三", "dry_run": true, "items": [{"a": 1}],
          "address": {"city": "金华"}, "note": null, "signed_on": "2026-01-20", "on": "2026-01-01",
          "ids": [3], "reason": "x", "return_reason": "x", "findings": "x", "noted": "x"})",
      "");
  ASSERT_TRUE(fields.has_value());
  EXPECT_EQ(Kinds(*fields),
            "amount_fen:money join_date:date start:date end:date date:date org_id:id "
            "member_ids:ids relative_pct:percent percent:percent year:year month:month "
            "pay_month:month founding_members:count name:text dry_run:bool items:array "
            "address:object note:any signed_on:date on:date ids:ids reason:multiline "
            "return_reason:multiline findings:multiline noted:text");
}

TEST(BodyFields, DeclarationsOverrideAndAdd) {
  const auto fields = BodyFields(
      R"({"amount_fen": -5, "narrative": "x", "category": "retired", "total": "12.50"})",
      "amount_fen:signed_money narrative:multiline(4000)  category:enum(front_line|retired) "
      "total:yuan reason:text(500) votes:count(9999)");
  ASSERT_TRUE(fields.has_value()) << fields.error().detail_en;
  EXPECT_EQ(Kinds(*fields),
            "amount_fen:signed_money narrative:multiline(4000) category:enum total:yuan "
            "reason:text(500) votes:count(9999)");
  EXPECT_EQ(fields->at(2).values, (std::vector<std::string>{"front_line", "retired"}));
  // A declaration alone (no example) is enough.
  EXPECT_EQ(Kinds(BodyFields("", "reason:multiline").value()), "reason:multiline");
  EXPECT_TRUE(BodyFields("", "").value().empty());
}

TEST(BodyFields, RefusesWrongDeclarations) {
  EXPECT_FALSE(BodyFields("[1]", "").has_value());  // not an object
  EXPECT_FALSE(BodyFields("{oops", "").has_value());
  for (const char* bad :
       {"amount_fen", ":money", "x:dollars", "x:text(", "x:text(0)", "x:text(12a)", "x:enum"}) {
    EXPECT_FALSE(BodyFields("{}", bad).has_value()) << bad;
  }
}

TEST(OpenApi, DeclaresFieldKindsAndBulkRoutes) {
  Router router;
  router.Add("POST", "/api/v1/grants", Echo(201),
             {.summary = "Grant",
              .request_example = R"({"amount_fen": 100, "reason": "病", "org_id": 3})",
              .fields = "reason:multiline(500)"});
  router.Add("POST", "/api/v1/roster", Echo(200), {.summary = "Roster", .upload = true});
  router.Add("POST", "/api/v1/relevel", Echo(200),
             {.summary = "Relevel", .fields = "none", .bulk = true});
  router.Add("POST", "/api/v1/plain", Echo(200), {.summary = "Nothing declared"});
  const auto doc = boost::json::parse(router.OpenApiJson());
  const auto& paths = doc.at("paths");
  const auto& grant = paths.at("/api/v1/grants").at("post").as_object();
  const auto& schema = grant.at("requestBody").at("content").at("application/json").at("schema");
  EXPECT_EQ(schema.at("type"), "object");
  const auto& amount = schema.at("properties").at("amount_fen");
  EXPECT_EQ(amount.at("x-kind"), "money");
  EXPECT_EQ(amount.at("minimum"), 0);
  EXPECT_EQ(amount.at("maximum"), 1'000'000'000'000);
  EXPECT_EQ(schema.at("properties").at("reason").at("x-kind"), "multiline");
  EXPECT_EQ(schema.at("properties").at("reason").at("maxLength"), 500);
  EXPECT_EQ(schema.at("properties").at("org_id").at("minimum"), 1);
  EXPECT_FALSE(grant.contains("x-bulk"));

  const auto& roster = paths.at("/api/v1/roster").at("post").as_object();
  EXPECT_EQ(roster.at("x-bulk"), true);
  EXPECT_EQ(roster.at("x-upload"), true);
  const auto& relevel = paths.at("/api/v1/relevel").at("post").as_object();
  EXPECT_EQ(relevel.at("x-bulk"), true);
  EXPECT_EQ(relevel.at("x-body"), "none");
  EXPECT_FALSE(relevel.contains("requestBody"));
  // Nothing declared: no requestBody, no x-body (the generated suite reports the route).
  const auto& plain = paths.at("/api/v1/plain").at("post").as_object();
  EXPECT_FALSE(plain.contains("requestBody"));
  EXPECT_FALSE(plain.contains("x-body"));
}

}  // namespace
}  // namespace nj::http
