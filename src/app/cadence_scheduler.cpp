#include "app/cadence_scheduler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace rapport::app {

CadenceScheduler::CadenceScheduler(domain::Store& store, const core::Clock& clock, std::string holder,
                                   std::chrono::milliseconds interval)
    : store_(store),
      clock_(clock),
      holder_(std::move(holder)),
      job_{"cadences", interval, LeaseFor(interval)},
      cadences_(store, clock),
      thread_([this] { Loop(); }) {}

std::chrono::milliseconds CadenceScheduler::LeaseFor(std::chrono::milliseconds interval) {
  return std::clamp<std::chrono::milliseconds>(interval * 5, std::chrono::seconds(5), std::chrono::minutes(10));
}

CadenceScheduler::~CadenceScheduler() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void CadenceScheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    auto ran = domain::RunIfDue(store_, clock_, holder_, job_, [this]() -> core::Status {
      std::int64_t last_logged = 0;
      auto renewed = std::chrono::steady_clock::now();
      auto report = cadences_.RunPass(false, [&](std::int64_t done, std::int64_t total) {
        if (std::chrono::steady_clock::now() - renewed > job_.lease / 3) {
          auto kept = domain::ExtendLease(store_, clock_, holder_, job_);
          if (!kept || !*kept) spdlog::warn("cadences: could not renew the lease; another server may take the pass over");
          renewed = std::chrono::steady_clock::now();
        }
        // A full pass over many customers logs its progress about every 10 %.
        if (total >= 50'000 && done - last_logged >= total / 10) {
          spdlog::info("cadences: full pass {}/{} customers", done, total);
          last_logged = done;
        }
      });
      if (!report) return core::Fail(report.error());
      if (report->full || report->tasks_created > 0 || report->states_changed > 0)
        spdlog::info("cadences: {} pass over {} customers: {} touch states changed, {} tasks created in {} ms",
                     report->full ? "full" : "incremental", report->customers, report->states_changed,
                     report->tasks_created, report->elapsed_ms);
      return {};
    });
    if (!ran) spdlog::warn("cadences: {}", ran.error().message);
    lock.lock();
    wake_.wait_for(lock, job_.period, [this] { return stop_; });
  }
}

}  // namespace rapport::app
