#include "domain/customer/customer_service.hpp"

#include <set>

#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/cadence/cadence_service.hpp"
#include "domain/customer/customer_audit.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/customer/customer_rules.hpp"
#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

core::Error CustomerNotFound(Id id) {
  return core::Error::NotFound("customer " + core::FormatId(id) + " not found");
}

// Checks that need the database: the owner is an active user, the company is a company.
core::Status CheckReferences(Txn& txn, const Customer& c, const CustomerInput& in,
                            const CustomerScope& scope) {
  std::map<std::string, std::string> errors;
  if (in.owner_id && *in.owner_id) {
    auto owner = txn.Users().Find(c.owner_id);
    if (!owner) return core::Fail(owner.error());
    if (!*owner || !(*owner)->active) errors["owner_id"] = "no active user with this id";
  }
  if (in.company_id && *in.company_id) {
    if (*c.company_id == c.id) {
      errors["company_id"] = "a customer cannot belong to itself";
    } else {
      auto company = txn.Customers().Find(*c.company_id, scope);
      if (!company) return core::Fail(company.error());
      if (!*company || (*company)->archived_at)
        errors["company_id"] = "no customer with this id";
      else if ((*company)->kind != CustomerKind::kCompany)
        errors["company_id"] = "customer " + core::FormatId(*c.company_id) + " is not a company";
    }
  }
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return {};
}

// Validation errors and reference errors reported together: every bad field at once.
core::Error MergeFieldErrors(core::Error first, const core::Status& references) {
  if (references || references.error().code != core::ErrorCode::kInvalidArgument) return first;
  auto fields = std::move(first.fields);
  for (const auto& [k, v] : references.error().fields) fields.emplace(k, v);
  return core::Error::Invalid(std::move(fields));
}

core::Result<std::optional<std::string>> CleanStageText(const std::optional<std::string>& raw,
                                                        const char* field, std::size_t max_len) {
  if (!raw) return std::optional<std::string>{};
  if (!core::IsValidUtf8(*raw)) return core::Fail(core::Error::Invalid(field, "must be valid UTF-8"));
  std::string text = core::Trim(*raw);
  if (text.empty()) return std::optional<std::string>{};
  if (core::CodepointCount(text) > max_len)
    return core::Fail(core::Error::Invalid(
        field, "too long: at most " + std::to_string(max_len) + " characters"));
  return std::optional<std::string>{std::move(text)};
}

// Only managers and admins give a customer to someone else.
core::Status CheckOwnerChange(const Actor& actor, Id old_owner, Id new_owner) {
  if (new_owner == old_owner || actor.SeesAllCustomers()) return {};
  return core::Fail(core::Error::Forbidden(
      "only managers and admins may assign a customer to another user (owner_id)"));
}

// The visible customer `id`, or kNotFound.
core::Result<Customer> FindVisible(Txn& txn, const Actor& actor, Id id) {
  auto found = txn.Customers().Find(id, CustomerScope::For(actor));
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(CustomerNotFound(id));
  return std::move(**found);
}

core::Status AppendCustomerAudit(Txn& txn, const Actor& actor, Timestamp at, const char* action,
                                 const Customer* before, const Customer& after) {
  AuditEntry e = NewAuditEntry(actor, at, action, "customer", after.id);
  e.customer_id = after.id;
  e.changes = CustomerChanges(before, after);
  return txn.Audit().Append(e);
}

}  // namespace

core::Result<Customer> FindVisibleCustomer(Txn& txn, const Actor& actor, Id id) { return FindVisible(txn, actor, id); }

core::Result<Customer> CustomerService::Create(const Actor& actor, const CustomerInput& input) {
  Customer c;
  c.owner_id = actor.user_id;
  const auto scope = CustomerScope::For(actor);
  if (auto st = ApplyCustomerInput(input, /*creating=*/true, c); !st) {
    if (st.error().code != core::ErrorCode::kInvalidArgument) return core::Fail(st.error());
    auto refs = store_.Read([&](Txn& txn) { return CheckReferences(txn, c, input, scope); });
    return core::Fail(MergeFieldErrors(st.error(), refs));
  }
  if (actor.user_id == 0 && c.owner_id == 0)
    return core::Fail(core::Error::Invalid("owner_id", "required when not signed in as a user"));
  if (auto st = CheckOwnerChange(actor, actor.user_id, c.owner_id); !st) return core::Fail(st.error());
  const Timestamp now = clock_.Now();
  c.created_at = c.updated_at = c.stage_changed_at = now;
  c.stage = Stage::kContact;
  c.version = 1;
  return WriteValue<Customer>(store_, [&](Txn& txn) -> core::Result<Customer> {
    if (auto st = CheckReferences(txn, c, input, scope); !st) return core::Fail(st.error());
    auto id = txn.Customers().Insert(c);
    if (!id) return core::Fail(id.error());
    Customer created = c;
    created.id = *id;
    if (auto st = CustomerChanged(txn, created.id, now); !st) return core::Fail(st.error());
    if (auto st = AppendCustomerAudit(txn, actor, now, "customer.create", nullptr, created); !st)
      return core::Fail(st.error());
    return created;
  });
}

core::Result<Customer> CustomerService::Get(const Actor& actor, Id id) {
  return ReadValue<Customer>(store_, [&](Txn& txn) { return FindVisible(txn, actor, id); });
}

core::Result<Customer> CustomerService::Update(const Actor& actor, Id id,
                                               const CustomerInput& input,
                                               std::optional<std::int64_t> expected_version) {
  return WriteValue<Customer>(store_, [&](Txn& txn) {
    return UpdateIn(txn, actor, id, input, expected_version);
  });
}

// The one path every change of a customer's fields takes (PATCH and bulk reassign), so audit,
// cadence re-evaluation and the version behave the same whichever route made the change.
core::Result<Customer> CustomerService::UpdateIn(Txn& txn, const Actor& actor, Id id,
                                                 const CustomerInput& input,
                                                 std::optional<std::int64_t> expected_version) {
  const auto scope = CustomerScope::For(actor);
  auto found = FindVisible(txn, actor, id);
  if (!found) return core::Fail(found.error());
  const Customer before = *found;
  Customer c = std::move(*found);
  if (expected_version && *expected_version != c.version)
    return core::Fail(core::Error{core::ErrorCode::kPreconditionFailed,
                                  "customer " + core::FormatId(id) +
                                      " was changed by someone else (version " +
                                      std::to_string(c.version) + "); reload and retry",
                                  {}});
  if (c.archived_at)
    return core::Fail(core::Error::Conflict("customer " + core::FormatId(id) + " is archived"));
  if (auto st = ApplyCustomerInput(input, /*creating=*/false, c); !st)
    return core::Fail(MergeFieldErrors(st.error(), CheckReferences(txn, c, input, scope)));
  if (auto st = CheckReferences(txn, c, input, scope); !st) return core::Fail(st.error());
  if (auto st = CheckOwnerChange(actor, before.owner_id, c.owner_id); !st) return core::Fail(st.error());
  auto changes = CustomerChanges(&before, c);
  if (changes.empty()) return c;  // nothing to write: the version and the log stay as they are
  c.updated_at = clock_.Now();
  ++c.version;
  if (auto st = txn.Customers().Update(c); !st) return core::Fail(st.error());
  // What the cadence rules look at: owner, source, tags.
  if (c.owner_id != before.owner_id || c.source != before.source || c.tags != before.tags)
    if (auto st = CustomerChanged(txn, c.id, c.updated_at); !st) return core::Fail(st.error());
  AuditEntry e = NewAuditEntry(actor, c.updated_at,
                               c.owner_id != before.owner_id ? "customer.reassign" : "customer.update",
                               "customer", c.id);
  e.customer_id = c.id;
  e.changes = std::move(changes);
  if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
  return c;
}

core::Result<int> CustomerService::Reassign(const Actor& actor, const std::vector<Id>& ids,
                                            Id owner_id) {
  if (!actor.SeesAllCustomers())
    return core::Fail(core::Error::Forbidden(
        "only managers and admins may reassign customers to another user"));
  std::map<std::string, std::string> errors;
  if (ids.empty()) errors["customer_ids"] = "must list at least one customer id";
  if (ids.size() > kMaxReassign)
    errors["customer_ids"] = "too many: at most " + std::to_string(kMaxReassign) + " per request";
  std::set<Id> seen;
  for (std::size_t i = 0; i < ids.size() && errors.empty(); ++i)
    if (!seen.insert(ids[i]).second)
      errors["customer_ids[" + std::to_string(i) + "]"] =
          "duplicate of an earlier id (" + core::FormatId(ids[i]) + ")";
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return WriteValue<int>(store_, [&](Txn& txn) -> core::Result<int> {
    // Every reference is checked before the first write, so a refusal names every bad field and
    // the transaction has changed nothing.
    std::map<std::string, std::string> bad;
    auto owner = txn.Users().Find(owner_id);
    if (!owner) return core::Fail(owner.error());
    if (!*owner || !(*owner)->active) bad["owner_id"] = "no active user with this id";
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto found = txn.Customers().Find(ids[i], CustomerScope::For(actor));
      if (!found) return core::Fail(found.error());
      const std::string field = "customer_ids[" + std::to_string(i) + "]";
      if (!*found) bad[field] = "no customer with id " + core::FormatId(ids[i]);
      else if ((*found)->archived_at) bad[field] = "customer " + core::FormatId(ids[i]) + " is archived";
    }
    if (!bad.empty()) return core::Fail(core::Error::Invalid(std::move(bad)));
    CustomerInput input;
    input.owner_id = std::optional<Id>{owner_id};
    for (Id id : ids)
      if (auto c = UpdateIn(txn, actor, id, input, std::nullopt); !c) return core::Fail(c.error());
    return static_cast<int>(ids.size());
  });
}

core::Status CustomerService::Archive(const Actor& actor, Id id) {
  return store_.Write([&](Txn& txn) -> core::Status {
    auto found = FindVisible(txn, actor, id);
    if (!found) return core::Fail(found.error());
    const Customer before = *found;
    Customer c = std::move(*found);
    if (c.archived_at) return {};
    c.archived_at = c.updated_at = clock_.Now();
    ++c.version;
    if (auto st = txn.Customers().Update(c); !st) return st;
    if (auto st = CustomerChanged(txn, c.id, c.updated_at); !st) return st;
    return AppendCustomerAudit(txn, actor, c.updated_at, "customer.archive", &before, c);
  });
}

core::Result<CustomerPage> CustomerService::List(const Actor& actor, const CustomerQuery& request) {
  CustomerQuery query = request;
  query.scope = CustomerScope::For(actor);
  if (query.q) {
    query.q = core::FoldCase(core::Trim(*query.q));  // the stored search text is folded alike
    if (query.q->empty()) query.q.reset();
  }
  auto rows = ReadValue<std::vector<Customer>>(
      store_, [&](Txn& txn) { return txn.Customers().List(query); });
  if (!rows) return core::Fail(rows.error());
  CustomerPage page;
  page.items = std::move(*rows);
  if (static_cast<int>(page.items.size()) > query.limit) {
    page.items.resize(static_cast<std::size_t>(query.limit));
    page.next_cursor = EncodeCursor(CursorAfter(page.items.back(), query.sort));
  }
  return page;
}

core::Result<std::vector<StageCount>> CustomerService::StageCounts(const Actor& actor,
                                                                  const CustomerQuery& request) {
  CustomerQuery query = request;
  query.scope = CustomerScope::For(actor);
  if (query.q) {
    query.q = core::FoldCase(core::Trim(*query.q));  // as List: the stored text is folded alike
    if (query.q->empty()) query.q.reset();
  }
  auto rows = ReadValue<std::vector<StageCount>>(
      store_, [&](Txn& txn) { return txn.Customers().StageCounts(query); });
  if (!rows) return core::Fail(rows.error());
  std::vector<StageCount> out;
  for (Stage s : {Stage::kContact, Stage::kLead, Stage::kProposal, Stage::kNegotiation, Stage::kOrder,
                  Stage::kRomance, Stage::kLost, Stage::kChurned}) {
    StageCount c{s, 0, 0};
    for (const auto& r : *rows)
      if (r.stage == s) c = r;
    out.push_back(c);
  }
  return out;
}

core::Result<StageChange> CustomerService::ChangeStage(const Actor& actor, Id id,
                                                       const StageChangeRequest& request) {
  auto reason = CleanStageText(request.reason, "reason", 500);
  if (!reason) return core::Fail(reason.error());
  auto competitor = CleanStageText(request.competitor, "competitor", 200);
  if (!competitor) return core::Fail(competitor.error());
  return WriteValue<StageChange>(store_, [&](Txn& txn) -> core::Result<StageChange> {
    auto found = FindVisible(txn, actor, id);
    if (!found) return core::Fail(found.error());
    const Customer before = *found;
    Customer c = std::move(*found);
    if (c.archived_at)
      return core::Fail(core::Error::Conflict("customer " + core::FormatId(id) + " is archived"));
    auto moves = PlanStageChange(c.stage, request.target, reason->has_value(),
                                 competitor->has_value());
    if (!moves) return core::Fail(moves.error());
    const Timestamp now = clock_.Now();
    std::vector<StageTransition> transitions;
    for (const auto& m : *moves) {
      StageTransition t;
      t.customer_id = id;
      t.from = m.from;
      t.to = m.to;
      t.at = now;
      t.by = actor.user_id;
      transitions.push_back(std::move(t));
    }
    transitions.back().reason = *reason;
    transitions.back().competitor = *competitor;
    if (auto st = txn.Customers().AppendTransitions(transitions); !st)
      return core::Fail(st.error());
    c.stage = request.target;
    c.stage_changed_at = c.updated_at = now;
    ++c.version;
    if (auto st = txn.Customers().UpdateStage(c); !st) return core::Fail(st.error());
    if (auto st = CustomerChanged(txn, id, now); !st) return core::Fail(st.error());
    AuditEntry audit = NewAuditEntry(actor, now, "customer.stage", "customer", id);
    audit.customer_id = id;
    audit.changes = CustomerChanges(&before, c);
    if (transitions.back().reason) audit.changes.push_back({"reason", std::nullopt, AuditText(*transitions.back().reason)});
    if (transitions.back().competitor)
      audit.changes.push_back({"competitor", std::nullopt, AuditText(*transitions.back().competitor)});
    if (auto st = txn.Audit().Append(audit); !st) return core::Fail(st.error());
    return StageChange{std::move(c), std::move(transitions)};
  });
}

core::Result<HistoryPage> CustomerService::History(const Actor& actor, Id id,
                                                   std::optional<std::string_view> cursor,
                                                   int limit) {
  Id after = 0;
  if (cursor) {
    auto parsed = core::ParseId(*cursor);
    if (!parsed)
      return core::Fail(core::Error::Invalid(
          "cursor", "not a valid cursor: pass next_cursor from the previous page unchanged"));
    after = *parsed;
  }
  return ReadValue<HistoryPage>(store_, [&](Txn& txn) -> core::Result<HistoryPage> {
    auto found = FindVisible(txn, actor, id);
    if (!found) return core::Fail(found.error());
    auto rows = txn.Customers().History(id, after, limit + 1);
    if (!rows) return core::Fail(rows.error());
    HistoryPage page;
    page.items = std::move(*rows);
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.resize(static_cast<std::size_t>(limit));
      page.next_cursor = core::FormatId(page.items.back().id);
    }
    return page;
  });
}

}  // namespace rapport::domain
