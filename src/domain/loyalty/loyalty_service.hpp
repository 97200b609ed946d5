// LoyaltyService: a customer's balance, tier and ledger; redeeming rewards; manual adjustments;
// the workspace's loyalty settings; expiring unspent points. Writes are audited in the same
// transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   kNotFound          Status, Redeem, Adjust, Ledger for a customer the actor does not see.
//   kInvalidArgument   Redeem: "reward" (blank, too long), "points" (1 to 10^9); Adjust: "reason",
//                      "points" (zero); SetConfig: the settings' fields.
//   kPermissionDenied  Adjust and SetConfig by a rep.
//   kConflict          Redeem of more points than the balance (the balance is in the message).
//   Config and ExpirePoints answer only the store's errors (ExpirePoints checks no role: it is for
//   the scheduler and the command line).
#pragma once

#include "core/clock.hpp"
#include "domain/loyalty/loyalty.hpp"
#include "domain/order/order.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

struct LoyaltyStatus {
  Id customer_id = 0;
  std::int64_t balance = 0;
  int orders_in_window = 0;
  Timestamp window_start;
  std::optional<LoyaltyTier> tier, next_tier;
  int orders_to_next_tier = 0;
  std::vector<LedgerEntry> recent;  // newest first
  LoyaltyConfig config;
};

// The workspace's loyalty settings (defaults until a manager saves some).
core::Result<LoyaltyConfig> LoadLoyaltyConfig(Txn& txn);
// Earns points for a new order (net amount) in the caller's transaction.
core::Status EarnPointsForOrder(Txn& txn, const Order& order, Id by);
// Brings the points tied to an order in line with its net amount after a refund or
// cancellation (an "adjusted" row with the difference, when there is one).
core::Status ReconcileOrderPoints(Txn& txn, const Order& order, Id by, std::string reason,
                                  Timestamp at);

class LoyaltyService {
 public:
  LoyaltyService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  core::Result<LoyaltyStatus> Status(const Actor& actor, Id customer_id, int recent);
  // kConflict with the balance in the message when the points are not there.
  core::Result<LedgerEntry> Redeem(const Actor& actor, Id customer_id, std::int64_t points,
                                   std::string reward);
  // Managers and admins; points != 0; a reason is required.
  core::Result<LedgerEntry> Adjust(const Actor& actor, Id customer_id, std::int64_t points,
                                   std::string reason);
  core::Result<std::vector<LedgerEntry>> Ledger(const Actor& actor, Id customer_id, Id before_id,
                                                int limit);
  core::Result<LoyaltyConfig> Config(const Actor& actor);
  // Managers and admins; MayChangeConfig is that rule alone (kPermissionDenied otherwise).
  static core::Status MayChangeConfig(const Actor& actor);
  core::Result<LoyaltyConfig> SetConfig(const Actor& actor, const LoyaltyConfig& config);
  // Writes an "expired" row for every customer with unspent points older than the expiry
  // period; returns how many customers lost points. No-op when points never expire.
  core::Result<int> ExpirePoints(const Actor& actor);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
