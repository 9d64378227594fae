// Statistics over a subtree of the organisation tree: what the console's home page shows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "org/org.h"
#include "store/db.h"

namespace nj::stats {

struct Count {
  std::string key;  // a category, a kind of organisation, or a month "2026-03"
  int64_t count = 0;
};

struct Overview {
  org::Org org;
  int64_t members = 0;             // active members of the subtree
  int64_t grassroots_unions = 0;   // grassroots unions in the subtree
  int64_t enterprise_unions = 0;   // of which enterprise unions: enterprises covered
  std::vector<Count> by_category;  // active members; every category, zeros included
  std::vector<Count> by_kind;      // grassroots unions by kind; every grassroots kind
  std::vector<Count> by_month;     // members who joined, the last 12 months, oldest first
};

class StatsService {
 public:
  explicit StatsService(store::Database& db) : db_(db) {}

  // The overview of organisation `org_id` (0 = the caller's own), within the caller's scope:
  // kNotFound outside it. Member counts are the kept roll-up (one read); the union counts and
  // the months are counted over the subtree's index range.
  Result<Overview> Get(const auth::Principal& who, int64_t org_id);

 private:
  store::Database& db_;
};

}  // namespace nj::stats
