// Every service of the domain, built once from the Store, the Clock, the workspace currency and
// the CLV engine. `serve`, the HTTP API (through ApiContext) and the tests use this one factory,
// so a new service is wired in one place.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "domain/appreciation/appreciation_service.hpp"
#include "domain/auth/auth_service.hpp"
#include "domain/auth/token_service.hpp"
#include "domain/cadence/cadence_service.hpp"
#include "domain/care/case_service.hpp"
#include "domain/care/feedback_service.hpp"
#include "domain/care/promise_service.hpp"
#include "domain/care/reply_service.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/deal/deal_service.hpp"
#include "domain/economics/clv_engine.hpp"
#include "domain/economics/economics_service.hpp"
#include "domain/economics/scoring_service.hpp"
#include "domain/interaction/interaction_service.hpp"
#include "domain/loyalty/loyalty_service.hpp"
#include "domain/next_action/next_action.hpp"
#include "domain/order/order_service.hpp"
#include "domain/product/product_service.hpp"
#include "domain/referral/referral_service.hpp"
#include "domain/repos.hpp"
#include "domain/subscription/subscription_service.hpp"
#include "domain/task/task_service.hpp"
#include "domain/today/today_service.hpp"
#include "domain/usage/usage_service.hpp"
#include "domain/user/user_service.hpp"
#include "domain/winback/winback_service.hpp"

namespace rapport::domain {

// What the services are built from besides the Store and the Clock.
struct ServicesConfig {
  std::string currency = "USD";  // the workspace currency (ISO 4217), read at start-up
  SessionLimits session_limits{};
};

// Owns every service. Not copyable or movable: the services hold references to each other's
// collaborators (the next-action rules hold the usage, win-back and subscription services), so it
// stays where it was built. `store`, `clock` and `engine` must outlive it.
class Services {
 public:
  Services(Store& store, const core::Clock& clock, const ClvEngine& engine, ServicesConfig config);
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  Store& store;
  const core::Clock& clock;
  const ClvEngine& engine;
  const std::string currency;

  CustomerService customers;
  UserService users;
  AuthService auth;
  TokenService tokens;
  ProductService products;
  DealService deals;
  OrderService orders;
  LoyaltyService loyalty;
  UsageService usage;
  SubscriptionService subscriptions;
  WinBackService winback;
  ReferralService referrals;
  AppreciationService appreciation;
  InteractionService interactions;
  TaskService tasks;
  CadenceService cadences;
  TodayService today;
  CaseService cases;
  FeedbackService feedback;
  PromiseService promises;
  ReplyService replies;
  EconomicsService economics;
  ScoringService scoring;
  // Built last: its rules read the usage, win-back and subscription services above.
  NextActionService next_actions;
};

// Every next-action rule, in the order they are asked: romance, commerce, care, economics.
std::vector<NextActionRule> AllNextActionRules(Store& store, UsageService& usage, WinBackService& winback,
                                               SubscriptionService& subscriptions, const std::string& currency);

}  // namespace rapport::domain
