// Usage signals and cross-sell: how a customer uses what they bought, and what similar
// customers bought that they lack. Plain values and pure rules; no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"

namespace rapport::domain {

using core::Id;

// One measurement: the value of `metric` for (customer, product) over the period starting on
// `period` (a day, a week or a month: the client's choice, used consistently).
struct UsageMeasurement {
  Id customer_id = 0;
  Id product_id = 0;
  std::string metric;
  core::Date period;
  double value = 0;
};

enum class UsageSignalKind { kUnderUse, kOutgrowing };
std::string_view UsageSignalKindName(UsageSignalKind k);

struct UsageSignal {
  UsageSignalKind kind = UsageSignalKind::kUnderUse;
  Id product_id = 0;
  std::string metric;
  core::Date period;           // the latest period
  double value = 0;            // its value
  std::optional<double> baseline;  // under-use: the mean of the periods before
  std::optional<double> limit;     // the plan limit, when the product has one
  std::string reason;          // in words, with the numbers
};

// Thresholds (documented in docs/commerce.md).
inline constexpr double kUnderUseOfOwnPast = 0.5;   // below half the mean of the previous periods
inline constexpr int kUnderUseHistory = 3;          // ... of up to 3 periods (at least 2 needed)
inline constexpr double kUnderUseOfLimit = 0.25;    // or below a quarter of the plan limit
inline constexpr double kOutgrowingShare = 0.9;     // at or above 90% of the limit
inline constexpr int kOutgrowingPeriods = 2;        // ... in at least 2 of the last 3 periods

// `series`: one (product, metric) series, any order. `limit`: the product's plan limit for the
// metric, if any. Returns at most one under-use and one outgrowing signal.
std::vector<UsageSignal> UsageSignalsFor(std::vector<UsageMeasurement> series, std::optional<double> limit);

// Co-purchase counts for cross-sell (kept up to date as orders arrive).
struct ProductPairCount {
  Id product_id = 0, other_id = 0;
  std::int64_t buyers = 0;  // customers who bought both
};

struct CrossSellSuggestion {
  Id product_id = 0;   // what to offer
  Id because_of = 0;   // the owned product with the strongest association
  std::int64_t together = 0;  // customers who bought both
  double support = 0;     // together / customers with orders
  double confidence = 0;  // together / buyers of because_of
  double lift = 0;        // confidence / (buyers of product_id / customers with orders)
};

// Association rules "bought X → also bought Y" for a customer owning `owned`: for every pair
// (X owned, Y not owned) with at least `min_together` customers, lift above 1, Y in `offerable`;
// the best rule per Y, strongest lift first (ties: more customers together, then lower id).
std::vector<CrossSellSuggestion> CrossSellFor(const std::vector<Id>& owned,
                                              const std::vector<ProductPairCount>& pairs,
                                              const std::map<Id, std::int64_t>& buyers,
                                              std::int64_t buying_customers, std::int64_t min_together,
                                              const std::vector<Id>& offerable, std::size_t limit);

}  // namespace rapport::domain
