// Routes of customer economics: acquisition spend, a customer's value, portfolio figures.
#pragma once

#include "http/api.hpp"

namespace rapport::http {

void RegisterEconomicsRoutes(ApiRoutes& routes);
// /api/v1/economics/funnel and /api/v1/economics/p-alive (the Economics screen's charts).
void RegisterFunnelRoutes(ApiRoutes& routes);

}  // namespace rapport::http
