// The privacy use cases of CustomerService: export everything about a customer, erase their
// personal data.
#include <algorithm>

#include "domain/audit/audit_log.hpp"
#include "domain/customer/customer_audit.hpp"
#include "domain/customer/customer_service.hpp"

namespace rapport::domain {
namespace {

constexpr int kPage = 1000;

// Tables that held an erased customer's personal data (PostgreSQL vacuums them).
constexpr std::string_view kErasedTables[] = {"customers", "customer_tags", "audit_changes",
                                              "audit_log", "stage_transitions"};

core::Result<std::vector<AuditEntry>> AllAuditOf(Txn& txn, Id customer_id) {
  std::vector<AuditEntry> out;
  AuditQuery q;
  q.customer_id = customer_id;
  q.limit = kPage;
  for (;;) {
    auto rows = txn.Audit().List(q);
    if (!rows) return core::Fail(rows.error());
    const bool more = static_cast<int>(rows->size()) > kPage;
    if (more) rows->resize(kPage);
    for (auto& e : *rows) out.push_back(std::move(e));
    if (!more) break;
    q.before_id = out.back().id;
  }
  std::reverse(out.begin(), out.end());  // oldest first
  return out;
}

}  // namespace

core::Result<CustomerExport> CustomerService::Export(const Actor& actor, Id id) {
  return ReadValue<CustomerExport>(store_, [&](Txn& txn) -> core::Result<CustomerExport> {
    auto found = txn.Customers().Find(id, CustomerScope::For(actor));
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(core::Error::NotFound("customer " + core::FormatId(id) + " not found"));
    CustomerExport out;
    out.customer = std::move(**found);
    for (Id after = 0;;) {
      auto rows = txn.Customers().History(id, after, kPage);
      if (!rows) return core::Fail(rows.error());
      for (auto& t : *rows) out.transitions.push_back(std::move(t));
      if (static_cast<int>(rows->size()) < kPage) break;
      after = out.transitions.back().id;
    }
    auto audit = AllAuditOf(txn, id);
    if (!audit) return core::Fail(audit.error());
    out.audit = std::move(*audit);
    return out;
  });
}

core::Result<Customer> CustomerService::Erase(const Actor& actor, Id id) {
  if (!actor.IsAdmin())
    return core::Fail(core::Error::Forbidden("only admins may erase a customer's personal data"));
  auto erased = WriteValue<Customer>(store_, [&](Txn& txn) -> core::Result<Customer> {
    auto found = txn.Customers().Find(id, CustomerScope::Everyone());
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(core::Error::NotFound("customer " + core::FormatId(id) + " not found"));
    Customer c = std::move(**found);
    // Keep: id, kind, company, source, owner, acquisition cost, stage and every date.
    c.name = "Erased customer " + core::FormatId(id);
    c.email.reset();
    c.phone.reset();
    c.time_zone.reset();
    c.address = {};
    c.tags.clear();
    c.custom.clear();
    c.notes = {};
    c.updated_at = clock_.Now();
    ++c.version;
    if (auto st = txn.Customers().Update(c); !st) return core::Fail(st.error());
    if (auto st = txn.Audit().RedactCustomer(id, AnonymousCustomerFields(), "\"[erased]\""); !st)
      return core::Fail(st.error());
    if (auto st = txn.Customers().RedactTransitionReasons(id, "[erased]"); !st) return core::Fail(st.error());
    AuditEntry e = NewAuditEntry(actor, c.updated_at, "customer.erase", "customer", id);
    e.customer_id = id;
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return c;
  });
  if (!erased) return erased;
  // The old values may survive in the database files (WAL page images, dead row versions) until
  // purged; the erase is not done until they are gone.
  if (auto st = store_.PurgeDeletedData(kErasedTables); !st) return core::Fail(st.error());
  return erased;
}

}  // namespace rapport::domain
