#include "domain/audit/audit_log.hpp"

#include "core/text.hpp"
#include "domain/audit/audit_repo.hpp"

namespace rapport::domain {

AuditEntry NewAuditEntry(const Actor& actor, Timestamp at, std::string action,
                         std::string entity_type, std::optional<Id> entity_id) {
  AuditEntry e;
  e.at = at;
  e.actor_id = actor.AuditId();
  e.client_address = actor.client_address;
  e.action = std::move(action);
  e.entity_type = std::move(entity_type);
  e.entity_id = entity_id;
  return e;
}

core::Result<AuditPage> ListAudit(Store& store, const Actor& actor, AuditQuery query,
                                  std::optional<std::string_view> cursor) {
  if (!actor.SeesAllCustomers())
    return core::Fail(core::Error::Forbidden("only managers and admins may read the audit log"));
  if (cursor) {
    auto id = core::ParseId(*cursor);
    if (!id)
      return core::Fail(core::Error::Invalid(
          "cursor", "not a valid cursor: pass next_cursor from the previous page unchanged"));
    query.before_id = *id;
  }
  auto rows = ReadValue<std::vector<AuditEntry>>(store, [&](Txn& txn) { return txn.Audit().List(query); });
  if (!rows) return core::Fail(rows.error());
  AuditPage page;
  page.items = std::move(*rows);
  if (static_cast<int>(page.items.size()) > query.limit) {
    page.items.resize(static_cast<std::size_t>(query.limit));
    page.next_cursor = core::FormatId(page.items.back().id);
  }
  return page;
}

std::string AuditText(std::string_view text) { return core::JsonString(text); }
std::string AuditInt(std::int64_t value) { return std::to_string(value); }
std::string AuditBool(bool value) { return value ? "true" : "false"; }
std::string AuditTime(Timestamp t) { return core::JsonString(core::FormatIso8601(t)); }

}  // namespace rapport::domain
