#include <limits>

#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kColumns =
    "t.id, t.customer_id, t.owner_id, t.kind, t.title, t.notes, t.due_at, t.done_at, t.outcome, t.done_by, "
    "t.interaction_id, t.rule_id, t.source_key, t.created_by, t.created_at, t.updated_at, t.version";

domain::Task Read(const SqlRows& r, int i) {
  domain::Task t;
  t.id = r.Int(i, 0);
  t.customer_id = r.Int(i, 1);
  t.owner_id = r.Int(i, 2);
  t.kind = domain::ParseTaskKind(r.Text(i, 3)).value_or(domain::TaskKind::kCustom);
  t.title = r.Text(i, 4);
  t.notes = r.OptText(i, 5);
  t.due_at = r.Time(i, 6);
  t.done_at = r.OptTime(i, 7);
  if (!r.IsNull(i, 8)) t.outcome = r.Text(i, 8) == "skipped" ? domain::TaskOutcome::kSkipped : domain::TaskOutcome::kDone;
  t.done_by = r.OptInt(i, 9);
  t.interaction_id = r.OptInt(i, 10);
  t.rule_id = r.OptInt(i, 11);
  t.source_key = r.OptText(i, 12);
  t.created_by = r.OptInt(i, 13);
  t.created_at = r.Time(i, 14);
  t.updated_at = r.Time(i, 15);
  t.version = r.Int(i, 16);
  return t;
}

std::vector<domain::Task> ReadAll(const SqlRows& r) {
  std::vector<domain::Task> out;
  for (int i = 0; i < r.Rows(); ++i) out.push_back(Read(r, i));
  return out;
}

std::optional<std::string> OutcomeText(const domain::Task& t) {
  if (!t.outcome) return std::nullopt;
  return std::string(domain::TaskOutcomeName(*t.outcome));
}

}  // namespace

core::Status SqlTaskRepo::Insert(domain::Task& t) {
  auto r = s_.Query(
      "INSERT INTO tasks (customer_id, owner_id, kind, title, notes, due_at, done_at, outcome, done_by, interaction_id, "
      "rule_id, source_key, created_by, created_at, updated_at, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
      {t.customer_id, t.owner_id, domain::TaskKindName(t.kind), t.title, t.notes, t.due_at, t.done_at, OutcomeText(t),
       t.done_by, t.interaction_id, t.rule_id, t.source_key, t.created_by, t.created_at, t.updated_at, t.version});
  if (!r) return Fail(r.error());
  t.id = r->Int(0, 0);
  return {};
}

core::Result<int> SqlTaskRepo::InsertGenerated(std::span<const domain::Task> tasks) {
  // Rows of 9 parameters, a few hundred per statement: one round trip per batch on PostgreSQL.
  constexpr std::size_t kBatch = 200;
  int inserted = 0;
  for (std::size_t start = 0; start < tasks.size(); start += kBatch) {
    const std::size_t end = std::min(tasks.size(), start + kBatch);
    SqlArgs args;
    std::string values;
    for (std::size_t i = start; i < end; ++i) {
      const auto& t = tasks[i];
      const std::size_t b = args.size();
      values += (i == start ? "(" : ", (");
      for (int k = 1; k <= 9; ++k) values += (k > 1 ? ", $" : "$") + std::to_string(b + k);
      values += ")";
      for (SqlArg a : {SqlArg(t.customer_id), SqlArg(t.owner_id), SqlArg(domain::TaskKindName(t.kind)), SqlArg(t.title),
                       SqlArg(t.due_at), SqlArg(t.rule_id), SqlArg(t.source_key), SqlArg(t.created_at), SqlArg(t.updated_at)})
        args.push_back(std::move(a));
    }
    auto n = s_.Exec(
        "INSERT INTO tasks (customer_id, owner_id, kind, title, due_at, rule_id, source_key, created_at, updated_at) VALUES " +
            values + " ON CONFLICT (source_key) DO NOTHING",
        args);
    if (!n) return Fail(n.error());
    inserted += static_cast<int>(*n);
  }
  return inserted;
}

core::Result<std::optional<domain::Task>> SqlTaskRepo::Find(core::Id id, const domain::CustomerScope& scope) {
  SqlArgs args{id};
  std::string where = "t.id = $1";
  if (scope.user_id) {
    // A rep sees the tasks of customers they may see, and the tasks given to them.
    const std::string user = NextParam(args);
    args.emplace_back(*scope.user_id);
    where += " AND (t.owner_id = " + user + " OR " + ScopeWhere(scope, args) + ")";
  }
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM tasks t JOIN customers c ON c.id = t.customer_id WHERE " + where, args);
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::Task>{};
  return std::optional<domain::Task>{Read(*r, 0)};
}

core::Result<std::vector<domain::Task>> SqlTaskRepo::FindMany(std::span<const core::Id> ids) {
  if (ids.empty()) return std::vector<domain::Task>{};
  SqlArgs args;
  const std::string in = IdList(ids, args);
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM tasks t WHERE t.id IN (" + in + ") ORDER BY t.id", args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Status SqlTaskRepo::Update(const domain::Task& t) {
  auto r = s_.Exec(
      "UPDATE tasks SET owner_id = $2, kind = $3, title = $4, notes = $5, due_at = $6, done_at = $7, outcome = $8, "
      "done_by = $9, interaction_id = $10, updated_at = $11, version = $12 WHERE id = $1",
      {t.id, t.owner_id, domain::TaskKindName(t.kind), t.title, t.notes, t.due_at, t.done_at, OutcomeText(t), t.done_by,
       t.interaction_id, t.updated_at, t.version});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::vector<domain::Task>> SqlTaskRepo::List(const domain::TaskQuery& q) {
  SqlArgs args;
  std::string where = "1 = 1";
  if (q.scope.user_id) {
    const std::string user = NextParam(args);
    args.emplace_back(*q.scope.user_id);
    where += " AND (t.owner_id = " + user + " OR " + ScopeWhere(q.scope, args) + ")";
  }
  auto eq = [&](const char* column, SqlArg value) {
    where += std::string(" AND ") + column + " = " + NextParam(args);
    args.push_back(std::move(value));
  };
  if (q.owner_id) eq("t.owner_id", *q.owner_id);
  if (q.customer_id) eq("t.customer_id", *q.customer_id);
  if (q.rule_id) eq("t.rule_id", *q.rule_id);
  if (q.kind) eq("t.kind", domain::TaskKindName(*q.kind));
  if (q.status == domain::TaskStatusFilter::kOpen) where += " AND t.done_at IS NULL";
  if (q.status == domain::TaskStatusFilter::kDone) where += " AND t.done_at IS NOT NULL";
  if (q.due_before) {
    where += " AND t.due_at < " + NextParam(args);
    args.emplace_back(*q.due_before);
  }
  std::string order;
  if (q.status == domain::TaskStatusFilter::kDone) {
    if (q.after_id) {
      where += " AND t.id < " + NextParam(args);
      args.emplace_back(q.after_id);
    }
    order = " ORDER BY t.id DESC";
  } else {
    if (q.after_due) {
      const std::string due = NextParam(args);
      args.emplace_back(*q.after_due);
      const std::string id = NextParam(args);
      args.emplace_back(q.after_id);
      where += " AND (t.due_at > " + due + " OR (t.due_at = " + due + " AND t.id > " + id + "))";
    }
    order = " ORDER BY t.due_at, t.id";
  }
  const std::string limit = NextParam(args);
  args.emplace_back(q.limit + 1);
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM tasks t JOIN customers c ON c.id = t.customer_id WHERE " +
                        where + order + " LIMIT " + limit,
                    args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<std::pair<std::vector<domain::Task>, int>> SqlTaskRepo::OpenDue(core::Id owner_id,
                                                                            std::optional<core::Timestamp> from,
                                                                            core::Timestamp until, int limit) {
  const std::int64_t lo = from ? from->ms : std::numeric_limits<std::int64_t>::min();
  auto r = s_.Query(std::string("SELECT ") + kColumns +
                        " FROM tasks t WHERE t.owner_id = $1 AND t.done_at IS NULL AND t.due_at >= $2 AND t.due_at < $3 "
                        "ORDER BY t.due_at, t.id LIMIT $4",
                    {owner_id, lo, until, limit});
  if (!r) return Fail(r.error());
  auto n = s_.Query("SELECT count(*) FROM tasks WHERE owner_id = $1 AND done_at IS NULL AND due_at >= $2 AND due_at < $3",
                    {owner_id, lo, until});
  if (!n) return Fail(n.error());
  return std::pair{ReadAll(*r), static_cast<int>(n->Int(0, 0))};
}

core::Result<std::map<core::Id, int>> SqlTaskRepo::OpenDueCounts(core::Timestamp until, std::optional<std::string> team) {
  SqlArgs args{until};
  const std::string owners = TeamOwnersWhere(team, args, "owner_id");
  auto r = s_.Query("SELECT owner_id, count(*) FROM tasks WHERE done_at IS NULL AND due_at < $1 AND " + owners +
                        " GROUP BY owner_id",
                    args);
  if (!r) return Fail(r.error());
  std::map<core::Id, int> out;
  for (int i = 0; i < r->Rows(); ++i) out[r->Int(i, 0)] = static_cast<int>(r->Int(i, 1));
  return out;
}

core::Result<std::vector<domain::Task>> SqlTaskRepo::OpenOf(core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns +
                        " FROM tasks t WHERE t.customer_id = $1 AND t.done_at IS NULL ORDER BY t.due_at, t.id",
                    {customer_id});
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<std::vector<domain::Task>> SqlTaskRepo::OfCustomer(core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM tasks t WHERE t.customer_id = $1 ORDER BY t.id", {customer_id});
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<int> SqlTaskRepo::ReassignOpen(core::Id from, core::Id to, core::Timestamp at) {
  auto n = s_.Exec("UPDATE tasks SET owner_id = $2, updated_at = $3, version = version + 1 WHERE owner_id = $1 AND done_at IS NULL",
                   {from, to, at});
  if (!n) return Fail(n.error());
  return static_cast<int>(*n);
}

core::Status SqlTaskRepo::RedactCustomer(core::Id customer_id, std::string_view replacement) {
  auto r = s_.Exec(
      "UPDATE tasks SET title = $2, notes = CASE WHEN notes IS NULL THEN NULL ELSE $2 END WHERE customer_id = $1",
      {customer_id, replacement});
  if (!r) return Fail(r.error());
  return {};
}

}  // namespace rapport::store
