#include "member/routes.h"

#include "http/json.h"

namespace nj::member {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

namespace {

json::object MemberJson(const Member& m) {
  json::object o{{"id", m.id},
                 {"org_id", m.org_id},
                 {"org_name", m.org_name},
                 {"name", m.name},
                 {"id_number", m.id_number},
                 {"sex", m.sex},
                 {"birth_date", m.birth_date},
                 {"phone", m.phone},
                 {"employer", m.employer},
                 {"category", m.category},
                 {"new_form_worker", IsNewFormCategory(m.category)},
                 {"join_date", m.join_date},
                 {"status", m.status}};
  if (m.division_warning) {
    o["warnings"] = json::array{json::object{
        {"field", "id_number"},
        {"message", "身份证号的地址码不在已知的县级行政区划中，已按省级代码接受，请核对"}}};
  }
  return o;
}

Result<MemberInput> ReadInput(const Request& req) {
  auto body = http::ParseObject(req);
  if (!body) return std::unexpected(body.error());
  MemberInput in;
  for (auto [key, out] : {std::pair{"name", &in.name},
                          {"id_number", &in.id_number},
                          {"category", &in.category},
                          {"join_date", &in.join_date}}) {
    auto v = http::RequiredString(*body, key);
    if (!v) return std::unexpected(v.error());
    *out = *v;
  }
  for (auto [key, out] : {std::pair{"phone", &in.phone}, {"employer", &in.employer}}) {
    auto v = http::OptionalString(*body, key);
    if (!v) return std::unexpected(v.error());
    *out = *v;
  }
  auto org = http::OptionalInt(*body, "org_id");
  if (!org) return std::unexpected(org.error());
  in.org_id = org->value_or(0);
  return in;
}

// Reads {"<a>": "...", "<b>": "..."} string fields, both required.
Result<std::pair<std::string, std::string>> ReadPair(const Request& req, const char* a,
                                                     const char* b) {
  auto body = http::ParseObject(req);
  if (!body) return std::unexpected(body.error());
  auto va = http::RequiredString(*body, a);
  if (!va) return std::unexpected(va.error());
  auto vb = http::RequiredString(*body, b);
  if (!vb) return std::unexpected(vb.error());
  return std::pair{*va, *vb};
}

}  // namespace

void AddMemberRoutes(http::Router& router, const auth::Guard& guard, MemberService& members) {
  const std::string read(auth::kMemberRead), write(auth::kMemberWrite), reveal(auth::kMemberReveal);

  router.Add(
      "GET", "/api/v1/members",
      guard(read,
            [&members](const Request& req, const Principal& p) -> Response {
              MemberQuery q;
              auto org = http::IntQuery(req, "org_id", 0);
              if (!org) return Response::Problem(req, org.error());
              auto limit = http::IntQuery(req, "limit", 20);
              if (!limit) return Response::Problem(req, limit.error());
              q.org_id = *org;
              q.limit = static_cast<int>(std::min<int64_t>(*limit, 1000));
              q.name = req.Query("name");
              q.category = req.Query("category");
              q.status = req.Query("status");
              q.cursor = req.Query("cursor");
              return http::Answer(req, members.List(p, q), [](const MemberPage& page) {
                json::array items;
                for (const auto& m : page.items) items.push_back(MemberJson(m));
                json::object out{{"items", items}};
                out["next_cursor"] =
                    page.next_cursor.empty() ? json::value(nullptr) : json::value(page.next_cursor);
                return out;
              });
            }),
      {"Members of the caller's scope by pinyin of name; filters org_id (subtree), name (prefix, "
       "traditional characters too), category, status; cursor pagination (limit ≤ 200)",
       "member", true, read, "",
       R"({"items":[{"id":1,"name":"张伟","id_number":"330***********123X","phone":"138****5678"}],"next_cursor":"…"})"});

  router.Add("GET", "/api/v1/members/{id}",
             guard(read,
                   [&members](const Request& req, const Principal& p) -> Response {
                     auto id = http::IdParam(req);
                     if (!id) return Response::Problem(req, id.error());
                     return http::Answer(req, members.Get(p, *id), MemberJson);
                   }),
             {"One member, personal data masked", "member", true, read});

  router.Add(
      "POST", "/api/v1/members",
      guard(write,
            [&members](const Request& req, const Principal& p) -> Response {
              auto in = ReadInput(req);
              if (!in) return Response::Problem(req, in.error());
              return http::Answer(req, members.Create(p, *in), MemberJson, 201);
            }),
      {"Register a member; 409 when the person is a member already", "member", true, write,
       R"({"org_id":12,"name":"张伟","id_number":"33070219900101123X","phone":"13812345678","employer":"某公司","category":"front_line","join_date":"2020-05-01"})"});

  router.Add("PUT", "/api/v1/members/{id}",
             guard(write,
                   [&members](const Request& req, const Principal& p) -> Response {
                     auto id = http::IdParam(req);
                     if (!id) return Response::Problem(req, id.error());
                     auto in = ReadInput(req);
                     if (!in) return Response::Problem(req, in.error());
                     return http::Answer(req, members.Update(p, *id, *in), MemberJson);
                   }),
             {"Change a member's own fields", "member", true, write});

  router.Add("POST", "/api/v1/members/{id}/status",
             guard(write,
                   [&members](const Request& req, const Principal& p) -> Response {
                     auto id = http::IdParam(req);
                     if (!id) return Response::Problem(req, id.error());
                     auto body = ReadPair(req, "status", "reason");
                     if (!body) return Response::Problem(req, body.error());
                     return http::Answer(req, members.SetStatus(p, *id, body->first, body->second),
                                         MemberJson);
                   }),
             {"Suspend, exit, record a death or re-activate, with a reason", "member", true, write,
              R"({"status":"exited","reason":"离职"})"});

  router.Add(
      "DELETE", "/api/v1/members/{id}",
      guard(write,
            [&members](const Request& req, const Principal& p) -> Response {
              auto id = http::IdParam(req);
              if (!id) return Response::Problem(req, id.error());
              auto r = members.Delete(p, *id, req.Query("reason"));
              if (!r) return Response::Problem(req, r.error());
              return http::JsonResponse(json::object{{"ok", true}});
            }),
      {"Remove a record entered in error (reason as query parameter)", "member", true, write});

  router.Add(
      "POST", "/api/v1/members/{id}/reveal",
      guard(reveal,
            [&members](const Request& req, const Principal& p) -> Response {
              auto id = http::IdParam(req);
              if (!id) return Response::Problem(req, id.error());
              auto body = ReadPair(req, "field", "reason");
              if (!body) return Response::Problem(req, body.error());
              return http::Answer(req, members.Reveal(p, *id, body->first, body->second),
                                  [&body](const std::string& value) {
                                    return json::object{{"field", body->first}, {"value", value}};
                                  });
            }),
      {"The clear value of id_number or phone, with a reason; audited", "member", true, reveal,
       R"({"field":"id_number","reason":"核对会员身份"})",
       R"({"field":"id_number","value":"33070219900101123X"})"});
}

}  // namespace nj::member
