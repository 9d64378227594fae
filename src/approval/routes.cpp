#include "approval/routes.h"

#include "approval/history_json.h"
#include "auth/shapes.h"
#include "core/date.h"
#include "http/json.h"

namespace nj::approval {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

namespace {

json::value TextOrNull(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::object AppJson(const Application& a) {
  json::value payload;
  boost::system::error_code ec;
  payload = json::parse(a.payload, ec);
  if (ec) payload = nullptr;
  return {{"id", a.id},
          {"kind", a.kind},
          {"state", a.state},
          {"title", a.title},
          {"org_id", a.org_id},
          {"org_name", a.org_name},
          {"reviewer_org_id", a.reviewer_org_id},
          {"reviewer_org_name", a.reviewer_org_name},
          {"payload", payload},
          {"result", a.result},
          {"levels", json::value_from(a.chain)},
          {"stage", a.stage},
          {"can_decide", a.can_decide},
          {"created_at", FormatInstant(a.created_at)},
          {"updated_at", FormatInstant(a.updated_at)}};
}

// A payload is read field by field by its kind's check (with the bounded parsers); here only its
// shape and size.
constexpr size_t kPayloadMaxBytes = 64 << 10;
constexpr int64_t kCodeMax = 40;

Result<std::string> PayloadOf(const http::Body& b) {
  const auto* p = b.Object().if_contains("payload");
  if (!p || !p->is_object()) {
    return Fail(ErrorCode::kInvalidInput, "payload 应为对象", "payload must be an object",
                "payload");
  }
  std::string text = json::serialize(*p);
  if (text.size() > kPayloadMaxBytes) {
    return Fail(ErrorCode::kInvalidInput, "payload 过大（至多 64 KB）",
                "payload is too large (at most 64 KB)", "payload");
  }
  return text;
}

// The kind's facts, {label, label_en, value, value_en} each (both languages, as a row problem's
// reason), and the record's page.
json::object SummaryJson(const Summary& s) {
  json::array facts;
  facts.reserve(s.facts.size());
  for (const auto& f : s.facts) {
    facts.push_back({{"label", f.label_zh},
                     {"label_en", f.label_en},
                     {"value", f.value_zh},
                     {"value_en", f.value_en}});
  }
  return {{"facts", std::move(facts)}, {"link", TextOrNull(s.link)}};
}

}  // namespace

json::array HistoryJson(const std::vector<Event>& events) {
  json::array history;
  history.reserve(events.size());
  for (const auto& e : events) {
    history.push_back({{"at", http::InstantOrNull(e.at)},
                       {"username", e.username},
                       {"action", e.action},
                       {"from_state", e.from_state},
                       {"to_state", e.to_state},
                       {"reason", e.reason}});
  }
  return history;
}

void AddApprovalRoutes(http::Router& router, const auth::Guard& guard, ApprovalService& approvals) {
  router.Add("GET", "/api/v1/applications",
             guard("",
                   [&approvals](const Request& req, const Principal& p) -> Response {
                     http::ListQuery in(req);
                     ListQuery q{.kind = in.Text("kind", kCodeMax),
                                 .state = in.Text("state", kCodeMax),
                                 .to_review = in.Flag("to_review"),
                                 .can_decide = in.Flag("can_decide"),
                                 .level = in.Text("level", kCodeMax),
                                 .from_date = in.Date("from_date"),
                                 .to_date = in.Date("to_date"),
                                 .page = in.Page()};
                     if (!in.ok()) return Response::Problem(req, in.error());
                     return http::Answer(req, approvals.List(p, q),
                                         [](const Page<Application>& apps) {
                                           return http::PageResponse(apps, AppJson);
                                         });
                   }),
             {"Applications filed in the caller's scope or waiting for its decision (filters kind, "
              "state, to_review=1: waiting in the caller's scope, can_decide=1: those the caller may "
              "decide now, level of the deciding organisation city|county|township|"
              "grassroots, from_date and to_date filed (China's days, inclusive)), newest first; "
              "limit, cursor",
              "approval"});

  router.Add(
      "GET", "/api/v1/applications/{id}",
      guard("", auth::WithId(
                    [&approvals](const Request& req, const Principal& p, int64_t id) -> Response {
                      auto app = approvals.Get(p, id);
                      if (!app) return Response::Problem(req, app.error());
                      auto events = approvals.History(p, id);
                      if (!events) return Response::Problem(req, events.error());
                      json::object out = AppJson(*app);
                      out["summary"] = SummaryJson(app->summary);
                      // Who must act when it is not the caller (null when the caller decides or
                      // nothing waits), in both languages: the page shows it, never guesses it.
                      out["waiting_for"] = TextOrNull(app->waiting_zh);
                      out["waiting_for_en"] = TextOrNull(app->waiting_en);
                      out["history"] = HistoryJson(*events);
                      return http::JsonResponse(out);
                    })),
      {"One application with its facts in words (summary), can_decide and waiting_for, and its "
       "history",
       "approval"});

  router.Add(
      "POST", "/api/v1/applications",
      guard("",
            [&approvals](const Request& req, const Principal& p) -> Response {
              auto b = http::Body::Of(req);
              const auto kind = b.Text("kind", kCodeMax, http::kRequired);
              const auto org = b.OptId("org_id").value_or(p.org_id);
              const bool submit = b.Bool("submit");
              if (!b.ok()) return Response::Problem(req, b.error());
              auto payload = PayloadOf(b);
              if (!payload) return Response::Problem(req, payload.error());
              return http::Answer(req, approvals.Create(p, kind, org, *payload, submit), AppJson,
                                  201);
            }),
      {"File an application (kind establish or reelect) at an organisation, as a draft or "
       "submitted",
       "approval", true, "",
       R"({"kind":"establish","org_id":5,"submit":true,"payload":{"name":"某公司工会","founding_members":30}})"});

  router.Add("PUT", "/api/v1/applications/{id}",
             guard("", auth::WithId([&approvals](const Request& req, const Principal& p,
                                                 int64_t id) -> Response {
                     auto b = http::Body::Of(req);
                     if (!b.ok()) return Response::Problem(req, b.error());
                     auto payload = PayloadOf(b);
                     if (!payload) return Response::Problem(req, payload.error());
                     return http::Answer(req, approvals.Update(p, id, *payload), AppJson);
                   })),
             {"Change a draft or returned application", "approval", true, "",
              R"({"payload":{"name":"某公司工会","founding_members":30}})"});

  for (const char* action : {"submit", "approve", "return"}) {
    router.Add(
        "POST", std::string("/api/v1/applications/{id}/") + action,
        guard("", auth::WithId([&approvals, action = std::string(action)](
                                   const Request& req, const Principal& p, int64_t id) -> Response {
                auto b = http::Body::OfOptional(req);
                const std::string reason = b.Multiline("reason", auth::kReasonMax);
                if (!b.ok()) return Response::Problem(req, b.error());
                auto r = action == "submit"    ? approvals.Submit(p, id)
                         : action == "approve" ? approvals.Approve(p, id, reason)
                                               : approvals.Return(p, id, reason);
                return http::Answer(req, r, AppJson);
              })),
        {action == std::string("submit")    ? "Submit a draft or returned application"
         : action == std::string("approve") ? "Approve a submitted application (the reviewing "
                                              "level); runs its effect"
                                            : "Return a submitted application with a reason",
         "approval", true, "", action == std::string("submit") ? "" : R"({"reason":"情况属实"})",
         "", false, action == std::string("submit") ? "none" : ""});
  }
}

}  // namespace nj::approval
