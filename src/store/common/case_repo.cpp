#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kColumns =
    "k.id, k.customer_id, k.title, k.description, k.severity, k.channel, k.owner_id, k.status, k.respond_by, "
    "k.resolve_by, k.first_response_at, k.remedy_promised, k.promise_id, k.resolution, k.opened_at, k.in_progress_at, "
    "k.resolved_at, k.closed_at, k.reopen_count, k.transfer_count, k.feedback_id, k.order_id, k.created_by, "
    "k.updated_at, k.version";

domain::Case Read(const SqlRows& r, int i) {
  domain::Case c;
  c.id = r.Int(i, 0);
  c.customer_id = r.Int(i, 1);
  c.title = r.Text(i, 2);
  c.description = r.OptText(i, 3);
  c.severity = domain::ParseCaseSeverity(r.Text(i, 4)).value_or(domain::CaseSeverity::kNormal);
  c.channel = r.Text(i, 5);
  c.owner_id = r.Int(i, 6);
  c.status = domain::ParseCaseStatus(r.Text(i, 7)).value_or(domain::CaseStatus::kOpen);
  c.respond_by = r.Time(i, 8);
  c.resolve_by = r.Time(i, 9);
  c.first_response_at = r.OptTime(i, 10);
  c.remedy_promised = r.OptText(i, 11);
  c.promise_id = r.OptInt(i, 12);
  c.resolution = r.OptText(i, 13);
  c.opened_at = r.Time(i, 14);
  c.in_progress_at = r.OptTime(i, 15);
  c.resolved_at = r.OptTime(i, 16);
  c.closed_at = r.OptTime(i, 17);
  c.reopen_count = static_cast<int>(r.Int(i, 18));
  c.transfer_count = static_cast<int>(r.Int(i, 19));
  c.feedback_id = r.OptInt(i, 20);
  c.order_id = r.OptInt(i, 21);
  c.created_by = r.OptInt(i, 22);
  c.updated_at = r.Time(i, 23);
  c.version = r.Int(i, 24);
  return c;
}

std::vector<domain::Case> ReadAll(const SqlRows& r) {
  std::vector<domain::Case> out;
  out.reserve(static_cast<std::size_t>(r.Rows()));
  for (int i = 0; i < r.Rows(); ++i) out.push_back(Read(r, i));
  return out;
}

const char* StatusCondition(domain::CaseStatusFilter f) {
  switch (f) {
    case domain::CaseStatusFilter::kAny: return "";
    case domain::CaseStatusFilter::kActive: return " AND k.status IN ('open', 'in_progress')";
    case domain::CaseStatusFilter::kOpen: return " AND k.status = 'open'";
    case domain::CaseStatusFilter::kInProgress: return " AND k.status = 'in_progress'";
    case domain::CaseStatusFilter::kResolved: return " AND k.status = 'resolved'";
    case domain::CaseStatusFilter::kClosed: return " AND k.status = 'closed'";
  }
  return "";
}

// Customers of `scope`, or cases owned by its user (a case given to a rep stays visible to them).
std::string CaseScope(const domain::CustomerScope& scope, SqlArgs& args) {
  if (!scope.user_id) return "1 = 1";
  const std::string user = NextParam(args);
  args.emplace_back(*scope.user_id);
  return "(k.owner_id = " + user + " OR " + ScopeWhere(scope, args) + ")";
}

}  // namespace

core::Status SqlCaseRepo::Insert(domain::Case& c) {
  auto r = s_.Query(
      "INSERT INTO cases (customer_id, title, description, severity, channel, owner_id, status, respond_by, resolve_by, "
      "first_response_at, remedy_promised, promise_id, resolution, opened_at, in_progress_at, resolved_at, closed_at, "
      "reopen_count, transfer_count, feedback_id, order_id, created_by, updated_at, version) VALUES ($1, $2, $3, $4, $5, "
      "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id",
      {c.customer_id, c.title, c.description, domain::CaseSeverityName(c.severity), c.channel, c.owner_id,
       domain::CaseStatusName(c.status), c.respond_by, c.resolve_by, c.first_response_at, c.remedy_promised, c.promise_id,
       c.resolution, c.opened_at, c.in_progress_at, c.resolved_at, c.closed_at, c.reopen_count, c.transfer_count,
       c.feedback_id, c.order_id, c.created_by, c.updated_at, c.version});
  if (!r) return Fail(r.error());
  c.id = r->Int(0, 0);
  return {};
}

core::Result<std::optional<domain::Case>> SqlCaseRepo::Find(core::Id id, const domain::CustomerScope& scope) {
  SqlArgs args{id};
  const std::string where = CaseScope(scope, args);
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM cases k JOIN customers c ON c.id = k.customer_id WHERE k.id = $1 AND " +
                        where + std::string(s_.ForUpdate()),
                    args);
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::Case>{};
  return std::optional<domain::Case>{Read(*r, 0)};
}

core::Result<std::vector<domain::Case>> SqlCaseRepo::FindMany(std::span<const core::Id> ids) {
  if (ids.empty()) return std::vector<domain::Case>{};
  SqlArgs args;
  const std::string in = IdList(ids, args);
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM cases k WHERE k.id IN (" + in + ") ORDER BY k.id", args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Status SqlCaseRepo::Update(const domain::Case& c) {
  auto r = s_.Exec(
      "UPDATE cases SET title = $2, description = $3, severity = $4, channel = $5, owner_id = $6, status = $7, "
      "respond_by = $8, resolve_by = $9, first_response_at = $10, remedy_promised = $11, promise_id = $12, "
      "resolution = $13, in_progress_at = $14, resolved_at = $15, closed_at = $16, reopen_count = $17, "
      "transfer_count = $18, updated_at = $19, version = $20, order_id = $21, feedback_id = $22 WHERE id = $1",
      {c.id, c.title, c.description, domain::CaseSeverityName(c.severity), c.channel, c.owner_id,
       domain::CaseStatusName(c.status), c.respond_by, c.resolve_by, c.first_response_at, c.remedy_promised, c.promise_id,
       c.resolution, c.in_progress_at, c.resolved_at, c.closed_at, c.reopen_count, c.transfer_count, c.updated_at,
       c.version, c.order_id, c.feedback_id});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::vector<domain::Case>> SqlCaseRepo::List(const domain::CaseQuery& q) {
  SqlArgs args;
  std::string where = CaseScope(q.scope, args) + StatusCondition(q.status);
  auto eq = [&](const char* column, SqlArg value) {
    where += std::string(" AND ") + column + " = " + NextParam(args);
    args.push_back(std::move(value));
  };
  if (q.owner_id) eq("k.owner_id", *q.owner_id);
  if (q.customer_id) eq("k.customer_id", *q.customer_id);
  if (q.severity) eq("k.severity", domain::CaseSeverityName(*q.severity));
  if (q.before_id) {
    where += " AND k.id < " + NextParam(args);
    args.emplace_back(q.before_id);
  }
  const std::string limit = NextParam(args);
  args.emplace_back(q.limit + 1);
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM cases k JOIN customers c ON c.id = k.customer_id WHERE " + where +
                        " ORDER BY k.id DESC LIMIT " + limit,
                    args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<std::vector<domain::Case>> SqlCaseRepo::OfCustomer(core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM cases k WHERE k.customer_id = $1 ORDER BY k.id", {customer_id});
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Status SqlCaseRepo::AppendEvent(domain::CaseEvent& e) {
  auto r = s_.Query(
      "INSERT INTO case_events (case_id, at, user_id, kind, from_status, to_status, from_owner, to_owner, note) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
      {e.case_id, e.at, e.user_id, domain::CaseEventKindName(e.kind), e.from_status, e.to_status, e.from_owner, e.to_owner,
       e.note});
  if (!r) return Fail(r.error());
  e.id = r->Int(0, 0);
  return {};
}

core::Result<std::vector<domain::CaseEvent>> SqlCaseRepo::Events(core::Id case_id) {
  auto r = s_.Query(
      "SELECT id, case_id, at, user_id, kind, from_status, to_status, from_owner, to_owner, note FROM case_events "
      "WHERE case_id = $1 ORDER BY id",
      {case_id});
  if (!r) return Fail(r.error());
  std::vector<domain::CaseEvent> out;
  for (int i = 0; i < r->Rows(); ++i) {
    domain::CaseEvent e;
    e.id = r->Int(i, 0);
    e.case_id = r->Int(i, 1);
    e.at = r->Time(i, 2);
    e.user_id = r->OptInt(i, 3);
    const std::string kind = r->Text(i, 4);
    for (auto k : {domain::CaseEventKind::kOpened, domain::CaseEventKind::kStatus, domain::CaseEventKind::kAssigned,
                   domain::CaseEventKind::kReopened, domain::CaseEventKind::kResponded})
      if (domain::CaseEventKindName(k) == kind) e.kind = k;
    e.from_status = r->OptText(i, 5);
    e.to_status = r->OptText(i, 6);
    e.from_owner = r->OptInt(i, 7);
    e.to_owner = r->OptInt(i, 8);
    e.note = r->OptText(i, 9);
    out.push_back(std::move(e));
  }
  return out;
}

core::Result<domain::CasePolicy> SqlCaseRepo::Policy() {
  auto r = s_.Query("SELECT severity, respond_minutes, resolve_minutes FROM case_policies");
  if (!r) return Fail(r.error());
  domain::CasePolicy policy;
  for (auto severity : domain::kCaseSeverities) {
    domain::CaseDeadlines d = domain::DeadlinesFor({}, severity);
    for (int i = 0; i < r->Rows(); ++i)
      if (r->Text(i, 0) == domain::CaseSeverityName(severity)) d = {severity, r->Int(i, 1), r->Int(i, 2)};
    policy.push_back(d);
  }
  return policy;
}

core::Status SqlCaseRepo::SavePolicy(const domain::CasePolicy& policy) {
  for (const auto& d : policy) {
    auto r = s_.Exec(
        "INSERT INTO case_policies (severity, respond_minutes, resolve_minutes) VALUES ($1, $2, $3) "
        "ON CONFLICT (severity) DO UPDATE SET respond_minutes = excluded.respond_minutes, resolve_minutes = excluded.resolve_minutes",
        {domain::CaseSeverityName(d.severity), d.respond_minutes, d.resolve_minutes});
    if (!r) return Fail(r.error());
  }
  return {};
}

core::Status SqlCaseRepo::AddFigureRows(core::Timestamp from, const domain::CustomerScope& scope,
                                        domain::CaseDashboardBuilder& into) {
  SqlArgs args{from};
  std::string where = "1 = 1";
  if (scope.user_id) {  // the cases given to the user, and those of the customers they see
    const std::string user = NextParam(args);
    args.emplace_back(*scope.user_id);
    where = "(k.owner_id = " + user + " OR k.customer_id IN " + ScopedCustomerIds(scope, args) + ")";
  }
  // Two ranges of covering indexes (live cases, cases opened since `from`), no table rows read;
  // streamed, because 100k rows held as a result first cost more than the scan itself.
  const std::string columns =
      "k.owner_id, k.channel, k.severity, k.status, k.opened_at, k.respond_by, k.resolve_by, k.first_response_at, "
      "k.resolved_at, k.transfer_count";
  domain::CaseFigureRow row;  // one, refilled: its channel keeps its buffer
  auto st = s_.Scan(
      "SELECT " + columns + " FROM cases k WHERE k.opened_at >= $1 AND " + where + " UNION ALL SELECT " + columns +
          " FROM cases k WHERE k.status IN ('open', 'in_progress') AND k.opened_at < $1 AND " + where,
      args, [&](const SqlRowView& r) {
        row.owner_id = r.Int(0);
        row.channel.assign(r.Text(1));
        row.severity = domain::ParseCaseSeverity(r.Text(2)).value_or(domain::CaseSeverity::kNormal);
        row.status = domain::ParseCaseStatus(r.Text(3)).value_or(domain::CaseStatus::kOpen);
        row.opened_at = r.Time(4);
        row.respond_by = r.Time(5);
        row.resolve_by = r.Time(6);
        row.first_response_at = r.OptTime(7);
        row.resolved_at = r.OptTime(8);
        row.transfer_count = static_cast<int>(r.Int(9));
        into.Add(row);
      });
  if (!st) return Fail(st.error());
  return {};
}

core::Result<std::vector<core::Id>> SqlCaseRepo::ReassignActive(core::Id from, core::Id to, core::Timestamp at) {
  auto r = s_.Query(
      "UPDATE cases SET owner_id = $2, transfer_count = transfer_count + 1, updated_at = $3, version = version + 1 "
      "WHERE owner_id = $1 AND status IN ('open', 'in_progress') RETURNING id",
      {from, to, at});
  if (!r) return Fail(r.error());
  std::vector<core::Id> ids;
  for (int i = 0; i < r->Rows(); ++i) ids.push_back(r->Int(i, 0));
  return ids;
}

core::Status SqlCaseRepo::RedactCustomer(core::Id customer_id, std::string_view replacement) {
  auto r = s_.Exec(
      "UPDATE cases SET title = $2, description = CASE WHEN description IS NULL THEN NULL ELSE $2 END, "
      "remedy_promised = CASE WHEN remedy_promised IS NULL THEN NULL ELSE $2 END, "
      "resolution = CASE WHEN resolution IS NULL THEN NULL ELSE $2 END WHERE customer_id = $1",
      {customer_id, replacement});
  if (!r) return Fail(r.error());
  auto e = s_.Exec(
      "UPDATE case_events SET note = $2 WHERE note IS NOT NULL AND case_id IN (SELECT id FROM cases WHERE customer_id = $1)",
      {customer_id, replacement});
  if (!e) return Fail(e.error());
  return {};
}

}  // namespace rapport::store
