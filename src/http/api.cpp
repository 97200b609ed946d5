#include "http/api.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

#include "http/account/account_handlers.hpp"
#include "http/commerce/commerce_handlers.hpp"
#include "http/auth.hpp"
#include "http/customer/customer_handler.hpp"
#include "http/error_response.hpp"
#include "http/openapi_util.hpp"
#include "http/relationship/relationship_handlers.hpp"
#include "http/care/care_handlers.hpp"
#include "http/economics/economics_handlers.hpp"
#include "http/romance/romance_handlers.hpp"

namespace rapport::http {

namespace json = boost::json;

namespace {
// The path item of `path` in an OpenAPI `paths` object, created empty on first use.
json::object& PathItem(json::object& paths, const std::string& path) {
  json::value& item = paths[path];
  if (!item.is_object()) item.emplace_object();
  return item.as_object();
}
}  // namespace

Handler Authenticated(ApiContext& ctx, ApiHandler fn) {
  return RequireAuth(ctx.services.auth, [&ctx, fn](Request& req, const domain::Actor& a) { return fn(ctx, req, a); });
}

void ApiRoutes::Add(const std::string& method, const std::string& path, ApiHandler fn, json::object operation) {
  AddPublic(method, path, Authenticated(ctx_, fn), std::move(operation));
}

void ApiRoutes::AddPublic(const std::string& method, const std::string& path, Handler fn, json::object operation) {
  router_.Add(method, path, std::move(fn));  // throws on a duplicate or malformed route
  std::string key = method;
  std::ranges::transform(key, key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  PathItem(paths_, path)[key] = std::move(operation);
}

void ApiRoutes::PathParameters(const std::string& path, json::array parameters) {
  PathItem(paths_, path)["parameters"] = std::move(parameters);
}


void RegisterApiRoutes(Router& router, ApiContext& ctx) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  ApiRoutes routes(router, ctx);
  routes.AddPublic("GET", "/healthz", [](Request&) { return JsonResponse(200, json::object{{"status", "ok"}}); },
                   {{"summary", "Liveness check (no authentication)."},
                    {"security", json::array{}},
                    {"responses", {{"200", {{"description", "The server is up."}}}}}});
  // The document describes every route of the table, this one included: it is generated once the
  // table is complete (below), and read-only from then on.
  auto document = std::make_shared<std::string>();
  routes.AddPublic("GET", "/api/v1/openapi.json",
                   [document](Request&) {
                     Response r;
                     r.body = *document;
                     return r;
                   },
                   {{"summary", "This document (no authentication)."},
                    {"security", json::array{}},
                    {"responses", {{"200", {{"description", "OpenAPI 3.1 document."}}}}}});
  routes.Add("GET", "/api/v1/workspace",
             [](ApiContext& c, Request&, const domain::Actor&) {
               return JsonResponse(200, json::object{{"currency", c.services.currency}});
             },
             {{"summary", "Workspace settings: the currency of every *_cents field."},
              {"responses",
               {{"200", JsonBody({{"type", "object"}, {"properties", {{"currency", Str()}}}}, "Settings.")},
                {"401", ErrorResponseRef("Missing or invalid token.")}}}});
  RegisterCustomerRoutes(routes);
  RegisterAuthRoutes(routes);
  RegisterUserRoutes(routes);
  RegisterTokenAndAuditRoutes(routes);
  RegisterProductRoutes(routes);
  RegisterDealRoutes(routes);
  RegisterOrderRoutes(routes);
  RegisterLoyaltyRoutes(routes);
  RegisterUsageRoutes(routes);
  RegisterSubscriptionRoutes(routes);
  RegisterWinBackAndReferralRoutes(routes);
  RegisterEventRoutes(routes);
  RegisterInteractionRoutes(routes);
  RegisterTaskRoutes(routes);
  RegisterCadenceAndTodayRoutes(routes);
  RegisterCaseRoutes(routes);
  RegisterFeedbackRoutes(routes);
  RegisterPromiseAndReplyRoutes(routes);
  RegisterEconomicsRoutes(routes);
  RegisterFunnelRoutes(routes);
  *document = OpenApiDocument(routes.Paths());
}

}  // namespace rapport::http
