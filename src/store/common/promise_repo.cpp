#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kColumns =
    "p.id, p.customer_id, p.case_id, p.kind, p.description, p.promised_by, p.due_at, p.status, p.kept_at, p.broken_at, "
    "p.cancelled_at, p.broken_automatically, p.note, p.created_at, p.updated_at, p.version";

domain::Promise Read(const SqlRows& r, int i) {
  domain::Promise p;
  p.id = r.Int(i, 0);
  p.customer_id = r.Int(i, 1);
  p.case_id = r.OptInt(i, 2);
  p.kind = domain::ParsePromiseKind(r.Text(i, 3)).value_or(domain::PromiseKind::kOther);
  p.description = r.Text(i, 4);
  p.promised_by = r.Int(i, 5);
  p.due_at = r.Time(i, 6);
  p.status = domain::ParsePromiseStatus(r.Text(i, 7)).value_or(domain::PromiseStatus::kOpen);
  p.kept_at = r.OptTime(i, 8);
  p.broken_at = r.OptTime(i, 9);
  p.cancelled_at = r.OptTime(i, 10);
  p.broken_automatically = r.Bool(i, 11);
  p.note = r.OptText(i, 12);
  p.created_at = r.Time(i, 13);
  p.updated_at = r.Time(i, 14);
  p.version = r.Int(i, 15);
  return p;
}

std::vector<domain::Promise> ReadAll(const SqlRows& r) {
  std::vector<domain::Promise> out;
  for (int i = 0; i < r.Rows(); ++i) out.push_back(Read(r, i));
  return out;
}

// Customers of `scope`, or promises made by its user.
std::string PromiseScope(const domain::CustomerScope& scope, SqlArgs& args) {
  if (!scope.user_id) return "1 = 1";
  const std::string user = NextParam(args);
  args.emplace_back(*scope.user_id);
  return "(p.promised_by = " + user + " OR " + ScopeWhere(scope, args) + ")";
}

}  // namespace

core::Status SqlPromiseRepo::Insert(domain::Promise& p) {
  auto r = s_.Query(
      "INSERT INTO promises (customer_id, case_id, kind, description, promised_by, due_at, status, kept_at, broken_at, "
      "cancelled_at, broken_automatically, note, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10, $11, $12, $13, $14, $15) RETURNING id",
      {p.customer_id, p.case_id, domain::PromiseKindName(p.kind), p.description, p.promised_by, p.due_at,
       domain::PromiseStatusName(p.status), p.kept_at, p.broken_at, p.cancelled_at, p.broken_automatically, p.note,
       p.created_at, p.updated_at, p.version});
  if (!r) return Fail(r.error());
  p.id = r->Int(0, 0);
  return {};
}

core::Result<std::optional<domain::Promise>> SqlPromiseRepo::Find(core::Id id, const domain::CustomerScope& scope) {
  SqlArgs args{id};
  const std::string where = PromiseScope(scope, args);
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM promises p JOIN customers c ON c.id = p.customer_id WHERE p.id = $1 AND " +
                        where + std::string(s_.ForUpdate()),
                    args);
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::Promise>{};
  return std::optional<domain::Promise>{Read(*r, 0)};
}

core::Result<std::vector<domain::Promise>> SqlPromiseRepo::FindMany(std::span<const core::Id> ids) {
  if (ids.empty()) return std::vector<domain::Promise>{};
  SqlArgs args;
  const std::string in = IdList(ids, args);
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM promises p WHERE p.id IN (" + in + ") ORDER BY p.id", args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Status SqlPromiseRepo::Update(const domain::Promise& p) {
  auto r = s_.Exec(
      "UPDATE promises SET kind = $2, description = $3, promised_by = $4, due_at = $5, status = $6, kept_at = $7, "
      "broken_at = $8, cancelled_at = $9, broken_automatically = $10, note = $11, updated_at = $12, version = $13 WHERE id = $1",
      {p.id, domain::PromiseKindName(p.kind), p.description, p.promised_by, p.due_at, domain::PromiseStatusName(p.status),
       p.kept_at, p.broken_at, p.cancelled_at, p.broken_automatically, p.note, p.updated_at, p.version});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::vector<domain::Promise>> SqlPromiseRepo::List(const domain::PromiseQuery& q) {
  SqlArgs args;
  std::string where = PromiseScope(q.scope, args);
  auto cmp = [&](const char* column, const char* op, SqlArg value) {
    where += std::string(" AND ") + column + op + NextParam(args);
    args.push_back(std::move(value));
  };
  if (q.customer_id) cmp("p.customer_id", " = ", *q.customer_id);
  if (q.case_id) cmp("p.case_id", " = ", *q.case_id);
  if (q.promised_by) cmp("p.promised_by", " = ", *q.promised_by);
  if (q.status) cmp("p.status", " = ", domain::PromiseStatusName(*q.status));
  if (q.due_before) cmp("p.due_at", " < ", *q.due_before);
  if (q.before_id) cmp("p.id", " < ", q.before_id);
  const std::string limit = NextParam(args);
  args.emplace_back(q.limit + 1);
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM promises p JOIN customers c ON c.id = p.customer_id WHERE " + where +
                        " ORDER BY p.id DESC LIMIT " + limit,
                    args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<std::vector<domain::Promise>> SqlPromiseRepo::OfCustomer(core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM promises p WHERE p.customer_id = $1 ORDER BY p.id", {customer_id});
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<std::vector<domain::Promise>> SqlPromiseRepo::BreakOverdue(core::Timestamp now, int limit) {
  // Broken as of its due time: that is when it was not kept.
  auto r = s_.Query(
      "UPDATE promises SET status = 'broken', broken_at = due_at, broken_automatically = 1, updated_at = $1, "
      "version = version + 1 WHERE id IN (SELECT id FROM promises WHERE status = 'open' AND due_at < $1 ORDER BY due_at LIMIT $2) "
      "RETURNING id",
      {now, limit});
  if (!r) return Fail(r.error());
  std::vector<core::Id> ids;
  for (int i = 0; i < r->Rows(); ++i) ids.push_back(r->Int(i, 0));
  return FindMany(ids);
}

core::Result<std::map<core::Id, domain::PromiseCounts>> SqlPromiseRepo::CountsByPromiser(const domain::CustomerScope& scope,
                                                                                         std::optional<core::Id> customer_id) {
  SqlArgs args;
  std::string where = "1 = 1";
  if (scope.user_id) {
    const std::string user = NextParam(args);
    args.emplace_back(*scope.user_id);
    where = "(p.promised_by = " + user + " OR p.customer_id IN " + ScopedCustomerIds(scope, args) + ")";
  }
  if (customer_id) {
    where += " AND p.customer_id = " + NextParam(args);
    args.emplace_back(*customer_id);
  }
  auto r = s_.Query("SELECT p.promised_by, p.status, COUNT(*) FROM promises p WHERE " + where + " GROUP BY p.promised_by, p.status",
                    args);
  if (!r) return Fail(r.error());
  std::map<core::Id, domain::PromiseCounts> out;
  for (int i = 0; i < r->Rows(); ++i) {
    auto& c = out[r->Int(i, 0)];
    const int n = static_cast<int>(r->Int(i, 2));
    switch (domain::ParsePromiseStatus(r->Text(i, 1)).value_or(domain::PromiseStatus::kOpen)) {
      case domain::PromiseStatus::kOpen: c.open += n; break;
      case domain::PromiseStatus::kKept: c.kept += n; break;
      case domain::PromiseStatus::kBroken: c.broken += n; break;
      case domain::PromiseStatus::kCancelled: c.cancelled += n; break;
    }
  }
  return out;
}

core::Status SqlPromiseRepo::RedactCustomer(core::Id customer_id, std::string_view replacement) {
  auto r = s_.Exec(
      "UPDATE promises SET description = $2, note = CASE WHEN note IS NULL THEN NULL ELSE $2 END WHERE customer_id = $1",
      {customer_id, replacement});
  if (!r) return Fail(r.error());
  return {};
}

}  // namespace rapport::store
