// The storage contract, run on every backend (see store_test_fixture.hpp). More of it:
// store_scope_contract_test.cpp (record ownership, erasure), store_auth_contract_test.cpp
// (users, tokens, sessions, throttling, resets, audit log).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <set>
#include <thread>

#include "store/pg/pg_migrations.hpp"
#include "store/sqlite/sqlite_migrations.hpp"
#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

using domain::Customer;
using domain::CustomerInput;

// Both backends must carry the same numbered migrations: a database's schema version means the
// same thing on either, and LatestSchemaVersion reads only the SQLite list.
TEST(Migrations, BothBackendsHaveTheSameVersions) {
  const auto lite = sqlite::Migrations();
  const auto pg = pg::Migrations();
  ASSERT_EQ(lite.size(), pg.size());
  for (std::size_t i = 0; i < lite.size(); ++i) {
    EXPECT_EQ(lite[i].version, pg[i].version);
    EXPECT_STREQ(lite[i].name, pg[i].name);
  }
  EXPECT_EQ(Database::LatestSchemaVersion(), lite.back().version);
}

using testing::PgAdmin;
using testing::UrlWithDatabase;
using StoreContractTest = testing::StoreFixture;

TEST_P(StoreContractTest, RoundTripsEveryField) {
  CustomerInput in;
  in.name = std::optional<std::string>{"Åsa Lindqvist"};
  in.email = std::optional<std::string>{"asa@example.se"};
  in.phone = std::optional<std::string>{"+46 8 123 45"};
  in.time_zone = std::optional<std::string>{"Europe/Stockholm"};
  in.source = std::optional<std::string>{"referral"};
  in.acquisition_cost_cents = std::optional<std::int64_t>{12345};
  in.tags = std::optional<std::vector<std::string>>{std::vector<std::string>{"vip", "eu"}};
  in.custom = std::optional<std::map<std::string, std::optional<std::string>>>{
      {{"seats", std::optional<std::string>{"12"}}, {"meta", std::optional<std::string>{R"({"a":[1,2]})"}}}};
  CustomerInput::NotesPatch notes;
  notes.expectations = std::optional<std::string>{"Answers the same day"};
  in.notes = std::optional<CustomerInput::NotesPatch>{notes};
  auto created = customers_->Create(actor_, in);
  ASSERT_TRUE(created) << created.error().message;
  db_->Close();
  Open();
  auto found = customers_->Get(actor_, created->id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "Åsa Lindqvist");
  EXPECT_EQ(found->email, "asa@example.se");
  EXPECT_EQ(found->time_zone, "Europe/Stockholm");
  EXPECT_EQ(found->acquisition_cost_cents, 12345);
  EXPECT_EQ(found->tags, (std::vector<std::string>{"vip", "eu"}));
  EXPECT_EQ(found->custom.at("seats"), "12");
  EXPECT_EQ(found->custom.at("meta"), R"({"a":[1,2]})");
  EXPECT_EQ(found->notes.expectations, "Answers the same day");
  EXPECT_EQ(found->owner_id, actor_.user_id);
  EXPECT_EQ(found->stage, domain::Stage::kContact);
  EXPECT_EQ(found->created_at, clock_.Now());
}

TEST_P(StoreContractTest, KeysetPaginationByNameVisitsEveryRowOnce) {
  std::set<core::Id> ids;
  for (int i = 0; i < 137; ++i) ids.insert(Create(i % 3 ? "Same Name" : "Name " + std::to_string(i % 10)).id);
  domain::CustomerQuery q;
  q.sort = *domain::ParseCustomerSort("name");
  q.limit = 10;
  std::set<core::Id> seen;
  std::string last_name;
  for (int pages = 0; pages < 100; ++pages) {
    auto page = customers_->List(actor_, q);
    ASSERT_TRUE(page);
    for (const auto& c : page->items) {
      EXPECT_TRUE(seen.insert(c.id).second) << "returned twice: " << c.id;
      EXPECT_LE(last_name, domain::SortNameFor(c));
      last_name = domain::SortNameFor(c);
    }
    if (!page->next_cursor) break;
    q.after = *domain::DecodeCursor(*page->next_cursor, q.sort);
  }
  EXPECT_EQ(seen, ids);
}

TEST_P(StoreContractTest, SearchFindsFragmentsInBothPlans) {
  // More matches than the index-driven plan takes, so both query plans are exercised.
  auto st = db_->Write([&](domain::Txn& txn) -> core::Status {
    for (int i = 0; i < 2100; ++i) {
      Customer c;
      c.name = "Common Person " + std::to_string(i);
      c.owner_id = actor_.user_id;
      c.created_at = c.updated_at = c.stage_changed_at = clock_.Now();
      if (auto id = txn.Customers().Insert(c); !id) return core::Fail(id.error());
    }
    return {};
  });
  ASSERT_TRUE(st);
  Create("Ångström Anders", "anders@fysik.example");
  Create("Bob O'Hara", "bob@example.com");
  auto search = [&](std::string q) {
    domain::CustomerQuery query;
    query.q = q;
    query.limit = 500;
    auto page = customers_->List(actor_, query);
    EXPECT_TRUE(page);
    return page ? page->items : std::vector<Customer>{};
  };
  EXPECT_EQ(search("ångström").size(), 1u);
  EXPECT_EQ(search("ÅNGSTRÖM").size(), 1u);
  EXPECT_EQ(search("fysik").size(), 1u);
  EXPECT_EQ(search("o'h").size(), 1u);
  EXPECT_EQ(search("\"").size(), 0u);
  EXPECT_EQ(search("' OR 1=1 --").size(), 0u);
  EXPECT_EQ(search("%").size(), 0u);
  EXPECT_EQ(search("common").size(), 500u);
  EXPECT_EQ(search("person 209").size(), 11u);  // 209, 2090..2099
  EXPECT_EQ(search("an").size(), 1u);           // two characters: the scan plan
}

TEST_P(StoreContractTest, GroupCommitIsolatesAFailingWrite) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const bool fail = (t == 3 && i == 7);
        auto st = db_->Write([&](domain::Txn& txn) -> core::Status {
          Customer c;
          c.name = fail ? "doomed" : "w" + std::to_string(t) + "-" + std::to_string(i);
          c.owner_id = actor_.user_id;
          if (auto id = txn.Customers().Insert(c); !id) return core::Fail(id.error());
          if (fail) return core::Fail(core::Error::Conflict("rolled back on purpose"));
          return {};
        });
        if (st) ++ok;
        else EXPECT_TRUE(fail);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 16 * 20 - 1);
  domain::CustomerQuery q;
  q.limit = 500;
  auto page = customers_->List(actor_, q);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items.size(), 16u * 20u - 1u);
  for (const auto& c : page->items) EXPECT_NE(c.name, "doomed");
}

TEST_P(StoreContractTest, RefusesASchemaNewerThanItKnows) {
  db_->Close();
  if (OnPostgres()) {
    PgAdmin(path_, "INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')");
  } else {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 999", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
  }
  auto db = OpenDatabase(path_);
  ASSERT_TRUE(db);
  auto st = (*db)->Migrate(nullptr);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(st.error().message.find("newer"), std::string::npos) << st.error().message;
}

TEST_P(StoreContractTest, MissingDatabaseIsAnErrorNamingIt) {
  OpenOptions o;
  o.create_if_missing = false;
  const std::string missing =
      OnPostgres() ? UrlWithDatabase(base_url_, "nope_no_such_db") : (dir_ / "nope.db").string();
  auto db = OpenDatabase(missing, o);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(db.error().message.find("nope"), std::string::npos) << db.error().message;
}

TEST_P(StoreContractTest, ConcurrentStageChangesNeverDoubleRecord) {
  // Sixteen threads race to move the same customer one step forward: exactly one wins, the
  // others see the new stage and are refused, and the history holds one transition.
  const auto c = Create("Racer");
  std::atomic<int> won{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t)
    threads.emplace_back([&] {
      auto r = customers_->ChangeStage(actor_, c.id, {domain::Stage::kLead, std::nullopt, std::nullopt});
      if (r) ++won;
      else if (r.error().code == core::ErrorCode::kConflict) ++refused;
      else ADD_FAILURE() << r.error().message;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), 15);
  auto history = customers_->History(actor_, c.id, std::nullopt, 100);
  ASSERT_TRUE(history);
  EXPECT_EQ(history->items.size(), 1u);
}

// Both always exist, so test discovery sees them; CTest runs the postgres ones only in the pg.*
// copy, which has a server (tests/unit/CMakeLists.txt).
INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST_P(StoreContractTest, StageChangeRecordsHistoryAtomically) {
  const auto c = Create("Lena");
  clock_.AdvanceMs(1000);
  auto moved = customers_->ChangeStage(actor_, c.id, {domain::Stage::kNegotiation, std::nullopt, std::nullopt});
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->transitions.size(), 3u);
  auto bad = customers_->ChangeStage(actor_, c.id, {domain::Stage::kChurned, std::string("x"), std::nullopt});
  ASSERT_FALSE(bad);
  auto history = customers_->History(actor_, c.id, std::nullopt, 100);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->items.size(), 3u);
  for (const auto& t : history->items) {
    EXPECT_EQ(t.at, clock_.Now());
    EXPECT_EQ(t.by, actor_.user_id);
  }
  auto after = customers_->Get(actor_, c.id);
  EXPECT_EQ(after->stage, domain::Stage::kNegotiation);
  EXPECT_EQ(after->stage_changed_at, clock_.Now());
}

}  // namespace
}  // namespace rapport::store
