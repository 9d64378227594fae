// Claims by hand (手工理赔): for what the settlement feed does not carry — a stay in a hospital
// of another province, a bill settled before the feed started. A member submits one on the
// portal with photos of the invoices, or a clerk enters it; the union checks it against the
// invoices, then approves it (the same rules as the feed compute the amount, which goes to the
// member's card through the payout module) or rejects it with a reason.
//
// States: submitted → checked → approved | rejected; an approved claim shows as paid once its
// payout item is. A claim undecided 30 days after submission is overdue and flagged on the
// clerk's dashboard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/page.h"
#include "file/evidence.h"
#include "mutual_aid/aid.h"
#include "payout/payout.h"
#include "store/db.h"

namespace nj::mutual_aid {

inline constexpr std::string_view kHandEntity = "aid_hand_claim";
inline constexpr int kOverdueDays = 30;

// A claim as typed: amounts in yuan text ("1234.50", parsed exactly), dates YYYY-MM-DD.
struct HandClaimInput {
  std::string plan_code;
  int64_t member_id = 0;  // the clerk's choice; the portal's member otherwise
  std::string visit_type, hospital, admission_date, discharge_date, diagnosis_code;
  std::string total, fund_paid, self_paid_in_scope, self_paid_out_of_scope;
};

// What the rules would pay the claim today (before it is decided).
struct Preview {
  Outcome outcome = Outcome::kInvalid;
  int64_t amount_fen = 0;
  std::string reason_zh, reason_en;  // why the rules refuse it ("" when they pay)
  // When they pay (paid or zero): what the amount was computed from, for the member's estimate.
  std::string basis_zh, basis_en;
};

struct HandClaim {
  int64_t id = 0;
  std::string plan_code, plan_name;
  int64_t member_id = 0;
  std::string member_name;
  int64_t org_id = 0;
  std::string org_name, org_path;  // the member's union: it scopes who sees the claim
  std::string state;  // submitted, checked, approved, rejected, paid
  std::string visit_type, hospital, admission_date, discharge_date, diagnosis_code;
  int64_t total_fen = 0, fund_paid_fen = 0, in_scope_fen = 0, out_scope_fen = 0;
  std::optional<Outcome> outcome;     // once approved
  std::optional<int64_t> amount_fen;  // once approved
  std::string reason;                 // why rejected, or why approved with no invoice attached
  std::string submitted_by;           // "portal", or the clerk's username
  int64_t checked_by = 0;             // the user who checked it (0 = not yet)
  std::string checked_by_name, decided_by_name;  // usernames ("" = not yet)
  int64_t submitted_at = 0, checked_at = 0, decided_at = 0;
  bool overdue = false;
  std::string payout_state;  // of its payout item: pending, batched, paid … ("" = none)
  std::vector<file::Evidence> files;  // Get only
  std::optional<Preview> preview;     // Get only, while undecided
};

struct HandClaimQuery {
  std::string plan, state;  // "" = any
  int64_t org_id = 0;       // subtree; 0 = the caller's scope
  bool overdue = false;     // only claims undecided for over kOverdueDays
  std::string name;         // any part of the member's name (NameContainsPattern); "" = any
  int64_t after_id = 0;     // cursor: claims with a smaller id (newest first)
  int limit = 50;           // 1..200
};

struct HandClaimOverview {
  int64_t pending = 0;  // submitted or checked
  int64_t overdue = 0;  // of them, for over kOverdueDays
};

class HandClaimService {
 public:
  HandClaimService(store::Database& db, const Vault& vault, AidService& aid,
                   payout::PayoutService& payouts, file::EvidenceStore& files)
      : db_(db), vault_(vault), aid_(aid), payouts_(payouts), files_(files) {}

  // A clerk enters a claim for a member in scope (aid:write). kInvalidInput names the field:
  // the plan, a date, an amount (yuan with at most two decimals; in scope no more than total).
  Result<HandClaim> Submit(const auth::Principal& who, const HandClaimInput& in);
  // The member's own claim from the portal, under a plan the member is enrolled in.
  Result<HandClaim> SubmitOwn(int64_t member_id, HandClaimInput in);

  Result<HandClaim> Get(const auth::Principal& who, int64_t id);
  Result<Page<HandClaim>> List(const auth::Principal& who, const HandClaimQuery& q);
  // The member's own claims, newest first, up to kOwnListMax (next_cursor set when cut); an
  // undecided one with what the rules would pay it today (its preview: the member's estimate).
  Result<Page<HandClaim>> OfMember(int64_t member_id);
  // One claim of the member's own with its files and, while undecided, its preview; kNotFound
  // for another member's.
  Result<HandClaim> OwnClaim(int64_t member_id, int64_t id);
  Result<HandClaimOverview> Overview(const auth::Principal& who, int64_t org_id = 0);

  // submitted → checked: the invoices match what was typed (aid:write).
  Result<HandClaim> Check(const auth::Principal& who, int64_t id);
  // checked → approved: adjudicated by the rules in the same transaction as the member's
  // running totals and the payout item; kConflict with the rule's reason when the rules refuse
  // it (not enrolled, in the waiting period …), kConflict when decided already. Four eyes:
  // kForbidden for the user who checked it (naming them); kInvalidInput on "reason" when no
  // invoice is attached and no reason given (the reason is kept on the claim and its audit).
  Result<HandClaim> Approve(const auth::Principal& who, int64_t id, std::string_view reason = "");
  // submitted | checked → rejected, with a reason (required).
  Result<HandClaim> Reject(const auth::Principal& who, int64_t id, std::string_view reason);

  // Invoice photos: added by the clerk (aid:write) or by the member to an undecided claim of
  // their own; read back by either.
  Result<file::Evidence> AddFile(const auth::Principal& who, int64_t id, std::string_view name,
                                 std::string_view bytes);
  Result<file::Evidence> AddOwnFile(int64_t member_id, int64_t id, std::string_view name,
                                    std::string_view bytes);
  Result<std::pair<file::Evidence, std::string>> File(const auth::Principal& who, int64_t id,
                                                      int64_t file_id);
  Result<std::pair<file::Evidence, std::string>> OwnFile(int64_t member_id, int64_t id,
                                                         int64_t file_id);

 private:
  Result<HandClaim> Create(store::Conn& c, const auth::Principal& who, const HandClaimInput& in);
  Result<HandClaim> Load(store::Conn& c, const auth::PathRange& scope, int64_t id);
  // Fills in claim.preview when it is undecided: the rules run on `c` as the decision would.
  Result<void> FillPreview(store::Conn& c, const auth::PathRange& scope, HandClaim& claim);
  Result<HandClaim> Decide(const auth::Principal& who, int64_t id, std::string_view from,
                           std::string_view to, std::string_view reason);

  store::Database& db_;
  const Vault& vault_;
  AidService& aid_;
  payout::PayoutService& payouts_;
  file::EvidenceStore& files_;
};

}  // namespace nj::mutual_aid
