// HTTP routes of hardship archives and aid (困难职工帮扶). Money in integer fen, dates
// YYYY-MM-DD, lists scoped to the caller's subtree by the archive's union.
//
// Archives (hardship:read to read, hardship:write to file and change, hardship:approve to set
// standards; reviewing and approving go through /api/v1/applications/{id}/approve|return):
//   GET  /api/v1/hardship/standards?division_code=&year=
//   PUT  /api/v1/hardship/standards/{division_code}/{year}   {monthly_fen, relative_pct}
//        → the standard and the re-levelling it caused {archives, changed}
//   GET  /api/v1/hardship/archives?org_id=&state=&level=&cause=&name=&review_overdue=1
//        &exit_proposed=1&limit=&cursor=
//   POST /api/v1/hardship/archives               a draft for a member in scope
//   GET  /api/v1/hardship/archives/{id}          with the arithmetic of its level, visits,
//        months, files, its application and the warnings (a household member with an archive)
//   PUT  /api/v1/hardship/archives/{id}          a draft or returned one
//   POST /api/v1/hardship/archives/{id}/submit   into the two-level approval
//   POST /api/v1/hardship/archives/{id}/override {level, reason}
//   POST /api/v1/hardship/archives/{id}/visits   {kind: visit|review, visited_on, visitors,
//        findings} (a review also re-levels the archive and sets the next review due)
//   POST /api/v1/hardship/archives/{id}/months   {month: "YYYY-MM", per_head_fen}
//   POST /api/v1/hardship/archives/{id}/cause-resolved {on}
//   POST /api/v1/hardship/archives/{id}/exit     {on, reason}: confirms the exit
//   POST /api/v1/hardship/archives/{id}/files?file_name=   evidence (photo or PDF) as the body
//   GET  /api/v1/hardship/archives/{id}/files/{file}
//   GET  /api/v1/hardship/relevels?org_id=       changes of level waiting for confirmation
//   POST /api/v1/hardship/relevels/confirm       {ids: [...]}
//   GET  /api/v1/hardship/overview?org_id=       counts by state, level and cause; reviews
//        overdue; exits proposed; re-levels pending; per county below, what waits and how long
// Portal (the member signed in):
//   GET  /api/v1/portal/hardship                 the member's archives with their state
//   POST /api/v1/portal/hardship                 apply: a draft archive for the member's union
//   GET  /api/v1/portal/hardship/notices         archives under public notice in the member's
//                                                union (names masked)
#pragma once

#include "approval/approval.h"
#include "auth/routes.h"
#include "hardship/archive.h"
#include "http/http.h"

namespace nj::hardship {

void AddArchiveRoutes(http::Router& router, const auth::Guard& guard, ArchiveService& archives,
                      approval::ApprovalService& approvals, const auth::PortalGuard& portal);

}  // namespace nj::hardship
