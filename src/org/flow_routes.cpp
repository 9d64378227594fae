#include "org/flow_routes.h"

#include "core/date.h"
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

Result<EnterpriseInput> ReadEnterprise(const Request& req) {
  auto body = http::ParseObject(req);
  if (!body) return std::unexpected(body.error());
  EnterpriseInput in;
  for (auto [key, out] : {std::pair{"credit_code", &in.credit_code}, {"name", &in.name}}) {
    auto v = http::RequiredString(*body, key);
    if (!v) return std::unexpected(v.error());
    *out = *v;
  }
  for (auto [key, out] : {std::pair{"division_code", &in.division_code},
                          {"industry", &in.industry},
                          {"code_override", &in.code_override}}) {
    auto v = http::OptionalString(*body, key);
    if (!v) return std::unexpected(v.error());
    *out = *v;
  }
  for (auto [key, out] : {std::pair{"employees", &in.employees},
                          {"org_id", &in.org_id},
                          {"union_id", &in.union_id}}) {
    auto v = http::OptionalInt(*body, key);
    if (!v) return std::unexpected(v.error());
    *out = v->value_or(0);
  }
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

// Reads the fields of a payload object with errors naming them.
class Payload {
 public:
  static Result<Payload> Parse(const std::string& text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) {
      return Fail(ErrorCode::kInvalidInput, "申请内容应为对象", "the payload must be an object",
                  "payload");
    }
    return Payload(std::move(v.as_object()));
  }
  Result<std::string> Text(std::string_view key, bool required) const {
    return required ? http::RequiredString(o_, key) : http::OptionalString(o_, key);
  }
  Result<int64_t> Int(std::string_view key, int64_t fallback) const {
    auto v = http::OptionalInt(o_, key);
    if (!v) return std::unexpected(v.error());
    return v->value_or(fallback);
  }
  Result<std::vector<Seat>> Seats() const {
    std::vector<Seat> out;
    const auto* a = o_.if_contains("committee");
    if (!a || a->is_null()) return out;
    if (!a->is_array()) {
      return Fail(ErrorCode::kInvalidInput, "committee 应为数组", "committee must be an array",
                  "committee");
    }
    for (const auto& item : a->as_array()) {
      if (!item.is_object()) {
        return Fail(ErrorCode::kInvalidInput, "committee 的每一项应为对象",
                    "each committee seat must be an object", "committee");
      }
      Seat s;
      const auto& o = item.as_object();
      if (auto* n = o.if_contains("name"); n && n->is_string()) s.name = n->as_string();
      if (auto* r = o.if_contains("role"); r && r->is_string()) s.role = r->as_string();
      if (auto* v = o.if_contains("votes"); v && v->is_int64()) s.votes = v->as_int64();
      out.push_back(std::move(s));
    }
    return out;
  }

 private:
  explicit Payload(json::object o) : o_(std::move(o)) {}
  json::object o_;
};

Result<Establishment> ReadEstablishment(const std::string& text) {
  auto p = Payload::Parse(text);
  if (!p) return std::unexpected(p.error());
  Establishment e;
  for (auto [key, out, required] : {std::tuple{"name", &e.name, true},
                                    {"kind", &e.kind, true},
                                    {"division_code", &e.division_code, true}}) {
    auto v = p->Text(key, required);
    if (!v) return std::unexpected(v.error());
    *out = *v;
  }
  for (auto [key, out, fallback] : {std::tuple{"enterprise_id", &e.enterprise_id, int64_t{0}},
                                    {"founding_members", &e.founding_members, int64_t{0}},
                                    {"term_years", &e.term_years, int64_t{5}}}) {
    auto v = p->Int(key, fallback);
    if (!v) return std::unexpected(v.error());
    *out = *v;
  }
  auto seats = p->Seats();
  if (!seats) return std::unexpected(seats.error());
  e.committee = std::move(*seats);
  return e;
}

Result<Reelection> ReadReelection(const std::string& text) {
  auto p = Payload::Parse(text);
  if (!p) return std::unexpected(p.error());
  Reelection r;
  for (auto [key, out] :
       {std::pair{"elected_on", &r.elected_on}, {"how_elected", &r.how_elected}}) {
    auto v = p->Text(key, true);
    if (!v) return std::unexpected(v.error());
    *out = *v;
  }
  for (auto [key, out, fallback] : {std::tuple{"org_id", &r.org_id, int64_t{0}},
                                    {"term_years", &r.term_years, int64_t{5}},
                                    {"votes_cast", &r.votes_cast, int64_t{0}}}) {
    auto v = p->Int(key, fallback);
    if (!v) return std::unexpected(v.error());
    *out = *v;
  }
  auto seats = p->Seats();
  if (!seats) return std::unexpected(seats.error());
  r.committee = std::move(*seats);
  return r;
}

}  // namespace

void RegisterOrgApprovals(approval::ApprovalService& approvals) {
  approvals.Register("establish",
                     {std::string(auth::kOrgApply), std::string(auth::kOrgWrite), false,
                      [](store::Conn& c, const Principal& who, int64_t org,
                         const std::string& payload) -> Result<std::string> {
                        auto e = ReadEstablishment(payload);
                        if (!e) return std::unexpected(e.error());
                        if (auto v = CommitteeService::CheckEstablishment(c, who, org, *e); !v) {
                          return std::unexpected(v.error());
                        }
                        return "组建：" + e->name;
                      },
                      [](store::Conn& c, const Principal& who,
                         const approval::Application& app) -> Result<std::string> {
                        auto e = ReadEstablishment(app.payload);
                        if (!e) return std::unexpected(e.error());
                        return CommitteeService::Establish(c, who, app.org_id, *e, Today());
                      }});
  approvals.Register("reelect",
                     {std::string(auth::kOrgApply), std::string(auth::kOrgWrite), false,
                      [](store::Conn& c, const Principal& who, int64_t org,
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
                      [](store::Conn& c, const Principal& who,
                         const approval::Application& app) -> Result<std::string> {
                        auto r = ReadReelection(app.payload);
                        if (!r) return std::unexpected(r.error());
                        if (r->org_id == 0) r->org_id = app.org_id;
                        return CommitteeService::Reelect(c, who, *r, Today());
                      }});
}

void AddOrgFlowRoutes(http::Router& router, const auth::Guard& guard,
                      EnterpriseService& enterprises, CommitteeService& committees) {
  const std::string read(auth::kOrgRead), write(auth::kOrgWrite), apply(auth::kOrgApply);

  router.Add("GET", "/api/v1/enterprises",
             guard(read,
                   [&enterprises](const Request& req, const Principal& p) -> Response {
                     EnterpriseQuery q;
                     auto org = http::IntQuery(req, "org_id", 0);
                     if (!org) return Response::Problem(req, org.error());
                     auto after = http::IntQuery(req, "cursor", 0);
                     if (!after) return Response::Problem(req, after.error());
                     q.org_id = *org;
                     q.after_id = *after;
                     q.name = req.Query("q");
                     q.covered = req.Query("covered");
                     return http::Answer(req, enterprises.List(p, q), [&q](const auto& items) {
                       json::array out;
                       for (const auto& e : items) out.push_back(EnterpriseJson(e));
                       json::object o{{"items", out}};
                       o["next_cursor"] = static_cast<int>(items.size()) == q.limit
                                              ? json::value(std::to_string(items.back().id))
                                              : json::value(nullptr);
                       return o;
                     });
                   }),
             {"Enterprises of the caller's scope (filters org_id subtree, q name, covered=yes|no; "
              "cursor)",
              "org", true, read});

  router.Add("GET", "/api/v1/enterprises/{id}",
             guard(read,
                   [&enterprises](const Request& req, const Principal& p) -> Response {
                     auto id = http::IdParam(req);
                     if (!id) return Response::Problem(req, id.error());
                     return http::Answer(req, enterprises.Get(p, *id), EnterpriseJson);
                   }),
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
             guard(apply,
                   [&enterprises](const Request& req, const Principal& p) -> Response {
                     auto id = http::IdParam(req);
                     if (!id) return Response::Problem(req, id.error());
                     auto in = ReadEnterprise(req);
                     if (!in) return Response::Problem(req, in.error());
                     return http::Answer(req, enterprises.Update(p, *id, *in), EnterpriseJson);
                   }),
             {"Change an enterprise, or the union covering it", "org", true, apply,
              R"({"credit_code":"91350100M000100Y43","name":"某某有限公司",)"
              R"("division_code":"330702","industry":"制造业","employees":120,"org_id":5,)"
              R"("union_id":12})"});

  router.Add("GET", "/api/v1/orgs/{id}/coverage",
             guard(read,
                   [&enterprises](const Request& req, const Principal& p) -> Response {
                     auto id = http::IdParam(req);
                     if (!id) return Response::Problem(req, id.error());
                     return http::Answer(
                         req, enterprises.CoverageOf(p, *id), [](const Coverage& c) {
                           return json::object{{"enterprises", c.enterprises},
                                               {"with_union", c.with_union},
                                               {"without_union", c.without_union},
                                               {"employees", c.employees},
                                               {"covered_workers", c.covered_workers}};
                         });
                   }),
             {"Enterprises of a subtree with and without a union, and workers covered", "org", true,
              read});

  router.Add("GET", "/api/v1/orgs/{id}/committee",
             guard(read,
                   [&committees](const Request& req, const Principal& p) -> Response {
                     auto id = http::IdParam(req);
                     if (!id) return Response::Problem(req, id.error());
                     return http::Answer(req, committees.Current(p, *id),
                                         [](const std::optional<Committee>& c) -> json::value {
                                           if (!c) return nullptr;
                                           return CommitteeJson(*c);
                                         });
                   }),
             {"The sitting committee of a union, with its seats and term (null when none is on "
              "record)",
              "org", true, read});

  router.Add(
      "GET", "/api/v1/committees/expiring",
      guard(read,
            [&committees](const Request& req, const Principal& p) -> Response {
              auto org = http::IntQuery(req, "org_id", 0);
              if (!org) return Response::Problem(req, org.error());
              auto days = http::IntQuery(req, "days", 90);
              if (!days) return Response::Problem(req, days.error());
              return http::Answer(req, committees.Expiring(p, *org, *days), [](const auto& list) {
                json::array items;
                for (const auto& c : list) items.push_back(CommitteeJson(c));
                return json::object{{"items", items}};
              });
            }),
      {"Sitting committees of a subtree whose term ends within `days` (default 90) or has ended",
       "org", true, read});

  router.Add(
      "POST", "/api/v1/orgs/{id}/ratings",
      guard(write,
            [&committees](const Request& req, const Principal& p) -> Response {
              auto id = http::IdParam(req);
              if (!id) return Response::Problem(req, id.error());
              auto body = http::ParseObject(req);
              if (!body) return Response::Problem(req, body.error());
              auto year = http::OptionalInt(*body, "year");
              if (!year) return Response::Problem(req, year.error());
              std::vector<std::pair<std::string, int64_t>> scores;
              if (const auto* s = body->if_contains("scores"); s && s->is_object()) {
                for (const auto& [k, v] : s->as_object()) {
                  scores.emplace_back(std::string(k), v.is_int64() ? v.as_int64() : -1);
                }
              }
              return http::Answer(
                  req, committees.Rate(p, *id, year->value_or(0), scores),
                  [](const RatingRecord& r) {
                    return json::object{{"org_id", r.org_id},
                                        {"year", r.year},
                                        {"total", r.rating.total},
                                        {"grade", r.rating.grade},
                                        {"stars", r.rating.stars}};
                  },
                  201);
            }),
      {"Record a union's yearly assessment; grade 1–3 and stars follow from the scores", "org",
       true, write,
       R"({"year":2025,"scores":{"organisation":24,"rights":23,"democracy":18,"funds":14,"activities":13}})"});

  router.Add("GET", "/api/v1/orgs/{id}/ratings",
             guard(read,
                   [&committees](const Request& req, const Principal& p) -> Response {
                     auto id = http::IdParam(req);
                     if (!id) return Response::Problem(req, id.error());
                     return http::Answer(req, committees.Ratings(p, *id), [](const auto& list) {
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
                   }),
             {"A union's ratings, newest year first", "org", true, read});
}

}  // namespace nj::org
