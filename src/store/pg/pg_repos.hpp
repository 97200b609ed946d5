// PostgreSQL implementations of the domain's repositories, bound to one connection inside an
// open transaction. Same contract and same results as store/sqlite/sqlite_repos.hpp.
#pragma once

#include "domain/repos.hpp"
#include "store/pg/pg_conn.hpp"

namespace rapport::store::pg {

class PgCustomerRepo final : public domain::CustomerRepo {
 public:
  // lock_rows: inside a write transaction, Find locks the row (SELECT ... FOR UPDATE) so that
  // concurrent read-modify-write requests on one customer queue up instead of overwriting
  // each other.
  PgCustomerRepo(Connection& conn, bool lock_rows) : conn_(conn), lock_rows_(lock_rows) {}
  core::Result<core::Id> Insert(const domain::Customer& customer) override;
  // The GIN index is maintained by PostgreSQL as rows arrive; there is nothing to defer.
  core::Result<core::Id> InsertUnindexed(const domain::Customer& customer) override { return Insert(customer); }
  core::Status RebuildSearchIndex() override { return {}; }
  core::Result<std::optional<domain::Customer>> Find(core::Id id) override;
  core::Status Update(const domain::Customer& customer) override;
  core::Result<std::vector<domain::Customer>> List(const domain::CustomerQuery& query) override;
  core::Status AppendTransitions(std::span<domain::StageTransition> transitions) override;
  core::Result<std::vector<domain::StageTransition>> History(core::Id customer_id,
                                                             core::Id after_id,
                                                             int limit) override;

 private:
  core::Status WriteTags(core::Id id, const std::vector<std::string>& tags, bool replace);
  Connection& conn_;
  bool lock_rows_;
};

class PgUserRepo final : public domain::UserRepo {
 public:
  explicit PgUserRepo(Connection& conn) : conn_(conn) {}
  core::Result<core::Id> Insert(const domain::User& user) override;
  core::Result<std::optional<domain::User>> Find(core::Id id) override;
  core::Result<std::optional<domain::User>> FindByEmail(std::string_view email) override;

 private:
  Connection& conn_;
};

class PgTokenRepo final : public domain::TokenRepo {
 public:
  explicit PgTokenRepo(Connection& conn) : conn_(conn) {}
  core::Result<core::Id> Insert(const domain::ApiToken& token) override;
  core::Result<std::optional<domain::TokenOwner>> FindByHash(std::string_view token_hash) override;
  core::Status TouchLastUsed(core::Id token_id, core::Timestamp at) override;

 private:
  Connection& conn_;
};

class PgSettingsRepo final : public domain::SettingsRepo {
 public:
  explicit PgSettingsRepo(Connection& conn) : conn_(conn) {}
  core::Result<std::optional<std::string>> Get(std::string_view key) override;
  core::Status Set(std::string_view key, std::string_view value) override;

 private:
  Connection& conn_;
};

class PgTxn final : public domain::Txn {
 public:
  PgTxn(Connection& conn, bool writing)
      : customers_(conn, writing), users_(conn), tokens_(conn), settings_(conn) {}
  domain::CustomerRepo& Customers() override { return customers_; }
  domain::UserRepo& Users() override { return users_; }
  domain::TokenRepo& Tokens() override { return tokens_; }
  domain::SettingsRepo& Settings() override { return settings_; }

 private:
  PgCustomerRepo customers_;
  PgUserRepo users_;
  PgTokenRepo tokens_;
  PgSettingsRepo settings_;
};

}  // namespace rapport::store::pg
