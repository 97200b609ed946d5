#include "domain/task/task_service.hpp"

#include <charconv>

#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/interaction/interaction_service.hpp"
#include "domain/product/product_service.hpp"  // StaleVersion
#include "domain/task/task_repo.hpp"
#include "domain/text_fields.hpp"
#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

constexpr std::size_t kMaxTitle = 300;
constexpr std::size_t kMaxNotes = 5000;

core::Error TaskNotFound(Id id) { return core::Error::NotFound("task " + core::FormatId(id) + " not found"); }

core::Result<Task> FindVisibleTask(Txn& txn, const Actor& actor, Id id) {
  auto found = txn.Tasks().Find(id, CustomerScope::For(actor));
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(TaskNotFound(id));
  return std::move(**found);
}

// Checks a new owner: an active user; a rep may only choose themselves.
core::Status CheckOwner(Txn& txn, const Actor& actor, Id owner_id, std::map<std::string, std::string>& errors) {
  if (actor.role == Role::kRep && owner_id != actor.user_id)
    return core::Fail(core::Error::Forbidden("only managers and admins may give a task to another user (owner_id)"));
  auto user = txn.Users().Find(owner_id);
  if (!user) return core::Fail(user.error());
  if (!*user || !(*user)->active) errors.emplace("owner_id", "no active user " + core::FormatId(owner_id));
  return {};
}

// Applies title, notes, kind and due_at of `in` to `t`.
void ApplyFields(Task& t, const TaskInput& in, std::map<std::string, std::string>& errors) {
  if (in.kind) {
    auto k = *in.kind ? ParseTaskKind(**in.kind) : std::nullopt;
    if (k) t.kind = *k;
    else errors.emplace("kind", "must be one of " + TaskKindList());
  }
  if (in.title) {
    auto title = *in.title ? CleanOptionalText(**in.title, "title", kMaxTitle, errors) : std::nullopt;
    if (title) t.title = *title;
    else if (!errors.contains("title")) errors.emplace("title", "must not be empty");
  }
  if (in.notes) t.notes = *in.notes ? CleanOptionalText(**in.notes, "notes", kMaxNotes, errors) : std::nullopt;
  if (in.due_at) {
    if (*in.due_at) t.due_at = **in.due_at;
    else errors.emplace("due_at", "must not be null");
  }
}

std::string EncodeCursor(const Task& t, TaskStatusFilter status) {
  if (status == TaskStatusFilter::kDone) return core::FormatId(t.id);
  return std::to_string(t.due_at.ms) + "." + core::FormatId(t.id);
}

core::Status DecodeCursor(std::optional<std::string_view> cursor, TaskQuery& q) {
  if (!cursor) return {};
  const auto bad = core::Error::Invalid("cursor", "not a cursor of this list: pass next_cursor back as it came");
  const char* p = cursor->data();
  const char* end = p + cursor->size();
  std::int64_t a = 0, b = 0;
  auto [n1, e1] = std::from_chars(p, end, a);
  if (e1 != std::errc()) return core::Fail(bad);
  if (q.status == TaskStatusFilter::kDone) {
    if (n1 != end || a <= 0) return core::Fail(bad);
    q.after_id = a;
    return {};
  }
  if (n1 == end || *n1 != '.') return core::Fail(bad);
  auto [n2, e2] = std::from_chars(n1 + 1, end, b);
  if (e2 != std::errc() || n2 != end || b <= 0) return core::Fail(bad);
  q.after_due = Timestamp{a};
  q.after_id = b;
  return {};
}

AuditEntry TaskAudit(const Actor& actor, Timestamp now, const char* action, const Task& t) {
  auto e = NewAuditEntry(actor, now, action, "task", t.id);
  e.customer_id = t.customer_id;
  return e;
}

}  // namespace

core::Result<Task> TaskService::Create(const Actor& actor, const TaskInput& in) {
  const Timestamp now = clock_.Now();
  return WriteValue<Task>(store_, [&](Txn& txn) -> core::Result<Task> {
    std::map<std::string, std::string> errors = in.decode_errors;
    Task t;
    t.created_at = t.updated_at = now;
    t.created_by = actor.AuditId();
    if (!in.customer_id || !*in.customer_id) {
      errors.emplace("customer_id", "required");
    } else {
      auto c = FindVisibleCustomer(txn, actor, **in.customer_id);
      if (!c) {
        if (c.error().code != core::ErrorCode::kNotFound) return core::Fail(c.error());
        errors.emplace("customer_id", "no customer " + core::FormatId(**in.customer_id) + " you can see");
      } else {
        t.customer_id = c->id;
        t.owner_id = c->owner_id;
      }
    }
    if (in.owner_id && *in.owner_id) t.owner_id = **in.owner_id;
    else if (actor.role == Role::kRep || t.owner_id == 0) t.owner_id = actor.user_id ? actor.user_id : t.owner_id;
    if (!in.due_at && !errors.contains("due_at")) errors.emplace("due_at", "required: when the task is due (ISO 8601)");
    ApplyFields(t, in, errors);
    if (!in.title && !errors.contains("title")) t.title = std::string(TaskKindLabel(t.kind));
    if (t.owner_id != 0)
      if (auto st = CheckOwner(txn, actor, t.owner_id, errors); !st) return core::Fail(st.error());
    if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
    if (auto st = txn.Tasks().Insert(t); !st) return core::Fail(st.error());
    auto e = TaskAudit(actor, now, "task.create", t);
    e.changes.push_back({"title", std::nullopt, AuditText(t.title)});
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return t;
  });
}

core::Result<Task> TaskService::Get(const Actor& actor, Id id) {
  return ReadValue<Task>(store_, [&](Txn& txn) { return FindVisibleTask(txn, actor, id); });
}

core::Result<TaskPage> TaskService::List(const Actor& actor, TaskQuery query, std::optional<std::string_view> cursor) {
  query.scope = CustomerScope::For(actor);
  if (auto st = DecodeCursor(cursor, query); !st) return core::Fail(st.error());
  return ReadValue<TaskPage>(store_, [&](Txn& txn) -> core::Result<TaskPage> {
    auto rows = txn.Tasks().List(query);
    if (!rows) return core::Fail(rows.error());
    TaskPage page;
    page.items = std::move(*rows);
    if (static_cast<int>(page.items.size()) > query.limit) {
      page.items.resize(static_cast<std::size_t>(query.limit));
      page.next_cursor = EncodeCursor(page.items.back(), query.status);
    }
    return page;
  });
}

core::Result<Task> TaskService::Update(const Actor& actor, Id id, const TaskInput& in,
                                       std::optional<std::int64_t> expected_version) {
  const Timestamp now = clock_.Now();
  return WriteValue<Task>(store_, [&](Txn& txn) -> core::Result<Task> {
    auto t = FindVisibleTask(txn, actor, id);
    if (!t) return t;
    if (expected_version && *expected_version != t->version) return core::Fail(StaleVersion("task", id, t->version));
    std::map<std::string, std::string> errors = in.decode_errors;
    if (in.customer_id) errors.emplace("customer_id", "cannot change: create a task for the other customer");
    const Task before = *t;
    ApplyFields(*t, in, errors);
    if (in.owner_id) {
      if (!*in.owner_id) errors.emplace("owner_id", "must not be null");
      else if (**in.owner_id != t->owner_id) {
        t->owner_id = **in.owner_id;
        if (auto st = CheckOwner(txn, actor, t->owner_id, errors); !st) return core::Fail(st.error());
      }
    }
    if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
    t->updated_at = now;
    ++t->version;
    if (auto st = txn.Tasks().Update(*t); !st) return core::Fail(st.error());
    auto e = TaskAudit(actor, now, "task.update", *t);
    if (before.title != t->title) e.changes.push_back({"title", AuditText(before.title), AuditText(t->title)});
    if (before.due_at != t->due_at) e.changes.push_back({"due_at", AuditTime(before.due_at), AuditTime(t->due_at)});
    if (before.owner_id != t->owner_id) e.changes.push_back({"owner_id", AuditInt(before.owner_id), AuditInt(t->owner_id)});
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return std::move(*t);
  });
}

core::Result<CompletedTask> TaskService::Complete(const Actor& actor, Id id, const CompleteTaskInput& in) {
  const Timestamp now = clock_.Now();
  return WriteValue<CompletedTask>(store_, [&](Txn& txn) -> core::Result<CompletedTask> {
    auto t = FindVisibleTask(txn, actor, id);
    if (!t) return core::Fail(t.error());
    if (in.expected_version && *in.expected_version != t->version) return core::Fail(StaleVersion("task", id, t->version));
    if (!t->Open())
      return core::Fail(core::Error::Conflict("task " + core::FormatId(id) + " is already " +
                                              std::string(TaskOutcomeName(t->outcome.value_or(TaskOutcome::kDone))) + " (" +
                                              core::FormatIso8601(*t->done_at) + "); reopen it first"));
    if (in.skipped && in.interaction)
      return core::Fail(core::Error::Invalid("interaction", "a skipped task logs no interaction"));
    CompletedTask out;
    if (in.interaction) {
      auto x = LogInteraction(txn, actor, t->customer_id, *in.interaction, now);
      if (!x) {
        auto err = x.error();
        std::map<std::string, std::string> fields;
        for (auto& [k, v] : err.fields) fields.emplace("interaction." + k, v);
        err.fields = std::move(fields);
        return core::Fail(std::move(err));
      }
      t->interaction_id = x->id;
      out.interaction = std::move(*x);
    }
    t->done_at = now;
    t->outcome = in.skipped ? TaskOutcome::kSkipped : TaskOutcome::kDone;
    t->done_by = actor.AuditId();
    t->updated_at = now;
    ++t->version;
    if (auto st = txn.Tasks().Update(*t); !st) return core::Fail(st.error());
    auto e = TaskAudit(actor, now, in.skipped ? "task.skip" : "task.complete", *t);
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    out.task = std::move(*t);
    return out;
  });
}

core::Result<Task> TaskService::Reopen(const Actor& actor, Id id) {
  const Timestamp now = clock_.Now();
  return WriteValue<Task>(store_, [&](Txn& txn) -> core::Result<Task> {
    auto t = FindVisibleTask(txn, actor, id);
    if (!t) return t;
    if (t->Open()) return core::Fail(core::Error::Conflict("task " + core::FormatId(id) + " is open"));
    t->done_at.reset();
    t->outcome.reset();
    t->done_by.reset();
    t->updated_at = now;
    ++t->version;
    if (auto st = txn.Tasks().Update(*t); !st) return core::Fail(st.error());
    if (auto st = txn.Audit().Append(TaskAudit(actor, now, "task.reopen", *t)); !st) return core::Fail(st.error());
    return std::move(*t);
  });
}

}  // namespace rapport::domain
