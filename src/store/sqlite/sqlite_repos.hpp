// SQLite implementations of the domain's repositories, bound to one connection inside an open
// transaction. Created per transaction by SqliteTxn; cheap.
#pragma once

#include "domain/repos.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace rapport::store::sqlite {

class SqliteCustomerRepo final : public domain::CustomerRepo {
 public:
  explicit SqliteCustomerRepo(Connection& conn) : conn_(conn) {}
  core::Result<core::Id> Insert(const domain::Customer& customer) override;
  core::Result<core::Id> InsertUnindexed(const domain::Customer& customer) override;
  core::Status RebuildSearchIndex() override;
  core::Result<std::optional<domain::Customer>> Find(core::Id id) override;
  core::Status Update(const domain::Customer& customer) override;
  core::Result<std::vector<domain::Customer>> List(const domain::CustomerQuery& query) override;
  core::Status AppendTransitions(std::span<domain::StageTransition> transitions) override;
  core::Result<std::vector<domain::StageTransition>> History(core::Id customer_id,
                                                             core::Id after_id,
                                                             int limit) override;

 private:
  core::Result<core::Id> InsertRow(const domain::Customer& customer, bool index);
  core::Status WriteTags(core::Id id, const std::vector<std::string>& tags, bool replace);
  Connection& conn_;
};

class SqliteUserRepo final : public domain::UserRepo {
 public:
  explicit SqliteUserRepo(Connection& conn) : conn_(conn) {}
  core::Result<core::Id> Insert(const domain::User& user) override;
  core::Result<std::optional<domain::User>> Find(core::Id id) override;
  core::Result<std::optional<domain::User>> FindByEmail(std::string_view email) override;

 private:
  Connection& conn_;
};

class SqliteTokenRepo final : public domain::TokenRepo {
 public:
  explicit SqliteTokenRepo(Connection& conn) : conn_(conn) {}
  core::Result<core::Id> Insert(const domain::ApiToken& token) override;
  core::Result<std::optional<domain::TokenOwner>> FindByHash(std::string_view token_hash) override;
  core::Status TouchLastUsed(core::Id token_id, core::Timestamp at) override;

 private:
  Connection& conn_;
};

class SqliteSettingsRepo final : public domain::SettingsRepo {
 public:
  explicit SqliteSettingsRepo(Connection& conn) : conn_(conn) {}
  core::Result<std::optional<std::string>> Get(std::string_view key) override;
  core::Status Set(std::string_view key, std::string_view value) override;

 private:
  Connection& conn_;
};

class SqliteTxn final : public domain::Txn {
 public:
  explicit SqliteTxn(Connection& conn)
      : customers_(conn), users_(conn), tokens_(conn), settings_(conn) {}
  domain::CustomerRepo& Customers() override { return customers_; }
  domain::UserRepo& Users() override { return users_; }
  domain::TokenRepo& Tokens() override { return tokens_; }
  domain::SettingsRepo& Settings() override { return settings_; }

 private:
  SqliteCustomerRepo customers_;
  SqliteUserRepo users_;
  SqliteTokenRepo tokens_;
  SqliteSettingsRepo settings_;
};

}  // namespace rapport::store::sqlite
