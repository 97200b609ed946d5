// Customers over SqlSession, for both backends. What the backends do their own way sits behind
// CustomerSearch: the search index (FTS5 on SQLite, pg_trgm's GIN index on PostgreSQL), the list
// and the board's counts (tuned to each planner), and what a bulk load defers.
#pragma once

#include "domain/repos.hpp"
#include "store/sql/sql_session.hpp"

namespace rapport::store {

// A backend's part of the customer repository, bound to the transaction's session.
class CustomerSearch {
 public:
  virtual ~CustomerSearch() = default;
  // Called after a customer row is inserted (Insert, not InsertUnindexed): adds it to a search
  // index the database does not maintain itself.
  virtual core::Status IndexInserted(core::Id id, const domain::Customer& customer) = 0;
  // After a bulk load of InsertUnindexed rows: brings the search index (or the planner's
  // statistics) up to date.
  virtual core::Status RebuildSearchIndex() = 0;
  // CustomerRepo::List and CustomerRepo::StageCounts (see domain/repos.hpp).
  virtual core::Result<std::vector<domain::Customer>> List(const domain::CustomerQuery& query) = 0;
  virtual core::Result<std::vector<domain::StageCount>> StageCounts(const domain::CustomerQuery& query) = 0;
};

class SqlCustomerRepo final : public domain::CustomerRepo {
 public:
  SqlCustomerRepo(SqlSession& s, CustomerSearch& search) : s_(s), search_(search) {}
  core::Result<core::Id> Insert(const domain::Customer& customer) override;
  core::Result<core::Id> InsertUnindexed(const domain::Customer& customer) override;
  core::Status RebuildSearchIndex() override { return search_.RebuildSearchIndex(); }
  // Inside a write transaction on PostgreSQL the row is locked (FOR UPDATE OF c) so that
  // concurrent read-modify-write requests on one customer queue up instead of overwriting each
  // other; SQLite's single writer serialises them already.
  core::Result<std::optional<domain::Customer>> Find(core::Id id, const domain::CustomerScope& scope) override;
  core::Status Update(const domain::Customer& customer) override;
  core::Status UpdateStage(const domain::Customer& customer) override;
  core::Result<std::vector<domain::Customer>> List(const domain::CustomerQuery& query) override {
    return search_.List(query);
  }
  core::Status AppendTransitions(std::span<domain::StageTransition> transitions) override;
  core::Result<std::vector<domain::StageTransition>> History(core::Id customer_id, core::Id after_id,
                                                             int limit) override;
  core::Result<std::vector<core::Id>> ReassignOwner(core::Id from, core::Id to, core::Timestamp at) override;
  core::Status RedactTransitionReasons(core::Id customer_id, std::string_view replacement) override;
  core::Result<std::vector<domain::StageCount>> StageCounts(const domain::CustomerQuery& query) override {
    return search_.StageCounts(query);
  }

 private:
  core::Result<core::Id> InsertRow(const domain::Customer& customer, bool index);
  core::Status WriteTags(core::Id id, const std::vector<std::string>& tags, bool replace);
  SqlSession& s_;
  CustomerSearch& search_;
};

// The customer in `row` of a result selecting kCustomerColumns (store/customer_sql.hpp).
domain::Customer ReadCustomer(const SqlRows& r, int row);
std::vector<domain::Customer> ReadCustomers(const SqlRows& r);

}  // namespace rapport::store
