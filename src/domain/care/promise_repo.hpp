// PromiseRepo: the storage port of promises made to customers.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/care/promise.hpp"
#include "domain/customer/customer_query.hpp"

namespace rapport::domain {

struct PromiseQuery {
  CustomerScope scope;
  std::optional<Id> customer_id, case_id, promised_by;
  std::optional<PromiseStatus> status;
  std::optional<Timestamp> due_before;
  int limit = 50;
  Id before_id = 0;  // newest first
};
struct PromiseCounts {
  int open = 0, kept = 0, broken = 0, cancelled = 0;
};

class PromiseRepo {
 public:
  virtual ~PromiseRepo() = default;
  virtual core::Status Insert(Promise& p) = 0;  // sets id
  virtual core::Result<std::optional<Promise>> Find(Id id, const CustomerScope& scope) = 0;
  virtual core::Result<std::vector<Promise>> FindMany(std::span<const Id> ids) = 0;
  virtual core::Status Update(const Promise& p) = 0;
  virtual core::Result<std::vector<Promise>> List(const PromiseQuery& query) = 0;  // at most limit + 1
  virtual core::Result<std::vector<Promise>> OfCustomer(Id customer_id) = 0;
  // Marks every open promise due before `now` broken (automatically), at most `limit`; returns them.
  virtual core::Result<std::vector<Promise>> BreakOverdue(Timestamp now, int limit) = 0;
  // Per person who promised, in `scope`; `customer_id` narrows to one customer.
  virtual core::Result<std::map<Id, PromiseCounts>> CountsByPromiser(const CustomerScope& scope,
                                                                     std::optional<Id> customer_id) = 0;
  virtual core::Status RedactCustomer(Id customer_id, std::string_view replacement) = 0;
};

}  // namespace rapport::domain
