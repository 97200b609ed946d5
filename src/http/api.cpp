#include "http/api.hpp"

#include "http/account_handlers.hpp"
#include "http/commerce_handlers.hpp"
#include "http/auth.hpp"
#include "http/customer_handler.hpp"
#include "http/error_response.hpp"
#include "http/relationship_handlers.hpp"
#include "http/care_handlers.hpp"
#include "http/economics_handlers.hpp"
#include "http/romance_handlers.hpp"

namespace rapport::http {

Handler Authenticated(ApiContext& ctx, ApiHandler fn) {
  return RequireAuth(ctx.services.auth, [&ctx, fn](Request& req, const domain::Actor& a) { return fn(ctx, req, a); });
}

void RegisterApiRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/healthz", [](Request&) {
    return JsonResponse(200, boost::json::object{{"status", "ok"}});
  });
  router.Add("GET", "/api/v1/openapi.json", [](Request&) {
    Response r;
    r.body = OpenApiDocument();
    return r;
  });
  router.Add("GET", "/api/v1/workspace",
             RequireAuth(ctx.services.auth, [&ctx](Request&, const domain::Actor&) {
               return JsonResponse(200, boost::json::object{{"currency", ctx.services.currency}});
             }));
  RegisterCustomerRoutes(router, ctx);
  RegisterAuthRoutes(router, ctx);
  RegisterUserRoutes(router, ctx);
  RegisterTokenAndAuditRoutes(router, ctx);
  RegisterProductRoutes(router, ctx);
  RegisterDealRoutes(router, ctx);
  RegisterOrderRoutes(router, ctx);
  RegisterLoyaltyRoutes(router, ctx);
  RegisterUsageRoutes(router, ctx);
  RegisterSubscriptionRoutes(router, ctx);
  RegisterWinBackAndReferralRoutes(router, ctx);
  RegisterEventRoutes(router, ctx);
  RegisterInteractionRoutes(router, ctx);
  RegisterTaskRoutes(router, ctx);
  RegisterCadenceAndTodayRoutes(router, ctx);
  RegisterCaseRoutes(router, ctx);
  RegisterFeedbackRoutes(router, ctx);
  RegisterPromiseAndReplyRoutes(router, ctx);
  RegisterEconomicsRoutes(router, ctx);
  RegisterFunnelRoutes(router, ctx);
}

}  // namespace rapport::http
