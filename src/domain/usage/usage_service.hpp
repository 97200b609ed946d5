// UsageService: ingest measurements in batches; a customer's usage, usage signals and cross-sell
// suggestions (inputs of the next-best-action list).
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   kNotFound          OfCustomer, Signals, CrossSell for a customer the actor does not see.
//   kInvalidArgument   Record: "measurements" (empty or too large a batch) and
//                      "measurements[i].field" for every bad item (an unknown product or a customer
//                      the actor does not see included); nothing is stored then.
#pragma once

#include "core/clock.hpp"
#include "domain/store.hpp"
#include "domain/usage/usage.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

inline constexpr std::size_t kMaxUsageBatch = 1000;
// A rule needs this many customers who bought both products before it suggests anything.
inline constexpr std::int64_t kCrossSellMinTogether = 3;

struct UsageMeasurementInput {
  std::optional<Id> customer_id, product_id;
  std::optional<std::string> metric;
  std::optional<core::Date> period;
  std::optional<double> value;
};

class UsageService {
 public:
  UsageService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  // All or nothing: kInvalidArgument naming "measurements[i].field" for every bad item; the
  // customers must be visible to the actor. Returns how many were stored.
  core::Result<int> Record(const Actor& actor, const std::vector<UsageMeasurementInput>& batch,
                           const std::map<std::string, std::string>& decode_errors);
  core::Result<std::vector<UsageMeasurement>> OfCustomer(const Actor& actor, Id customer_id,
                                                         std::optional<core::Date> since);
  core::Result<std::vector<UsageSignal>> Signals(const Actor& actor, Id customer_id);
  core::Result<std::vector<CrossSellSuggestion>> CrossSell(const Actor& actor, Id customer_id, std::size_t limit);

 private:
  Store& store_;
  const core::Clock& clock_;
};

// In the caller's transaction (shared with the next-best-action list).
core::Result<std::vector<UsageSignal>> UsageSignalsOf(Txn& txn, Id customer_id, core::Date today);
core::Result<std::vector<CrossSellSuggestion>> CrossSellOf(Txn& txn, Id customer_id, std::size_t limit);

}  // namespace rapport::domain
