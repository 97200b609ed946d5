// SqlSession over one PostgreSQL connection (see store/sql/sql_session.hpp).
#pragma once

#include "store/pg/pg_conn.hpp"
#include "store/sql/sql_session.hpp"

namespace rapport::store::pg {

class PgSession final : public SqlSession {
 public:
  PgSession(Connection& conn, bool writing) : conn_(conn), writing_(writing) {}
  core::Result<SqlRows> Query(std::string_view sql, const SqlArgs& args = {}) override;
  core::Result<std::int64_t> Exec(std::string_view sql, const SqlArgs& args = {}) override;
  core::Result<std::int64_t> InsertId(std::string_view sql, const SqlArgs& args) override;
  bool Writing() const override { return writing_; }
  std::string_view ForUpdate() const override { return writing_ ? " FOR UPDATE" : ""; }

 private:
  Connection& conn_;
  bool writing_;
};

}  // namespace rapport::store::pg
