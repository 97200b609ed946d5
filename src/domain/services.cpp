#include "domain/services.hpp"

#include "domain/next_action/care_rules.hpp"
#include "domain/next_action/commerce_rules.hpp"
#include "domain/next_action/economics_rules.hpp"

namespace rapport::domain {

std::vector<NextActionRule> AllNextActionRules(Store& store, UsageService& usage, WinBackService& winback,
                                               SubscriptionService& subscriptions, const std::string& currency) {
  auto rules = RomanceRules(store);
  for (auto& rule : CommerceRules(usage, winback, subscriptions, currency)) rules.push_back(std::move(rule));
  for (auto& rule : CareRules(store)) rules.push_back(std::move(rule));
  for (auto& rule : EconomicsRules(store)) rules.push_back(std::move(rule));
  return rules;
}

Services::Services(Store& store_, const core::Clock& clock_, const ClvEngine& engine_, ServicesConfig config)
    : store(store_),
      clock(clock_),
      engine(engine_),
      currency(std::move(config.currency)),
      customers(store, clock),
      users(store, clock),
      auth(store, clock, config.session_limits),
      tokens(store, clock),
      products(store, clock),
      deals(store, clock, currency),
      orders(store, clock, currency),
      loyalty(store, clock),
      usage(store, clock),
      subscriptions(store, clock, currency),
      winback(store, clock, currency),
      referrals(store, clock),
      appreciation(store, clock),
      interactions(store, clock),
      tasks(store, clock),
      cadences(store, clock),
      today(store, clock),
      cases(store, clock),
      feedback(store, clock),
      promises(store, clock),
      replies(store, clock),
      economics(store, clock, engine),
      scoring(store, clock, engine),
      next_actions(store, clock, AllNextActionRules(store, usage, winback, subscriptions, currency)) {}

}  // namespace rapport::domain
