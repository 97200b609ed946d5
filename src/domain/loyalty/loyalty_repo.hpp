// LoyaltyRepo: the storage port of the loyalty ledger (points earned, redeemed, expired, adjusted).
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "domain/loyalty/loyalty.hpp"

namespace rapport::domain {

class LoyaltyRepo {
 public:
  virtual ~LoyaltyRepo() = default;
  // The workspace's settings; nullopt until saved. kInternal when the stored text is damaged.
  virtual core::Result<std::optional<LoyaltyConfig>> LoadConfig() = 0;
  virtual core::Status SaveConfig(const LoyaltyConfig& config) = 0;
  virtual core::Status Append(LedgerEntry& entry) = 0;  // sets id
  virtual core::Result<std::int64_t> Balance(Id customer_id) = 0;
  // Sum of points of the rows tied to an order (earned and its adjustments).
  virtual core::Result<std::int64_t> PointsOfOrder(Id order_id) = 0;
  // Newest first, before `before_id` (0: newest), at most `limit`.
  virtual core::Result<std::vector<LedgerEntry>> List(Id customer_id, Id before_id, int limit) = 0;
  // Non-cancelled orders of the customer with ordered_at in (since, until].
  virtual core::Result<int> OrdersBetween(Id customer_id, Timestamp since, Timestamp until) = 0;
  // Customers who earned points before `cutoff`, with the sums PointsToExpire needs.
  virtual core::Result<std::vector<ExpiryCandidate>> ExpiryCandidates(Timestamp cutoff) = 0;
};

}  // namespace rapport::domain
