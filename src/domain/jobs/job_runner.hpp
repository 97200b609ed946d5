// Running a periodic background job on whichever server claims it first (see job.hpp).
//
// Thread safety: free functions over a thread-safe Store and Clock; safe to call from many threads
// and servers at once: the lease (JobRepo::Claim) lets only one of them run a job at a time.
//
// Errors: the store's kUnavailable / kInternal from every function; RunIfDue also answers the
// error of `work` (after recording the failed run, retried a minute later) and kConflict when the
// run outlived its lease and another holder took the job over; ListJobs answers kPermissionDenied
// for a rep.
#pragma once

#include <chrono>
#include <functional>

#include "core/clock.hpp"
#include "domain/jobs/job.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

struct JobSchedule {
  std::string name;
  std::chrono::milliseconds period;  // from the end of one run to the next
  std::chrono::milliseconds lease;   // longer than a run takes; a dead holder blocks the job this long
};

// If the job is due and nobody holds it, claims it for `holder`, runs `work` and finishes the run
// (a failed run is retried a minute later). Returns whether `work` ran here.
core::Result<bool> RunIfDue(Store& store, const core::Clock& clock, std::string_view holder,
                            const JobSchedule& job, const std::function<core::Status()>& work);

// Inside a long run: the lease of `holder` lasts job.lease from now on. False when the lease
// lapsed and another holder took the job.
core::Result<bool> ExtendLease(Store& store, const core::Clock& clock, std::string_view holder, const JobSchedule& job);

// Every job's state, for managers and admins (kPermissionDenied otherwise).
core::Result<std::vector<JobState>> ListJobs(Store& store, const Actor& actor);

}  // namespace rapport::domain
