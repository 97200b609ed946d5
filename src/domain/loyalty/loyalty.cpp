#include "domain/loyalty/loyalty.hpp"

#include <algorithm>
#include <map>

#include "core/text.hpp"

namespace rapport::domain {

core::Status ValidateLoyaltyConfig(const LoyaltyConfig& c) {
  std::map<std::string, std::string> errors;
  if (c.points_per_unit < 0 || c.points_per_unit > 1'000'000)
    errors["points_per_unit"] = "must be from 0 to 1000000";
  if (c.window_days < 1 || c.window_days > 3660) errors["window_days"] = "must be from 1 to 3660";
  if (c.points_expire_days && (*c.points_expire_days < 1 || *c.points_expire_days > 36600))
    errors["points_expire_days"] = "must be from 1 to 36600, or null for never";
  if (c.tiers.empty() || c.tiers.size() > 20) errors["tiers"] = "must have 1 to 20 tiers";
  for (std::size_t i = 0; i < c.tiers.size(); ++i) {
    const auto& t = c.tiers[i];
    const std::string at = "tiers[" + std::to_string(i) + "]";
    if (t.name.empty() || t.name.size() > 64) errors[at + ".name"] = "must be 1 to 64 characters";
    if (t.min_orders < 0) errors[at + ".min_orders"] = "must be 0 or more";
    if (i > 0 && t.min_orders <= c.tiers[i - 1].min_orders)
      errors[at + ".min_orders"] = "tiers must be in ascending order of min_orders";
    for (std::size_t j = 0; j < i; ++j)
      if (c.tiers[j].name == t.name) errors[at + ".name"] = "names must be unique";
  }
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return {};
}

std::string LoyaltyConfigToJson(const LoyaltyConfig& c) {
  std::string tiers;
  for (const auto& t : c.tiers)
    tiers += std::string(tiers.empty() ? "" : ",") + "{\"name\":" + core::JsonString(t.name) +
             ",\"min_orders\":" + std::to_string(t.min_orders) + "}";
  return "{\"points_per_unit\":" + std::to_string(c.points_per_unit) + ",\"window_days\":" +
         std::to_string(c.window_days) + ",\"tiers\":[" + tiers + "],\"points_expire_days\":" +
         (c.points_expire_days ? std::to_string(*c.points_expire_days) : std::string("null")) + "}";
}

std::int64_t PointsFor(std::int64_t net_cents, const LoyaltyConfig& c) {
  if (net_cents <= 0) return 0;
  return net_cents / 100 * c.points_per_unit + (net_cents % 100) * c.points_per_unit / 100;
}

std::optional<LoyaltyTier> TierFor(int orders_in_window, const LoyaltyConfig& c) {
  std::optional<LoyaltyTier> best;
  for (const auto& t : c.tiers)
    if (orders_in_window >= t.min_orders) best = t;
  return best;
}

Timestamp WindowStart(Timestamp now, const LoyaltyConfig& c) {
  return Timestamp{now.ms - std::int64_t{c.window_days} * core::kMsPerDay};
}

std::optional<NextTier> NextTierFor(int orders_in_window, const LoyaltyConfig& config) {
  for (const auto& t : config.tiers)
    if (t.min_orders > orders_in_window) return NextTier{t, t.min_orders - orders_in_window};
  return std::nullopt;
}

std::string_view LedgerKindName(LedgerKind k) {
  switch (k) {
    case LedgerKind::kEarned: return "earned";
    case LedgerKind::kRedeemed: return "redeemed";
    case LedgerKind::kExpired: return "expired";
    case LedgerKind::kAdjusted: return "adjusted";
  }
  return "earned";
}

std::optional<LedgerKind> ParseLedgerKind(std::string_view name) {
  for (auto k : {LedgerKind::kEarned, LedgerKind::kRedeemed, LedgerKind::kExpired, LedgerKind::kAdjusted})
    if (LedgerKindName(k) == name) return k;
  return std::nullopt;
}

std::int64_t PointsToExpire(std::int64_t positive_before_cutoff, std::int64_t negative_all_time) {
  return std::max<std::int64_t>(0, positive_before_cutoff - negative_all_time);
}

}  // namespace rapport::domain
