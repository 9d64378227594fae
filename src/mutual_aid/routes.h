// HTTP routes of mutual medical aid. Money is integer fen in every answer; amounts a person types
// (a claim's invoice figures) are sent as yuan text ("1234.50") and parsed exactly, as the
// settlement feed's are. Lists are scoped to the caller's subtree by the member's union.
//
// Console (aid:read to read, aid:write to change):
//   GET  /api/v1/aid/plans                         plans, newest version each, enrolled in scope
//   POST /api/v1/aid/plans                         body: the plan JSON → the next version (201)
//   GET  /api/v1/aid/plans/{code}                  {code, version, plan, versions[]}
//   GET  /api/v1/aid/plans/{code}/subsidies        {items[{org_id, org_name, per_member_fen}]}
//   PUT  /api/v1/aid/plans/{code}/subsidies/{org}  {per_member_fen} (0 removes it)
//   POST /api/v1/aid/plans/{code}/enrolments       {org_id | member_ids, start, previous_plan}
//   POST /api/v1/aid/plans/{code}/enrolments/roster?start=&previous_plan=   a roster as the body
//   GET  /api/v1/aid/plans/{code}/payments?org_id= {items[…]} contributions paid, per union
//   POST /api/v1/aid/plans/{code}/payments         {org_id, amount_fen, paid_on, reference}
//   GET  /api/v1/aid/plans/{code}/stats?org_id=    the subtree's figures and its children's
//   POST /api/v1/aid/plans/{code}/ingest?dry_run=&file_name=   the settlement file as the body:
//        a job (202); its summary counts outcomes, its file is the report CSV
//   GET  /api/v1/aid/claims?plan=&org_id=&outcome=&limit=&cursor=   claims from the feed
//   GET  /api/v1/aid/hand-claims?plan=&org_id=&state=&overdue=&limit=&cursor=
//   POST /api/v1/aid/hand-claims                   a clerk enters a claim for a member
//   GET  /api/v1/aid/hand-claims/{id}              with its files and the amount the rules give
//   POST /api/v1/aid/hand-claims/{id}/check        submitted → checked
//   POST /api/v1/aid/hand-claims/{id}/approve      checked → approved (paid through payout)
//   POST /api/v1/aid/hand-claims/{id}/reject       {reason} submitted|checked → rejected
//   POST /api/v1/aid/hand-claims/{id}/files?file_name=   an invoice photo or PDF as the body
//   GET  /api/v1/aid/hand-claims/{id}/files/{file}
//   GET  /api/v1/aid/overview?org_id=              {pending, overdue}: hand claims to decide
// Portal (the member signed in):
//   GET  /api/v1/portal/aid/plans                  plans the member is enrolled in
//   GET  /api/v1/portal/aid/claims                 {items: hand claims, feed: settled claims}
//   POST /api/v1/portal/aid/claims                 the member's own claim
//   POST /api/v1/portal/aid/claims/{id}/files?file_name=
//   GET  /api/v1/portal/aid/claims/{id}/files/{file}
#pragma once

#include <functional>

#include "auth/routes.h"
#include "http/http.h"
#include "job/job.h"
#include "mutual_aid/aid.h"
#include "mutual_aid/claims.h"

namespace nj::mutual_aid {

void AddAidRoutes(http::Router& router, const auth::Guard& guard, AidService& aid,
                  HandClaimService& claims, job::JobRunner& jobs, const auth::PortalGuard& portal);

}  // namespace nj::mutual_aid
