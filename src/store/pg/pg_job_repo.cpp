// Background job leases on PostgreSQL. Claims race between servers: under READ COMMITTED the
// second UPDATE waits for the first's row lock and re-checks its WHERE on the new row, so exactly
// one claim wins.
#include "store/pg/pg_repos.hpp"
#include "store/pg/pg_rows.hpp"

namespace rapport::store::pg {

using core::Fail;

core::Result<bool> PgJobRepo::Claim(std::string_view name, std::string_view holder,
                                    core::Timestamp now, core::Timestamp lease_until) {
  Params add;
  add.Add(std::string(name));
  if (auto r = conn_.Query("INSERT INTO jobs (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", add); !r)
    return Fail(r.error());
  Params p;
  p.Add(std::string(name)).Add(std::string(holder)).Add(now.ms).Add(lease_until.ms);
  auto r = conn_.Query(
      "UPDATE jobs SET holder = $2, lease_until = $4 "
      "WHERE name = $1 AND next_run_at <= $3 AND (holder IS NULL OR lease_until <= $3)",
      p);
  if (!r) return Fail(r.error());
  return r->Affected() == 1;
}

core::Result<bool> PgJobRepo::Finish(std::string_view name, std::string_view holder,
                                     core::Timestamp now, core::Timestamp next_run_at) {
  Params p;
  p.Add(std::string(name)).Add(std::string(holder)).Add(now.ms).Add(next_run_at.ms);
  auto r = conn_.Query(
      "UPDATE jobs SET holder = NULL, lease_until = 0, next_run_at = $4, last_run_at = $3, "
      "last_holder = $2, runs = runs + 1 WHERE name = $1 AND holder = $2",
      p);
  if (!r) return Fail(r.error());
  return r->Affected() == 1;
}

core::Result<bool> PgJobRepo::Extend(std::string_view name, std::string_view holder, core::Timestamp lease_until) {
  Params p;
  p.Add(std::string(name)).Add(std::string(holder)).Add(lease_until.ms);
  auto r = conn_.Query("UPDATE jobs SET lease_until = $3 WHERE name = $1 AND holder = $2", p);
  if (!r) return Fail(r.error());
  return r->Affected() == 1;
}

core::Result<std::vector<domain::JobState>> PgJobRepo::List() {
  auto r = conn_.Query(
      "SELECT name, holder, lease_until, next_run_at, last_run_at, last_holder, runs "
      "FROM jobs ORDER BY name",
      Params{});
  if (!r) return Fail(r.error());
  std::vector<domain::JobState> out;
  for (int i = 0; i < r->Rows(); ++i) {
    domain::JobState j;
    j.name = r->Text(i, 0);
    j.holder = r->OptText(i, 1);
    j.lease_until = {r->Int(i, 2)};
    j.next_run_at = {r->Int(i, 3)};
    j.last_run_at = OptTime(*r, i, 4);
    j.last_holder = r->OptText(i, 5);
    j.runs = r->Int(i, 6);
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace rapport::store::pg

namespace rapport::store::pg {

core::Result<bool> PgJobRepo::RequestRun(std::string_view name, core::Timestamp at) {
  Params p;
  p.Add(std::string(name)).Add(at.ms);
  auto r = conn_.Query(
      "INSERT INTO jobs (name, next_run_at) VALUES ($1, $2) "
      "ON CONFLICT (name) DO UPDATE SET next_run_at = excluded.next_run_at WHERE jobs.next_run_at > excluded.next_run_at",
      p);
  if (!r) return core::Fail(r.error());
  return r->Affected() == 1;
}

}  // namespace rapport::store::pg
