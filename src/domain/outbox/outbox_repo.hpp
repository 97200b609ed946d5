// OutboxRepo: the storage port of the outbox (domain events, in id order).
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/outbox/outbox.hpp"

namespace rapport::domain {

class OutboxRepo {
 public:
  virtual ~OutboxRepo() = default;
  virtual core::Status Append(DomainEvent& event) = 0;  // sets id
  // Events after `after_id` (of `kind` when given), oldest first, at most `limit`.
  virtual core::Result<std::vector<DomainEvent>> After(core::Id after_id,
                                                       std::optional<std::string> kind,
                                                       int limit) = 0;
};

}  // namespace rapport::domain
