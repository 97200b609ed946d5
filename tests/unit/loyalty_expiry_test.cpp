// Loyalty points expiry with an injected clock (issue 5), through the service on every backend:
// unspent points older than the expiry period expire, oldest first, once; spending in between
// uses the oldest points up first; no expiry period, no expiry.
#include <gtest/gtest.h>

#include "domain/loyalty/loyalty_service.hpp"
#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

using domain::LedgerEntry;
using domain::LedgerKind;

constexpr std::int64_t kDay = core::kMsPerDay;

class LoyaltyExpiryTest : public testing::StoreFixture {
 protected:
  void Earn(core::Id customer, std::int64_t points) {
    LedgerEntry e;
    e.customer_id = customer;
    e.at = clock_.Now();
    e.kind = LedgerKind::kEarned;
    e.points = points;
    ASSERT_TRUE(db_->Write([&](domain::Txn& t) { return t.Loyalty().Append(e); }));
  }
  std::int64_t Balance(core::Id customer) {
    auto b = domain::ReadValue<std::int64_t>(*db_, [&](domain::Txn& t) { return t.Loyalty().Balance(customer); });
    EXPECT_TRUE(b);
    return b ? *b : -1;
  }
  void ExpireAfter(int days) {
    domain::LoyaltyConfig c;
    c.points_expire_days = days;
    ASSERT_TRUE(Loyalty().SetConfig(actor_, c));
  }
  // The store exists only after SetUp: a service per use.
  domain::LoyaltyService Loyalty() { return domain::LoyaltyService(*db_, clock_); }
};

TEST_P(LoyaltyExpiryTest, UnspentPointsExpireOldestFirstAndOnlyOnce) {
  ExpireAfter(30);
  const core::Id c = InsertCustomer("Ada", actor_.user_id);
  Earn(c, 100);                 // day 0
  clock_.AdvanceMs(10 * kDay);
  Earn(c, 50);                  // day 10
  clock_.AdvanceMs(5 * kDay);
  ASSERT_TRUE(Loyalty().Redeem(actor_, c, 30, "mug"));  // day 15: uses 30 of the oldest 100
  clock_.AdvanceMs(16 * kDay);  // day 31: the 100 of day 0 are past 30 days, 70 of them unspent
  auto n = Loyalty().ExpirePoints(actor_);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(Balance(c), 50);
  auto again = Loyalty().ExpirePoints(actor_);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0) << "expiring twice takes nothing more";
  clock_.AdvanceMs(10 * kDay);  // day 41: the 50 of day 10 go too
  ASSERT_TRUE(Loyalty().ExpirePoints(actor_));
  EXPECT_EQ(Balance(c), 0);
  auto ledger = Loyalty().Ledger(actor_, c, 0, 10);
  ASSERT_TRUE(ledger);
  ASSERT_EQ(ledger->size(), 5u);
  EXPECT_EQ((*ledger)[0].kind, LedgerKind::kExpired);
  EXPECT_EQ((*ledger)[0].points, -50);
  EXPECT_EQ((*ledger)[1].kind, LedgerKind::kExpired);
  EXPECT_EQ((*ledger)[1].points, -70);
}

TEST_P(LoyaltyExpiryTest, WithoutAnExpiryPeriodNothingExpires) {
  const core::Id c = InsertCustomer("Bo", actor_.user_id);
  Earn(c, 100);
  clock_.AdvanceMs(4000 * kDay);
  auto n = Loyalty().ExpirePoints(actor_);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(Balance(c), 100);
}

TEST_P(LoyaltyExpiryTest, PointsEarnedExactlyAtTheCutoffStay) {
  ExpireAfter(30);
  const core::Id c = InsertCustomer("Cy", actor_.user_id);
  Earn(c, 40);
  clock_.AdvanceMs(30 * kDay);  // exactly 30 days: not yet past
  ASSERT_TRUE(Loyalty().ExpirePoints(actor_));
  EXPECT_EQ(Balance(c), 40);
  clock_.AdvanceMs(1);
  ASSERT_TRUE(Loyalty().ExpirePoints(actor_));
  EXPECT_EQ(Balance(c), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, LoyaltyExpiryTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
