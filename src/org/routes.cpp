#include "org/routes.h"

#include "auth/shapes.h"
#include "http/json.h"
#include "org/rules.h"

namespace nj::org {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

namespace {

json::object OrgJson(const Org& o) {
  json::object out{{"id", o.id},
                   {"parent_id", o.parent_id},
                   {"kind", o.kind},
                   {"kind_name", KindName(o.kind)},
                   {"name", o.name},
                   {"division_code", o.division_code},
                   {"depth", o.depth},
                   {"contact_name", o.contact_name},
                   {"contact_phone", o.contact_phone},
                   {"address", o.address},
                   {"registration_no", o.registration_no},
                   {"members", o.members},
                   {"has_children", o.has_children}};
  json::array ancestors;
  for (const auto& a : o.ancestors) {
    ancestors.push_back(json::object{
        {"id", a.id}, {"kind", a.kind}, {"kind_name", KindName(a.kind)}, {"name", a.name}});
  }
  out["ancestors"] = std::move(ancestors);
  if (o.closed_at) {
    out["closed"] = json::object{{"at", o.closed_at}, {"reason", o.closed_reason}};
  }
  return out;
}

json::object ListJson(const std::vector<Org>& orgs) {
  json::array items;
  for (const auto& o : orgs) items.push_back(OrgJson(o));
  return {{"items", items}};
}

// The bounds of an organisation's fields (the rules check their form).
constexpr int64_t kCodeMax = 40, kOrgNameMax = 100, kPersonNameMax = 50, kPhoneMax = 32,
                  kAddressMax = 200;

Result<OrgInput> ReadInput(const Request& req) {
  auto b = http::Body::Of(req);
  OrgInput in;
  in.kind = b.Text("kind", kCodeMax, http::kRequired);
  in.name = b.Text("name", kOrgNameMax, http::kRequired);
  in.division_code = b.Text("division_code", kCodeMax, http::kRequired);
  in.contact_name = b.Text("contact_name", kPersonNameMax);
  in.contact_phone = b.Text("contact_phone", kPhoneMax);
  in.address = b.Text("address", kAddressMax);
  in.parent_id = b.OptId("parent_id").value_or(0);
  if (!b.ok()) return b.Failure();
  return in;
}

}  // namespace

void AddOrgRoutes(http::Router& router, const auth::Guard& guard, OrgService& orgs) {
  const std::string read(auth::kOrgRead), write(auth::kOrgWrite);

  router.Add("GET", "/api/v1/orgs",
             guard(read,
                   [&orgs](const Request& req, const Principal& p) -> Response {
                     auto q = http::TextQuery(req, "q", kOrgNameMax);
                     if (!q) return Response::Problem(req, q.error());
                     auto division = http::TextQuery(req, "parent_for", kCodeMax);
                     if (!division) return Response::Problem(req, division.error());
                     if (!division->empty()) {
                       return http::Answer(req, orgs.ProposedParent(p, *division), ListJson);
                     }
                     if (!q->empty()) {
                       // A typeahead: a few suggestions, never a page of a list (no cursor).
                       auto page = http::ReadPage(req, {.fallback = 20, .max = 50});
                       if (!page) return Response::Problem(req, page.error());
                       return http::Answer(req, orgs.Search(p, *q, page->limit), ListJson);
                     }
                     auto parent = http::IntQuery(req, "parent_id", 0);
                     if (!parent) return Response::Problem(req, parent.error());
                     return http::Answer(req, orgs.Children(p, *parent), ListJson);
                   }),
             {"Children of parent_id (default: the caller's own organisation), or a name search q "
              "(at most limit suggestions: 1–50, default 20), or parent_for=DIVISION: the "
              "federation in scope proposed as a new union's parent (its township's, else its "
              "county's; none when neither is in scope)",
              "org", true, read});

  router.Add(
      "GET", "/api/v1/unions",
      guard(read,
            [&orgs](const Request& req, const Principal& p) -> Response {
              http::ListQuery in(req);
              UnionQuery q{in.Id("org_id"), in.Text("kind", kCodeMax), in.Flag("no_committee"),
                           in.Page()};
              if (!in.ok()) return Response::Problem(req, in.error());
              auto list = orgs.Unions(p, q);
              if (!list) return Response::Problem(req, list.error());
              auto total = orgs.CountUnions(p, q);
              if (!total) return Response::Problem(req, total.error());
              auto out = http::PageResponse(*list, OrgJson);
              out["total"] = std::min(*total, kUnionCountCap);
              out["total_capped"] = *total > kUnionCountCap;
              return http::JsonResponse(out, 200);
            }),
      {"Open grassroots unions of the subtree of org_id (default: the caller's scope), by id; "
       "filters kind (one grassroots kind) and no_committee=1 (no sitting committee on record). "
       "total counts the whole filter up to 10000 (total_capped: more); limit, cursor",
       "org", true, read, "",
       R"({"items":[{"id":12,"name":"某某公司工会","kind":"enterprise_union"}],"next_cursor":null,"total":1,"total_capped":false})"});

  router.Add(
      "GET", "/api/v1/orgs/{id}",
      guard(read, auth::ById([&orgs](const Principal& p, int64_t id) { return orgs.Get(p, id); },
                             OrgJson)),
      {"One organisation", "org", true, read});

  router.Add(
      "GET", "/api/v1/orgs/{id}/stats",
      guard(
          read,
          auth::WithId([&orgs](const Request& req, const Principal& p, int64_t id) -> Response {
            return http::Answer(req, orgs.GetRollup(p, id), [](const Rollup& r) {
              json::array cats;
              for (const auto& c : r.by_category) {
                cats.push_back({{"category", c.category}, {"own", c.own}, {"subtree", c.subtree}});
              }
              return json::object{
                  {"org", OrgJson(r.org)}, {"members", r.members}, {"by_category", cats}};
            });
          })),
      {"Active members of the subtree, in total and by category", "org", true, read, "",
       R"({"members":1500000,"by_category":[{"category":"front_line","own":0,"subtree":700000}]})"});

  router.Add(
      "POST", "/api/v1/orgs",
      guard(write,
            [&orgs](const Request& req, const Principal& p) -> Response {
              auto in = ReadInput(req);
              if (!in) return Response::Problem(req, in.error());
              return http::Answer(req, orgs.Create(p, *in), OrgJson, 201);
            }),
      {"Create an organisation under parent_id", "org", true, write,
       R"({"parent_id":2,"kind":"enterprise_union","name":"某某公司工会","division_code":"330702"})"});

  router.Add("PUT", "/api/v1/orgs/{id}",
             guard(write, auth::WithId([&orgs](const Request& req, const Principal& p,
                                               int64_t id) -> Response {
                     auto in = ReadInput(req);
                     if (!in) return Response::Problem(req, in.error());
                     return http::Answer(req, orgs.Update(p, id, *in), OrgJson);
                   })),
             {"Change an organisation's kind, name, division code and contacts", "org", true, write,
              R"({"kind":"enterprise_union","name":"某某公司工会","division_code":"330702",)"
              R"("contact_name":"张三","contact_phone":"0579-82345678",)"
              R"("address":"金华市婺城区某路 1 号"})"});

  router.Add("POST", "/api/v1/orgs/{id}/move",
             guard(write, auth::WithId([&orgs](const Request& req, const Principal& p,
                                               int64_t id) -> Response {
                     auto b = http::Body::Of(req);
                     const auto parent = b.Id("parent_id");
                     if (!b.ok()) return Response::Problem(req, b.error());
                     return http::Answer(req, orgs.Move(p, id, parent), OrgJson);
                   })),
             {"Move the subtree under another parent", "org", true, write, R"({"parent_id":7})"});

  router.Add("POST", "/api/v1/orgs/{id}/close",
             guard(write, auth::WithId([&orgs](const Request& req, const Principal& p,
                                               int64_t id) -> Response {
                     auto b = http::Body::Of(req);
                     const auto reason = b.Multiline("reason", auth::kReasonMax, http::kRequired);
                     if (!b.ok()) return Response::Problem(req, b.error());
                     return http::Answer(req, orgs.CloseUnion(p, id, reason), [](int64_t held) {
                       return json::object{{"held", held}};
                     });
                   })),
             {"The employer closed: close its union; the union above holds its members", "org",
              true, write, R"({"reason":"企业注销"})"});

  router.Add("DELETE", "/api/v1/orgs/{id}",
             guard(write, auth::WithId([&orgs](const Request& req, const Principal& p,
                                               int64_t id) -> Response {
                     auto r = orgs.Delete(p, id);
                     if (!r) return Response::Problem(req, r.error());
                     return http::JsonResponse(json::object{{"ok", true}});
                   })),
             {"Delete an organisation with no children, members or users", "org", true, write});
}

job::Exporter OrgsExporter(OrgService& orgs) {
  return {std::string(auth::kOrgRead), "组织", "Organisations", "org",
          [&orgs](const Principal& who, const job::Filters& f,
                  bool english) -> Result<job::ExportWrite> {
            auto parent = job::IdFilter(f, "parent_id");
            if (!parent) return std::unexpected(parent.error());
            const int64_t id = *parent == 0 ? who.org_id : *parent;
            auto children = orgs.Children(who, id);
            if (!children) return std::unexpected(children.error());
            return [rows = std::move(*children), english](job::Sheet& sheet,
                                                          job::Progress& progress) -> Result<void> {
              progress.SetTotal(static_cast<int64_t>(rows.size()));
              const std::string header[] = {english ? "Name" : "名称",
                                            english ? "Kind" : "类型",
                                            english ? "Division code" : "行政区划代码",
                                            english ? "Members" : "会员数",
                                            english ? "Contact" : "联系人",
                                            english ? "Contact phone" : "联系电话",
                                            english ? "Address" : "地址"};
              if (auto r = sheet.Header(header); !r) return r;
              for (const auto& o : rows) {
                const job::Cell row[] = {o.name,          std::string(KindName(o.kind, english)),
                                         o.division_code, o.members,
                                         o.contact_name,  o.contact_phone,
                                         o.address};
                if (auto r = sheet.Row(row); !r) return r;
                progress.Advance(1);
              }
              return {};
            };
          }};
}

}  // namespace nj::org
