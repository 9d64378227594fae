// HTTP routes of the member registry (/api/v1/members…).
#pragma once

#include "auth/routes.h"
#include "http/http.h"
#include "member/member.h"

namespace nj::member {

void AddMemberRoutes(http::Router& router, const auth::Guard& guard, MemberService& members);

}  // namespace nj::member
