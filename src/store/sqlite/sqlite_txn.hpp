// A transaction on SQLite: the common repositories (store/common/sql_txn.hpp) over one
// connection, with SQLite's own customer search. Created per transaction; cheap.
#pragma once

#include "store/common/sql_txn.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/sqlite_session.hpp"

namespace rapport::store::sqlite {

// sqlite_customer_search.cpp: search through the FTS5 table customer_search (trigram
// tokenizer), indexed on insert here rather than by a trigger so that bulk loads can skip it and
// rebuild once; the list and the board's counts steer SQLite's planner between the search
// index, the owner index and the sort order's index.
class SqliteCustomerSearch final : public CustomerSearch {
 public:
  explicit SqliteCustomerSearch(SqlSession& s) : s_(s) {}
  core::Status IndexInserted(core::Id id, const domain::Customer& customer) override;
  core::Status RebuildSearchIndex() override;
  core::Result<std::vector<domain::Customer>> List(const domain::CustomerQuery& query) override;
  core::Result<std::vector<domain::StageCount>> StageCounts(const domain::CustomerQuery& query) override;

 private:
  SqlSession& s_;
};

// What SqlTxn refers to, constructed before it (a base listed first is built first).
struct SqliteTxnParts {
  SqliteTxnParts(Connection& conn, bool writing) : session(conn, writing), search(session) {}
  SqliteSession session;
  SqliteCustomerSearch search;
};

class SqliteTxn final : private SqliteTxnParts, public SqlTxn {
 public:
  SqliteTxn(Connection& conn, bool writing) : SqliteTxnParts(conn, writing), SqlTxn(session, search) {}
};

}  // namespace rapport::store::sqlite
