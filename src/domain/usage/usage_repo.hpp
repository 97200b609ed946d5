// UsageRepo: the storage port of usage measurements and the cross-sell counts.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "domain/usage/usage.hpp"

namespace rapport::domain {

class UsageRepo {
 public:
  virtual ~UsageRepo() = default;
  // Inserts or replaces each (customer, product, metric, period).
  virtual core::Status Upsert(const std::vector<UsageMeasurement>& batch, core::Timestamp at) = 0;
  // The customer's measurements, by product, metric, period; `since` limits the periods.
  virtual core::Result<std::vector<UsageMeasurement>> OfCustomer(Id customer_id, std::optional<core::Date> since) = 0;
  // Cross-sell counts.
  virtual core::Result<std::vector<Id>> ProductsOf(Id customer_id) = 0;
  virtual core::Result<std::vector<ProductPairCount>> PairsOf(const std::vector<Id>& products) = 0;
  virtual core::Result<std::map<Id, std::int64_t>> Buyers(const std::vector<Id>& products) = 0;
  virtual core::Result<std::int64_t> BuyingCustomers() = 0;
};

}  // namespace rapport::domain
