// The fixture of the storage contract tests, run on every backend: SQLite on real files in a temp
// directory, and PostgreSQL on a real server when RAPPORT_TEST_PG_URL_FILE names its URL (the
// test command starts one; see scripts/pg-test-server) — each test then gets a database of its
// own. Suites instantiate it with ::testing::Values("sqlite", "postgres"); CTest runs the
// postgres ones only in the pg.* copy, which has a server (tests/unit/CMakeLists.txt).
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/user/user_service.hpp"
#include "store/database.hpp"

namespace rapport::store::testing {

inline std::optional<std::string> PgBaseUrl() {
  const char* file = std::getenv("RAPPORT_TEST_PG_URL_FILE");
  if (!file) return std::nullopt;
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) throw std::runtime_error(std::string("no PostgreSQL URL in ") + file);
  return url;
}

// Runs one statement on the server's maintenance database (CREATE/DROP DATABASE).
inline void PgAdmin(const std::string& base_url, const std::string& sql) {
  PGconn* c = PQconnectdb(base_url.c_str());
  ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  PGresult* r = PQexec(c, sql.c_str());
  EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
}

inline std::string UrlWithDatabase(const std::string& base, const std::string& db) {
  return base.substr(0, base.rfind('/') + 1) + db;
}

class StoreFixture : public ::testing::TestWithParam<std::string> {
 protected:
  bool OnPostgres() const { return GetParam() == "postgres"; }
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    for (char& ch : name) if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    dir_ = std::filesystem::temp_directory_path() /
           ("rapport-store-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (OnPostgres()) {
      const auto url = PgBaseUrl();
      if (!url) GTEST_SKIP() << "no PostgreSQL: the test command runs these as pg.* with a server";
      base_url_ = *url;
      pg_db_ = "rapport_store_" + std::to_string(::getpid()) + "_" + std::to_string(++counter_);
      PgAdmin(base_url_, "DROP DATABASE IF EXISTS " + pg_db_);
      PgAdmin(base_url_, "CREATE DATABASE " + pg_db_);
      path_ = UrlWithDatabase(base_url_, pg_db_);
    } else {
      path_ = (dir_ / "t.db").string();
    }
    Open();
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
    if (OnPostgres() && !base_url_.empty())
      PgAdmin(base_url_, "DROP DATABASE IF EXISTS " + pg_db_ + " WITH (FORCE)");
  }
  void Open() {
    auto db = OpenDatabase(path_);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate(nullptr));
    users_ = std::make_unique<domain::UserService>(*db_, clock_);
    customers_ = std::make_unique<domain::CustomerService>(*db_, clock_);
    auto admin = users_->AddUser({"owner@example.com", "Owner", domain::Role::kAdmin, std::nullopt,
                                  "long enough password"});
    // Reopened: the user exists already.
    actor_ = domain::Actor{admin ? admin->id : 1, domain::Role::kAdmin, std::nullopt, "test"};
  }
  domain::Customer Create(std::string name, std::optional<std::string> email = std::nullopt) {
    domain::CustomerInput in;
    in.name = std::optional<std::string>{std::move(name)};
    if (email) in.email = std::optional<std::string>{*email};
    auto c = customers_->Create(actor_, in);
    EXPECT_TRUE(c) << (c ? "" : c.error().message);
    return c ? *c : domain::Customer{};
  }

  // Straight through the repositories (no password hashing, no audit): for tests of the store.
  core::Id InsertUser(std::string email, domain::Role role = domain::Role::kRep,
                      std::optional<std::string> team = std::nullopt) {
    domain::User u;
    u.email = std::move(email);
    u.name = u.email;
    u.role = role;
    u.team = std::move(team);
    u.created_at = u.updated_at = clock_.Now();
    core::Id id = 0;
    auto st = db_->Write([&](domain::Txn& txn) -> core::Status {
      auto r = txn.Users().Insert(u);
      if (!r) return core::Fail(r.error());
      id = *r;
      return {};
    });
    EXPECT_TRUE(st) << (st ? "" : st.error().message);
    return id;
  }
  // A value out of a write (or a read) transaction; a failure fails the test and gives T{}.
  template <typename T, typename F>
  T Write(F&& f) {
    auto r = domain::WriteValue<T>(*db_, std::forward<F>(f));
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? std::move(*r) : T{};
  }
  template <typename T, typename F>
  T Read(F&& f) {
    auto r = domain::ReadValue<T>(*db_, std::forward<F>(f));
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? std::move(*r) : T{};
  }
  // Runs `work` in a write transaction; a failure fails the test.
  void Do(const domain::Store::Work& work) {
    auto st = db_->Write(work);
    EXPECT_TRUE(st) << (st ? "" : st.error().message);
  }

  core::Id InsertCustomer(std::string name, core::Id owner) {
    domain::Customer c;
    c.name = std::move(name);
    c.owner_id = owner;
    c.created_at = c.updated_at = c.stage_changed_at = clock_.Now();
    core::Id id = 0;
    auto st = db_->Write([&](domain::Txn& txn) -> core::Status {
      auto r = txn.Customers().Insert(c);
      if (!r) return core::Fail(r.error());
      id = *r;
      return {};
    });
    EXPECT_TRUE(st) << (st ? "" : st.error().message);
    return id;
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string path_, base_url_, pg_db_;
  core::ManualClock clock_{core::Timestamp{1'790'000'000'000}};
  std::unique_ptr<Database> db_;
  std::unique_ptr<domain::UserService> users_;
  std::unique_ptr<domain::CustomerService> customers_;
  domain::Actor actor_;
};

}  // namespace rapport::store::testing
