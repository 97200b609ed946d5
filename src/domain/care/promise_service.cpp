#include "domain/care/promise_service.hpp"

#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/care/case_repo.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/product/product_service.hpp"  // StaleVersion
#include "domain/text_fields.hpp"
#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

core::Error PromiseNotFound(Id id) { return core::Error::NotFound("promise " + core::FormatId(id) + " not found"); }

core::Result<Promise> FindVisiblePromise(Txn& txn, const Actor& actor, Id id) {
  auto found = txn.Promises().Find(id, CustomerScope::For(actor));
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(PromiseNotFound(id));
  return std::move(**found);
}

AuditEntry PromiseAudit(const Actor& actor, Timestamp now, std::string action, const Promise& p) {
  auto e = NewAuditEntry(actor, now, std::move(action), "promise", p.id);
  e.customer_id = p.customer_id;
  return e;
}

void ApplyText(Promise& p, const PromiseInput& in, std::map<std::string, std::string>& errors) {
  if (in.kind) {
    auto k = *in.kind ? ParsePromiseKind(**in.kind) : std::nullopt;
    if (k) p.kind = *k;
    else errors.emplace("kind", "must be one of remedy, delivery, callback, other");
  }
  if (in.description) {
    auto d = *in.description ? CleanOptionalText(**in.description, "description", kMaxPromiseText, errors) : std::nullopt;
    if (d) p.description = *d;
    else if (!errors.contains("description")) errors.emplace("description", "must not be empty: what was promised");
  }
  if (in.note) p.note = *in.note ? CleanOptionalText(**in.note, "note", kMaxPromiseText, errors) : std::nullopt;
  if (in.due_at) {
    if (*in.due_at) p.due_at = **in.due_at;
    else errors.emplace("due_at", "must not be null");
  }
}

}  // namespace

core::Status RecordPromise(Txn& txn, const Actor& actor, Promise& p, Timestamp now) {
  if (auto st = txn.Promises().Insert(p); !st) return st;
  auto e = PromiseAudit(actor, now, "promise.create", p);
  e.changes.push_back({"description", std::nullopt, AuditText(p.description)});
  e.changes.push_back({"due_at", std::nullopt, AuditTime(p.due_at)});
  return txn.Audit().Append(e);
}

core::Result<Promise> PromiseService::Create(const Actor& actor, const PromiseInput& in) {
  const Timestamp now = clock_.Now();
  return WriteValue<Promise>(store_, [&](Txn& txn) -> core::Result<Promise> {
    std::map<std::string, std::string> errors = in.decode_errors;
    Promise p;
    p.created_at = p.updated_at = now;
    p.promised_by = actor.user_id;
    if (!in.customer_id || !*in.customer_id) {
      if (!errors.contains("customer_id")) errors.emplace("customer_id", "required");
    } else if (auto c = FindVisibleCustomer(txn, actor, **in.customer_id); !c) {
      if (c.error().code != core::ErrorCode::kNotFound) return core::Fail(c.error());
      errors.emplace("customer_id", "no customer " + core::FormatId(**in.customer_id) + " you can see");
    } else {
      p.customer_id = c->id;
    }
    if (in.status) errors.emplace("status", "a new promise is open: mark it kept or broken once made");
    if (!in.description && !errors.contains("description")) errors.emplace("description", "required: what was promised");
    if (!in.due_at && !errors.contains("due_at")) errors.emplace("due_at", "required: by when (ISO 8601)");
    ApplyText(p, in, errors);
    if (in.due_at && *in.due_at && (**in.due_at).ms < now.ms - core::kMsPerDay)
      errors.emplace("due_at", "must not be in the past: record a promise when it is made");
    if (in.case_id && *in.case_id && p.customer_id) {
      auto k = txn.Cases().Find(**in.case_id, CustomerScope::Everyone());
      if (!k) return core::Fail(k.error());
      if (!*k || (*k)->customer_id != p.customer_id)
        errors.emplace("case_id", "no case " + core::FormatId(**in.case_id) + " of this customer");
      else p.case_id = (*k)->id;
    }
    if (in.promised_by && *in.promised_by) {
      p.promised_by = **in.promised_by;
      if (actor.role == Role::kRep && p.promised_by != actor.user_id)
        return core::Fail(core::Error::Forbidden("a rep records promises in their own name (promised_by)"));
      auto u = txn.Users().Find(p.promised_by);
      if (!u) return core::Fail(u.error());
      if (!*u) errors.emplace("promised_by", "no user " + core::FormatId(p.promised_by));
    } else if (p.promised_by == 0 && !errors.contains("promised_by")) {
      errors.emplace("promised_by", "required from the command line: who made the promise");
    }
    if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
    if (auto st = RecordPromise(txn, actor, p, now); !st) return core::Fail(st.error());
    return p;
  });
}

core::Result<Promise> PromiseService::Get(const Actor& actor, Id id) {
  return ReadValue<Promise>(store_, [&](Txn& txn) { return FindVisiblePromise(txn, actor, id); });
}

core::Result<PromisePage> PromiseService::List(const Actor& actor, PromiseQuery query, std::optional<std::string_view> cursor) {
  query.scope = CustomerScope::For(actor);
  auto before = DecodeIdCursor(cursor);
  if (!before) return core::Fail(before.error());
  query.before_id = *before;
  auto rows = ReadValue<std::vector<Promise>>(store_, [&](Txn& txn) { return txn.Promises().List(query); });
  if (!rows) return core::Fail(rows.error());
  return PageOf(std::move(*rows), query.limit);
}

core::Result<Promise> PromiseService::Update(const Actor& actor, Id id, const PromiseInput& in,
                                             std::optional<std::int64_t> expected_version) {
  const Timestamp now = clock_.Now();
  return WriteValue<Promise>(store_, [&](Txn& txn) -> core::Result<Promise> {
    auto p = FindVisiblePromise(txn, actor, id);
    if (!p) return p;
    if (expected_version && *expected_version != p->version) return core::Fail(StaleVersion("promise", id, p->version));
    std::map<std::string, std::string> errors = in.decode_errors;
    if (in.customer_id) errors.emplace("customer_id", "cannot change: record a new promise");
    if (in.case_id) errors.emplace("case_id", "cannot change: record a new promise");
    if (in.promised_by) errors.emplace("promised_by", "cannot change: record a new promise");
    const bool edits = in.kind || in.description || in.due_at;
    if (!p->Open() && (edits || in.status))
      return core::Fail(core::Error::Conflict("promise " + core::FormatId(id) + " is " + std::string(PromiseStatusName(p->status)) +
                                              ": a closed promise stays as it was"));
    const Promise before = *p;
    ApplyText(*p, in, errors);
    std::optional<PromiseStatus> to;
    if (in.status) {
      to = *in.status ? ParsePromiseStatus(**in.status) : std::nullopt;
      if (!to) errors.emplace("status", "must be kept, broken or cancelled");
    }
    if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
    if (to) {
      if (auto st = ClosePromise(*p, *to, now); !st) return core::Fail(st.error());
    } else {
      p->updated_at = now;
      ++p->version;
    }
    if (auto st = txn.Promises().Update(*p); !st) return core::Fail(st.error());
    auto e = PromiseAudit(actor, now, to ? "promise." + std::string(PromiseStatusName(*to)) : "promise.update", *p);
    if (before.due_at != p->due_at) e.changes.push_back({"due_at", AuditTime(before.due_at), AuditTime(p->due_at)});
    if (before.description != p->description) e.changes.push_back({"description", AuditText(before.description), AuditText(p->description)});
    if (to) e.changes.push_back({"status", AuditText(PromiseStatusName(before.status)), AuditText(PromiseStatusName(p->status))});
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return std::move(*p);
  });
}

core::Result<int> PromiseService::BreakOverdue(int batch) {
  const Timestamp now = clock_.Now();
  const Actor system{0, Role::kAdmin, std::nullopt, "scheduler"};
  int total = 0;
  for (;;) {
    auto broken = WriteValue<int>(store_, [&](Txn& txn) -> core::Result<int> {
      auto rows = txn.Promises().BreakOverdue(now, batch);
      if (!rows) return core::Fail(rows.error());
      for (const auto& p : *rows) {
        auto e = PromiseAudit(system, now, "promise.broken", p);
        e.detail = "due " + core::FormatIso8601(p.due_at) + " passed without being kept";
        if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
      }
      return static_cast<int>(rows->size());
    });
    if (!broken) return core::Fail(broken.error());
    total += *broken;
    if (*broken < batch) return total;
  }
}

}  // namespace rapport::domain
