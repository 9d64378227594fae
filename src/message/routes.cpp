#include "message/routes.h"

#include "http/json.h"

namespace nj::message {

namespace json = boost::json;
using http::Request;
using http::Response;

json::object MessageJson(const Message& m) {
  // The params were written by the producer as a JSON object; anything else reads as none.
  boost::system::error_code ec;
  json::value params = json::parse(m.params, ec);
  if (ec || !params.is_object()) params = json::object{};
  return {{"id", m.id},
          {"code", m.code},
          {"params", std::move(params)},
          {"created_at", http::InstantOrNull(m.created_at)},
          {"read_at", http::InstantOrNull(m.read_at)}};
}

void AddPortalMessageRoutes(http::Router& router, const auth::PortalGuard& as_member,
                            MessageService& messages) {
  router.Add(
      "GET", "/api/v1/portal/messages",
      as_member([&messages](const Request& req, int64_t member_id) -> Response {
        http::ListQuery in(req);
        auto page = in.Page();
        if (!in.ok()) return Response::Problem(req, in.error());
        return http::Answer(
            req, messages.List(Recipient::Member(member_id), page),
            [](const Page<Message>& p) { return http::PageResponse(p, MessageJson); });
      }),
      {"The signed-in member's messages, newest first (a cursor page)", "portal", false, "", "",
       R"({"items":[{"id":3,"code":"payout.paid","params":{"amount_fen":120000},)"
       R"("created_at":"2026-12-01T08:00:00Z","read_at":null}],"next_cursor":null})"});

  router.Add(
      "POST", "/api/v1/portal/messages/read-all",
      as_member([&messages](const Request& req, int64_t member_id) -> Response {
        return http::Answer(req, messages.MarkAllRead(Recipient::Member(member_id)), [](int64_t n) {
          return json::object{{"marked", n}};
        });
      }),
      {"The member marks every message of theirs read", "portal", false, "", "", R"({"marked":4})",
       false, "none"});

  router.Add(
      "POST", "/api/v1/portal/messages/{id}/read",
      as_member([&messages](const Request& req, int64_t member_id) -> Response {
        auto id = http::IdParam(req);
        if (!id) return Response::Problem(req, id.error());
        return http::Answer(req, messages.MarkRead(Recipient::Member(member_id), *id), MessageJson);
      }),
      {"The member marks one message of theirs read (another's: 404)", "portal", false, "", "", "",
       false, "none"});
}

}  // namespace nj::message
