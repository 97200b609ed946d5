// Background job leases over SqlSession, for both backends (see SqlJobRepo).
#include "store/common/account_repos.hpp"

namespace rapport::store {

using core::Fail;

core::Result<bool> SqlJobRepo::Claim(std::string_view name, std::string_view holder, core::Timestamp now,
                                     core::Timestamp lease_until) {
  if (auto n = s_.Exec("INSERT INTO jobs (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", {name}); !n)
    return Fail(n.error());
  auto n = s_.Exec(
      "UPDATE jobs SET holder = $2, lease_until = $4 "
      "WHERE name = $1 AND next_run_at <= $3 AND (holder IS NULL OR lease_until <= $3)",
      {name, holder, now, lease_until});
  if (!n) return Fail(n.error());
  return *n == 1;
}

core::Result<bool> SqlJobRepo::Finish(std::string_view name, std::string_view holder, core::Timestamp now,
                                      core::Timestamp next_run_at) {
  auto n = s_.Exec(
      "UPDATE jobs SET holder = NULL, lease_until = 0, next_run_at = $4, last_run_at = $3, "
      "last_holder = $2, runs = runs + 1 WHERE name = $1 AND holder = $2",
      {name, holder, now, next_run_at});
  if (!n) return Fail(n.error());
  return *n == 1;
}

core::Result<bool> SqlJobRepo::Extend(std::string_view name, std::string_view holder, core::Timestamp lease_until) {
  auto n = s_.Exec("UPDATE jobs SET lease_until = $3 WHERE name = $1 AND holder = $2", {name, holder, lease_until});
  if (!n) return Fail(n.error());
  return *n == 1;
}

core::Result<std::vector<domain::JobState>> SqlJobRepo::List() {
  auto r = s_.Query(
      "SELECT name, holder, lease_until, next_run_at, last_run_at, last_holder, runs "
      "FROM jobs ORDER BY name");
  if (!r) return Fail(r.error());
  std::vector<domain::JobState> out;
  for (int i = 0; i < r->Rows(); ++i) {
    domain::JobState j;
    j.name = r->Text(i, 0);
    j.holder = r->OptText(i, 1);
    j.lease_until = r->Time(i, 2);
    j.next_run_at = r->Time(i, 3);
    j.last_run_at = r->OptTime(i, 4);
    j.last_holder = r->OptText(i, 5);
    j.runs = r->Int(i, 6);
    out.push_back(std::move(j));
  }
  return out;
}

// Moves the next run earlier, never later; true when the job was added or moved.
core::Result<bool> SqlJobRepo::RequestRun(std::string_view name, core::Timestamp at) {
  auto n = s_.Exec(
      "INSERT INTO jobs (name, next_run_at) VALUES ($1, $2) "
      "ON CONFLICT (name) DO UPDATE SET next_run_at = excluded.next_run_at WHERE jobs.next_run_at > excluded.next_run_at",
      {name, at});
  if (!n) return Fail(n.error());
  return *n == 1;
}

}  // namespace rapport::store
