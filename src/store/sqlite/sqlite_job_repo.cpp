// Background job leases on SQLite. The single writer serialises claims; the conditional UPDATE
// makes each one atomic all the same (and keeps the SQL the same as on PostgreSQL).
#include "store/sqlite/sqlite_repos.hpp"

namespace rapport::store::sqlite {

using core::Fail;

core::Result<bool> SqliteJobRepo::Claim(std::string_view name, std::string_view holder,
                                        core::Timestamp now, core::Timestamp lease_until) {
  auto add = conn_.Prepare("INSERT INTO jobs (name) VALUES (?1) ON CONFLICT (name) DO NOTHING");
  if (!add) return Fail(add.error());
  add->Bind(1, name);
  if (auto st = add->Run(); !st) return Fail(st.error());
  auto s = conn_.Prepare(
      "UPDATE jobs SET holder = ?2, lease_until = ?4 "
      "WHERE name = ?1 AND next_run_at <= ?3 AND (holder IS NULL OR lease_until <= ?3)");
  if (!s) return Fail(s.error());
  s->Bind(1, name).Bind(2, holder).Bind(3, now.ms).Bind(4, lease_until.ms);
  if (auto st = s->Run(); !st) return Fail(st.error());
  return sqlite3_changes(conn_.handle()) == 1;
}

core::Result<bool> SqliteJobRepo::Finish(std::string_view name, std::string_view holder,
                                         core::Timestamp now, core::Timestamp next_run_at) {
  auto s = conn_.Prepare(
      "UPDATE jobs SET holder = NULL, lease_until = 0, next_run_at = ?4, last_run_at = ?3, "
      "last_holder = ?2, runs = runs + 1 WHERE name = ?1 AND holder = ?2");
  if (!s) return Fail(s.error());
  s->Bind(1, name).Bind(2, holder).Bind(3, now.ms).Bind(4, next_run_at.ms);
  if (auto st = s->Run(); !st) return Fail(st.error());
  return sqlite3_changes(conn_.handle()) == 1;
}

core::Result<bool> SqliteJobRepo::Extend(std::string_view name, std::string_view holder, core::Timestamp lease_until) {
  auto s = conn_.Prepare("UPDATE jobs SET lease_until = ?3 WHERE name = ?1 AND holder = ?2");
  if (!s) return Fail(s.error());
  s->Bind(1, name).Bind(2, holder).Bind(3, lease_until.ms);
  if (auto st = s->Run(); !st) return Fail(st.error());
  return sqlite3_changes(conn_.handle()) == 1;
}

core::Result<std::vector<domain::JobState>> SqliteJobRepo::List() {
  auto s = conn_.Prepare(
      "SELECT name, holder, lease_until, next_run_at, last_run_at, last_holder, runs "
      "FROM jobs ORDER BY name");
  if (!s) return Fail(s.error());
  std::vector<domain::JobState> out;
  for (;;) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    domain::JobState j;
    j.name = s->Text(0);
    j.holder = s->OptText(1);
    j.lease_until = {s->Int(2)};
    j.next_run_at = {s->Int(3)};
    if (auto t = s->OptInt(4)) j.last_run_at = core::Timestamp{*t};
    j.last_holder = s->OptText(5);
    j.runs = s->Int(6);
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace rapport::store::sqlite

namespace rapport::store::sqlite {

core::Result<bool> SqliteJobRepo::RequestRun(std::string_view name, core::Timestamp at) {
  auto add = conn_.Prepare("INSERT INTO jobs (name, next_run_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING");
  if (!add) return core::Fail(add.error());
  add->Bind(1, name).Bind(2, at.ms);
  if (auto st = add->Run(); !st) return core::Fail(st.error());
  if (sqlite3_changes(conn_.handle()) == 1) return true;
  auto s = conn_.Prepare("UPDATE jobs SET next_run_at = ?2 WHERE name = ?1 AND next_run_at > ?2");
  if (!s) return core::Fail(s.error());
  s->Bind(1, name).Bind(2, at.ms);
  if (auto st = s->Run(); !st) return core::Fail(st.error());
  return sqlite3_changes(conn_.handle()) == 1;
}

}  // namespace rapport::store::sqlite
