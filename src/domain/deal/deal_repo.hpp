// DealRepo: the storage port of deals and the pipeline's aggregates.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <vector>

#include "core/error.hpp"
#include "domain/deal/deal.hpp"

namespace rapport::domain {

class DealRepo {
 public:
  virtual ~DealRepo() = default;
  virtual core::Result<Id> Insert(const Deal& deal) = 0;
  // The deal if `scope` may see its customer; locked for update inside a write on PostgreSQL.
  virtual core::Result<std::optional<Deal>> Find(Id id, const CustomerScope& scope) = 0;
  virtual core::Status Update(const Deal& deal) = 0;
  virtual core::Result<std::vector<Deal>> List(const DealQuery& query) = 0;  // limit + 1
  // Open deals of the customer other than `except`.
  virtual core::Result<int> CountOpen(Id customer_id, Id except) = 0;
  // Won deals of the customer.
  virtual core::Result<int> CountWon(Id customer_id) = 0;
  // The deals `scope` may see (of `owner_id` when given), aggregated.
  virtual core::Result<PipelineFigures> Figures(const CustomerScope& scope, std::optional<Id> owner_id) = 0;
};

}  // namespace rapport::domain
