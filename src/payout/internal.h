// Internal to src/payout: what the service's files share.
#pragma once

#include <string>
#include <string_view>

#include "auth/principal.h"
#include "core/error.h"
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

inline bool Blank(std::string_view s) {
  return s.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace nj::payout::internal
