// Routes of /api/v1/auth, /api/v1/users, /api/v1/tokens and /api/v1/audit.
#pragma once

#include "http/api.hpp"

namespace rapport::http {

void RegisterAuthRoutes(ApiRoutes& routes);
void RegisterUserRoutes(ApiRoutes& routes);
void RegisterTokenAndAuditRoutes(ApiRoutes& routes);

// 204 No Content.
Response NoContent();

}  // namespace rapport::http
