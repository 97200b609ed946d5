// Win-back: what a churned customer may still be worth, and what has been spent trying to win
// them back. An offer may cost at most the difference (the cap); offers are recorded with the cap
// they were made under.
//
// "What the customer can still earn back" (expected_margin) is, when the latest scoring run
// predicted a value for the customer, their predicted value if alive: the margin the purchase and
// spend models expect over the next 12 months (discounted) were the customer still buying —
// predicted CLV ÷ P(alive), so a win-back is valued as if it succeeds, not at the churned
// customer's near-zero CLV. Without such a score (no run yet, too little data to fit, never
// bought), it is the customer's historical average yearly net margin:
//
//   expected_margin = sum(net margin of non-cancelled orders) * 365 / max(365, days)
//   days            = whole days from the first such order to the churn date (or now, when the
//                     customer is not churned)
//
// Either way:
//   cap             = max(0, expected_margin - sum(cost of the win-back offers made so far))
//
// Integer arithmetic throughout (money is int64 minor units; the division rounds toward zero).
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

struct WinBackOffer {
  Id id = 0;
  Id customer_id = 0;
  Timestamp at;
  std::optional<Id> by;
  std::string description;
  std::int64_t cost_cents = 0;
  std::int64_t cap_at_offer_cents = 0;  // the cap just before this offer
};

// A customer's order history as far as win-back needs it.
struct MarginHistory {
  std::int64_t net_margin_cents = 0;  // non-cancelled orders: margin minus refunded margin
  int orders = 0;
  std::optional<Timestamp> first_order_at;
};

// Whole days from `from` to `to` (0 when `to` is not later).
std::int64_t WholeDaysBetween(Timestamp from, Timestamp to);
// sum * 365 / max(365, days), exactly, without overflow (rounds toward zero).
std::int64_t YearlyMargin(std::int64_t net_margin_cents, std::int64_t days);
// max(0, expected - spent).
std::int64_t WinBackCap(std::int64_t expected_margin_cents, std::int64_t spent_cents);

}  // namespace rapport::domain
