// SQLite audit log: one audit_log row per entry, one audit_changes row per changed field.
#include <algorithm>
#include <string>

#include "store/sqlite/sqlite_repos.hpp"
#include "store/sqlite/sqlite_rows.hpp"

namespace rapport::store::sqlite {
namespace {

using core::Fail;

// One bound value of a dynamic query.
struct Param {
  std::optional<std::int64_t> i;
  std::string s;
};

std::string Placeholder(std::size_t position) {
  std::string p = "?";  // built in two steps: GCC 12 warns falsely on "?" + string
  p += std::to_string(position);
  return p;
}

void BindAll(Stmt& s, const std::vector<Param>& params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int pos = static_cast<int>(i + 1);
    if (params[i].i) s.Bind(pos, *params[i].i);
    else s.Bind(pos, std::string_view(params[i].s));
  }
}

}  // namespace

core::Status SqliteAuditRepo::Append(const domain::AuditEntry& e) {
  auto s = conn_.Prepare(
      "INSERT INTO audit_log (at, actor_id, client_address, action, entity_type, entity_id, "
      "customer_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!s) return Fail(s.error());
  s->Bind(1, e.at.ms)
      .Bind(2, e.actor_id)
      .Bind(3, std::string_view(e.client_address))
      .Bind(4, std::string_view(e.action))
      .Bind(5, std::string_view(e.entity_type))
      .Bind(6, e.entity_id)
      .Bind(7, e.customer_id)
      .Bind(8, e.detail);
  if (auto st = s->Run(); !st) return st;
  const core::Id id = conn_.LastInsertId();
  for (const auto& c : e.changes) {
    auto ch = conn_.Prepare(
        "INSERT INTO audit_changes (audit_id, field, before, after) VALUES (?1, ?2, ?3, ?4)");
    if (!ch) return Fail(ch.error());
    ch->Bind(1, id).Bind(2, std::string_view(c.field)).Bind(3, c.before).Bind(4, c.after);
    if (auto st = ch->Run(); !st) return st;
  }
  return {};
}

core::Result<std::vector<domain::AuditEntry>> SqliteAuditRepo::List(const domain::AuditQuery& q) {
  std::vector<Param> params;
  std::vector<std::string> where;
  auto add = [&](std::string condition, Param p) {
    params.push_back(std::move(p));
    where.push_back(std::move(condition) + Placeholder(params.size()));
  };
  if (q.customer_id) add("customer_id = ", {*q.customer_id, {}});
  if (q.actor_id) add("actor_id = ", {*q.actor_id, {}});
  if (q.since) add("at >= ", {q.since->ms, {}});
  if (q.before_id > 0) add("id < ", {q.before_id, {}});
  std::string inner =
      "SELECT id, at, actor_id, client_address, action, entity_type, entity_id, customer_id, "
      "detail FROM audit_log";
  for (std::size_t i = 0; i < where.size(); ++i) inner += (i == 0 ? " WHERE " : " AND ") + where[i];
  params.push_back({static_cast<std::int64_t>(std::max(q.limit, 0)) + 1, {}});
  inner += " ORDER BY id DESC LIMIT " + Placeholder(params.size());
  // The page of entries first, then their changes joined on (one statement, one round trip).
  const std::string sql =
      "SELECT a.id, a.at, a.actor_id, a.client_address, a.action, a.entity_type, a.entity_id, "
      "a.customer_id, a.detail, ch.field, ch.before, ch.after FROM (" + inner +
      ") a LEFT JOIN audit_changes ch ON ch.audit_id = a.id ORDER BY a.id DESC, ch.field";
  auto s = conn_.Prepare(sql);
  if (!s) return Fail(s.error());
  BindAll(*s, params);
  std::vector<domain::AuditEntry> out;
  for (;;) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const core::Id id = s->Int(0);
    if (out.empty() || out.back().id != id) {
      domain::AuditEntry e;
      e.id = id;
      e.at = {s->Int(1)};
      e.actor_id = s->OptInt(2);
      e.client_address = s->Text(3);
      e.action = s->Text(4);
      e.entity_type = s->Text(5);
      e.entity_id = s->OptInt(6);
      e.customer_id = s->OptInt(7);
      e.detail = s->OptText(8);
      out.push_back(std::move(e));
    }
    if (!s->IsNull(9)) out.back().changes.push_back({s->Text(9), s->OptText(10), s->OptText(11)});
  }
  return out;
}

core::Status SqliteAuditRepo::RedactCustomer(core::Id customer_id,
                                             std::span<const std::string_view> keep_fields,
                                             std::string_view replacement) {
  std::string sql =
      "UPDATE audit_changes SET before = CASE WHEN before IS NULL THEN NULL ELSE ?2 END, "
      "after = CASE WHEN after IS NULL THEN NULL ELSE ?2 END "
      "WHERE audit_id IN (SELECT id FROM audit_log WHERE customer_id = ?1)";
  if (!keep_fields.empty()) {
    sql += " AND field NOT IN (";
    for (std::size_t i = 0; i < keep_fields.size(); ++i)
      sql += (i ? ", " : "") + Placeholder(i + 3);
    sql += ")";
  }
  auto s = conn_.Prepare(sql);
  if (!s) return Fail(s.error());
  s->Bind(1, customer_id).Bind(2, replacement);
  for (std::size_t i = 0; i < keep_fields.size(); ++i)
    s->Bind(static_cast<int>(i + 3), keep_fields[i]);
  if (auto st = s->Run(); !st) return st;
  auto detail = conn_.Prepare(
      "UPDATE audit_log SET detail = NULL WHERE customer_id = ?1 AND detail IS NOT NULL");
  if (!detail) return Fail(detail.error());
  detail->Bind(1, customer_id);
  return detail->Run();
}

}  // namespace rapport::store::sqlite

namespace rapport::store::sqlite {

core::Result<std::int64_t> SqliteAuditRepo::CountSince(core::Timestamp from, std::span<const std::string> entity_types,
                                                       std::int64_t at_most) {
  if (entity_types.empty() || at_most <= 0) return std::int64_t{0};
  std::string types;
  for (std::size_t i = 0; i < entity_types.size(); ++i) types += (i ? ", ?" : "?") + std::to_string(i + 3);
  // Read through audit_log_at from `from` on, stopping after at_most matches.
  auto s = conn_.Prepare("SELECT count(*) FROM (SELECT 1 FROM audit_log WHERE at >= ?1 AND entity_type IN (" + types +
                         ") LIMIT ?2)");
  if (!s) return core::Fail(s.error());
  s->Bind(1, from.ms).Bind(2, at_most);
  for (std::size_t i = 0; i < entity_types.size(); ++i) s->Bind(static_cast<int>(i + 3), entity_types[i]);
  auto row = s->Step();
  if (!row) return core::Fail(row.error());
  return s->Int(0);
}

}  // namespace rapport::store::sqlite
