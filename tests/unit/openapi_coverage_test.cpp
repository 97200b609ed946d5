// Every route the server serves must be described in the OpenAPI document.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/user/user_service.hpp"
#include "analytics/clv/clv_engine.hpp"
#include "http/api.hpp"
#include "store/database.hpp"

namespace rapport::http {
namespace {

TEST(OpenApi, DescribesEveryServedRoute) {
  // The services are never called: only the route table is inspected.
  auto db = store::OpenDatabase(":memory:");
  ASSERT_TRUE(db);
  core::SystemClock clock;
  domain::CustomerService customers(**db, clock);
  domain::UserService users(**db, clock);
  domain::AuthService auth(**db, clock);
  domain::TokenService tokens(**db, clock);
  domain::ProductService products(**db, clock);
  domain::DealService deals(**db, clock, "USD");
  domain::OrderService orders(**db, clock, "USD");
  domain::LoyaltyService loyalty(**db, clock);
  domain::UsageService usage(**db, clock);
  domain::SubscriptionService subscriptions(**db, clock, "USD");
  domain::WinBackService winback(**db, clock, "USD");
  domain::ReferralService referrals(**db, clock);
  domain::AppreciationService appreciation(**db, clock);
  domain::InteractionService interactions(**db, clock);
  domain::TaskService tasks(**db, clock);
  domain::CadenceService cadences(**db, clock);
  domain::TodayService today(**db, clock);
  domain::NextActionService next_actions(**db, clock, domain::RomanceRules(**db));
  domain::CaseService cases(**db, clock);
  domain::FeedbackService feedback(**db, clock);
  domain::PromiseService promises(**db, clock);
  domain::ReplyService replies(**db, clock);
  analytics::clv::ClvEngine clv_engine;
  domain::EconomicsService economics(**db, clock, clv_engine);
  ApiContext ctx{**db, customers, users, auth, tokens, products, deals, orders, loyalty, usage,
                 subscriptions, winback, referrals, appreciation, interactions, tasks, cadences, today,
                 next_actions, cases, feedback, promises, replies, economics, clock, "USD"};
  Router router;
  RegisterApiRoutes(router, ctx);

  const auto doc = boost::json::parse(OpenApiDocument()).as_object();
  EXPECT_TRUE(doc.at("openapi").as_string().starts_with("3.1"));
  const auto& paths = doc.at("paths").as_object();
  ASSERT_FALSE(router.Routes().empty());
  for (const auto& route : router.Routes()) {
    std::string method = route.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const auto* path = paths.if_contains(route.pattern);
    ASSERT_NE(path, nullptr) << "path missing from OpenAPI: " << route.pattern;
    EXPECT_TRUE(path->as_object().contains(method))
        << "method missing from OpenAPI: " << route.method << " " << route.pattern;
  }
}

}  // namespace
}  // namespace rapport::http
