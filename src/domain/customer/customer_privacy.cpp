// The privacy use cases of CustomerService: export everything about a customer, erase their
// personal data.
#include <algorithm>

#include "domain/appreciation/appreciation_repo.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/care/case_repo.hpp"
#include "domain/care/feedback_repo.hpp"
#include "domain/care/promise_repo.hpp"
#include "domain/customer/customer_audit.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/customer/privacy_repo.hpp"
#include "domain/deal/deal_repo.hpp"
#include "domain/interaction/interaction_repo.hpp"
#include "domain/loyalty/loyalty_repo.hpp"
#include "domain/order/order_repo.hpp"
#include "domain/referral/referral_repo.hpp"
#include "domain/store.hpp"
#include "domain/subscription/subscription_repo.hpp"
#include "domain/task/task_repo.hpp"
#include "domain/usage/usage_repo.hpp"
#include "domain/winback/winback_repo.hpp"

namespace rapport::domain {
namespace {

constexpr int kPage = 1000;

// Tables that held an erased customer's personal data (PostgreSQL vacuums them).
constexpr std::string_view kErasedTables[] = {
    "customers", "customer_tags", "audit_changes", "audit_log", "stage_transitions",
    "deals", "order_adjustments", "loyalty_ledger", "subscriptions", "subscription_events", "referrals",
    "win_back_offers", "outbox", "interactions", "tasks", "cases", "case_events", "feedback", "promises"};

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

// Pages through a keyset list (newest first, `before_id` cursor) until it ends.
template <typename Query, typename Item, typename ListFn>
core::Status ReadAll(Query query, std::vector<Item>& out, ListFn list) {
  query.limit = kPage;
  for (;;) {
    auto rows = list(query);
    if (!rows) return core::Fail(rows.error());
    const bool more = static_cast<int>(rows->size()) > kPage;
    if (more) rows->resize(kPage);
    for (auto& r : *rows) out.push_back(std::move(r));
    if (!more) return {};
    query.before_id = out.back().id;
  }
}

core::Status ExportCommerce(Txn& txn, Id id, CustomerExport& out) {
  DealQuery dq;
  dq.customer_id = id;
  if (auto st = ReadAll(dq, out.deals, [&](const DealQuery& q) { return txn.Deals().List(q); }); !st) return st;
  OrderQuery oq;
  oq.customer_id = id;
  std::vector<Order> orders;
  if (auto st = ReadAll(oq, orders, [&](const OrderQuery& q) { return txn.Orders().List(q); }); !st) return st;
  for (auto& o : orders) {
    auto adj = txn.Orders().Adjustments(o.id);
    if (!adj) return core::Fail(adj.error());
    out.orders.emplace_back(std::move(o), std::move(*adj));
  }
  for (Id before = 0;;) {
    auto rows = txn.Loyalty().List(id, before, kPage);
    if (!rows) return core::Fail(rows.error());
    for (auto& e : *rows) out.loyalty.push_back(std::move(e));
    if (static_cast<int>(rows->size()) < kPage) break;
    before = out.loyalty.back().id;
  }
  auto usage = txn.Usage().OfCustomer(id, std::nullopt);
  if (!usage) return core::Fail(usage.error());
  out.usage = std::move(*usage);
  SubscriptionQuery sq;
  sq.customer_id = id;
  std::vector<Subscription> subs;
  if (auto st = ReadAll(sq, subs, [&](const SubscriptionQuery& q) { return txn.Subscriptions().List(q); }); !st) return st;
  for (auto& s : subs) {
    auto events = txn.Subscriptions().Events(s.id);
    if (!events) return core::Fail(events.error());
    out.subscriptions.emplace_back(std::move(s), std::move(*events));
  }
  ReferralQuery given, received;
  given.referrer_id = id;
  received.referred_id = id;
  for (const auto& q0 : {given, received})
    if (auto st = ReadAll(q0, out.referrals, [&](const ReferralQuery& q) { return txn.Referrals().List(q); }); !st)
      return st;
  auto invitations = txn.Appreciation().OfCustomer(id);
  if (!invitations) return core::Fail(invitations.error());
  out.invitations = std::move(*invitations);
  auto offers = txn.WinBack().Offers(id);
  if (!offers) return core::Fail(offers.error());
  out.win_back_offers = std::move(*offers);
  auto interactions = txn.Interactions().OfCustomer(id);
  if (!interactions) return core::Fail(interactions.error());
  out.interactions = std::move(*interactions);
  auto tasks = txn.Tasks().OfCustomer(id);
  if (!tasks) return core::Fail(tasks.error());
  out.tasks = std::move(*tasks);
  auto cases = txn.Cases().OfCustomer(id);
  if (!cases) return core::Fail(cases.error());
  for (auto& c : *cases) {
    auto events = txn.Cases().Events(c.id);
    if (!events) return core::Fail(events.error());
    out.cases.emplace_back(std::move(c), std::move(*events));
  }
  auto feedback = txn.Feedback().OfCustomer(id);
  if (!feedback) return core::Fail(feedback.error());
  out.feedback = std::move(*feedback);
  auto promises = txn.Promises().OfCustomer(id);
  if (!promises) return core::Fail(promises.error());
  out.promises = std::move(*promises);
  return {};
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
    if (auto st = ExportCommerce(txn, id, out); !st) return core::Fail(st.error());
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
    if (auto st = txn.Privacy().RedactCustomerText(id, "[erased]"); !st) return core::Fail(st.error());
    if (auto st = txn.Interactions().RedactCustomer(id, "[erased]"); !st) return core::Fail(st.error());
    if (auto st = txn.Tasks().RedactCustomer(id, "[erased]"); !st) return core::Fail(st.error());
    if (auto st = txn.Cases().RedactCustomer(id, "[erased]"); !st) return core::Fail(st.error());
    if (auto st = txn.Feedback().RedactCustomer(id, "[erased]"); !st) return core::Fail(st.error());
    if (auto st = txn.Promises().RedactCustomer(id, "[erased]"); !st) return core::Fail(st.error());
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
