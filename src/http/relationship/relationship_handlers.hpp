// Routes of /api/v1/subscriptions and /renewals, win-back and /referrals, and /events.
#pragma once

#include "http/api.hpp"

namespace rapport::http {

void RegisterSubscriptionRoutes(ApiRoutes& routes);
void RegisterWinBackAndReferralRoutes(ApiRoutes& routes);
void RegisterEventRoutes(ApiRoutes& routes);

}  // namespace rapport::http
