// HTTP routes of enterprises, committees and ratings, and the approval kinds of the
// organisation tree: establishment ("establish") and re-election ("reelect").
#pragma once

#include "approval/approval.h"
#include "auth/routes.h"
#include "http/http.h"
#include "org/committee.h"
#include "org/enterprise.h"

namespace nj::org {

void AddOrgFlowRoutes(http::Router& router, const auth::Guard& guard,
                      EnterpriseService& enterprises, CommitteeService& committees);
// Registers "establish" and "reelect" with the approval service.
void RegisterOrgApprovals(approval::ApprovalService& approvals);

}  // namespace nj::org
