// Grants of hardship aid (帮扶救助): living, schooling, medical, legal, training aid to a member
// with an active archive, or temporary aid to a worker without one. Each is measured against
// its category's yearly limit (aid_rules.h) when filed, then decided through the approval flow
// (kind "hardship_grant"): the county federation of the member's union reviews; a grant of a
// city-tier archive is passed on to the city, which approves; county-tier archives and
// temporary aid are approved by the county. An approved grant is paid to the member's card
// through the payout module (fund "hardship", source "hardship" / "grant:<id>") or given in kind,
// signed for by someone on a day.
//
// States: submitted → (reviewed →) approved → paying (→ shown "paid" once the bank has paid) |
// given; a return sends it back (returned), to be changed and submitted again or cancelled; an
// approved grant not yet paid or given may be cancelled. Every grant of a year not cancelled
// counts against the limits (those waiting for a decision too, so two at once cannot both pass).
//
// Every read and change is within the caller's scope by the member's union; every change is
// audited in its transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "approval/approval.h"
#include "auth/principal.h"
#include "core/error.h"
#include "core/page.h"
#include "hardship/aid_rules.h"
#include "hardship/archive.h"
#include "job/job.h"
#include "payout/payout.h"
#include "store/db.h"

namespace nj::hardship {

inline constexpr std::string_view kGrantKind = "hardship_grant";  // approval kind, audit entity
inline constexpr std::string_view kSourceModule = "hardship";     // of payout items
inline constexpr std::string_view kGrantFund = "hardship";        // 困难职工帮扶资金

struct GrantInput {
  int64_t member_id = 0;
  std::string category;
  int64_t amount_fen = 0;
  std::string reason;
  std::string child, school_level;  // schooling: the child (a household member) and school level
  int64_t self_paid_fen = 0;        // medical: paid by the household itself this year
};

struct Grant {
  int64_t id = 0, member_id = 0;
  std::string member_name;
  int64_t org_id = 0;
  std::string org_name, org_path;
  int64_t archive_id = 0;  // 0: temporary aid without an archive
  std::string level;       // the archive's level when filed ("" without one)
  int64_t standard_fen = 0;
  int64_t county_id = 0;
  std::string tier;  // county, city
  std::string category, category_name, category_name_en, child, school_level;
  int year = 0;
  int64_t amount_fen = 0;
  std::string reason;
  int64_t self_paid_fen = 0, mutual_aid_paid_fen = 0;
  std::optional<int64_t> limit_fen;  // the limit of the year when filed
  int64_t granted_before_fen = 0;    // granted against it before this one
  std::string state;  // submitted, reviewed, approved, returned, cancelled, paying, paid, given
  int64_t application_id = 0, reviewer_org_id = 0;
  std::string reviewer_org_name, return_reason;
  std::string method;        // "", card, in_kind
  std::string payout_state;  // of the payout item: pending, batched, paid, cancelled ("" none)
  std::string signed_by, signed_on, note, disbursed_on;
  std::string created_by_name;
  int64_t created_at = 0, updated_at = 0;
  std::vector<approval::Event> history;  // Get only
};

struct GrantQuery {
  int64_t org_id = 0;  // subtree; 0 = the caller's scope
  int64_t member_id = 0, archive_id = 0;
  std::string category, state;
  int year = 0;          // 0 = any
  int64_t after_id = 0;  // cursor: grants with a smaller id (newest first)
  int limit = 50;        // 1..200
};

// What may still be granted this year, shown beside the form.
struct GrantRoom {
  int64_t member_id = 0;
  std::string member_name;
  int64_t archive_id = 0;
  std::string level;
  int64_t standard_fen = 0;
  std::string category;
  Room room;
  int64_t mutual_aid_paid_fen = 0;  // what mutual aid paid the member this year
  std::vector<Grant> granted;       // this year's grants of the member, not cancelled
};

struct InKind {
  std::string signed_by, signed_on, note;
};

// Registers the approval kind "hardship_grant" (county, then city for city-tier archives).
void RegisterGrantApprovals(approval::ApprovalService& approvals);

class GrantService {
 public:
  GrantService(store::Database& db, approval::ApprovalService& approvals,
               payout::PayoutService& payouts)
      : db_(db), approvals_(approvals), payouts_(payouts) {}

  // -- categories (data)
  Result<std::vector<Category>> Categories();
  // Sets a category's cap, suggested amount and months (hardship:approve, at the root
  // federation); its basis stays. Audited.
  Result<Category> SetCategory(const auth::Principal& who, std::string_view code,
                               std::optional<int64_t> cap_fen, int64_t standard_fen,
                               const std::map<std::string, int, std::less<>>& months);

  // -- grants
  // The room left this year for `in` (its amount unused), the member's grants of the year and
  // what mutual aid paid the member this year.
  Result<GrantRoom> RoomFor(const auth::Principal& who, const GrantInput& in);
  // Files a grant and submits it into the approval flow, in one transaction. kNotFound for a
  // member out of scope; kConflict (field member_id) without an active archive (or, for
  // temporary aid, with one); kConflict (field amount_fen) past the yearly limit, naming what
  // was granted and what remains; kInvalidInput naming any other field at fault.
  Result<Grant> File(const auth::Principal& who, const GrantInput& in);
  Result<Grant> Get(const auth::Principal& who, int64_t id);
  Result<Page<Grant>> List(const auth::Principal& who, const GrantQuery& q);
  // A returned grant changed (amount, reason, child, school level, self-paid; limits again).
  Result<Grant> Update(const auth::Principal& who, int64_t id, const GrantInput& in);
  // returned → submitted, at the first level again.
  Result<Grant> Resubmit(const auth::Principal& who, int64_t id);
  // returned | approved → cancelled, with a reason.
  Result<Grant> Cancel(const auth::Principal& who, int64_t id, std::string_view reason);
  // approved → paying: the payout item "grant:<id>" to the member's card. A grant paying or
  // paid already answers as it is: asking again pays nothing twice.
  Result<Grant> Pay(const auth::Principal& who, int64_t id);
  // approved → given in kind: who signed for it (required) and when (not after today).
  Result<Grant> GiveInKind(const auth::Principal& who, int64_t id, const InKind& in);

  // The member's grants approved and later (the portal), newest first, up to kOwnListMax
  // (next_cursor set when cut).
  Result<Page<Grant>> OfMember(int64_t member_id);

  // Every grant of the query (its limit and cursor ignored) as rows of a sheet.
  Result<void> Export(const auth::Principal& who, const GrantQuery& q, bool english,
                      job::Sheet& sheet, job::Progress& progress);

 private:
  Result<Grant> Load(store::Conn& c, const auth::PathRange& scope, int64_t id);

  store::Database& db_;
  approval::ApprovalService& approvals_;
  payout::PayoutService& payouts_;
};

// What mutual aid paid the member for hospital stays that ended in `year`: paid claims of the
// settlement feed and by hand, not reversed.
Result<int64_t> MutualAidPaid(store::Conn& c, int64_t member_id, int year);

}  // namespace nj::hardship
