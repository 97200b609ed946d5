// Routes of /api/v1/subscriptions and /renewals, win-back and /referrals, and /events.
#pragma once

#include "http/api.hpp"

namespace rapport::http {

void RegisterSubscriptionRoutes(Router& router, ApiContext& ctx);
void RegisterWinBackAndReferralRoutes(Router& router, ApiContext& ctx);
void RegisterEventRoutes(Router& router, ApiContext& ctx);

}  // namespace rapport::http
