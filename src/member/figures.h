// Figures of members that other modules show (the statistics overview), read here so that no
// other module reads the member table.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "store/db.h"

namespace nj::member {

// Members of `range` who joined on or after `since` ("YYYY-MM-DD"), by month of joining
// ("YYYY-MM"); months with none absent.
Result<std::vector<std::pair<std::string, int64_t>>> JoinsByMonth(store::Conn& c,
                                                                  const auth::PathRange& range,
                                                                  std::string_view since);

}  // namespace nj::member
