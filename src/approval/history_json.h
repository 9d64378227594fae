// An application's history as JSON: the one shape the approvals page and every module's record
// page show ({at, username, action, from_state, to_state, reason}, oldest first).
#pragma once

#include <boost/json/array.hpp>
#include <vector>

#include "approval/approval.h"

namespace nj::approval {

boost::json::array HistoryJson(const std::vector<Event>& events);

}  // namespace nj::approval
