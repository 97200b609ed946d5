// A transaction on PostgreSQL: the common repositories (store/common/sql_txn.hpp) over one
// connection, with PostgreSQL's own customer search. Same contract and same results as
// store/sqlite/sqlite_txn.hpp. Created per transaction; cheap.
#pragma once

#include "store/common/sql_txn.hpp"
#include "store/pg/pg_conn.hpp"
#include "store/pg/pg_session.hpp"

namespace rapport::store::pg {

// pg_customer_search.cpp: substring search with LIKE over the pg_trgm GIN index, which
// PostgreSQL keeps row by row (InsertUnindexed has nothing to defer); the planner picks the
// indexes itself, and the board's counts and values come from one grouped join.
class PgCustomerSearch final : public CustomerSearch {
 public:
  PgCustomerSearch(Connection& conn, SqlSession& s) : conn_(conn), s_(s) {}
  core::Status IndexInserted(core::Id, const domain::Customer&) override { return {}; }
  // What a bulk load leaves stale is the planner's statistics (without them a list page took
  // 42 ms instead of under 1 ms at 100k): ANALYZE.
  core::Status RebuildSearchIndex() override { return conn_.Exec("ANALYZE"); }
  core::Result<std::vector<domain::Customer>> List(const domain::CustomerQuery& query) override;
  core::Result<std::vector<domain::StageCount>> StageCounts(const domain::CustomerQuery& query) override;

 private:
  Connection& conn_;
  SqlSession& s_;
};

// What SqlTxn refers to, constructed before it (a base listed first is built first).
struct PgTxnParts {
  PgTxnParts(Connection& conn, bool writing) : session(conn, writing), search(conn, session) {}
  PgSession session;
  PgCustomerSearch search;
};

class PgTxn final : private PgTxnParts, public SqlTxn {
 public:
  PgTxn(Connection& conn, bool writing) : PgTxnParts(conn, writing), SqlTxn(session, search) {}
};

}  // namespace rapport::store::pg
