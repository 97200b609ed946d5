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

}  // namespace rapport::domain
