// HTTP routes of payouts (/api/v1/payout…, /api/v1/ledger…, a member's bank accounts, and the
// portal's "my payments").
#pragma once

#include <functional>

#include "auth/routes.h"
#include "http/http.h"
#include "job/job.h"
#include "payout/payout.h"

namespace nj::payout {

// `jobs` runs the reconciliation of a bank's result file.
void AddPayoutRoutes(http::Router& router, const auth::Guard& guard, PayoutService& payouts,
                     job::JobRunner& jobs, const auth::PortalGuard& portal);

// The ledger's report of money paid (filters org_id, from, to), exported as every list is.
job::Exporter LedgerExporter(PayoutService& payouts);

// POST /api/v1/imports/bank-accounts: a file of accounts imported by a job run as the caller.
void AddAccountImportRoutes(http::Router& router, const auth::Guard& guard, PayoutService& payouts,
                            job::JobRunner& jobs);

}  // namespace nj::payout
