// Transfers of membership between unions (会籍转接): membership follows the job. The member's
// union (or the member, from the portal) asks; the union it goes to accepts or refuses. The
// join date is kept; both unions see the move in their history; the person is never a member of
// two unions, nor of none: the move is one conditional update. When an employer closes, its
// members are held by the union above (one update) and move on from there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "core/page.h"
#include "org/org.h"
#include "store/db.h"

namespace nj::member {

struct Transfer {
  int64_t id = 0, member_id = 0;
  std::string member_name;
  int64_t from_org_id = 0, to_org_id = 0;
  std::string from_org_name, to_org_name;
  std::string state;  // requested, accepted, refused, cancelled
  std::string reason, decision;
  int64_t created_at = 0, decided_at = 0;
};

class TransferService {
 public:
  explicit TransferService(store::Database& db) : db_(db) {}

  // Asked by a user of the member's union (member:write, the member in scope), or by the member
  // from the portal (`who` auth::System("portal", {member:write}), `member_id` their own). The
  // destination is any grassroots union of the tree. kConflict when a transfer of the member is
  // open already.
  Result<Transfer> Request(const auth::Principal& who, int64_t member_id, int64_t to_org_id,
                           std::string_view reason);
  // The destination's decision (member:write, the destination in scope). Accepting moves the
  // member at once; of two decisions at the same moment exactly one takes effect.
  Result<Transfer> Accept(const auth::Principal& who, int64_t id);
  Result<Transfer> Refuse(const auth::Principal& who, int64_t id, std::string_view reason);
  // Withdrawn by the origin side before a decision.
  Result<Transfer> Cancel(const auth::Principal& who, int64_t id);
  // Transfers into (`incoming`) or out of the caller's scope, newest first; only one member's
  // when `member_id` is not 0 (the member's page, the member's own in the portal).
  Result<Page<Transfer>> List(const auth::Principal& who, bool incoming, std::string_view state,
                              const PageRequest& page, int64_t member_id = 0);

 private:
  Result<Transfer> Decide(const auth::Principal& who, int64_t id, std::string_view to_state,
                          std::string_view reason);
  store::Database& db_;
};

// The member module's step of closing a union (org::OrgService::CloseUnion, registered with
// OnClose): the members of `org` are held by `parent`, the union one level up, until transfers
// move them on (join dates kept); open transfers into the union are refused, those out of it now
// leave from the union above. Answers the members held.
Result<int64_t> HoldMembersOn(store::Conn& c, const auth::Principal& who, const org::Org& org,
                              const org::Org& parent, std::string_view reason);

}  // namespace nj::member
