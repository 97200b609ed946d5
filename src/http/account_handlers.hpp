// Routes of /api/v1/auth, /api/v1/users, /api/v1/tokens and /api/v1/audit.
#pragma once

#include "http/api.hpp"

namespace rapport::http {

void RegisterAuthRoutes(Router& router, ApiContext& ctx);
void RegisterUserRoutes(Router& router, ApiContext& ctx);
void RegisterTokenAndAuditRoutes(Router& router, ApiContext& ctx);

// 204 No Content.
Response NoContent();

}  // namespace rapport::http
