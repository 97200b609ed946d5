// Arithmetic taken out of the services' transactions, tested without a store: a customer's
// win-back figures (ComputeWinBackStatus) and the next loyalty tier (NextTierFor).
#include <gtest/gtest.h>

#include "domain/loyalty/loyalty.hpp"
#include "domain/winback/winback_service.hpp"

namespace rapport::domain {
namespace {

Timestamp At(const char* iso) { return core::StartOf(*core::ParseDate(iso)); }

WinBackOffer Offer(std::int64_t cost) {
  WinBackOffer o;
  o.cost_cents = cost;
  return o;
}

Customer Churned(const char* on) {
  Customer c;
  c.id = 9;
  c.stage = Stage::kChurned;
  c.stage_changed_at = At(on);
  return c;
}

TEST(WinBackStatus, WithoutAScoreTheCapIsTheHistoricalYearlyMarginLessWhatWasSpent) {
  const MarginHistory history{20'000, 4, At("2024-06-01")};
  const auto s = ComputeWinBackStatus(Churned("2026-06-01"), history, std::nullopt, {Offer(3'000), Offer(2'000)},
                                      At("2026-09-01"));
  EXPECT_EQ(s.customer_id, 9);
  EXPECT_TRUE(s.eligible);
  EXPECT_EQ(s.churned_at, At("2026-06-01"));
  EXPECT_EQ(s.days, 730);  // to the churn date, not to now
  EXPECT_EQ(s.historical_yearly_margin_cents, 10'000);
  EXPECT_EQ(s.cap_basis, kCapBasisHistorical);
  EXPECT_FALSE(s.predicted_value_if_alive_cents);
  EXPECT_EQ(s.expected_margin_cents, 10'000);
  EXPECT_EQ(s.spent_cents, 5'000);
  EXPECT_EQ(s.cap_cents, 5'000);
  EXPECT_EQ(s.offers.size(), 2u);
}

TEST(WinBackStatus, APredictedValueIfAliveIsTheBasisWhenTheScoresHaveOne) {
  const MarginHistory history{20'000, 4, At("2024-06-01")};
  CustomerScore score;
  score.clv_if_alive_cents = 40'000;
  score.p_alive = 0.2;
  const auto s = ComputeWinBackStatus(Churned("2026-06-01"), history, score, {Offer(5'000)}, At("2026-09-01"));
  EXPECT_EQ(s.cap_basis, kCapBasisPredicted);
  EXPECT_EQ(s.predicted_value_if_alive_cents, 40'000);
  EXPECT_EQ(s.p_alive, 0.2);
  EXPECT_EQ(s.historical_yearly_margin_cents, 10'000);  // still shown
  EXPECT_EQ(s.expected_margin_cents, 40'000);
  EXPECT_EQ(s.cap_cents, 35'000);

  CustomerScore unpredicted;  // scored, but no value if alive: the history stays the basis
  unpredicted.p_alive = 0.2;
  const auto h = ComputeWinBackStatus(Churned("2026-06-01"), history, unpredicted, {}, At("2026-09-01"));
  EXPECT_EQ(h.cap_basis, kCapBasisHistorical);
  EXPECT_FALSE(h.p_alive);
  EXPECT_EQ(h.cap_cents, 10'000);
}

TEST(WinBackStatus, ALiveCustomerIsNotEligibleAndCountsAtLeastAYear) {
  Customer c;
  c.stage = Stage::kRomance;
  c.stage_changed_at = At("2026-01-01");
  const auto s = ComputeWinBackStatus(c, MarginHistory{1'000, 1, At("2026-05-24")}, std::nullopt, {}, At("2026-09-01"));
  EXPECT_FALSE(s.eligible);
  EXPECT_FALSE(s.churned_at);
  EXPECT_EQ(s.days, 100);  // to now
  EXPECT_EQ(s.historical_yearly_margin_cents, 1'000);
  EXPECT_EQ(s.cap_cents, 1'000);

  const auto none = ComputeWinBackStatus(c, MarginHistory{}, std::nullopt, {}, At("2026-09-01"));
  EXPECT_EQ(none.days, 0);
  EXPECT_EQ(none.historical_yearly_margin_cents, 0);
  EXPECT_EQ(none.cap_cents, 0);
}

TEST(NextTier, IsTheFirstTierAboveTheOrdersAndNoneAtTheTop) {
  const LoyaltyConfig config;  // bronze 0, silver 3, gold 6
  auto next = NextTierFor(0, config);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->tier.name, "silver");
  EXPECT_EQ(next->orders_needed, 3);
  next = NextTierFor(3, config);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->tier.name, "gold");
  EXPECT_EQ(next->orders_needed, 3);
  next = NextTierFor(5, config);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->orders_needed, 1);
  EXPECT_FALSE(NextTierFor(6, config));
  EXPECT_FALSE(NextTierFor(60, config));
}

}  // namespace
}  // namespace rapport::domain
