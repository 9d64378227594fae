// HTTP routes of statistics (/api/v1/stats…).
#pragma once

#include "auth/routes.h"
#include "http/http.h"
#include "stats/applications.h"
#include "stats/stats.h"
#include "stats/todo.h"

namespace nj::stats {

void AddStatsRoutes(http::Router& router, const auth::Guard& guard, StatsService& stats);
// GET /api/v1/stats/todo: 我的待办 of the signed-in user.
void AddTodoRoutes(http::Router& router, const auth::Guard& guard, TodoService& todo);

// GET /api/v1/portal/applications: 我的申请 of the signed-in member.
void AddPortalApplicationRoutes(http::Router& router, const auth::PortalGuard& as_member,
                                MemberApplications& applications);

}  // namespace nj::stats
