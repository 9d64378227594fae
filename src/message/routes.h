// The HTTP face of the message centre: the signed-in member's messages in the portal.
#pragma once

#include <boost/json.hpp>

#include "auth/routes.h"
#include "http/http.h"
#include "message/message.h"

namespace nj::message {

// {id, code, params (an object), created_at, read_at (null: unread)}.
boost::json::object MessageJson(const Message& m);

// GET /api/v1/portal/messages, POST /api/v1/portal/messages/{id}/read,
// POST /api/v1/portal/messages/read-all: the session's member's own only.
void AddPortalMessageRoutes(http::Router& router, const auth::PortalGuard& as_member,
                            MessageService& messages);

}  // namespace nj::message
