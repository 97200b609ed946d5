// The account repositories written once over SqlSession (see store/sql/sql_session.hpp): users,
// API tokens, settings, sign-in sessions, login throttling, password reset tickets, the audit
// log and background job leases. Bound to one session inside an open transaction; cheap.
#pragma once

#include "domain/repos.hpp"
#include "store/sql/sql_session.hpp"

namespace rapport::store {

// user_repo.cpp
class SqlUserRepo final : public domain::UserRepo {
 public:
  explicit SqlUserRepo(SqlSession& s) : s_(s) {}
  core::Result<core::Id> Insert(const domain::User& user) override;
  core::Result<std::optional<domain::User>> Find(core::Id id) override;
  core::Result<std::optional<domain::User>> FindByEmail(std::string_view email) override;
  core::Status Update(const domain::User& user) override;
  core::Result<std::vector<domain::User>> List() override;

 private:
  SqlSession& s_;
};

class SqlTokenRepo final : public domain::TokenRepo {
 public:
  explicit SqlTokenRepo(SqlSession& s) : s_(s) {}
  core::Result<core::Id> Insert(const domain::ApiToken& token) override;
  core::Result<std::optional<domain::TokenOwner>> FindByHash(std::string_view token_hash) override;
  core::Status TouchLastUsed(core::Id token_id, core::Timestamp at) override;
  core::Result<std::optional<domain::ApiToken>> Find(core::Id token_id) override;
  core::Result<std::vector<domain::ApiToken>> List(std::optional<core::Id> user_id) override;
  core::Status Revoke(core::Id token_id, core::Timestamp at) override;
  core::Result<int> RevokeAllOf(core::Id user_id, core::Timestamp at) override;

 private:
  SqlSession& s_;
};

class SqlSettingsRepo final : public domain::SettingsRepo {
 public:
  explicit SqlSettingsRepo(SqlSession& s) : s_(s) {}
  core::Result<std::optional<std::string>> Get(std::string_view key) override;
  core::Status Set(std::string_view key, std::string_view value) override;

 private:
  SqlSession& s_;
};

// auth_repos.cpp
class SqlSessionRepo final : public domain::SessionRepo {
 public:
  explicit SqlSessionRepo(SqlSession& s) : s_(s) {}
  core::Result<core::Id> Insert(const domain::Session& session) override;
  core::Result<std::optional<domain::SessionOwner>> FindByHash(std::string_view token_hash) override;
  core::Status Touch(core::Id session_id, core::Timestamp at) override;
  core::Status End(core::Id session_id, core::Timestamp at) override;
  core::Result<int> EndAllOf(core::Id user_id, core::Timestamp at) override;
  core::Result<int> DeleteExpired(core::Timestamp before) override;

 private:
  SqlSession& s_;
};

class SqlLoginThrottleRepo final : public domain::LoginThrottleRepo {
 public:
  explicit SqlLoginThrottleRepo(SqlSession& s) : s_(s) {}
  core::Result<std::optional<domain::LoginThrottle>> Get(std::string_view key) override;
  core::Status Lock(std::string_view key) override;
  core::Status Put(const domain::LoginThrottle& throttle) override;
  core::Status Clear(std::string_view key) override;
  core::Result<int> DeleteStale(core::Timestamp before) override;

 private:
  SqlSession& s_;
};

class SqlPasswordResetRepo final : public domain::PasswordResetRepo {
 public:
  explicit SqlPasswordResetRepo(SqlSession& s) : s_(s) {}
  core::Result<core::Id> Insert(const domain::PasswordReset& reset) override;
  core::Result<std::optional<domain::PasswordReset>> FindByHash(std::string_view token_hash) override;
  core::Status UseAllOf(core::Id user_id, core::Timestamp at) override;

 private:
  SqlSession& s_;
};

// audit_repo.cpp
class SqlAuditRepo final : public domain::AuditRepo {
 public:
  explicit SqlAuditRepo(SqlSession& s) : s_(s) {}
  core::Status Append(const domain::AuditEntry& entry) override;
  core::Result<std::vector<domain::AuditEntry>> List(const domain::AuditQuery& query) override;
  core::Result<std::int64_t> CountSince(core::Timestamp from, std::span<const std::string> entity_types,
                                        std::int64_t at_most) override;
  core::Status RedactCustomer(core::Id customer_id, std::span<const std::string_view> keep_fields,
                              std::string_view replacement) override;

 private:
  SqlSession& s_;
};

// job_repo.cpp. Claims race between servers: on PostgreSQL under READ COMMITTED the second
// UPDATE waits for the first's row lock and re-checks its WHERE on the new row; SQLite has one
// writer. Either way exactly one claim wins.
class SqlJobRepo final : public domain::JobRepo {
 public:
  explicit SqlJobRepo(SqlSession& s) : s_(s) {}
  core::Result<bool> Claim(std::string_view name, std::string_view holder, core::Timestamp now,
                           core::Timestamp lease_until) override;
  core::Result<bool> Finish(std::string_view name, std::string_view holder, core::Timestamp now,
                            core::Timestamp next_run_at) override;
  core::Result<bool> Extend(std::string_view name, std::string_view holder, core::Timestamp lease_until) override;
  core::Result<std::vector<domain::JobState>> List() override;
  core::Result<bool> RequestRun(std::string_view name, core::Timestamp at) override;

 private:
  SqlSession& s_;
};

struct AccountRepos {
  explicit AccountRepos(SqlSession& s)
      : users(s), tokens(s), settings(s), sessions(s), throttles(s), resets(s), audit(s), jobs(s) {}
  SqlUserRepo users;
  SqlTokenRepo tokens;
  SqlSettingsRepo settings;
  SqlSessionRepo sessions;
  SqlLoginThrottleRepo throttles;
  SqlPasswordResetRepo resets;
  SqlAuditRepo audit;
  SqlJobRepo jobs;
};

// Users appear in token and session lookups: the columns of `users u`, and the user they hold
// in `row` of `r` starting at column `at`.
inline constexpr const char* kUserColumns =
    "u.id, u.email, u.name, u.role, u.team, u.active, u.password_hash, u.created_at, u.updated_at";
domain::User ReadUser(const SqlRows& r, int row, int at = 0);

}  // namespace rapport::store
