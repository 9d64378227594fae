// HTTP routes of hardship aid (困难职工帮扶): grants, campaigns, reports. Money is integer fen in
// every request and answer; dates YYYY-MM-DD; lists scoped to the caller's subtree by the
// member's union (a grant or target outside it answers 404). Errors are problem+json with
// `code`, `detail` (Chinese; English with Accept-Language: en) and the `field` at fault.
//
// Permissions: hardship:read to read, hardship:write to file grants and run campaigns,
// hardship:approve to decide (through the approval flow), check a campaign's list and set the
// categories. Grants are decided at /api/v1/applications/{application_id}/approve|return
// {reason}: the county federation of the member's union reviews; for a member whose archive is
// of city tier the county passes it on ("review") and the city approves; county-tier archives and
// temporary aid are approved by the county alone. Nobody decides a grant they filed, nor at two
// levels.
//
// ---- Categories (data; the defaults of migration 011) ----------------------------------------
// GET  /api/v1/hardship/categories → {items:[Category]}
//      Category {code: living|schooling|medical|legal|training|temporary, name, name_en,
//        basis: months|child_months|self_paid|amount, per: household|child|member,
//        needs_archive: bool, cap_fen: int|null (a year, null = none), standard_fen (suggested
//        amount, 0 = none), limits: {deep:12, relative:10, accidental:10} (living: months of
//        the archive's standard by level) | {university:10, senior:6, vocational:6}
//        (schooling: months per child by school level; a level absent is not granted)}
// PUT  /api/v1/hardship/categories/{code} {cap_fen|null, standard_fen, limits:{…}} → Category
//      (hardship:approve at the root federation; audited)
//
// ---- Grants ----------------------------------------------------------------------------------
// GET  /api/v1/hardship/grants/room?member_id=&category=&child=&school_level=&self_paid_fen=
//      what may still be granted this year, for the form → Room {member_id, member_name,
//        archive_id|null, level|null, standard_fen, category, limit_fen|null, granted_fen,
//        remaining_fen|null, mutual_aid_paid_fen (medical: what mutual aid paid the member this
//        year), granted:[{id, category, child, amount_fen, state}] (this year's grants),
//        text, text_en (the arithmetic: "本年度已发放生活救助 3000.00 元，尚可 7800.00 元 …")}
// GET  /api/v1/hardship/grants?org_id=&member_id=&archive_id=&category=&state=&year=&limit=&cursor=
//      → {items:[Grant], next_cursor: string|null} newest first
// POST /api/v1/hardship/grants {member_id, category, amount_fen, reason, child?, school_level?,
//        self_paid_fen? (medical: what the household paid itself this year after basic medical
//        insurance)} → 201 Grant, submitted into the approval flow. A member with an active
//        archive, or category "temporary" for a member without one. Past the yearly limit: 409
//        field amount_fen, the detail naming what was granted already and what remains.
// GET  /api/v1/hardship/grants/{id} → Grant with history:[{at, username, action, from_state,
//        to_state, reason}]
// PUT  /api/v1/hardship/grants/{id} {amount_fen, reason, child, school_level, self_paid_fen}
//        a returned grant (limits checked again) → Grant
// POST /api/v1/hardship/grants/{id}/submit   returned → submitted (the first level again)
// POST /api/v1/hardship/grants/{id}/cancel   {reason} returned|approved → cancelled
// POST /api/v1/hardship/grants/{id}/pay      approved → paying: a payout item to the member's
//        card (fund hardship, source "hardship" / "grant:<id>"); "paid" once the bank has paid.
//        Asked again: the same item, nothing new. → Grant
// POST /api/v1/hardship/grants/{id}/in-kind  {signed_by, signed_on, note} approved → given
//        (who signed for it and when) → Grant
//      Grant {id, member_id, member_name, org_id, org_name, archive_id|null, level|null, tier:
//        county|city, category, category_name, category_name_en, child, school_level, year,
//        amount_fen, reason, self_paid_fen, mutual_aid_paid_fen, limit_fen|null,
//        granted_before_fen, state: submitted|reviewed|approved|returned|cancelled|paying|paid|
//        given, application_id, reviewer_org_id, reviewer_org_name, return_reason, method:
//        ""|card|in_kind, payout_state: ""|pending|batched|paid|cancelled, signed_by, signed_on,
//        note, disbursed_on, created_by_name, created_at, updated_at}
//
// ---- Campaigns (送温暖 spring_warmth, 金秋助学 autumn_schooling, 夏送清凉 summer_cooling,
//      春送岗位 spring_jobs) ----------------------------------------------------------------
// GET  /api/v1/hardship/campaigns?year=&kind=&state=&limit=&cursor= → {items:[Campaign],
//        next_cursor} newest first (organised or taken part in within scope)
// POST /api/v1/hardship/campaigns {kind, name, year, org_id (organiser, default the caller's),
//        budget_fen, method: card|in_kind, standards:{deep, relative, accidental, outdoor}
//        (fen a person by level; outdoor: summer_cooling's front-line and outdoor members
//        without an archive; 0 or missing = none), org_ids:[…] (taking part, in the organiser's
//        subtree; empty = the organiser)} → 201 Campaign (draft)
// GET  /api/v1/hardship/campaigns/{id} → Campaign (progress computed at each read)
// PUT  /api/v1/hardship/campaigns/{id} {name, budget_fen, standards, org_ids}: name and budget
//        while draft or drawn, standards and organisations while draft
// POST /api/v1/hardship/campaigns/{id}/draw → {added, campaign}: the target list from the
//        active archives in the orgs taking part (summer_cooling also active members of
//        category front_line, courier, delivery_rider, ride_hailing_driver, truck_driver), one
//        line a member at its level's standard; drawing again adds only who is new
// GET  /api/v1/hardship/campaigns/{id}/targets?org_id=&state=&name=&limit=&cursor=
//        → {items:[Target], next_cursor} (state: listed|removed|paying|paid|given)
// PUT  /api/v1/hardship/campaigns/{id}/targets/{member_id} {included, amount_fen, reason}
//        remove, restore or adjust a line of a drawn list, the reason required → Target
// POST /api/v1/hardship/campaigns/{id}/check  drawn → checked (hardship:approve; 409 when the
//        list's total is over the budget) → Campaign
// POST /api/v1/hardship/campaigns/{id}/pay    checked → closed: a payout item for every line
//        (fund campaign, source "hardship" / "campaign:<id>:<member_id>"); run again it asks
//        nothing new → {requested, already, amount_fen, campaign}
// POST /api/v1/hardship/campaigns/{id}/distribute {member_ids:[…] (missing = every line not
//        given), signed_by ("" = the member), signed_on} in kind → {given, campaign}; closed
//        when every line is given
// POST /api/v1/hardship/campaigns/{id}/cancel {reason} before anything is paid or given
//      Campaign {id, kind, kind_name, kind_name_en, name, year, org_id, org_name, budget_fen,
//        method, state: draft|drawn|checked|closed|cancelled, standards:{deep, relative,
//        accidental, outdoor}, orgs:[{org_id, org_name}], progress:{targets, included,
//        removed, planned_fen, requested_fen, paid_fen, given_fen, done (lines paid to the card
//        or given), budget_left_fen, percent (of the budget disbursed, 0–100+)},
//        created_by_name, created_at, checked_at, closed_at, cancel_reason}
//      Target {member_id, member_name, org_id, org_name, archive_id|null, basis: deep|relative|
//        accidental|outdoor, amount_fen, included, reason, state, payout_state, signed_by,
//        signed_on}
//
// ---- Reports ---------------------------------------------------------------------------------
// GET  /api/v1/hardship/reports?org_id=&from=&to= (default this year to date) → Report
//      {org_id, org_name, from, to,
//       grants:[{category, name, name_en, amount_fen, person_times, people, text, text_en}]
//         ("发放生活救助1.23万元，帮扶12人次"; disbursed in the period: paid to the card or given),
//       campaigns:[{kind, name, name_en, amount_fen, person_times, people, text, text_en}],
//       total:{amount_fen, person_times, people}, text, text_en (the whole in one sentence),
//       orgs:[{org_id, org_name, amount_fen, person_times}] (the organisations one level below),
//       archives:{open, by_level:[{level, name, count}], by_cause:[{cause, count}],
//         new (approved in the period), exited (exited in the period)}}
// Export to .xlsx: POST /api/v1/exports {list: "hardship_report", filters:{org_id, from, to}}
//      or {list: "hardship_grants", filters:{org_id, category, state, year}}; poll the job.
//
// ---- Portal (the member signed in) -----------------------------------------------------------
// GET  /api/v1/portal/hardship/grants → {items:[{id, category, category_name, amount_fen, state,
//        method, year, disbursed_on}] (approved and later), campaigns:[{campaign_id, kind,
//        name, amount_fen, state, disbursed_on}] (lines paid or given)}
#pragma once

#include <functional>

#include "auth/routes.h"
#include "hardship/campaign.h"
#include "hardship/grant.h"
#include "hardship/report.h"
#include "http/http.h"
#include "job/job.h"

namespace nj::hardship {

void AddHardshipAidRoutes(http::Router& router, const auth::Guard& guard, GrantService& grants,
                          CampaignService& campaigns, ReportService& reports,
                          const auth::PortalGuard& portal);

// The exports of the report and of the grants list (POST /api/v1/exports).
job::Exporter ReportExporter(ReportService& reports);
job::Exporter GrantsExporter(GrantService& grants);

}  // namespace nj::hardship
