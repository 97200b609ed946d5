// Next-action rule of customer economics: a customer at risk of being lost, by the purchase
// model's probability that they are still "alive" (low, or fallen sharply since the last score).
//
// Thread safety: the rules hold references to what they are given (which must outlive them) and
// only read: safe to run from many threads at once, each rule in its own read transaction.
// Errors: only the store's kUnavailable / kInternal (the customer's visibility is checked by
// NextActionService::For before any rule runs).
#pragma once

#include "domain/next_action/next_action.hpp"

namespace rapport::domain {

inline constexpr double kAtRiskPAlive = 0.3;     // below this: at risk
inline constexpr double kAtRiskDrop = 0.25;      // a fall at least this large since the last score
inline constexpr double kAtRiskMinPrevious = 0.5;  // ... from at least this

std::vector<NextActionRule> EconomicsRules(Store& store);

}  // namespace rapport::domain
