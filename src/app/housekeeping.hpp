// Periodic clean-up while the server runs: deletes sessions that ended or expired a day ago or
// more, and failed-sign-in counters quiet for a day; expires unspent loyalty points;
// records promises past due as broken; scores every customer's lifetime value nightly. With several servers on one database, the
// run is claimed through a lease in the database (domain/jobs), so one server does it per period;
// if that server dies mid-run, another takes over when the lease lapses.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "domain/economics/clv_engine.hpp"
#include "domain/economics/scoring_service.hpp"
#include "domain/jobs/job_runner.hpp"

namespace rapport::app {

// This server's name in job leases: "host:pid:random".
std::string ServerHolderId();

class Housekeeping {
 public:
  // With `engine`, also the nightly scoring run (domain/economics/scoring_service.hpp), run sooner
  // after large changes as `rescore` says. `check_every`: how often this server looks for due work.
  Housekeeping(domain::Store& store, const core::Clock& clock, const domain::ClvEngine* engine = nullptr,
               domain::RescorePolicy rescore = {}, std::chrono::milliseconds check_every = kCheckEvery);
  ~Housekeeping();  // stops and joins
  Housekeeping(const Housekeeping&) = delete;
  Housekeeping& operator=(const Housekeeping&) = delete;

  static inline const domain::JobSchedule kJob{"housekeeping", std::chrono::minutes(10),
                                               std::chrono::minutes(2)};
  // Expires unspent loyalty points past the workspace's expiry period (a no-op when points never
  // expire).
  static inline const domain::JobSchedule kLoyaltyExpiryJob{"loyalty-expiry", std::chrono::hours(1),
                                                            std::chrono::minutes(10)};
  // Records open promises whose due time passed as broken.
  static inline const domain::JobSchedule kPromiseExpiryJob{"promise-expiry", std::chrono::minutes(1),
                                                            std::chrono::minutes(2)};
  // Fits the lifetime-value models and re-scores every customer (about 30 s at a million).
  static inline const domain::JobSchedule kScoringJob{"scoring", std::chrono::hours(24), std::chrono::minutes(30)};
  static constexpr std::chrono::milliseconds kCheckEvery{30'000};  // default: how often a server looks for due work

 private:
  core::Status CleanUp();
  core::Status ExpireLoyaltyPoints();
  core::Status BreakOverduePromises();
  core::Status Score();
  void Loop();
  domain::Store& store_;
  const core::Clock& clock_;
  const domain::ClvEngine* engine_;
  const domain::RescorePolicy rescore_;
  const std::chrono::milliseconds check_every_;
  const std::string holder_;  // this server: "host:pid:random"
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace rapport::app
