// The one way to narrow a caller's scope to an organisation it names (a list's or a report's
// org_id): every module asks here instead of reading the organisation and its path itself.
#pragma once

#include <cstdint>
#include <string>

#include "auth/principal.h"
#include "core/error.h"
#include "core/page.h"
#include "store/db.h"

namespace nj::auth {

// An organisation in the caller's scope and the paths a query about it covers.
struct ScopedOrg {
  int64_t id = 0;
  std::string name, path;
  PathRange range;  // its subtree, or the organisation alone for a role narrowed to its own
};

// Organisation `org_id` (0: the caller's own) when the caller's scope holds it. kNotFound naming
// org_id when it does not exist or lies outside the scope: out of scope is 404 everywhere, the
// same answer as for no organisation at all.
Result<ScopedOrg> OrgInScope(store::Conn& c, const Principal& who, int64_t org_id);

// The range of paths a query about organisation `org_id` (0: the caller's whole scope) covers:
// OrgInScope(...).range. For 0 it is the principal's own scope, read from the principal without
// a round trip to the database (a list page's filter costs no query when it names no
// organisation).
Result<PathRange> RangeFor(store::Conn& c, const Principal& who, int64_t org_id);

// RangeFor with what a list page needs to choose its plan (core/page.h WalkInOrder): the active
// members kept for the range's organisation (its subtree, or itself for a role narrowed to its
// own) and for the whole tree — a module's records follow its members, so their ratio
// estimates the share of the records in range. One round trip (org_member_count, read only).
struct SizedRange {
  PathRange range;
  int64_t members = 0;  // in the range
  int64_t all = 0;      // in the whole tree
  // Whether a page of `limit` rows ordered by the records' id is found faster by walking the
  // ids and keeping those in range than by taking the range's rows and sorting them.
  bool Walk(int limit) const;
};
Result<SizedRange> SizedRangeFor(store::Conn& c, const Principal& who, int64_t org_id);

}  // namespace nj::auth
