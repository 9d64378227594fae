#include "stats/routes.h"

#include "http/json.h"
#include "org/rules.h"

namespace nj::stats {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

namespace {

json::array CountsJson(const std::vector<Count>& counts, const char* key) {
  json::array out;
  for (const auto& c : counts) out.push_back({{key, c.key}, {"count", c.count}});
  return out;
}

}  // namespace

void AddStatsRoutes(http::Router& router, const auth::Guard& guard, StatsService& stats) {
  router.Add(
      "GET", "/api/v1/stats/overview",
      guard(std::string(auth::kOrgRead),
            [&stats](const Request& req, const Principal& p) -> Response {
              auto org = http::IdQuery(req, "org_id");
              if (!org) return Response::Problem(req, org.error());
              return http::Answer(req, stats.Get(p, *org), [](const Overview& o) {
                return json::object{{"org",
                                     {{"id", o.org.id},
                                      {"name", o.org.name},
                                      {"kind", o.org.kind},
                                      {"kind_name", org::KindName(o.org.kind)}}},
                                    {"members", o.members},
                                    {"grassroots_unions", o.grassroots_unions},
                                    {"enterprise_unions", o.enterprise_unions},
                                    {"by_category", CountsJson(o.by_category, "category")},
                                    {"by_kind", CountsJson(o.by_kind, "kind")},
                                    {"by_month", CountsJson(o.by_month, "month")}};
              });
            }),
      {"The home page's figures for an organisation's subtree (default: the caller's own): "
       "active members in total and by category, grassroots unions by kind, joins by month "
       "over the last 12 months",
       "stats", true, std::string(auth::kOrgRead), "",
       R"({"org":{"id":1,"name":"金华市总工会"},"members":1300000,"grassroots_unions":11025,"enterprise_unions":8800,"by_category":[{"category":"front_line","count":700000}],"by_kind":[{"kind":"enterprise_union","count":8800}],"by_month":[{"month":"2026-11","count":4200}]})"});
}

void AddTodoRoutes(http::Router& router, const auth::Guard& guard, TodoService& todo) {
  router.Add(
      "GET", "/api/v1/stats/todo",
      guard("",
            [&todo](const Request& req, const Principal& p) -> Response {
              return http::Answer(req, todo.Of(p), [](const std::vector<TodoItem>& items) {
                json::array out;
                for (const auto& i : items) {
                  out.push_back(
                      {{"key", i.key}, {"count", i.count}, {"capped", i.capped}, {"list", i.list}});
                }
                return json::object{{"items", out}};
              });
            }),
      {"我的待办: what waits for the caller in its whole scope, each a count (capped: more) and "
       "the API list it counts: decide (applications the caller may decide now), batches (to "
       "approve, not its own), claims (by hand, to check), archives (due for review), overdue "
       "(claims undecided over 30 days), terms (committees whose term ends within 183 days or "
       "has ended), no_committee (unions with no committee on record). Items the caller may not "
       "read are left out",
       "stats", true, "", "",
       R"({"items":[{"key":"decide","count":3,"capped":false,"list":"/api/v1/applications?can_decide=1"}]})"});
}

void AddPortalApplicationRoutes(http::Router& router, const auth::PortalGuard& as_member,
                                MemberApplications& applications) {
  router.Add(
      "GET", "/api/v1/portal/applications",
      as_member([&applications](const Request& req, int64_t member_id) -> Response {
        http::ListQuery in(req);
        const auto page = in.Page();
        if (!in.ok()) return Response::Problem(req, in.error());
        auto list = applications.Of(member_id, page);
        if (!list) return Response::Problem(req, list.error());
        return http::JsonResponse(http::PageResponse(*list, [](const MemberApplication& a) {
          return json::object{{"kind", a.kind},
                              {"id", a.id},
                              {"filed_at", http::InstantOrNull(a.filed_at)},
                              {"state", a.state},
                              {"union", a.union_name},
                              {"reason", a.reason}};
        }));
      }),
      {"我的申请: the member's applications (join, transfer, hardship), newest first, each with "
       "its state as the member reads it: submitted, preparing, in_review, returned, approved, "
       "on_notice, refused, withdrawn, closed",
       "portal", false, "", "",
       R"({"items":[{"kind":"hardship","id":12,"filed_at":"2026-11-02T08:00:00Z","state":"submitted","union":"某公司工会","reason":""}],"next_cursor":null})"});
}

}  // namespace nj::stats
