// The auth module's lists as exports (the users of a subtree, the audit log). They live in the
// job module because job sits above auth (its routes go through auth::Guard): auth itself knows
// nothing of jobs.
#pragma once

#include "auth/auth.h"
#include "job/export.h"
#include "store/db.h"

namespace nj::job {

Exporter UsersExporter(auth::AuthService& auth);
// The audit log (filters entity, entity_id, action).
Exporter AuditExporter(store::Database& db);

}  // namespace nj::job
