// Routes of customer economics: acquisition spend, a customer's value, portfolio figures.
#pragma once

#include "http/api.hpp"

namespace rapport::http {

void RegisterEconomicsRoutes(Router& router, ApiContext& ctx);
// /api/v1/economics/funnel and /api/v1/economics/p-alive (the Economics screen's charts).
void RegisterFunnelRoutes(Router& router, ApiContext& ctx);

}  // namespace rapport::http
