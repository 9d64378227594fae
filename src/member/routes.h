// HTTP routes of the member registry (/api/v1/members…).
#pragma once

#include "approval/approval.h"
#include "auth/routes.h"
#include "http/http.h"
#include "job/job.h"
#include "member/member.h"
#include "member/portal.h"
#include "member/roster.h"
#include "member/transfer.h"
#include "org/enterprise.h"
#include "org/org.h"

namespace nj::member {

void AddMemberRoutes(http::Router& router, const auth::Guard& guard, MemberService& members);
// The member portal (/api/v1/portal…): activation, sign-in, a forgotten password (its codes
// texted through `sink`), the member's card (with their unread messages) and union, applying to
// join, asking for a transfer, finding a union.
void AddPortalRoutes(http::Router& router, const auth::PortalGuard& as_member,
                     PortalService& portal, MemberService& members,
                     approval::ApprovalService& approvals, TransferService& transfers,
                     org::OrgService& orgs, const Vault& vault, message::MessageService& messages,
                     message::Sink& sink);
// The portal's guard over the member module's sessions, for every module's member-facing routes.
auth::PortalGuard PortalGuardOf(PortalService& portal);
// Transfers between unions (/api/v1/transfers…) as the unions see them.
void AddTransferRoutes(http::Router& router, const auth::Guard& guard, TransferService& transfers,
                       org::OrgService& orgs, org::EnterpriseService& enterprises);
// POST /api/v1/imports/members: a roster uploaded as the request body, imported as a job whose
// file is the report of refused rows.
void AddImportRoutes(http::Router& router, const auth::Guard& guard, RosterImporter& importer,
                     job::JobRunner& runner);
// Registers "join" (a worker's application, decided by the union applied to).
void RegisterMemberApprovals(approval::ApprovalService& approvals, MemberService& members,
                             const Vault& vault);
// The members list as an export (filters: org_id, name, category, status, as the list takes).
job::Exporter MembersExporter(MemberService& members);

}  // namespace nj::member
