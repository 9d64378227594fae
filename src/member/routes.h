// HTTP routes of the member registry (/api/v1/members…).
#pragma once

#include "auth/routes.h"
#include "http/http.h"
#include "job/job.h"
#include "member/member.h"
#include "member/portal.h"

namespace nj::member {

void AddMemberRoutes(http::Router& router, const auth::Guard& guard, MemberService& members);
// The member portal (/api/v1/portal…): activation, sign-in, the member's card and union.
void AddPortalRoutes(http::Router& router, PortalService& portal, MemberService& members);
// The members list as an export (filters: org_id, name, category, status, as the list takes).
job::Exporter MembersExporter(MemberService& members);

}  // namespace nj::member
