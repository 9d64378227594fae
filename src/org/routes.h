// HTTP routes of the organisation tree (/api/v1/orgs…).
#pragma once

#include "auth/routes.h"
#include "http/http.h"
#include "job/job.h"
#include "org/org.h"

namespace nj::org {

void AddOrgRoutes(http::Router& router, const auth::Guard& guard, OrgService& orgs);
// The children of an organisation as an export (filter parent_id; default the caller's own).
job::Exporter OrgsExporter(OrgService& orgs);

}  // namespace nj::org
