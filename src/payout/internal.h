// Internal to src/payout: what the service's files share.
#pragma once

#include <string>
#include <string_view>

#include "auth/principal.h"
#include "core/crypto.h"
#include "core/error.h"
#include "payout/payout.h"
#include "store/db.h"

namespace nj::payout::internal {

// A member as payouts see it: name, union and the union's path (scope).
struct MemberRef {
  int64_t id = 0;
  std::string name;
  int64_t org_id = 0;
  std::string org_path;
};

// The member `id` if it lies in `scope`; kNotFound otherwise, as for one that does not exist.
Result<MemberRef> FindMember(store::Conn& c, const auth::PathRange& scope, int64_t id);

// Adds `delta` to the kept balance of (fund, account, org).
Result<void> AddBalance(store::Conn& c, std::string_view fund, std::string_view account,
                        int64_t org_id, int64_t delta);

// The name of a fund, or kInvalidInput (field "fund") when there is no such fund.
Result<std::string> FundName(store::Conn& c, std::string_view fund);

// An account set on `c` (SetAccount and the import of a file share it), the member in who's
// scope and `digits` already checked: the bank known, the holder the member's name, the current
// account closed and the new one audited with it as the before image. `unchanged`: the member's
// current account is this one already (nothing written). `dry_run`: checked, nothing written.
struct AccountSet {
  Account account;
  bool unchanged = false;
};
struct SetOptions {
  bool dry_run = false;  // check, store nothing
  // Write a new record even when the account is the member's current one (a clerk or the member
  // entering it again); otherwise such a line is answered `unchanged` and nothing is written.
  bool renew = false;
};
Result<AccountSet> SetAccountOn(store::Conn& c, const Vault& vault, const auth::Principal& who,
                                int64_t member_id, const AccountInput& in, std::string_view digits,
                                SetOptions options = {});

inline bool Blank(std::string_view s) {
  return s.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace nj::payout::internal
