// The HTTP face of sign-in, users, roles and the audit log, and the Guard every protected route
// of every module goes through.
#pragma once

#include <functional>
#include <string_view>

#include "auth/auth.h"
#include "http/http.h"

namespace nj::auth {

inline constexpr std::string_view kSessionCookie = "nj_session";

using ScopedHandler = std::function<http::Response(const http::Request&, const Principal&)>;

// Wraps handlers: a live session (401 otherwise), the X-CSRF-Token of that session on every
// method but GET (403 csrf), and `permission` when non-empty (403 forbidden). Errors from the
// service layer that escape a handler as Result are turned into problem+json by the handler.
class Guard {
 public:
  explicit Guard(AuthService& auth) : auth_(auth) {}
  http::Handler operator()(std::string permission, ScopedHandler handler) const;

 private:
  AuthService& auth_;
};

inline constexpr std::string_view kPortalCookie = "nj_member";

// The portal's guard, for every module's member-facing routes: a live member session (401
// otherwise) and its X-CSRF-Token on every method but GET (403 csrf); the handler gets the
// signed-in member's id. The sessions themselves are the member module's (PortalService): it
// hands them in as `SessionOf`, so a module serves members without depending on it.
class PortalGuard {
 public:
  struct Session {
    int64_t member_id = 0;
    std::string csrf_token;
  };
  using SessionOf = std::function<Result<Session>(std::string_view cookie)>;
  using Handler = std::function<http::Response(const http::Request&, int64_t member_id)>;

  explicit PortalGuard(SessionOf session) : session_(std::move(session)) {}
  http::Handler operator()(Handler handler) const;

 private:
  SessionOf session_;
};

void AddAuthRoutes(http::Router& router, AuthService& auth, store::Database& db);

}  // namespace nj::auth
