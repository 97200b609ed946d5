// Next-action rules from the commerce and relationship records: win-back with its cost cap,
// renewals (upcoming, missed, overdue), churn signals (recent cancellations), under-use,
// outgrowing the plan, cross-sell.
//
// Thread safety: the rules hold references to the services they are given (which must outlive
// them) and a copy of the currency; they only read, through those services' thread-safe methods:
// safe to run from many threads at once. CrossSellAction is pure.
// Errors: those of the services' reads they call (kNotFound when the actor does not see the
// customer, which NextActionService::For has checked already; the store's kUnavailable /
// kInternal).
#pragma once

#include "domain/next_action/next_action.hpp"
#include "domain/subscription/subscription_service.hpp"
#include "domain/usage/usage_service.hpp"
#include "domain/winback/winback_service.hpp"

namespace rapport::domain {

// A cross-sell suggestion as an action (also the items of GET /customers/{id}/cross-sell).
NextAction CrossSellAction(const CrossSellSuggestion& s);

std::vector<NextActionRule> CommerceRules(UsageService& usage, WinBackService& winback,
                                          SubscriptionService& subscriptions, std::string currency);

}  // namespace rapport::domain
