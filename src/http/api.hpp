// The REST API: every route of /api/v1, authentication (bearer tokens, session cookies), the
// OpenAPI document.
#pragma once

#include <string>

#include "domain/auth/auth_service.hpp"
#include "domain/auth/token_service.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/deal/deal_service.hpp"
#include "domain/economics/economics_service.hpp"
#include "domain/loyalty/loyalty_service.hpp"
#include "domain/order/order_service.hpp"
#include "domain/product/product_service.hpp"
#include "domain/usage/usage_service.hpp"
#include "domain/user/user_service.hpp"
#include "domain/appreciation/appreciation_service.hpp"
#include "domain/referral/referral_service.hpp"
#include "domain/subscription/subscription_service.hpp"
#include "domain/winback/winback_service.hpp"
#include "domain/cadence/cadence_service.hpp"
#include "domain/care/case_service.hpp"
#include "domain/care/feedback_service.hpp"
#include "domain/care/promise_service.hpp"
#include "domain/care/reply_service.hpp"
#include "domain/interaction/interaction_service.hpp"
#include "domain/next_action/next_action.hpp"
#include "domain/task/task_service.hpp"
#include "domain/today/today_service.hpp"
#include "http/router.hpp"

namespace rapport::http {

struct ApiContext {
  domain::Store& store;
  domain::CustomerService& customers;
  domain::UserService& users;
  domain::AuthService& auth;
  domain::TokenService& tokens;
  domain::ProductService& products;
  domain::DealService& deals;
  domain::OrderService& orders;
  domain::LoyaltyService& loyalty;
  domain::UsageService& usage;
  domain::SubscriptionService& subscriptions;
  domain::WinBackService& winback;
  domain::ReferralService& referrals;
  domain::AppreciationService& appreciation;
  domain::InteractionService& interactions;
  domain::TaskService& tasks;
  domain::CadenceService& cadences;
  domain::TodayService& today;
  domain::NextActionService& next_actions;
  domain::CaseService& cases;
  domain::FeedbackService& feedback;
  domain::PromiseService& promises;
  domain::ReplyService& replies;
  domain::EconomicsService& economics;
  const core::Clock& clock;
  std::string currency;  // the workspace currency, read at start-up
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
