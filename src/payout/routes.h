// HTTP routes of payouts (/api/v1/payout…, /api/v1/ledger…, a member's bank accounts, and the
// portal's "my payments").
#pragma once

#include <functional>

#include "auth/routes.h"
#include "http/http.h"
#include "payout/payout.h"

namespace nj::payout {

// The member signed in to the portal, or the error to answer (the portal's sessions belong to
// the member module, which payouts do not know).
using PortalMemberOf = std::function<Result<int64_t>(const http::Request&)>;

void AddPayoutRoutes(http::Router& router, const auth::Guard& guard, PayoutService& payouts,
                     PortalMemberOf member_of);

}  // namespace nj::payout
