// Writing and reading the audit log from use cases. Every write use case appends its entry in
// the same transaction as the change itself, so an acknowledged write always has its entry.
//
// Thread safety: free functions; NewAuditEntry and the Audit* formatters are pure, ListAudit runs
// its own read transaction on a thread-safe Store. All are safe to call from many threads.
//
// Errors: ListAudit answers kPermissionDenied for a rep, kInvalidArgument on "cursor", and the
// store's kUnavailable / kInternal.
#pragma once

#include "domain/audit/audit.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

// An entry for `actor` doing `action` on (entity_type, entity_id) at `at`.
AuditEntry NewAuditEntry(const Actor& actor, Timestamp at, std::string action,
                         std::string entity_type, std::optional<Id> entity_id);

struct AuditPage {
  std::vector<AuditEntry> items;
  std::optional<std::string> next_cursor;
};

// Reading the log: admins and managers only (kPermissionDenied otherwise).
// cursor: next_cursor of the previous page.
core::Result<AuditPage> ListAudit(Store& store, const Actor& actor, AuditQuery query,
                                  std::optional<std::string_view> cursor);

// JSON value text for audit values.
std::string AuditText(std::string_view text);
std::string AuditInt(std::int64_t value);
std::string AuditBool(bool value);
std::string AuditTime(Timestamp t);

}  // namespace rapport::domain
