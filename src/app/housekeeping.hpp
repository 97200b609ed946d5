// Periodic clean-up while the server runs: deletes sessions that ended or expired a day ago or
// more, and failed-sign-in counters quiet for a day. Idempotent, so several servers on one
// database may all run it.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "domain/repos.hpp"

namespace rapport::app {

class Housekeeping {
 public:
  Housekeeping(domain::Store& store, const core::Clock& clock);
  ~Housekeeping();  // stops and joins
  Housekeeping(const Housekeeping&) = delete;
  Housekeeping& operator=(const Housekeeping&) = delete;

  // One round, now (also what the thread runs every kPeriod).
  void RunOnce();

  static constexpr std::chrono::minutes kPeriod{10};

 private:
  void Loop();
  domain::Store& store_;
  const core::Clock& clock_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace rapport::app
