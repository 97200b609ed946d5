// The outbox: domain events written in the same transaction as the change they announce, read
// in id order by whoever reacts to them (the romance engine's after_order rules, webhooks).
// A consumer keeps the id of the last event it handled; nothing is lost when it is down.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"

namespace rapport::domain {

struct DomainEvent {
  core::Id id = 0;
  std::string kind;         // "order.created", "order.cancelled", "deal.won", ...
  std::string entity_type;  // "order", "deal"
  core::Id entity_id = 0;
  std::optional<core::Id> customer_id;
  core::Timestamp at;
  std::string payload;  // JSON object text
};

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
