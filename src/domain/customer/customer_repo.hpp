// CustomerRepo: the storage port of customers, their stage transitions and the board's counts.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/customer/customer.hpp"
#include "domain/customer/customer_query.hpp"

namespace rapport::domain {

class CustomerRepo {
 public:
  virtual ~CustomerRepo() = default;
  // Inserts and returns the new id (customer.id is ignored).
  virtual core::Result<Id> Insert(const Customer& customer) = 0;
  // Bulk loading (demo data, imports): inserts without updating the search index, which
  // RebuildSearchIndex then builds for every row at once (several times faster than row by row).
  // Until then, new rows are not found by `q`. (PostgreSQL keeps its index row by row; there,
  // RebuildSearchIndex refreshes the planner's statistics after the load.)
  virtual core::Result<Id> InsertUnindexed(const Customer& customer) = 0;
  virtual core::Status RebuildSearchIndex() = 0;
  // The customer with `id` if `scope` may see it (archived ones included).
  virtual core::Result<std::optional<Customer>> Find(Id id, const CustomerScope& scope) = 0;
  // Replaces the row with customer.id; the caller has already bumped version.
  virtual core::Status Update(const Customer& customer) = 0;
  // Writes only the lifecycle columns of customer.id (stage, stage_changed_at, updated_at,
  // version): a stage move then leaves the other indexes, the tags and the search index alone.
  virtual core::Status UpdateStage(const Customer& customer) = 0;
  // Up to query.limit + 1 rows (the extra row tells the caller there is a next page).
  virtual core::Result<std::vector<Customer>> List(const CustomerQuery& query) = 0;
  virtual core::Status AppendTransitions(std::span<StageTransition> transitions) = 0;  // sets ids
  // A customer's transitions, oldest first, after transition id `after_id`, at most `limit`.
  virtual core::Result<std::vector<StageTransition>> History(Id customer_id, Id after_id,
                                                              int limit) = 0;
  // Gives every customer owned by `from` (archived ones too) to `to`, bumping version and
  // updated_at; returns their ids.
  virtual core::Result<std::vector<Id>> ReassignOwner(Id from, Id to, Timestamp at) = 0;
  // Erasure: replaces the free-text reason of every transition of the customer (it may name
  // people) with `replacement`; absent reasons stay absent.
  virtual core::Status RedactTransitionReasons(Id customer_id, std::string_view replacement) = 0;
  // Live customers per stage matching query's scope, owner_id, source, tag and q (the other fields
  // are ignored), with the sum of their historical value from the latest scoring run. Stages
  // without customers are absent. query.q is folded already.
  virtual core::Result<std::vector<StageCount>> StageCounts(const CustomerQuery& query) = 0;
};

}  // namespace rapport::domain
