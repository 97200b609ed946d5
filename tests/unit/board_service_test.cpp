// The web app's server-side data (issue 9) through its services on every backend: bulk reassign
// (all or nothing, audited like a single owner change), per-stage counts and values with the
// list's filters and scope, the lifecycle funnel and the probability-alive distribution.
#include <gtest/gtest.h>

#include "domain/economics/funnel_service.hpp"
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

domain::StageChangeRequest To(domain::Stage s, const char* reason = nullptr) {
  domain::StageChangeRequest r;
  r.target = s;
  if (reason) r.reason = reason;
  return r;
}

TEST_P(BoardTest, StageCountsCoverEveryStageWithTheListsFiltersAndScope) {
  const core::Id rep = InsertUser("rep@example.com");
  const domain::Actor rep_actor{rep, domain::Role::kRep, std::nullopt, "test"};
  std::vector<core::Id> ids;
  for (int i = 0; i < 6; ++i) {
    domain::CustomerInput in;
    in.name = std::optional<std::string>("S" + std::to_string(i));
    in.source = std::optional<std::string>(i % 2 ? "ads" : "fair");
    if (i < 2) in.tags = std::optional<std::vector<std::string>>({"vip"});
    auto c = customers_->Create(actor_, in);
    ASSERT_TRUE(c) << c.error().message;
    ids.push_back(c->id);
  }
  ASSERT_TRUE(customers_->ChangeStage(actor_, ids[0], To(domain::Stage::kProposal)));
  ASSERT_TRUE(customers_->ChangeStage(actor_, ids[1], To(domain::Stage::kRomance)));
  ASSERT_TRUE(customers_->ChangeStage(actor_, ids[2], To(domain::Stage::kRomance)));
  ASSERT_TRUE(customers_->ChangeStage(actor_, ids[3], To(domain::Stage::kLost, "no budget")));
  ASSERT_TRUE(customers_->Archive(actor_, ids[5]));
  // Historical value from a scoring run: only the ordered stages carry it.
  Do([&](domain::Txn& t) {
    std::vector<domain::CustomerScore> scores(2);
    scores[0].customer_id = ids[1];
    scores[0].historical_value_cents = 12'000;
    scores[1].customer_id = ids[2];
    scores[1].historical_value_cents = 3'000;
    for (auto& s : scores) s.scored_at = clock_.Now();
    return t.Economics().WriteScores(scores);
  });
  auto all = customers_->StageCounts(actor_, {});
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 8u);
  auto at = [](const std::vector<domain::StageCount>& v, domain::Stage s) {
    for (const auto& c : v)
      if (c.stage == s) return c;
    return domain::StageCount{};
  };
  EXPECT_EQ(at(*all, domain::Stage::kContact).count, 1);  // ids[4]; ids[5] is archived
  EXPECT_EQ(at(*all, domain::Stage::kProposal).count, 1);
  EXPECT_EQ(at(*all, domain::Stage::kRomance).count, 2);
  EXPECT_EQ(at(*all, domain::Stage::kRomance).value_cents, 15'000);
  EXPECT_EQ(at(*all, domain::Stage::kLost).count, 1);
  EXPECT_EQ(at(*all, domain::Stage::kChurned).count, 0);
  domain::CustomerQuery ads;
  ads.source = "ads";
  auto by_source = customers_->StageCounts(actor_, ads);
  ASSERT_TRUE(by_source);
  EXPECT_EQ(at(*by_source, domain::Stage::kRomance).count, 1);
  EXPECT_EQ(at(*by_source, domain::Stage::kRomance).value_cents, 12'000);
  EXPECT_EQ(at(*by_source, domain::Stage::kLost).count, 1);
  domain::CustomerQuery vip;
  vip.tag = "vip";
  auto by_tag = customers_->StageCounts(actor_, vip);
  ASSERT_TRUE(by_tag);
  EXPECT_EQ(at(*by_tag, domain::Stage::kProposal).count + at(*by_tag, domain::Stage::kRomance).count, 2);
  EXPECT_EQ(at(*by_tag, domain::Stage::kContact).count, 0);
  // A rep counts only their own customers.
  ASSERT_TRUE(customers_->Reassign(actor_, {ids[2], ids[4]}, rep));
  auto mine = customers_->StageCounts(rep_actor, {});
  ASSERT_TRUE(mine);
  EXPECT_EQ(at(*mine, domain::Stage::kRomance).count, 1);
  EXPECT_EQ(at(*mine, domain::Stage::kRomance).value_cents, 3'000);
  EXPECT_EQ(at(*mine, domain::Stage::kContact).count, 1);
  EXPECT_EQ(at(*mine, domain::Stage::kProposal).count, 0);
}

TEST_P(BoardTest, TheFunnelCountsEntriesConversionAndMedianDaysFromTheHistory) {
  domain::FunnelService funnel(*db_, clock_);
  const core::Timestamp start = clock_.Now();
  // Three customers: A goes contact -> lead after 2 days -> proposal after 4 more; B goes to
  // lead after 6 days; C jumps from contact to proposal (lead passed over at the same time).
  const auto a = Create("A").id, b = Create("B").id, c = Create("C").id;
  clock_.AdvanceMs(2 * core::kMsPerDay);
  ASSERT_TRUE(customers_->ChangeStage(actor_, a, To(domain::Stage::kLead)));
  clock_.AdvanceMs(4 * core::kMsPerDay);
  ASSERT_TRUE(customers_->ChangeStage(actor_, a, To(domain::Stage::kProposal)));
  ASSERT_TRUE(customers_->ChangeStage(actor_, b, To(domain::Stage::kLead)));
  ASSERT_TRUE(customers_->ChangeStage(actor_, c, To(domain::Stage::kProposal)));
  clock_.AdvanceMs(core::kMsPerDay);
  auto r = funnel.LifecycleFunnel(actor_, core::Timestamp{start.ms - 1}, clock_.Now());
  ASSERT_TRUE(r) << r.error().message;
  const auto& st = r->funnel.stages;
  ASSERT_EQ(st.size(), 6u);
  EXPECT_EQ(st[0].reached, 3);
  EXPECT_EQ(st[1].reached, 3);  // C passed through lead: recorded, so counted
  EXPECT_EQ(st[2].reached, 2);
  EXPECT_EQ(st[3].reached, 0);
  EXPECT_FALSE(st[0].conversion);
  EXPECT_DOUBLE_EQ(*st[1].conversion, 1.0);
  EXPECT_NEAR(*st[2].conversion, 2.0 / 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(*st[3].conversion, 0.0);
  EXPECT_FALSE(st[4].conversion) << "no conversion from a stage nobody reached";
  // Contact stays: 2, 6, 6 days -> median 6. Lead: A's 4 days (C's zero-length pass is no stay).
  EXPECT_DOUBLE_EQ(*st[0].median_days, 6.0);
  EXPECT_DOUBLE_EQ(*st[1].median_days, 4.0);
  EXPECT_FALSE(st[2].median_days) << "stays still open are not counted";
  EXPECT_TRUE(r->reasons.empty());
  // A period after everything: nothing reached, with a reason.
  auto later = funnel.LifecycleFunnel(actor_, clock_.Now(), core::Timestamp{clock_.Now().ms + core::kMsPerDay});
  ASSERT_TRUE(later);
  EXPECT_EQ(later->funnel.stages[0].reached, 0);
  EXPECT_TRUE(later->reasons.contains("stages"));
  auto backwards = funnel.LifecycleFunnel(actor_, clock_.Now(), start);
  ASSERT_FALSE(backwards);
  EXPECT_TRUE(backwards.error().fields.contains("from"));
  const domain::Actor rep_actor{InsertUser("rep@example.com"), domain::Role::kRep, std::nullopt, "test"};
  auto refused = funnel.LifecycleFunnel(rep_actor, std::nullopt, std::nullopt);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied);
}

TEST_P(BoardTest, PAliveBinsTheLatestScoresAndCountsTheUnscored) {
  domain::FunnelService funnel(*db_, clock_);
  auto empty = funnel.PAlive(actor_);
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_EQ(empty->bins.scored, 0);
  EXPECT_FALSE(empty->model);
  EXPECT_TRUE(empty->reasons.contains("bins"));
  EXPECT_TRUE(empty->reasons.contains("model"));
  std::vector<core::Id> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Create("P" + std::to_string(i)).id);
  Do([&](domain::Txn& t) {
    std::vector<domain::CustomerScore> scores;
    for (double p : {0.05, 0.15, 0.95, 1.0}) {
      domain::CustomerScore s;
      s.customer_id = ids[scores.size()];
      s.p_alive = p;
      s.scored_at = clock_.Now();
      scores.push_back(s);
    }
    return t.Economics().WriteScores(scores);
  });
  auto r = funnel.PAlive(actor_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->bins.scored, 4);
  EXPECT_EQ(r->bins.live_customers, 5);
  EXPECT_EQ(r->bins.bins[0], 1);
  EXPECT_EQ(r->bins.bins[1], 1);
  EXPECT_EQ(r->bins.bins[9], 2) << "1.0 falls in the last bin";
  EXPECT_FALSE(r->reasons.contains("bins"));
}

INSTANTIATE_TEST_SUITE_P(Backends, BoardTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
