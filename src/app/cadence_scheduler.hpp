// The cadence scheduler inside the server: every `interval` it claims the shared "cadences" job
// (one server at a time, see domain/jobs) and runs a pass: incremental, or full after rule
// changes. No external cron is needed; `rapport cadences run` exists for those who want one.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "domain/cadence/cadence_service.hpp"
#include "domain/jobs/job_runner.hpp"

namespace rapport::app {

class CadenceScheduler {
 public:
  CadenceScheduler(domain::Store& store, const core::Clock& clock, std::string holder,
                   std::chrono::milliseconds interval);
  ~CadenceScheduler();  // stops and joins
  CadenceScheduler(const CadenceScheduler&) = delete;
  CadenceScheduler& operator=(const CadenceScheduler&) = delete;

  // The lease: five intervals, from 5 s to 10 min. A server that dies mid-pass holds the job this
  // long; a long (full) pass renews it as it goes.
  static std::chrono::milliseconds LeaseFor(std::chrono::milliseconds interval);

 private:
  void Loop();
  domain::Store& store_;
  const core::Clock& clock_;
  const std::string holder_;
  const domain::JobSchedule job_;
  domain::CadenceService cadences_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace rapport::app
