// JobRepo: the storage port of background jobs and their leases (who runs what, when next).
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/jobs/job.hpp"

namespace rapport::domain {

class JobRepo {
 public:
  virtual ~JobRepo() = default;
  // Claims job `name` for `holder` until `lease_until` if it is due (next_run_at <= now) and no
  // live lease holds it (a lapsed lease counts as free). Creates the job, due at once, when it is
  // missing. True when `holder` now holds it. Atomic against concurrent claims on any backend.
  virtual core::Result<bool> Claim(std::string_view name, std::string_view holder, Timestamp now,
                                   Timestamp lease_until) = 0;
  // Ends `holder`'s run: releases the lease, records the run, schedules the next. False (and
  // nothing changes) when `holder` no longer holds the job: its lease lapsed and another took it.
  virtual core::Result<bool> Finish(std::string_view name, std::string_view holder, Timestamp now,
                                    Timestamp next_run_at) = 0;
  // Moves the lease of `holder` to `lease_until` (a long run keeps its job). False when `holder`
  // no longer holds the job.
  virtual core::Result<bool> Extend(std::string_view name, std::string_view holder, Timestamp lease_until) = 0;
  virtual core::Result<std::vector<JobState>> List() = 0;  // by name
  // Makes job `name` due at `at` when it is due later (a run asked for before its period ends);
  // a missing job is created due then. True when next_run_at moved. A run in progress finishes
  // and then schedules its next run as usual (Finish overwrites next_run_at).
  virtual core::Result<bool> RequestRun(std::string_view name, Timestamp at) = 0;
};

}  // namespace rapport::domain
