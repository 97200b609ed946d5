// SqlSession over one SQLite connection (see store/sql/sql_session.hpp).
#pragma once

#include "store/sql/sql_session.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace rapport::store::sqlite {

class SqliteSession final : public SqlSession {
 public:
  SqliteSession(Connection& conn, bool writing) : conn_(conn), writing_(writing) {}
  core::Result<SqlRows> Query(std::string_view sql, const SqlArgs& args = {}) override;
  core::Result<std::int64_t> Exec(std::string_view sql, const SqlArgs& args = {}) override;
  core::Result<std::int64_t> InsertId(std::string_view sql, const SqlArgs& args) override;
  // Steps the statement and hands over each row as it comes.
  core::Status Scan(std::string_view sql, const SqlArgs& args, const SqlRowVisitor& visit) override;
  bool Writing() const override { return writing_; }
  std::string_view ForUpdate() const override { return ""; }

 private:
  core::Result<Stmt> PrepareBound(std::string_view sql, const SqlArgs& args);
  Connection& conn_;
  bool writing_;
};

}  // namespace rapport::store::sqlite
