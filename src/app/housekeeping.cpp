#include "app/housekeeping.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "core/crypto.hpp"
#include "domain/auth/login_throttle_repo.hpp"
#include "domain/auth/session_repo.hpp"
#include "domain/care/promise_service.hpp"
#include "domain/economics/scoring_service.hpp"
#include "domain/loyalty/loyalty_service.hpp"

namespace rapport::app {

namespace {

constexpr std::int64_t kKeepEndedSessionsMs = 24 * 3600 * 1000;

}  // namespace

std::string ServerHolderId() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + core::NewRandomSecret().substr(0, 8);
}

Housekeeping::Housekeeping(domain::Store& store, const core::Clock& clock, const domain::ClvEngine* engine,
                           domain::RescorePolicy rescore, std::chrono::milliseconds check_every)
    : store_(store),
      clock_(clock),
      engine_(engine),
      rescore_(rescore),
      check_every_(check_every),
      holder_(ServerHolderId()),
      thread_([this] { Loop(); }) {}

Housekeeping::~Housekeeping() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

core::Status Housekeeping::CleanUp() {
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
  if (st && sessions + throttles > 0)
    spdlog::info("housekeeping: deleted {} old sessions, {} stale sign-in counters", sessions, throttles);
  return st;
}

core::Status Housekeeping::ExpireLoyaltyPoints() {
  const domain::Actor system{0, domain::Role::kAdmin, std::nullopt, "housekeeping"};
  auto n = domain::LoyaltyService(store_, clock_).ExpirePoints(system);
  if (!n) return core::Fail(n.error());
  if (*n > 0) spdlog::info("housekeeping: expired unspent loyalty points of {} customers", *n);
  return {};
}

core::Status Housekeeping::BreakOverduePromises() {
  auto n = domain::PromiseService(store_, clock_).BreakOverdue();
  if (!n) return core::Fail(n.error());
  if (*n > 0) spdlog::info("housekeeping: {} promises passed their due time unkept: recorded as broken", *n);
  return {};
}

core::Status Housekeeping::Score() {
  auto report = domain::ScoringService(store_, clock_, *engine_).Run();
  if (!report) return core::Fail(report.error());
  spdlog::info("scoring run {}: {} customers scored, model {}, in {} ms", report->version, report->customers,
               report->model.empty() ? "none (too little data)" : report->model, report->elapsed_ms);
  return {};
}

void Housekeeping::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    auto ran = domain::RunIfDue(store_, clock_, holder_, kJob, [this] { return CleanUp(); });
    if (!ran) spdlog::warn("housekeeping: {}", ran.error().message);
    auto expired = domain::RunIfDue(store_, clock_, holder_, kLoyaltyExpiryJob, [this] { return ExpireLoyaltyPoints(); });
    if (!expired) spdlog::warn("loyalty expiry: {}", expired.error().message);
    auto promises = domain::RunIfDue(store_, clock_, holder_, kPromiseExpiryJob, [this] { return BreakOverduePromises(); });
    if (!promises) spdlog::warn("promise expiry: {}", promises.error().message);
    if (engine_) {
      auto asked = domain::RequestScoringAfterChanges(store_, clock_, kScoringJob.name, rescore_);
      if (!asked) spdlog::warn("scoring after changes: {}", asked.error().message);
      else if (asked->requested_at)
        spdlog::info("scoring: {}+ changes to customers and orders since the last run: next run due {}", asked->changes,
                     core::FormatIso8601(*asked->requested_at));
      auto scored = domain::RunIfDue(store_, clock_, holder_, kScoringJob, [this] { return Score(); });
      if (!scored) spdlog::warn("scoring: {}", scored.error().message);
    }
    lock.lock();
    wake_.wait_for(lock, check_every_, [this] { return stop_; });
  }
}

}  // namespace rapport::app
