// HTTP routes of approvals (/api/v1/applications…).
#pragma once

#include "approval/approval.h"
#include "auth/routes.h"
#include "http/http.h"

namespace nj::approval {

void AddApprovalRoutes(http::Router& router, const auth::Guard& guard, ApprovalService& approvals);

}  // namespace nj::approval
