// The REST API: every route of /api/v1, authentication (bearer tokens, session cookies), the
// OpenAPI document.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

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

// The API's route table: each route is registered with its handler and its OpenAPI operation
// together, and the document served at /api/v1/openapi.json is generated from this table, so the
// router and the document cannot drift apart. Used at start-up only (not thread-safe).
class ApiRoutes {
 public:
  ApiRoutes(Router& router, ApiContext& ctx) : router_(router), ctx_(ctx) {}

  // An authenticated route: `fn` runs behind RequireAuth (401/403).
  void Add(const std::string& method, const std::string& path, ApiHandler fn, boost::json::object operation);
  // A route that authenticates itself, or is public: `fn` is served as is.
  void AddPublic(const std::string& method, const std::string& path, Handler fn, boost::json::object operation);
  // The OpenAPI parameters shared by every method of `path` (its {name} segments).
  void PathParameters(const std::string& path, boost::json::array parameters);

  ApiContext& ctx() const { return ctx_; }
  // The OpenAPI `paths` object of every route registered so far.
  const boost::json::object& Paths() const { return paths_; }

 private:
  Router& router_;
  ApiContext& ctx_;
  boost::json::object paths_;
};

// Registers every route on `router`, and GET /api/v1/openapi.json describing them. `ctx` must
// outlive the router.
void RegisterApiRoutes(Router& router, ApiContext& ctx);

// The OpenAPI 3.1 document describing `paths` (ApiRoutes::Paths), with the shared schemas.
std::string OpenApiDocument(const boost::json::object& paths);

}  // namespace rapport::http
