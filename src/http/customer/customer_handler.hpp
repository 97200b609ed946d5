// Routes of /api/v1/customers.
#pragma once

#include "http/api.hpp"

namespace rapport::http {

void RegisterCustomerRoutes(ApiRoutes& routes);

}  // namespace rapport::http
