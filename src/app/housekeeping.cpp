#include "app/housekeeping.hpp"

#include <spdlog/spdlog.h>

namespace rapport::app {

namespace {
constexpr std::int64_t kKeepEndedSessionsMs = 24 * 3600 * 1000;
}

Housekeeping::Housekeeping(domain::Store& store, const core::Clock& clock)
    : store_(store), clock_(clock), thread_([this] { Loop(); }) {}

Housekeeping::~Housekeeping() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Housekeeping::RunOnce() {
  const core::Timestamp before{clock_.Now().ms - kKeepEndedSessionsMs};
  int sessions = 0, throttles = 0;
  auto st = store_.Write([&](domain::Txn& txn) -> core::Status {
    auto n = txn.Sessions().DeleteExpired(before);
    if (!n) return core::Fail(n.error());
    sessions = *n;
    // Counters of failed sign-ins a day quiet: otherwise guessing random emails grows the table.
    auto t = txn.LoginThrottles().DeleteStale(before);
    if (!t) return core::Fail(t.error());
    throttles = *t;
    return {};
  });
  if (!st) spdlog::warn("housekeeping: clean-up failed: {}", st.error().message);
  else if (sessions + throttles > 0)
    spdlog::info("housekeeping: deleted {} old sessions, {} stale sign-in counters", sessions, throttles);
}

void Housekeeping::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    RunOnce();
    lock.lock();
    wake_.wait_for(lock, kPeriod, [this] { return stop_; });
  }
}

}  // namespace rapport::app
