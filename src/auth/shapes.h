// The shapes most guarded routes take, written once: a record by its id, and a step on a record
// with a reason. A route table passes the service call and the record's JSON writer:
//
//   router.Add("GET", "/api/v1/hardship/grants/{id}",
//              guard(read, auth::ById([&grants](const Principal& p, int64_t id) {
//                return grants.Get(p, id); }, GrantJson)), {...});
//
// Only routes files include this (it brings Boost.JSON through http/json.h).
#pragma once

#include <utility>

#include "auth/routes.h"
#include "http/json.h"

namespace nj::auth {

// How long a reason given for a step may be (a refusal, a cancellation, a correction): the one
// bound for every module.
inline constexpr int64_t kReasonMax = 500;

// GET …/{id}: `get(principal, id)` answered through `to_json`; a malformed id is 404.
template <class Get, class ToJson>
ScopedHandler ById(Get get, ToJson to_json) {
  return [get = std::move(get), to_json = std::move(to_json)](
             const http::Request& req, const Principal& p) -> http::Response {
    auto id = http::IdParam(req);
    if (!id) return http::Response::Problem(req, id.error());
    return http::Answer(req, get(p, *id), to_json);
  };
}

// …/{id} routes of any other shape: the id read (404 when malformed), then
// `handler(request, principal, id)`.
template <class Handler>
ScopedHandler WithId(Handler handler) {
  return [handler = std::move(handler)](const http::Request& req,
                                        const Principal& p) -> http::Response {
    auto id = http::IdParam(req);
    if (!id) return http::Response::Problem(req, id.error());
    return handler(req, p, *id);
  };
}

// The {"reason": "…"} of a body (multi-line, at most kReasonMax characters); "" when the body
// or the field is absent and `need` allows it.
inline Result<std::string> ReasonOf(const http::Request& req, http::Need need = http::kOptional) {
  auto b = need == http::kRequired ? http::Body::Of(req) : http::Body::OfOptional(req);
  auto reason = b.Multiline("reason", kReasonMax, need);
  if (!b.ok()) return b.Failure();
  return reason;
}

// POST …/{id}/<step> with a reason: `act(principal, id, reason)` answered through `to_json`.
template <class Act, class ToJson>
ScopedHandler WithReason(Act act, ToJson to_json, http::Need need = http::kOptional) {
  return [act = std::move(act), to_json = std::move(to_json), need](
             const http::Request& req, const Principal& p) -> http::Response {
    auto id = http::IdParam(req);
    if (!id) return http::Response::Problem(req, id.error());
    auto reason = ReasonOf(req, need);
    if (!reason) return http::Response::Problem(req, reason.error());
    return http::Answer(req, act(p, *id, *reason), to_json);
  };
}

}  // namespace nj::auth
