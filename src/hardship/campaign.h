// Seasonal campaigns of hardship aid (送温暖 at Spring Festival, 金秋助学 in autumn, 夏送清凉 in
// summer, 春送岗位 in spring): a campaign of an organiser's subtree has a budget, an amount a
// person by level of archive (and, for summer cooling, one for front-line and outdoor members
// without an archive) and the organisations taking part. Its target list is drawn from the
// active archives in the subtrees of those organisations (summer cooling: also the active
// members of the front-line and outdoor categories), one line a member; the list is checked
// (lines removed or adjusted with a reason, the total within the budget), then paid to the
// members' cards through the payout module (fund "campaign", source "hardship" /
// "campaign:<id>:<member_id>": never twice, so paying again asks nothing new) or distributed in
// kind, each line signed for. Progress against the budget is computed at every read.
//
// States: draft → drawn (drawing again adds only who is new) → checked → closed (every line
// paid or given), or cancelled before anything is paid or given.
//
// A campaign is seen by users whose scope holds its organiser or one of the organisations taking
// part (their own lines only); it is changed only within the organiser's scope. Every change is
// audited in its transaction.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "core/page.h"
#include "payout/payout.h"
#include "store/db.h"

namespace nj::hardship {

inline constexpr std::string_view kCampaignEntity = "hardship_campaign";  // audit entity
inline constexpr std::string_view kCampaignFund = "campaign";             // 专项活动资金
inline constexpr std::string_view kCampaignKinds[] = {"spring_warmth", "autumn_schooling",
                                                      "summer_cooling", "spring_jobs"};
// The bases of a standard: the levels of archive, and summer cooling's members without one.
inline constexpr std::string_view kCampaignBases[] = {"deep", "relative", "accidental", "outdoor"};
// The member categories (src/member/rules.h) summer cooling reaches without an archive.
inline constexpr std::string_view kOutdoorCategories[] = {
    "front_line", "courier", "delivery_rider", "ride_hailing_driver", "truck_driver"};

std::string_view CampaignKindZh(std::string_view kind);  // "spring_warmth" → "送温暖"
std::string_view CampaignKindEn(std::string_view kind);  // "spring_warmth" → "Spring warmth"

struct CampaignInput {
  std::string kind, name;
  int year = 0;
  int64_t org_id = 0;  // the organiser; 0 = the caller's organisation
  int64_t budget_fen = 0;
  std::string method;                        // card, in_kind
  std::map<std::string, int64_t> standards;  // basis → fen a person (0 = none)
  std::vector<int64_t> org_ids;              // taking part; empty = the organiser
};

struct CampaignProgress {
  int64_t targets = 0, included = 0, removed = 0;
  int64_t planned_fen = 0;    // the included lines
  int64_t requested_fen = 0;  // sent to the card
  int64_t paid_fen = 0;       // of them, paid by the bank
  int64_t given_fen = 0;      // given in kind
  int64_t done = 0;           // lines sent to the card or given
  int64_t budget_left_fen = 0;  // budget − (requested + given)
  int64_t percent = 0;          // (requested + given) × 100 ÷ budget, rounded down
};

struct Campaign {
  int64_t id = 0;
  std::string kind, name;
  int year = 0;
  int64_t org_id = 0;
  std::string org_name, org_path;
  int64_t budget_fen = 0;
  std::string method, state, cancel_reason;
  std::map<std::string, int64_t> standards;
  std::vector<std::pair<int64_t, std::string>> orgs;  // taking part: id, name
  CampaignProgress progress;                          // within the caller's scope
  std::string created_by_name;
  int64_t created_at = 0, checked_at = 0, closed_at = 0;
};

struct Target {
  int64_t member_id = 0;
  std::string member_name;
  int64_t org_id = 0;
  std::string org_name;
  int64_t archive_id = 0;  // 0: an outdoor member without an archive
  std::string basis;       // deep, relative, accidental, outdoor
  int64_t amount_fen = 0;
  bool included = true;
  std::string reason;        // why removed or adjusted
  std::string state;         // listed, removed, paying, paid, given
  std::string payout_state;  // of its payout item ("" none)
  std::string signed_by, signed_on;
};

struct TargetQuery {
  int64_t org_id = 0;  // subtree; 0 = the caller's scope
  std::string state, name;
  int64_t after_member_id = 0;  // cursor: lines of a smaller member id
  int limit = 50;               // 1..200
};

struct CampaignQuery {
  int year = 0;
  std::string kind, state;
  PageRequest page;  // newest first; the cursor is the last id shown
};

struct PayResult {
  int64_t requested = 0;  // payout items asked for by this run
  int64_t already = 0;    // lines sent to the card before
  int64_t amount_fen = 0;  // of the items asked for by this run
  Campaign campaign;
};

struct Distribution {
  std::vector<int64_t> member_ids;  // empty: every included line not given yet
  std::string signed_by;            // "" = each member signed for their own
  std::string signed_on;
};

// A line of a campaign paid or given to a member (the portal).
struct MemberLine {
  int64_t campaign_id = 0;
  std::string kind, name;
  int64_t amount_fen = 0;
  std::string state, disbursed_on;
};

class CampaignService {
 public:
  CampaignService(store::Database& db, payout::PayoutService& payouts)
      : db_(db), payouts_(payouts) {}

  Result<Campaign> Create(const auth::Principal& who, const CampaignInput& in);
  Result<Campaign> Get(const auth::Principal& who, int64_t id);
  Result<Page<Campaign>> List(const auth::Principal& who, const CampaignQuery& q);
  // Name and budget while draft or drawn; standards and organisations while draft.
  Result<Campaign> Update(const auth::Principal& who, int64_t id, const CampaignInput& in);
  // The target list (draft | drawn → drawn): answers the lines added.
  Result<std::pair<int64_t, Campaign>> Draw(const auth::Principal& who, int64_t id);
  Result<Page<Target>> Targets(const auth::Principal& who, int64_t id, const TargetQuery& q);
  // Removes (included false), restores or adjusts a line of a drawn list; the reason required.
  Result<Target> SetTarget(const auth::Principal& who, int64_t id, int64_t member_id,
                           bool included, int64_t amount_fen, std::string_view reason);
  // drawn → checked (hardship:approve): kConflict when the list's total is over the budget.
  Result<Campaign> Check(const auth::Principal& who, int64_t id);
  // checked → closed, each included line sent to the card; a closed campaign asks nothing new.
  // Runs in transactions of a few hundred lines: stopped half-way, running it again finishes.
  Result<PayResult> Pay(const auth::Principal& who, int64_t id);
  // In kind: the lines signed for (checked; closed once every line is given).
  Result<std::pair<int64_t, Campaign>> Distribute(const auth::Principal& who, int64_t id,
                                                  const Distribution& d);
  Result<Campaign> Cancel(const auth::Principal& who, int64_t id, std::string_view reason);

  Result<std::vector<MemberLine>> OfMember(int64_t member_id);

 private:
  // The campaign if the caller may see it (`manage`: change it) — kNotFound otherwise.
  Result<Campaign> Load(store::Conn& c, const auth::Principal& who, int64_t id, bool manage);

  store::Database& db_;
  payout::PayoutService& payouts_;
};

}  // namespace nj::hardship
