#include "org/flow_routes.h"

#include <fmt/core.h>

#include "auth/shapes.h"
#include "core/date.h"
#include "core/division.h"
#include "http/json.h"

namespace nj::org {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

namespace {

json::object EnterpriseJson(const Enterprise& e) {
  return {{"id", e.id},
          {"credit_code", e.credit_code},
          {"name", e.name},
          {"division_code", e.division_code},
          {"industry", e.industry},
          {"employees", e.employees},
          {"org_id", e.org_id},
          {"org_name", e.org_name},
          {"union_id", e.union_id},
          {"union_name", e.union_name},
          {"code_override", e.code_override}};
}

// The bounds of the fields of enterprises, establishments and re-elections (the rules check
// their form and sense: a credit code's check character, a term of 3 or 5 years …).
constexpr int64_t kCodeMax = 40, kNameMax = 100, kPersonNameMax = 50, kTermYearsMax = 100;

Result<EnterpriseInput> ReadEnterprise(const Request& req) {
  auto b = http::Body::Of(req);
  EnterpriseInput in;
  in.credit_code = b.Text("credit_code", kCodeMax, http::kRequired);
  in.name = b.Text("name", kNameMax, http::kRequired);
  in.division_code = b.Text("division_code", kCodeMax);
  in.industry = b.Text("industry", kNameMax);
  in.code_override = b.Multiline("code_override", auth::kReasonMax);
  in.employees = b.OptCount("employees").value_or(0);
  in.org_id = b.OptId("org_id").value_or(0);
  in.union_id = b.OptId("union_id").value_or(0);
  if (!b.ok()) return b.Failure();
  return in;
}

json::array SeatsJson(const std::vector<Seat>& seats) {
  json::array out;
  for (const auto& s : seats)
    out.push_back({{"name", s.name}, {"role", s.role}, {"votes", s.votes}});
  return out;
}

json::object CommitteeJson(const Committee& c) {
  return {{"id", c.id},
          {"org_id", c.org_id},
          {"org_name", c.org_name},
          {"term_years", c.term_years},
          {"elected_on", c.elected_on},
          {"ends_on", c.ends_on},
          {"how_elected", c.how_elected},
          {"votes_cast", c.votes_cast},
          {"seats", SeatsJson(c.seats)}};
}

// The committee seats of a payload: [{"name", "role", "votes"}, …], each named in errors as
// "committee.i.key", as the rules name them.
std::vector<Seat> ReadSeats(http::Body& b) {
  std::vector<Seat> out;
  const auto* a = b.Has("committee") ? b.Object().if_contains("committee") : nullptr;
  if (!a || !b.ok()) return out;
  if (!a->is_array() || a->as_array().size() > 1000) {
    b.Refuse(Error{ErrorCode::kInvalidInput, "committee 应为至多 1000 个席位的数组",
                   "committee must be an array of at most 1000 seats", "committee", 0});
    return out;
  }
  for (size_t i = 0; i < a->as_array().size(); ++i) {
    const auto& item = a->as_array()[i];
    const std::string name = "committee." + std::to_string(i) + ".";
    if (!item.is_object()) {
      b.Refuse(Error{ErrorCode::kInvalidInput, "committee 的每一项应为对象",
                     "each committee seat must be an object", "committee", 0});
      return out;
    }
    http::Body seat(item.as_object(), name);
    Seat s;
    s.name = seat.Text("name", kPersonNameMax);
    s.role = seat.Text("role", kCodeMax);
    s.votes = seat.OptCount("votes").value_or(0);
    if (!seat.ok()) {
      b.Refuse(seat.error());
      return out;
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<Establishment> ReadEstablishment(const std::string& text) {
  auto b = http::Body::OfText(text);
  Establishment e;
  e.name = b.Text("name", kNameMax, http::kRequired);
  e.kind = b.Text("kind", kCodeMax, http::kRequired);
  e.division_code = b.Text("division_code", kCodeMax, http::kRequired);
  e.enterprise_id = b.OptId("enterprise_id").value_or(0);
  e.parent_id = b.OptId("parent_id").value_or(0);
  e.founding_members = b.OptCount("founding_members").value_or(0);
  e.term_years = b.OptCount("term_years", kTermYearsMax).value_or(5);
  e.committee = ReadSeats(b);
  if (!b.ok()) return b.Failure();
  return e;
}

Result<Reelection> ReadReelection(const std::string& text) {
  auto b = http::Body::OfText(text);
  Reelection r;
  r.elected_on = b.Date("elected_on");
  r.how_elected = b.Text("how_elected", kCodeMax, http::kRequired);
  r.org_id = b.OptId("org_id").value_or(0);
  r.term_years = b.OptCount("term_years", kTermYearsMax).value_or(5);
  r.votes_cast = b.OptCount("votes_cast").value_or(0);
  r.committee = ReadSeats(b);
  if (!b.ok()) return b.Failure();
  return r;
}

// A seat's role in words (the web's org.seat says the same).
std::pair<std::string_view, std::string_view> SeatWords(std::string_view role) {
  if (role == "chair") return {"主席", "chair"};
  if (role == "vice_chair") return {"副主席", "vice-chair"};
  if (role == "funds_audit_chair") return {"经审委主任", "funds-audit chair"};
  if (role == "women_chair") return {"女职委主任", "women-workers chair"};
  if (role == "organiser") return {"组织员", "organiser"};
  return {"委员", "member"};
}

// The committee in words: "主席 张三、委员 李四…" (names as the union's own page shows them:
// the officers of a union are public).
approval::Fact CommitteeFact(const std::vector<Seat>& seats) {
  std::string zh, en;
  for (const auto& seat : seats) {
    const auto [role_zh, role_en] = SeatWords(seat.role);
    zh += (zh.empty() ? "" : "、") + std::string(role_zh) + " " + seat.name;
    en += (en.empty() ? "" : "; ") + std::string(role_en) + " " + seat.name;
  }
  if (seats.empty()) zh = "未列明", en = "none listed";
  return {"委员会", "Committee", zh, en};
}

// The name of organisation `id` for a fact (any of the tree: the approver may see the filer's
// chosen parent by name only), "" when it is gone.
std::string OrgNameOf(store::Conn& c, int64_t id) {
  auto org = FindOrgAnywhere(c, id);
  return org ? org->name : std::string();
}

// What the approver reads of an establishment: the union, its enterprise, founding members and
// committee, and the parent chosen. The link is the new union once founded, else the parent.
Result<approval::Summary> EstablishSummary(store::Conn& c, const approval::Application& app) {
  auto e = ReadEstablishment(app.payload);
  if (!e) return std::unexpected(e.error());
  const int64_t parent = e->parent_id ? e->parent_id : app.org_id;
  approval::Summary out;
  auto& f = out.facts;
  f.push_back({"拟建工会", "Union to found", e->name + "（" + std::string(KindName(e->kind)) + "）",
               e->name + " (" + std::string(KindName(e->kind, true)) + ")"});
  f.push_back({"行政区划", "Division",
               std::string(DivisionName(e->division_code)) + "（" + e->division_code + "）",
               std::string(DivisionName(e->division_code)) + " (" + e->division_code + ")"});
  int64_t founded = 0;
  if (e->enterprise_id != 0) {
    static constexpr std::string_view kEnterprise =
        "SELECT name, credit_code, employees, COALESCE(union_id, 0) FROM enterprise WHERE id = ?";
    const store::Value p[] = {e->enterprise_id};
    auto rows = c.Query(kEnterprise, p);
    if (!rows) return std::unexpected(rows.error());
    if (!rows->empty()) {
      const auto& r = (*rows)[0];
      f.push_back(
          {"所在企业", "Enterprise",
           fmt::format("{}（统一社会信用代码 {}，职工 {} 人）", r.Text(0), r.Text(1), r.Int(2)),
           fmt::format("{} (credit code {}, {} employees)", r.Text(0), r.Text(1), r.Int(2))});
      if (app.state == "approved") founded = r.Int(3);
    }
  } else {
    f.push_back(
        {"所在企业", "Enterprise", "无（区域性、行业性工会）", "none (an area or industry union)"});
  }
  f.push_back({"入会人数", "Founding members", fmt::format("{} 人", e->founding_members),
               fmt::format("{}", e->founding_members)});
  f.push_back(CommitteeFact(e->committee));
  f.push_back({"任期", "Term", fmt::format("{} 年", e->term_years),
               fmt::format("{} years", e->term_years)});
  const std::string parent_name = OrgNameOf(c, parent);
  f.push_back({"上级工会", "Parent federation", parent_name, parent_name});
  if (app.state == "approved" && founded == 0) {
    static constexpr std::string_view kFounded =
        "SELECT id FROM org WHERE parent_id = ? AND name = ? ORDER BY id DESC LIMIT 1";
    const store::Value p[] = {parent, e->name};
    auto rows = c.Query(kFounded, p);
    if (!rows) return std::unexpected(rows.error());
    if (!rows->empty()) founded = (*rows)[0].Int(0);
  }
  out.link = "/orgs?id=" + std::to_string(founded ? founded : parent);
  return out;
}

// What the approver reads of a re-election: the union, the election and the new committee.
Result<approval::Summary> ReelectSummary(store::Conn& c, const approval::Application& app) {
  auto r = ReadReelection(app.payload);
  if (!r) return std::unexpected(r.error());
  const int64_t org = r->org_id ? r->org_id : app.org_id;
  approval::Summary out;
  auto& f = out.facts;
  const std::string name = OrgNameOf(c, org);
  f.push_back({"工会", "Union", name, name});
  const bool direct = r->how_elected == "direct";
  f.push_back({"选举", "Election",
               fmt::format("{} {}，投票 {} 人", r->elected_on, direct ? "直接选举" : "间接选举",
                           r->votes_cast),
               fmt::format("{} {}, {} votes cast", r->elected_on,
                           direct ? "direct election" : "indirect election", r->votes_cast)});
  f.push_back(CommitteeFact(r->committee));
  f.push_back({"任期", "Term", fmt::format("{} 年", r->term_years),
               fmt::format("{} years", r->term_years)});
  out.link = "/orgs?id=" + std::to_string(org);
  return out;
}
}  // namespace

void RegisterOrgApprovals(approval::ApprovalService& approvals) {
  approvals.Register("establish",
                     {.permission = std::string(auth::kOrgApply),
                      .decide_permission = std::string(auth::kOrgWrite),
                      .read_permission = std::string(auth::kOrgRead),
                      .check = [](store::Conn& c, const Principal& who, int64_t org,
                                  const std::string& payload) -> Result<std::string> {
                        auto e = ReadEstablishment(payload);
                        if (!e) return std::unexpected(e.error());
                        const int64_t parent = e->parent_id ? e->parent_id : org;
                        if (auto v = CommitteeService::CheckEstablishment(c, who, parent, *e); !v) {
                          return std::unexpected(v.error());
                        }
                        return "组建：" + e->name;
                      },
                      .approve = [](store::Conn& c, const Principal& who,
                                    const approval::Application& app) -> Result<std::string> {
                        auto e = ReadEstablishment(app.payload);
                        if (!e) return std::unexpected(e.error());
                        const int64_t parent = e->parent_id ? e->parent_id : app.org_id;
                        return CommitteeService::Establish(c, who, parent, *e, Today());
                      },
                      .summary = &EstablishSummary});
  approvals.Register("reelect",
                     {.permission = std::string(auth::kOrgApply),
                      .decide_permission = std::string(auth::kOrgWrite),
                      .read_permission = std::string(auth::kOrgRead),
                      .check = [](store::Conn& c, const Principal& who, int64_t org,
                                  const std::string& payload) -> Result<std::string> {
                        auto r = ReadReelection(payload);
                        if (!r) return std::unexpected(r.error());
                        if (r->org_id == 0) r->org_id = org;
                        if (r->org_id != org) {
                          return Fail(ErrorCode::kInvalidInput, "换届申请应由该工会提出",
                                      "a re-election is filed at the union itself", "org_id");
                        }
                        auto name = CommitteeService::CheckReelection(c, who, *r, Today());
                        if (!name) return std::unexpected(name.error());
                        return "换届：" + *name;
                      },
                      .approve = [](store::Conn& c, const Principal& who,
                                    const approval::Application& app) -> Result<std::string> {
                        auto r = ReadReelection(app.payload);
                        if (!r) return std::unexpected(r.error());
                        if (r->org_id == 0) r->org_id = app.org_id;
                        return CommitteeService::Reelect(c, who, *r, Today());
                      },
                      .summary = &ReelectSummary});
}

namespace {

// Enterprises (the registry of employers to organise) and a subtree's coverage of them.
void AddEnterpriseRoutes(http::Router& router, const auth::Guard& guard,
                         EnterpriseService& enterprises) {
  const std::string read(auth::kOrgRead), write(auth::kOrgWrite), apply(auth::kOrgApply);

  router.Add("GET", "/api/v1/enterprises",
             guard(read,
                   [&enterprises](const Request& req, const Principal& p) -> Response {
                     EnterpriseQuery q;
                     http::ListQuery in(req);
                     q.org_id = in.Id("org_id");
                     q.name = in.Text("q", kNameMax);
                     q.covered = in.Text("covered", kCodeMax);
                     std::tie(q.limit, q.after_id) = in.IdPage();
                     if (!in.ok()) return Response::Problem(req, in.error());
                     return http::Answer(req, enterprises.List(p, q), [](const auto& page) {
                       return http::PageResponse(page, EnterpriseJson);
                     });
                   }),
             {"Enterprises of the caller's scope (filters org_id subtree, q name, covered=yes|no; "
              "limit, cursor)",
              "org", true, read});

  router.Add("GET", "/api/v1/enterprises/{id}",
             guard(read, auth::ById([&enterprises](const Principal& p,
                                                   int64_t id) { return enterprises.Get(p, id); },
                                    EnterpriseJson)),
             {"One enterprise", "org", true, read});

  router.Add(
      "POST", "/api/v1/enterprises",
      guard(apply,
            [&enterprises](const Request& req, const Principal& p) -> Response {
              auto in = ReadEnterprise(req);
              if (!in) return Response::Problem(req, in.error());
              if (in->org_id == 0) in->org_id = p.org_id;
              return http::Answer(req, enterprises.Create(p, *in), EnterpriseJson, 201);
            }),
      {"Register an enterprise; a credit code failing its check needs code_override (the reason)",
       "org", true, apply,
       R"({"credit_code":"91350100M000100Y43","name":"某某有限公司","division_code":"330702","industry":"制造业","employees":120,"org_id":5})"});

  router.Add("PUT", "/api/v1/enterprises/{id}",
             guard(apply, auth::WithId([&enterprises](const Request& req, const Principal& p,
                                                      int64_t id) -> Response {
                     auto in = ReadEnterprise(req);
                     if (!in) return Response::Problem(req, in.error());
                     return http::Answer(req, enterprises.Update(p, id, *in), EnterpriseJson);
                   })),
             {"Change an enterprise, or the union covering it", "org", true, apply,
              R"({"credit_code":"91350100M000100Y43","name":"某某有限公司",)"
              R"("division_code":"330702","industry":"制造业","employees":120,"org_id":5,)"
              R"("union_id":12})"});

  router.Add("GET", "/api/v1/orgs/{id}/coverage",
             guard(read, auth::WithId([&enterprises](const Request& req, const Principal& p,
                                                     int64_t id) -> Response {
                     return http::Answer(
                         req, enterprises.CoverageOf(p, id), [](const Coverage& c) {
                           return json::object{{"enterprises", c.enterprises},
                                               {"with_union", c.with_union},
                                               {"without_union", c.without_union},
                                               {"employees", c.employees},
                                               {"covered_workers", c.covered_workers}};
                         });
                   })),
             {"Enterprises of a subtree with and without a union, and workers covered", "org", true,
              read});
}

// Committees: the sitting one, the terms ending soon, and the yearly ratings.
void AddCommitteeRoutes(http::Router& router, const auth::Guard& guard,
                        CommitteeService& committees) {
  const std::string read(auth::kOrgRead), write(auth::kOrgWrite), apply(auth::kOrgApply);

  router.Add("GET", "/api/v1/orgs/{id}/committee",
             guard(read, auth::WithId([&committees](const Request& req, const Principal& p,
                                                    int64_t id) -> Response {
                     return http::Answer(req, committees.Current(p, id),
                                         [](const std::optional<Committee>& c) -> json::value {
                                           if (!c) return nullptr;
                                           return CommitteeJson(*c);
                                         });
                   })),
             {"The sitting committee of a union, with its seats and term (null when none is on "
              "record)",
              "org", true, read});

  router.Add(
      "GET", "/api/v1/committees/expiring",
      guard(read,
            [&committees](const Request& req, const Principal& p) -> Response {
              auto org = http::IdQuery(req, "org_id");
              if (!org) return Response::Problem(req, org.error());
              auto days = http::CountQuery(req, "days", 90, 36'600);
              if (!days) return Response::Problem(req, days.error());
              auto page = http::ReadPage(req);
              if (!page) return Response::Problem(req, page.error());
              return http::Answer(req, committees.Expiring(p, *org, *days, *page),
                                  [](const Page<Committee>& list) {
                                    return http::PageResponse(list, CommitteeJson);
                                  });
            }),
      {"Sitting committees of a subtree whose term ends within `days` (default 90) or has ended, "
       "a page at a time (limit, cursor)",
       "org", true, read});

  router.Add(
      "POST", "/api/v1/orgs/{id}/ratings",
      guard(write, auth::WithId([&committees](const Request& req, const Principal& p,
                                              int64_t id) -> Response {
              auto b = http::Body::Of(req);
              const int year = b.Year("year");
              std::vector<std::pair<std::string, int64_t>> scores;
              if (const auto* s = b.Object().if_contains("scores"); b.ok() && s && s->is_object()) {
                http::Body items(s->as_object(), "scores.");
                for (const auto& [k, v] : s->as_object()) {
                  // The rules know the items and their maxima; here each is a bounded count.
                  const auto score = items.Count(std::string_view(k), 1000);
                  scores.emplace_back(std::string(k), score);
                }
                if (!items.ok()) b.Refuse(items.error());
              }
              if (!b.ok()) return Response::Problem(req, b.error());
              return http::Answer(
                  req, committees.Rate(p, id, year, scores),
                  [](const RatingRecord& r) {
                    return json::object{{"org_id", r.org_id},
                                        {"year", r.year},
                                        {"total", r.rating.total},
                                        {"grade", r.rating.grade},
                                        {"stars", r.rating.stars}};
                  },
                  201);
            })),
      {"Record a union's yearly assessment; grade 1–3 and stars follow from the scores", "org",
       true, write,
       R"({"year":2025,"scores":{"organisation":24,"rights":23,"democracy":18,"funds":14,"activities":13}})"});

  router.Add("GET", "/api/v1/orgs/{id}/ratings",
             guard(read, auth::WithId([&committees](const Request& req, const Principal& p,
                                                    int64_t id) -> Response {
                     return http::Answer(req, committees.Ratings(p, id), [](const auto& list) {
                       json::array items;
                       for (const auto& r : list) {
                         json::object scores;
                         for (const auto& [k, v] : r.scores) scores[k] = v;
                         items.push_back({{"year", r.year},
                                          {"total", r.rating.total},
                                          {"grade", r.rating.grade},
                                          {"stars", r.rating.stars},
                                          {"scores", scores}});
                       }
                       return json::object{{"items", items}};
                     });
                   })),
             {"A union's ratings, newest year first", "org", true, read});
}

}  // namespace

void AddOrgFlowRoutes(http::Router& router, const auth::Guard& guard,
                      EnterpriseService& enterprises, CommitteeService& committees) {
  AddEnterpriseRoutes(router, guard, enterprises);
  AddCommitteeRoutes(router, guard, committees);
}

}  // namespace nj::org
