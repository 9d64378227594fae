// HTTP routes of the organisation tree (/api/v1/orgs…).
#pragma once

#include "auth/routes.h"
#include "http/http.h"
#include "org/org.h"

namespace nj::org {

void AddOrgRoutes(http::Router& router, const auth::Guard& guard, OrgService& orgs);

}  // namespace nj::org
