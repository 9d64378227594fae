#include "auth/routes.h"

#include "auth/audit.h"
#include "core/crypto.h"
#include "core/date.h"
#include "http/json.h"

namespace nj::auth {

namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

json::object PrincipalJson(const Principal& p) {
  json::array perms;
  for (const auto& s : p.permissions) perms.emplace_back(s);
  return {{"user_id", p.user_id}, {"username", p.username},        {"display_name", p.display_name},
          {"org_id", p.org_id},   {"org_name", p.org_name},        {"role", p.role},
          {"permissions", perms}, {"own_org_only", p.own_org_only}};
}

std::string SessionCookie(std::string_view token, int64_t max_age) {
  return std::string(kSessionCookie) + "=" + std::string(token) +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
}

// The refusal of a request that changes something without the session's X-CSRF-Token (it did
// not come from a page of ours); none for GET.
std::optional<Response> WithoutCsrf(const Request& req, std::string_view token) {
  if (req.method == "GET" || SameSecret(req.Header("x-csrf-token"), token)) return std::nullopt;
  return Response::Problem(req,
                           Error{ErrorCode::kCsrf, "缺少或错误的 X-CSRF-Token 请求头",
                                 "the X-CSRF-Token header is missing or wrong", "X-CSRF-Token", 0});
}

}  // namespace

http::Handler Guard::operator()(std::string permission, ScopedHandler handler) const {
  return [&auth = auth_, permission = std::move(permission),
          handler = std::move(handler)](const Request& req) -> Response {
    auto principal = auth.SessionPrincipal(req.Cookie(kSessionCookie));
    if (!principal) return Response::Problem(req, principal.error());
    if (auto refused = WithoutCsrf(req, principal->csrf_token)) return *refused;
    if (!permission.empty()) {
      if (auto r = principal->Require(permission); !r) return Response::Problem(req, r.error());
    }
    return handler(req, *principal);
  };
}

http::Handler PortalGuard::operator()(Handler handler) const {
  return [session = session_, handler = std::move(handler)](const Request& req) -> Response {
    auto s = session(req.Cookie(kPortalCookie));
    if (!s) return Response::Problem(req, s.error());
    if (auto refused = WithoutCsrf(req, s->csrf_token)) return *refused;
    return handler(req, s->member_id);
  };
}

// Bounds of a user's fields (a password is read as a secret: at most 256 bytes, never echoed).
constexpr int64_t kUsernameMax = 64, kDisplayNameMax = 50;

namespace {

// Signing in and out, who one is, one's own password.
void AddSessionRoutes(http::Router& router, const Guard& guard, AuthService& auth) {
  router.Add(
      "POST", "/api/v1/auth/login",
      [&auth](const Request& req) -> Response {
        auto b = http::Body::Of(req);
        const auto username = b.Text("username", 64, http::kRequired);
        const auto password = b.Secret("password");
        if (!b.ok()) return Response::Problem(req, b.error());
        auto session = auth.Login(username, password, req.Cookie(kSessionCookie), req.remote);
        if (!session) return Response::Problem(req, session.error());
        json::object out = PrincipalJson(session->principal);
        out["csrf_token"] = session->principal.csrf_token;
        Response r = http::JsonResponse(out);
        r.headers.emplace_back("Set-Cookie", SessionCookie(session->token, kSessionSeconds));
        return r;
      },
      {"Sign in; sets the session cookie and returns the CSRF token", "auth", false, "",
       R"({"username":"city_admin","password":"…"})",
       R"({"user_id":1,"username":"city_admin","csrf_token":"…","permissions":["member:read"]})",
       false, "password:text(256)"});

  router.Add("POST", "/api/v1/auth/logout",
             guard("",
                   [&auth](const Request& req, const Principal&) -> Response {
                     if (auto r = auth.Logout(req.Cookie(kSessionCookie)); !r) {
                       return Response::Problem(req, r.error());
                     }
                     Response out = http::JsonResponse(json::object{{"ok", true}});
                     out.headers.emplace_back("Set-Cookie", SessionCookie("", 0));
                     return out;
                   }),
             {"Sign out: ends the session", "auth", true, "", "", "", false, "none"});

  router.Add("GET", "/api/v1/auth/me",
             guard("",
                   [](const Request&, const Principal& p) -> Response {
                     json::object out = PrincipalJson(p);
                     out["csrf_token"] = p.csrf_token;
                     return http::JsonResponse(out);
                   }),
             {"The signed-in user, their organisation and permissions", "auth"});

  router.Add("POST", "/api/v1/auth/password",
             guard("",
                   [&auth](const Request& req, const Principal& p) -> Response {
                     auto b = http::Body::Of(req);
                     const auto current = b.Secret("current_password");
                     const auto fresh = b.Secret("new_password");
                     if (!b.ok()) return Response::Problem(req, b.error());
                     auto r = auth.ChangePassword(p, req.Cookie(kSessionCookie), current, fresh,
                                                  req.remote);
                     if (!r) return Response::Problem(req, r.error());
                     return http::JsonResponse(json::object{{"ok", true}});
                   }),
             {"Change one's own password; every other session of the user ends", "auth", true, "",
              R"({"current_password":"…","new_password":"…"})", R"({"ok":true})", false,
              "current_password:text(256) new_password:text(256)"});
}

// Users of the caller's subtree and the roles they may hold.
void AddUserRoutes(http::Router& router, const Guard& guard, AuthService& auth) {
  for (const bool disable : {true, false}) {
    router.Add(
        "POST", disable ? "/api/v1/users/{id}/disable" : "/api/v1/users/{id}/enable",
        guard(std::string(kUserAdmin),
              [&auth, disable](const Request& req, const Principal& p) -> Response {
                auto id = http::IdParam(req, 0);
                if (!id) return Response::Problem(req, id.error());
                if (auto r = auth.SetDisabled(p, *id, disable); !r) {
                  return Response::Problem(req, r.error());
                }
                return http::JsonResponse(json::object{{"id", *id}, {"disabled", disable}});
              }),
        {disable ? "Disable a user of the caller's subtree: their sessions end at once"
                 : "Enable a disabled user again",
         "auth", true, std::string(kUserAdmin), "", R"({"id":7,"disabled":true})", false, "none"});
  }

  router.Add("GET", "/api/v1/users",
             guard(std::string(kUserAdmin),
                   [&auth](const Request& req, const Principal& p) -> Response {
                     auto page = http::ReadPage(req);
                     if (!page) return Response::Problem(req, page.error());
                     return http::Answer(req, auth.ListUsers(p, *page),
                                         [](const Page<UserSummary>& l) {
                                           return http::PageResponse(l, [](const UserSummary& u) {
                                             return json::object{{"id", u.id},
                                                                 {"username", u.username},
                                                                 {"display_name", u.display_name},
                                                                 {"role", u.role_code},
                                                                 {"org_id", u.org_id},
                                                                 {"org_name", u.org_name},
                                                                 {"disabled", u.disabled}};
                                           });
                                         });
                   }),
             {"Users of the caller's subtree, a page at a time (limit, cursor)", "auth", true,
              std::string(kUserAdmin)});

  router.Add("POST", "/api/v1/users",
             guard(std::string(kUserAdmin),
                   [&auth](const Request& req, const Principal& p) -> Response {
                     auto b = http::Body::Of(req);
                     NewUser u;
                     u.username = b.Text("username", kUsernameMax, http::kRequired);
                     u.password = b.Secret("password");
                     u.role_code = b.Text("role", kUsernameMax, http::kRequired);
                     u.display_name = b.Text("display_name", kDisplayNameMax);
                     u.org_id = b.OptId("org_id").value_or(p.org_id);
                     if (!b.ok()) return Response::Problem(req, b.error());
                     auto id = auth.CreateUser(p, u);
                     if (!id) return Response::Problem(req, id.error());
                     return http::JsonResponse(json::object{{"id", *id}}, 201);
                   }),
             {"Create a user in the caller's subtree", "auth", true, std::string(kUserAdmin),
              R"({"username":"wucheng_clerk","password":"…","role":"clerk","org_id":12})",
              R"({"id":7})", false, "password:text(256) display_name:text"});

  router.Add("GET", "/api/v1/roles",
             guard("",
                   [&auth](const Request& req, const Principal&) -> Response {
                     auto roles = auth.ListRoles();
                     if (!roles) return Response::Problem(req, roles.error());
                     json::array items;
                     for (const auto& r : *roles) {
                       json::array perms;
                       for (const auto& s : r.permissions) perms.emplace_back(s);
                       items.push_back({{"id", r.id},
                                        {"code", r.code},
                                        {"name", r.name},
                                        {"permissions", perms},
                                        {"own_org_only", r.own_org_only}});
                     }
                     return http::JsonResponse(json::object{{"items", items}});
                   }),
             {"Roles and their permissions", "auth"});
}

void AddAuditRoutes(http::Router& router, const Guard& guard, store::Database& db) {
  router.Add("GET", "/api/v1/audit",
             guard(std::string(kAuditRead),
                   [&db](const Request& req, const Principal& p) -> Response {
                     AuditQuery q;
                     q.scope = p.Scope();
                     http::ListQuery in(req);
                     q.entity = in.Code("entity");
                     q.entity_id = in.Text("entity_id", kUsernameMax);
                     q.action = in.Code("action");
                     q.username = in.Text("username", kUsernameMax);
                     q.from_date = in.Date("from_date");
                     q.to_date = in.Date("to_date");
                     std::tie(q.limit, q.before_id) = in.IdPage();
                     if (!in.ok()) return Response::Problem(req, in.error());
                     auto lease = db.Acquire();
                     if (!lease) return Response::Problem(req, lease.error());
                     auto rows = AuditPage(**lease, q);
                     if (!rows) return Response::Problem(req, rows.error());
                     return http::JsonResponse(http::PageResponse(*rows, [](const AuditRecord& a) {
                       return json::object{{"id", a.id},
                                           {"at", FormatInstant(a.at)},
                                           {"user_id", a.user_id},
                                           {"username", a.username},
                                           {"member_id", a.member_id},
                                           {"member_name", a.member_name},
                                           {"action", a.entry.action},
                                           {"entity", a.entry.entity},
                                           {"entity_id", a.entry.entity_id},
                                           {"before", a.entry.before},
                                           {"after", a.entry.after},
                                           {"reason", a.entry.reason}};
                     }));
                   }),
             {"Audit log of the caller's subtree, newest first (filters entity, entity_id, action, "
              "username, from_date and to_date (China's days, inclusive); a portal step names the "
              "member it was done for (member_id, member_name masked); "
              "limit, cursor)",
              "auth", true, std::string(kAuditRead)});
}

}  // namespace

void AddAuthRoutes(http::Router& router, AuthService& auth, store::Database& db) {
  const Guard guard(auth);
  AddSessionRoutes(router, guard, auth);
  AddUserRoutes(router, guard, auth);
  AddAuditRoutes(router, guard, db);
}

}  // namespace nj::auth
