// Loyalty: points per currency unit spent, tiers by purchase frequency over a rolling window,
// and a points ledger where every change is a row (the balance is their sum).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

struct LoyaltyTier {
  std::string name;
  int min_orders = 0;  // orders within the window needed for the tier
  bool operator==(const LoyaltyTier&) const = default;
};

struct LoyaltyConfig {
  std::int64_t points_per_unit = 1;  // points per major currency unit spent (per 100 minor units)
  int window_days = 365;             // the rolling window tiers count orders in
  std::vector<LoyaltyTier> tiers = {{"bronze", 0}, {"silver", 3}, {"gold", 6}};  // ascending
  std::optional<int> points_expire_days;  // unspent points expire this long after being earned
  bool operator==(const LoyaltyConfig&) const = default;
};

// kInvalidArgument naming the bad field.
core::Status ValidateLoyaltyConfig(const LoyaltyConfig& config);
// JSON object text of the settings (stored as such, and the audit log's before/after values).
std::string LoyaltyConfigToJson(const LoyaltyConfig& config);

// Points earned by spending `net_cents`: whole points, rounded down.
std::int64_t PointsFor(std::int64_t net_cents, const LoyaltyConfig& config);
// The highest tier whose threshold `orders_in_window` reaches (tiers ascending); nullopt if none.
std::optional<LoyaltyTier> TierFor(int orders_in_window, const LoyaltyConfig& config);
// The start of the window at `now`: orders at or before it no longer count (an order exactly
// window_days old has dropped out).
Timestamp WindowStart(Timestamp now, const LoyaltyConfig& config);
// The first tier above `orders_in_window` (config.tiers ascending) and how many more
// orders reach it; nullopt at the top tier.
struct NextTier {
  LoyaltyTier tier;
  int orders_needed = 0;
};
std::optional<NextTier> NextTierFor(int orders_in_window, const LoyaltyConfig& config);

enum class LedgerKind { kEarned, kRedeemed, kExpired, kAdjusted };
std::string_view LedgerKindName(LedgerKind k);
std::optional<LedgerKind> ParseLedgerKind(std::string_view name);

struct LedgerEntry {
  Id id = 0;
  Id customer_id = 0;
  Timestamp at;
  LedgerKind kind = LedgerKind::kEarned;
  std::int64_t points = 0;  // signed: earned > 0, redeemed/expired < 0, adjusted either
  std::optional<Id> order_id;
  std::optional<std::string> reason;  // the reward redeemed, why adjusted
  std::optional<Id> by;
};

// Points to expire for one customer at a cutoff, spending oldest points first: everything
// earned before the cutoff that later spending (redemptions, expiries, negative adjustments,
// all time) has not used up.
std::int64_t PointsToExpire(std::int64_t positive_before_cutoff, std::int64_t negative_all_time);

struct ExpiryCandidate {
  Id customer_id = 0;
  std::int64_t positive_before_cutoff = 0;
  std::int64_t negative_all_time = 0;  // as a positive number
};

}  // namespace rapport::domain
