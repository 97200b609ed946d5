// The audit log: one append-only entry per write, saying who did what, when, from where, and the
// before/after of each changed field. Plain values, no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/id.hpp"
#include "core/time.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

// One changed field. Values are JSON value text ("\"Ada\"", "42", "null", "[\"vip\"]");
// nullopt means the field had no value on that side (created, or cleared).
struct FieldChange {
  std::string field;  // "name", "address.city", "custom.industry", "stage", ...
  std::optional<std::string> before, after;
  bool operator==(const FieldChange&) const = default;
};

struct AuditEntry {
  Id id = 0;
  Timestamp at;
  std::optional<Id> actor_id;  // nullopt: nobody signed in (a failed login), or the CLI
  std::string client_address;  // peer address, or "cli"
  std::string action;          // "customer.update", "auth.login_failed", ... (see audit_actions)
  std::string entity_type;     // "customer", "user", "token", "session"
  std::optional<Id> entity_id;
  std::optional<Id> customer_id;  // the customer concerned, for per-customer queries and erasure
  std::optional<std::string> detail;  // free text: the email tried by a failed login, ...
  std::vector<FieldChange> changes;
};

struct AuditQuery {
  std::optional<Id> customer_id, actor_id;
  std::optional<Timestamp> since;
  Id before_id = 0;  // keyset cursor: entries with a smaller id (0: from the newest)
  int limit = 100;
};

}  // namespace rapport::domain
