// The customer and account repositories, written once over SqlSession (store/common), on every
// backend: the corners the other contract suites do not reach (bulk loads and the search index,
// missing rows, upserts, the audit counter, the email conflict).
#include <gtest/gtest.h>

#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

using core::Timestamp;

class StoreCommonTest : public testing::StoreFixture {
 protected:
  domain::Customer NewCustomer(std::string name) {
    domain::Customer c;
    c.name = std::move(name);
    c.owner_id = actor_.user_id;
    c.created_at = c.updated_at = c.stage_changed_at = clock_.Now();
    return c;
  }
  std::vector<std::string> Search(const std::string& q) {
    domain::CustomerQuery query;
    query.q = q;
    auto list = Read<std::vector<domain::Customer>>([&](domain::Txn& t) { return t.Customers().List(query); });
    std::vector<std::string> names;
    for (const auto& c : list) names.push_back(c.name);
    return names;
  }
};

TEST_P(StoreCommonTest, BulkLoadedCustomersAreFoundOnceTheSearchIndexIsRebuilt) {
  Do([&](domain::Txn& t) -> core::Status {
    for (const char* name : {"Ada Lovelace", "Grace Hopper", "Alan Turing"}) {
      auto id = t.Customers().InsertUnindexed(NewCustomer(name));
      if (!id) return core::Fail(id.error());
    }
    return t.Customers().RebuildSearchIndex();
  });
  EXPECT_EQ(Search("lovelace"), std::vector<std::string>{"Ada Lovelace"});
  EXPECT_EQ(Search("ho"), std::vector<std::string>{"Grace Hopper"}) << "shorter than a trigram";
  Create("Ada Byron");
  EXPECT_EQ(Search("ada").size(), 2u) << "an insert is searchable at once";
  domain::CustomerQuery query;
  query.q = "turing";
  auto counts = Read<std::vector<domain::StageCount>>([&](domain::Txn& t) { return t.Customers().StageCounts(query); });
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].stage, domain::Stage::kContact);
  EXPECT_EQ(counts[0].count, 1);
  EXPECT_EQ(counts[0].value_cents, 0);
}

TEST_P(StoreCommonTest, UpdatingAMissingCustomerIsNotFound) {
  auto c = NewCustomer("Nobody");
  c.id = 999'999;
  for (bool stage_only : {false, true}) {
    auto st = db_->Write([&](domain::Txn& t) {
      return stage_only ? t.Customers().UpdateStage(c) : t.Customers().Update(c);
    });
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, core::ErrorCode::kNotFound);
  }
}

TEST_P(StoreCommonTest, TransitionsKeepTheirOrderAndTheirReasonsAreRedacted) {
  const core::Id id = Create("Ada").id;
  std::vector<domain::StageTransition> ts(2);
  ts[0] = {0, id, domain::Stage::kContact, domain::Stage::kLead, clock_.Now(), actor_.user_id, "met at a fair", std::nullopt};
  ts[1] = {0, id, domain::Stage::kLead, domain::Stage::kContact, clock_.Now(), actor_.user_id, std::nullopt, "Acme"};
  Do([&](domain::Txn& t) { return t.Customers().AppendTransitions(ts); });
  EXPECT_LT(ts[0].id, ts[1].id);
  Do([&](domain::Txn& t) { return t.Customers().RedactTransitionReasons(id, "[erased]"); });
  auto history = Read<std::vector<domain::StageTransition>>(
      [&](domain::Txn& t) { return t.Customers().History(id, ts[0].id - 1, 10); });
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].id, ts[0].id);
  EXPECT_EQ(history[0].reason, "[erased]");
  EXPECT_EQ(history[1].reason, std::nullopt) << "no reason stays none";
  EXPECT_EQ(history[1].competitor, "Acme");
}

TEST_P(StoreCommonTest, SettingsAreUpserted) {
  EXPECT_EQ(Read<std::optional<std::string>>([](domain::Txn& t) { return t.Settings().Get("k"); }), std::nullopt);
  Do([](domain::Txn& t) { return t.Settings().Set("k", "one"); });
  Do([](domain::Txn& t) { return t.Settings().Set("k", "two"); });
  EXPECT_EQ(Read<std::optional<std::string>>([](domain::Txn& t) { return t.Settings().Get("k"); }), "two");
}

TEST_P(StoreCommonTest, AUsersEmailIsUniqueWhateverItsCaseAndFlagsRoundTrip) {
  const core::Id id = InsertUser("Rep@Example.com", domain::Role::kRep, "north");
  domain::User twin;
  twin.email = "rep@example.COM";
  twin.name = "Twin";
  auto r = domain::WriteValue<core::Id>(*db_, [&](domain::Txn& t) { return t.Users().Insert(twin); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(r.error().fields.count("email"), 1u);
  auto found = Read<std::optional<domain::User>>([](domain::Txn& t) { return t.Users().FindByEmail(" REP@example.com "); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->team, "north");
  EXPECT_TRUE(found->active);
  found->active = false;
  Do([&](domain::Txn& t) { return t.Users().Update(*found); });
  auto again = Read<std::optional<domain::User>>([&](domain::Txn& t) { return t.Users().Find(id); });
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->active);
  found->id = 999'999;
  auto missing = db_->Write([&](domain::Txn& t) { return t.Users().Update(*found); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_P(StoreCommonTest, TheAuditCounterStopsAtItsLimit) {
  const Timestamp from = clock_.Now();
  Do([&](domain::Txn& t) -> core::Status {
    for (int i = 0; i < 6; ++i) {
      domain::AuditEntry e;
      e.at = Timestamp{from.ms + i};
      e.client_address = "test";
      e.action = i < 5 ? "customer.update" : "deal.update";
      e.entity_type = i < 5 ? "customer" : "deal";
      if (auto st = t.Audit().Append(e); !st) return st;
    }
    return {};
  });
  auto count = [&](std::vector<std::string> types, std::int64_t at_most, Timestamp since) {
    return Read<std::int64_t>([&](domain::Txn& t) { return t.Audit().CountSince(since, types, at_most); });
  };
  EXPECT_EQ(count({"customer"}, 3, from), 3);
  EXPECT_EQ(count({"customer"}, 10, from), 5);
  EXPECT_EQ(count({"customer", "deal"}, 10, from), 6);
  EXPECT_EQ(count({"customer", "deal"}, 10, Timestamp{from.ms + 4}), 2);
  EXPECT_EQ(count({}, 10, from), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreCommonTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
