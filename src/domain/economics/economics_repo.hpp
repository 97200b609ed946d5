// EconomicsRepo: the storage port of customer economics.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "domain/customer/customer.hpp"
#include "domain/economics/economics.hpp"
#include "domain/economics/funnel.hpp"

namespace rapport::domain {

// Customer economics (migration 9): acquisition spend, the scores of every customer, model fits,
// and the order figures scoring reads.
class EconomicsRepo {
 public:
  virtual ~EconomicsRepo() = default;
  virtual core::Status UpsertSpend(const AcquisitionSpend& spend, std::optional<Id> by) = 0;
  virtual core::Result<std::vector<AcquisitionSpend>> ListSpend() = 0;  // by source, period
  // Customers created per (source, UTC month).
  virtual core::Result<std::vector<AcquiredCount>> AcquiredCounts() = 0;
  // Customers of `source` ("" for none) created in [from, to).
  virtual core::Result<std::int64_t> CountAcquired(const std::string& source, Timestamp from, Timestamp to) = 0;
  virtual core::Result<Id> MaxCustomerId() = 0;
  // Customers with after < id <= upto, by id.
  virtual core::Result<std::vector<CustomerBasics>> CustomersBetween(Id after, Id upto) = 0;
  // Purchase days of the customers with after < id <= upto (non-cancelled orders net of refunds,
  // one row per customer and UTC day), by customer then day.
  virtual core::Result<std::vector<CustomerDay>> DaysBetween(Id after, Id upto) = 0;
  // Writes (replaces) these customers' scores; the replaced p_alive becomes previous_p_alive.
  virtual core::Status WriteScores(std::span<const CustomerScore> scores) = 0;
  virtual core::Result<std::optional<CustomerScore>> ScoreOf(Id customer_id) = 0;
  virtual core::Status InsertFit(const ModelFitRecord& fit) = 0;
  virtual core::Result<std::int64_t> LastFitVersion() = 0;  // 0 before any run
  virtual core::Result<std::vector<ModelFitRecord>> FitsOf(std::int64_t version) = 0;
  // The stored histories grouped (customers with orders).
  virtual core::Result<std::vector<ScoreGroup>> ScoreGroups() = 0;
  virtual core::Result<std::vector<ScoreAggregate>> ScoreAggregates() = 0;
  // The funnel's inputs: customers created in [from, to), and every transition at or after
  // `from` in (customer_id, id) order, streamed.
  virtual core::Result<std::unordered_map<Id, Timestamp>> CreatedBetween(Timestamp from, Timestamp to) = 0;
  virtual core::Status ScanTransitionsFrom(Timestamp from,
                                           const std::function<void(const StageTransition&)>& visit) = 0;
  // The latest stored p_alive of live customers in ten bins of 0.1.
  virtual core::Result<PAliveBins> PAliveHistogram() = 0;
};

}  // namespace rapport::domain
