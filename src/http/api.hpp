// The REST API: every route of /api/v1, authentication (bearer tokens, session cookies), the
// OpenAPI document.
#pragma once

#include "domain/services.hpp"
#include "http/router.hpp"

namespace rapport::http {

// What every handler of the API reaches: the services (built once, see domain::Services).
struct ApiContext {
  domain::Services& services;
};

// A route handler of the API: the caller is authenticated already.
using ApiHandler = Response (*)(ApiContext&, Request&, const domain::Actor&);
// `fn` behind authentication (401/403 as RequireAuth decides).
Handler Authenticated(ApiContext& ctx, ApiHandler fn);

// Registers every route on `router`. `ctx` must outlive the router.
void RegisterApiRoutes(Router& router, ApiContext& ctx);

// The OpenAPI 3.1 document served at /api/v1/openapi.json.
const std::string& OpenApiDocument();

}  // namespace rapport::http
