// The audit log over SqlSession, for both backends: one audit_log row per entry, one
// audit_changes row per changed field.
#include <algorithm>
#include <string>

#include "store/common/common_repos.hpp"

namespace rapport::store {

using core::Fail;

core::Status SqlAuditRepo::Append(const domain::AuditEntry& e) {
  auto r = s_.InsertId(
      "INSERT INTO audit_log (at, actor_id, client_address, action, entity_type, entity_id, "
      "customer_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {e.at, e.actor_id, e.client_address, e.action, e.entity_type, e.entity_id, e.customer_id, e.detail});
  if (!r) return Fail(r.error());
  const core::Id id = *r;
  for (const auto& c : e.changes) {
    auto n = s_.Exec("INSERT INTO audit_changes (audit_id, field, before, after) VALUES ($1, $2, $3, $4)",
                     {id, c.field, c.before, c.after});
    if (!n) return Fail(n.error());
  }
  return {};
}

core::Result<std::vector<domain::AuditEntry>> SqlAuditRepo::List(const domain::AuditQuery& q) {
  SqlArgs args;
  std::vector<std::string> where;
  auto add = [&](const char* condition, std::int64_t value) {
    where.push_back(condition + NextParam(args));
    args.emplace_back(value);
  };
  if (q.customer_id) add("customer_id = ", *q.customer_id);
  if (q.actor_id) add("actor_id = ", *q.actor_id);
  if (q.since) add("at >= ", q.since->ms);
  if (q.before_id > 0) add("id < ", q.before_id);
  std::string inner =
      "SELECT id, at, actor_id, client_address, action, entity_type, entity_id, customer_id, "
      "detail FROM audit_log";
  for (std::size_t i = 0; i < where.size(); ++i) inner += (i == 0 ? " WHERE " : " AND ") + where[i];
  inner += " ORDER BY id DESC LIMIT " + NextParam(args);
  args.emplace_back(static_cast<std::int64_t>(std::max(q.limit, 0)) + 1);
  // The page of entries first, then their changes joined on (one statement, one round trip);
  // audit_changes.field sorts in byte order (on PostgreSQL the column is COLLATE "C").
  const std::string sql =
      "SELECT a.id, a.at, a.actor_id, a.client_address, a.action, a.entity_type, a.entity_id, "
      "a.customer_id, a.detail, ch.field, ch.before, ch.after FROM (" + inner +
      ") a LEFT JOIN audit_changes ch ON ch.audit_id = a.id ORDER BY a.id DESC, ch.field";
  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  std::vector<domain::AuditEntry> out;
  for (int i = 0; i < r->Rows(); ++i) {
    const core::Id id = r->Int(i, 0);
    if (out.empty() || out.back().id != id) {
      domain::AuditEntry e;
      e.id = id;
      e.at = r->Time(i, 1);
      e.actor_id = r->OptInt(i, 2);
      e.client_address = r->Text(i, 3);
      e.action = r->Text(i, 4);
      e.entity_type = r->Text(i, 5);
      e.entity_id = r->OptInt(i, 6);
      e.customer_id = r->OptInt(i, 7);
      e.detail = r->OptText(i, 8);
      out.push_back(std::move(e));
    }
    if (!r->IsNull(i, 9)) out.back().changes.push_back({r->Text(i, 9), r->OptText(i, 10), r->OptText(i, 11)});
  }
  return out;
}

core::Status SqlAuditRepo::RedactCustomer(core::Id customer_id, std::span<const std::string_view> keep_fields,
                                          std::string_view replacement) {
  SqlArgs args{customer_id, replacement};
  std::string sql =
      "UPDATE audit_changes SET before = CASE WHEN before IS NULL THEN NULL ELSE $2 END, "
      "after = CASE WHEN after IS NULL THEN NULL ELSE $2 END "
      "WHERE audit_id IN (SELECT id FROM audit_log WHERE customer_id = $1)";
  if (!keep_fields.empty()) {
    sql += " AND field NOT IN (";
    for (std::size_t i = 0; i < keep_fields.size(); ++i) {
      sql += (i ? ", " : "") + NextParam(args);
      args.emplace_back(keep_fields[i]);
    }
    sql += ")";
  }
  if (auto n = s_.Exec(sql, args); !n) return Fail(n.error());
  auto n = s_.Exec("UPDATE audit_log SET detail = NULL WHERE customer_id = $1 AND detail IS NOT NULL", {customer_id});
  if (!n) return Fail(n.error());
  return {};
}

core::Result<std::int64_t> SqlAuditRepo::CountSince(core::Timestamp from, std::span<const std::string> entity_types,
                                                    std::int64_t at_most) {
  if (entity_types.empty() || at_most <= 0) return std::int64_t{0};
  SqlArgs args{from, at_most};
  std::string types;
  for (std::size_t i = 0; i < entity_types.size(); ++i) {
    types += (i ? ", " : "") + NextParam(args);
    args.emplace_back(entity_types[i]);
  }
  // Read through audit_log_at from `from` on, stopping after at_most matches.
  auto r = s_.Query("SELECT count(*) FROM (SELECT 1 FROM audit_log WHERE at >= $1 AND entity_type IN (" + types +
                        ") LIMIT $2) x",
                    args);
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

}  // namespace rapport::store
