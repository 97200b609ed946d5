#include "domain/care/case_service.hpp"

#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/cadence/cadence_service.hpp"
#include "domain/care/feedback_repo.hpp"
#include "domain/care/promise_service.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/order/order_repo.hpp"
#include "domain/product/product_service.hpp"  // StaleVersion
#include "domain/text_fields.hpp"
#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

constexpr std::int64_t kMaxPolicyMinutes = 366LL * 24 * 60;

core::Error CaseNotFound(Id id) { return core::Error::NotFound("case " + core::FormatId(id) + " not found"); }

core::Result<Case> FindVisibleCase(Txn& txn, const Actor& actor, Id id) {
  auto found = txn.Cases().Find(id, CustomerScope::For(actor));
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(CaseNotFound(id));
  return std::move(**found);
}

// An active user who may own a case; `errors` names the problem.
core::Status CheckOwner(Txn& txn, Id owner_id, std::map<std::string, std::string>& errors) {
  auto user = txn.Users().Find(owner_id);
  if (!user) return core::Fail(user.error());
  if (!*user || !(*user)->active) errors.emplace("owner_id", "no active user " + core::FormatId(owner_id));
  return {};
}

core::Status CheckOrder(Txn& txn, Id order_id, Id customer_id, std::map<std::string, std::string>& errors) {
  auto order = txn.Orders().Find(order_id, CustomerScope::Everyone());
  if (!order) return core::Fail(order.error());
  if (!*order) {
    errors.emplace("order_id", "no order " + core::FormatId(order_id));
    return {};
  }
  if ((*order)->customer_id != customer_id) errors.emplace("order_id", "order " + core::FormatId(order_id) + " is another customer's");
  return {};
}

AuditEntry CaseAudit(const Actor& actor, Timestamp now, const char* action, const Case& c) {
  auto e = NewAuditEntry(actor, now, action, "case", c.id);
  e.customer_id = c.customer_id;
  return e;
}

core::Status AppendEvent(Txn& txn, const Actor& actor, const Case& c, CaseEventKind kind, Timestamp now,
                         std::optional<CaseStatus> from_status = std::nullopt, std::optional<Id> from_owner = std::nullopt,
                         std::optional<std::string> note = std::nullopt) {
  CaseEvent e;
  e.case_id = c.id;
  e.at = now;
  e.user_id = actor.AuditId();
  e.kind = kind;
  if (from_status) e.from_status = std::string(CaseStatusName(*from_status));
  e.to_status = std::string(CaseStatusName(c.status));
  e.from_owner = from_owner;
  e.to_owner = c.owner_id;
  e.note = std::move(note);
  return txn.Cases().AppendEvent(e);
}

// Keeps the remedy promise in step with the case: a remedy named makes a promise (by the
// owner, due when the case must be resolved); a changed remedy changes the open promise; a
// remedy withdrawn cancels it.
core::Status SyncRemedyPromise(Txn& txn, const Actor& actor, Case& c, Timestamp now) {
  std::optional<Promise> current;
  if (c.promise_id) {
    auto found = txn.Promises().FindMany(std::span<const Id>(&*c.promise_id, 1));
    if (!found) return core::Fail(found.error());
    if (!found->empty()) current = std::move(found->front());
  }
  if (c.remedy_promised && (!current || !current->Open())) {
    if (current && current->description == *c.remedy_promised) return {};  // kept or broken already: history stays
    Promise p;
    p.customer_id = c.customer_id;
    p.case_id = c.id;
    p.kind = PromiseKind::kRemedy;
    p.description = *c.remedy_promised;
    p.promised_by = c.owner_id;
    p.due_at = c.resolve_by.ms > now.ms ? c.resolve_by : Timestamp{now.ms + core::kMsPerDay};
    p.created_at = p.updated_at = now;
    if (auto st = RecordPromise(txn, actor, p, now); !st) return st;
    c.promise_id = p.id;
    return {};
  }
  if (!current || !current->Open()) return {};
  if (!c.remedy_promised) {
    if (auto st = ClosePromise(*current, PromiseStatus::kCancelled, now); !st) return st;
    current->note = "the case's remedy was withdrawn";
    c.promise_id.reset();
    return txn.Promises().Update(*current);
  }
  if (current->description == *c.remedy_promised) return {};
  current->description = *c.remedy_promised;
  current->updated_at = now;
  ++current->version;
  return txn.Promises().Update(*current);
}

}  // namespace

core::Result<Case> OpenCase(Txn& txn, const Actor& actor, const CaseInput& in, Timestamp now) {
  std::map<std::string, std::string> errors = in.decode_errors;
  Case c;
  c.opened_at = c.updated_at = now;
  c.created_by = actor.AuditId();
  std::optional<Customer> customer;
  if (!in.customer_id || !*in.customer_id) {
    if (!errors.contains("customer_id")) errors.emplace("customer_id", "required");
  } else {
    auto found = FindVisibleCustomer(txn, actor, **in.customer_id);
    if (!found) {
      if (found.error().code != core::ErrorCode::kNotFound) return core::Fail(found.error());
      errors.emplace("customer_id", "no customer " + core::FormatId(**in.customer_id) + " you can see");
    } else {
      customer = std::move(*found);
      c.customer_id = customer->id;
    }
  }
  if (in.status) errors.emplace("status", "a new case is open: change its status once it exists");
  if (in.resolution) errors.emplace("resolution", "set when resolving the case");
  if (in.reason) errors.emplace("reason", "only with a status change");
  auto policy = txn.Cases().Policy();
  if (!policy) return core::Fail(policy.error());
  const auto deadlines = DeadlinesFor(*policy, CaseSeverity::kNormal);
  c.respond_by = Timestamp{now.ms + deadlines.respond_minutes * 60'000};
  c.resolve_by = Timestamp{now.ms + deadlines.resolve_minutes * 60'000};
  ApplyCaseFields(c, in, *policy, errors);
  if (!in.title && !errors.contains("title")) errors.emplace("title", "required: what the complaint is about");
  if (in.owner_id && *in.owner_id) {
    c.owner_id = **in.owner_id;
    const bool customers_owner = customer && customer->owner_id == c.owner_id;
    if (actor.role == Role::kRep && c.owner_id != actor.user_id && !customers_owner)
      return core::Fail(core::Error::Forbidden(
          "a rep may give a case to themselves or to the customer's owner; managers and admins to anyone (owner_id)"));
  } else if (in.owner_id) {
    errors.emplace("owner_id", "must not be null: a case always has one owner");
  } else if (customer && customer->owner_id) {
    c.owner_id = customer->owner_id;
  } else {
    c.owner_id = actor.user_id;
  }
  if (c.owner_id != 0) {
    if (auto st = CheckOwner(txn, c.owner_id, errors); !st) return core::Fail(st.error());
  } else if (!errors.contains("owner_id")) {
    errors.emplace("owner_id", "required: the command line has no user to own the case");
  }
  if (in.order_id && *in.order_id && c.customer_id) {
    c.order_id = **in.order_id;
    if (auto st = CheckOrder(txn, c.order_id.value(), c.customer_id, errors); !st) return core::Fail(st.error());
  }
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  if (auto st = txn.Cases().Insert(c); !st) return core::Fail(st.error());
  if (auto st = AppendEvent(txn, actor, c, CaseEventKind::kOpened, now); !st) return core::Fail(st.error());
  if (c.remedy_promised) {
    if (auto st = SyncRemedyPromise(txn, actor, c, now); !st) return core::Fail(st.error());
    if (auto st = txn.Cases().Update(c); !st) return core::Fail(st.error());
  }
  auto e = CaseAudit(actor, now, "case.create", c);
  e.changes.push_back({"title", std::nullopt, AuditText(c.title)});
  e.changes.push_back({"severity", std::nullopt, AuditText(CaseSeverityName(c.severity))});
  e.changes.push_back({"owner_id", std::nullopt, AuditInt(c.owner_id)});
  if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
  return c;
}

core::Status RecordCaseContact(Txn& txn, const Actor& actor, Id case_id, Id customer_id, bool outbound, Timestamp at) {
  auto found = txn.Cases().Find(case_id, CustomerScope::Everyone());
  if (!found) return core::Fail(found.error());
  if (!*found || (*found)->customer_id != customer_id)
    return core::Fail(core::Error::Invalid("case_id", "no case " + core::FormatId(case_id) + " of this customer"));
  Case& c = **found;
  if (!outbound || c.first_response_at) return {};
  c.first_response_at = at.ms < c.opened_at.ms ? c.opened_at : at;
  c.updated_at = at;
  ++c.version;
  if (auto st = txn.Cases().Update(c); !st) return st;
  return AppendEvent(txn, actor, c, CaseEventKind::kResponded, *c.first_response_at);
}

core::Result<Case> CaseService::Create(const Actor& actor, const CaseInput& input) {
  const Timestamp now = clock_.Now();
  return WriteValue<Case>(store_, [&](Txn& txn) { return OpenCase(txn, actor, input, now); });
}

core::Result<Case> CaseService::Get(const Actor& actor, Id id) {
  return ReadValue<Case>(store_, [&](Txn& txn) { return FindVisibleCase(txn, actor, id); });
}

core::Result<CasePage> CaseService::List(const Actor& actor, CaseQuery query, std::optional<std::string_view> cursor) {
  query.scope = CustomerScope::For(actor);
  auto before = DecodeIdCursor(cursor);
  if (!before) return core::Fail(before.error());
  query.before_id = *before;
  auto rows = ReadValue<std::vector<Case>>(store_, [&](Txn& txn) { return txn.Cases().List(query); });
  if (!rows) return core::Fail(rows.error());
  return PageOf(std::move(*rows), query.limit);
}

core::Result<Case> CaseService::Update(const Actor& actor, Id id, const CaseInput& in,
                                       std::optional<std::int64_t> expected_version) {
  const Timestamp now = clock_.Now();
  return WriteValue<Case>(store_, [&](Txn& txn) -> core::Result<Case> {
    auto c = FindVisibleCase(txn, actor, id);
    if (!c) return c;
    if (expected_version && *expected_version != c->version) return core::Fail(StaleVersion("case", id, c->version));
    std::map<std::string, std::string> errors = in.decode_errors;
    if (in.customer_id) errors.emplace("customer_id", "cannot change: open a case for the other customer");
    if (in.owner_id) errors.emplace("owner_id", "cannot change here: POST /api/v1/cases/{id}/assign with a reason (transfers are counted)");
    const Case before = *c;
    std::optional<CaseStatus> to;
    if (in.status) {
      to = *in.status ? ParseCaseStatus(**in.status) : std::nullopt;
      if (!to) errors.emplace("status", "must be one of open, in_progress, resolved, closed");
    }
    const bool moving = to && *to != c->status;
    const bool editing = in.title || in.description || in.severity || in.channel || in.remedy_promised || in.resolution || in.order_id;
    if (c->status == CaseStatus::kClosed && editing && !(moving && *to == CaseStatus::kOpen))
      return core::Fail(core::Error::Conflict("case " + core::FormatId(id) + " is closed: reopen it (status open) to change it"));
    if (in.reason && !moving) errors.emplace("reason", "only with a status change");
    auto policy = txn.Cases().Policy();
    if (!policy) return core::Fail(policy.error());
    ApplyCaseFields(*c, in, *policy, errors);
    if (in.order_id) {
      c->order_id = *in.order_id ? std::optional<Id>(**in.order_id) : std::nullopt;
      if (c->order_id)
        if (auto st = CheckOrder(txn, *c->order_id, c->customer_id, errors); !st) return core::Fail(st.error());
    }
    std::optional<std::string> reason;
    if (in.reason && *in.reason) reason = CleanOptionalText(**in.reason, "reason", kMaxCaseReason, errors);
    if (moving) {
      if (auto st = CheckMove(id, c->status, *to); !st) return core::Fail(st.error());
      if (*to == CaseStatus::kResolved && !c->resolution && !errors.contains("resolution"))
        errors.emplace("resolution", "required to resolve the case: what was done");
    }
    if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
    if (moving) ApplyMove(*c, *to, now);
    if (auto st = SyncRemedyPromise(txn, actor, *c, now); !st) return core::Fail(st.error());
    c->updated_at = now;
    ++c->version;
    if (auto st = txn.Cases().Update(*c); !st) return core::Fail(st.error());
    if (moving) {
      const auto kind = *to == CaseStatus::kOpen ? CaseEventKind::kReopened : CaseEventKind::kStatus;
      if (auto st = AppendEvent(txn, actor, *c, kind, now, before.status, std::nullopt, reason); !st) return core::Fail(st.error());
      // A resolution (or a reopening) changes the check-ins the cadences call for.
      if (*to == CaseStatus::kResolved || *to == CaseStatus::kOpen)
        if (auto st = CustomerChanged(txn, c->customer_id, now); !st) return core::Fail(st.error());
    }
    auto e = CaseAudit(actor, now, moving ? "case.status" : "case.update", *c);
    if (moving) e.changes.push_back({"status", AuditText(CaseStatusName(before.status)), AuditText(CaseStatusName(c->status))});
    if (before.title != c->title) e.changes.push_back({"title", AuditText(before.title), AuditText(c->title)});
    if (before.severity != c->severity)
      e.changes.push_back({"severity", AuditText(CaseSeverityName(before.severity)), AuditText(CaseSeverityName(c->severity))});
    if (before.remedy_promised != c->remedy_promised)
      e.changes.push_back({"remedy_promised", before.remedy_promised ? std::optional(AuditText(*before.remedy_promised)) : std::nullopt,
                           c->remedy_promised ? std::optional(AuditText(*c->remedy_promised)) : std::nullopt});
    if (reason) e.detail = *reason;
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return std::move(*c);
  });
}

core::Result<Case> CaseService::Assign(const Actor& actor, Id id, const AssignCaseInput& in) {
  const Timestamp now = clock_.Now();
  return WriteValue<Case>(store_, [&](Txn& txn) -> core::Result<Case> {
    auto c = FindVisibleCase(txn, actor, id);
    if (!c) return c;
    if (in.expected_version && *in.expected_version != c->version) return core::Fail(StaleVersion("case", id, c->version));
    if (actor.role == Role::kRep && actor.user_id != c->owner_id)
      return core::Fail(core::Error::Forbidden("only the case's owner, managers and admins may reassign it"));
    if (c->status == CaseStatus::kClosed)
      return core::Fail(core::Error::Conflict("case " + core::FormatId(id) + " is closed: its owner stays as it was"));
    std::map<std::string, std::string> errors = in.decode_errors;
    if (!in.owner_id && !errors.contains("owner_id")) errors.emplace("owner_id", "required: the user who takes the case over");
    auto reason = CleanOptionalText(in.reason, "reason", kMaxCaseReason, errors);
    if (!reason && !errors.contains("reason"))
      errors.emplace("reason", "required: why the case changes hands (transfers are counted and shown)");
    if (in.owner_id) {
      if (*in.owner_id == c->owner_id) errors.emplace("owner_id", "user " + core::FormatId(*in.owner_id) + " owns the case already");
      else if (auto st = CheckOwner(txn, *in.owner_id, errors); !st) return core::Fail(st.error());
    }
    if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
    const Id from = c->owner_id;
    c->owner_id = *in.owner_id;
    ++c->transfer_count;
    c->updated_at = now;
    ++c->version;
    if (auto st = txn.Cases().Update(*c); !st) return core::Fail(st.error());
    if (auto st = AppendEvent(txn, actor, *c, CaseEventKind::kAssigned, now, std::nullopt, from, reason); !st) return core::Fail(st.error());
    auto e = CaseAudit(actor, now, "case.assign", *c);
    e.changes.push_back({"owner_id", AuditInt(from), AuditInt(c->owner_id)});
    e.detail = *reason;
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return std::move(*c);
  });
}

core::Result<std::vector<CaseEvent>> CaseService::Events(const Actor& actor, Id id) {
  return ReadValue<std::vector<CaseEvent>>(store_, [&](Txn& txn) -> core::Result<std::vector<CaseEvent>> {
    if (auto c = FindVisibleCase(txn, actor, id); !c) return core::Fail(c.error());
    return txn.Cases().Events(id);
  });
}

core::Result<CasePolicy> CaseService::Policy() {
  return ReadValue<CasePolicy>(store_, [&](Txn& txn) { return txn.Cases().Policy(); });
}

core::Status CaseService::MayChangePolicy(const Actor& actor) {
  if (actor.role == Role::kRep) return core::Fail(core::Error::Forbidden("only managers and admins may change the case policy"));
  return {};
}

core::Result<CasePolicy> CaseService::SetPolicy(const Actor& actor, const CasePolicy& policy,
                                                std::map<std::string, std::string> decode_errors) {
  if (auto st = MayChangePolicy(actor); !st) return core::Fail(st.error());
  std::map<std::string, std::string> errors = std::move(decode_errors);
  for (const auto& d : policy) {
    const std::string prefix = std::string(CaseSeverityName(d.severity)) + ".";
    if (d.respond_minutes < 1 || d.respond_minutes > kMaxPolicyMinutes)
      errors.emplace(prefix + "respond_minutes", "must be 1 to " + std::to_string(kMaxPolicyMinutes) + " (a year)");
    if (d.resolve_minutes < 1 || d.resolve_minutes > kMaxPolicyMinutes)
      errors.emplace(prefix + "resolve_minutes", "must be 1 to " + std::to_string(kMaxPolicyMinutes) + " (a year)");
    else if (d.respond_minutes > d.resolve_minutes)
      errors.emplace(prefix + "respond_minutes", "must not exceed resolve_minutes: the first response comes before the resolution");
  }
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  const Timestamp now = clock_.Now();
  return WriteValue<CasePolicy>(store_, [&](Txn& txn) -> core::Result<CasePolicy> {
    auto before = txn.Cases().Policy();
    if (!before) return core::Fail(before.error());
    if (auto st = txn.Cases().SavePolicy(policy); !st) return core::Fail(st.error());
    auto after = txn.Cases().Policy();
    if (!after) return core::Fail(after.error());
    auto e = NewAuditEntry(actor, now, "case.policy", "case_policy", std::nullopt);
    for (std::size_t i = 0; i < after->size() && i < before->size(); ++i) {
      const auto& a = (*after)[i];
      const auto& b = (*before)[i];
      const std::string s(CaseSeverityName(a.severity));
      if (a.respond_minutes != b.respond_minutes)
        e.changes.push_back({s + ".respond_minutes", AuditInt(b.respond_minutes), AuditInt(a.respond_minutes)});
      if (a.resolve_minutes != b.resolve_minutes)
        e.changes.push_back({s + ".resolve_minutes", AuditInt(b.resolve_minutes), AuditInt(a.resolve_minutes)});
    }
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return std::move(*after);
  });
}

core::Result<CareDashboard> CaseService::Dashboard(const Actor& actor, Timestamp from) {
  const Timestamp now = clock_.Now();
  const auto scope = CustomerScope::For(actor);
  return ReadValue<CareDashboard>(store_, [&](Txn& txn) -> core::Result<CareDashboard> {
    CaseDashboardBuilder builder(from, now);
    if (auto st = txn.Cases().AddFigureRows(from, scope, builder); !st) return core::Fail(st.error());
    CareDashboard d;
    d.cases = builder.Finish();
    auto promises = txn.Promises().CountsByPromiser(scope, std::nullopt);
    if (!promises) return core::Fail(promises.error());
    d.promises = std::move(*promises);
    auto users = txn.Users().List();
    if (!users) return core::Fail(users.error());
    for (const auto& u : *users)
      if (d.cases.by_owner.contains(u.id) || d.promises.contains(u.id)) d.owner_names[u.id] = u.name;
    return d;
  });
}

core::Result<CustomerCare> CaseService::ForCustomer(const Actor& actor, Id customer_id) {
  return ReadValue<CustomerCare>(store_, [&](Txn& txn) -> core::Result<CustomerCare> {
    if (auto c = FindVisibleCustomer(txn, actor, customer_id); !c) return core::Fail(c.error());
    CustomerCare out;
    out.customer_id = customer_id;
    auto cases = txn.Cases().OfCustomer(customer_id);
    if (!cases) return core::Fail(cases.error());
    out.cases_total = static_cast<int>(cases->size());
    for (auto& c : *cases) {
      out.transfers_total += c.transfer_count;
      if (c.Active()) out.active_cases.push_back(std::move(c));
    }
    auto nps = txn.Feedback().LatestNps(customer_id);
    if (!nps) return core::Fail(nps.error());
    out.latest_nps = std::move(*nps);
    auto promises = txn.Promises().OfCustomer(customer_id);
    if (!promises) return core::Fail(promises.error());
    for (auto& p : *promises) {
      switch (p.status) {
        case PromiseStatus::kOpen: ++out.promises.open; out.open_promises.push_back(std::move(p)); break;
        case PromiseStatus::kKept: ++out.promises.kept; break;
        case PromiseStatus::kBroken: ++out.promises.broken; out.broken_promises.push_back(std::move(p)); break;
        case PromiseStatus::kCancelled: ++out.promises.cancelled; break;
      }
    }
    return out;
  });
}

}  // namespace rapport::domain
