#include "domain/jobs/job_runner.hpp"

#include "domain/jobs/job_repo.hpp"

namespace rapport::domain {

namespace {
constexpr std::int64_t kRetryAfterFailureMs = 60'000;
}

core::Result<bool> RunIfDue(Store& store, const core::Clock& clock, std::string_view holder,
                            const JobSchedule& job, const std::function<core::Status()>& work) {
  const Timestamp now = clock.Now();
  auto claimed = WriteValue<bool>(store, [&](Txn& txn) {
    return txn.Jobs().Claim(job.name, holder, now, Timestamp{now.ms + job.lease.count()});
  });
  if (!claimed) return core::Fail(claimed.error());
  if (!*claimed) return false;
  const core::Status result = work();
  const Timestamp end = clock.Now();
  const Timestamp next{end.ms + (result ? job.period.count() : kRetryAfterFailureMs)};
  auto finished = WriteValue<bool>(store, [&](Txn& txn) { return txn.Jobs().Finish(job.name, holder, end, next); });
  if (!finished) return core::Fail(finished.error());
  if (!*finished)
    return core::Fail(core::Error::Conflict("job '" + job.name + "' outlived its lease and was taken over"));
  if (!result) return core::Fail(result.error());
  return true;
}

core::Result<bool> ExtendLease(Store& store, const core::Clock& clock, std::string_view holder, const JobSchedule& job) {
  const Timestamp until{clock.Now().ms + job.lease.count()};
  return WriteValue<bool>(store, [&](Txn& txn) { return txn.Jobs().Extend(job.name, holder, until); });
}

core::Result<std::vector<JobState>> ListJobs(Store& store, const Actor& actor) {
  if (!actor.SeesAllCustomers())
    return core::Fail(core::Error::Forbidden("only managers and admins see background jobs"));
  return ReadValue<std::vector<JobState>>(store, [](Txn& txn) { return txn.Jobs().List(); });
}

}  // namespace rapport::domain
