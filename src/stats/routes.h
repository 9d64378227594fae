// HTTP routes of statistics (/api/v1/stats…).
#pragma once

#include "auth/routes.h"
#include "http/http.h"
#include "stats/stats.h"

namespace nj::stats {

void AddStatsRoutes(http::Router& router, const auth::Guard& guard, StatsService& stats);

}  // namespace nj::stats
