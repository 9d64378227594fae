// 我的待办: what waits for the signed-in user, each a count and the list it counts. Every count
// is asked of the module owning it through its header (its list, read with the same filters
// the link opens), never by reading another module's tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "approval/approval.h"
#include "auth/principal.h"
#include "core/error.h"
#include "hardship/archive.h"
#include "mutual_aid/claims.h"
#include "org/committee.h"
#include "org/org.h"
#include "payout/payout.h"

namespace nj::stats {

// Days ahead a committee's term counts as ending soon on the to-do list: six months.
inline constexpr int64_t kTermEndingDays = 183;

struct TodoItem {
  std::string key;      // decide, batches, claims, archives, overdue, terms, no_committee
  int64_t count = 0;    // up to the list's cap (a page of kPageMax rows; unions: kUnionCountCap)
  bool capped = false;  // more than count
  std::string list;     // the API list (path and query) whose rows the count counts
};

class TodoService {
 public:
  TodoService(approval::ApprovalService& approvals, payout::PayoutService& payouts,
              mutual_aid::HandClaimService& claims, hardship::ArchiveService& archives,
              org::CommitteeService& committees, org::OrgService& orgs)
      : approvals_(approvals),
        payouts_(payouts),
        claims_(claims),
        archives_(archives),
        committees_(committees),
        orgs_(orgs) {}

  // The items of the caller's whole scope; an item whose list the caller may not read (or act
  // on: batches need payout:approve, claims aid:write) is left out rather than shown as 0.
  Result<std::vector<TodoItem>> Of(const auth::Principal& who);

 private:
  approval::ApprovalService& approvals_;
  payout::PayoutService& payouts_;
  mutual_aid::HandClaimService& claims_;
  hardship::ArchiveService& archives_;
  org::CommitteeService& committees_;
  org::OrgService& orgs_;
};

}  // namespace nj::stats
