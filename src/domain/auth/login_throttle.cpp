#include "domain/auth/login_throttle.hpp"

#include <algorithm>
#include <vector>

#include "domain/auth/auth_service.hpp"

namespace rapport::domain {
namespace {

std::int64_t LockoutMs(int failures) {
  const int over = failures - kFreeLoginFailures;  // 0 for the failure that starts the lockout
  const std::int64_t first = std::chrono::milliseconds(kFirstLockout).count();
  const std::int64_t cap = std::chrono::milliseconds(kMaxLockout).count();
  if (over >= 20) return cap;
  return std::min(cap, first << over);
}

int SecondsUntil(Timestamp later, Timestamp now) {
  return static_cast<int>((later.ms - now.ms + 999) / 1000);
}

}  // namespace

core::Status ClaimPasswordAttempt(Txn& txn, std::span<const ThrottleKey> keys, Timestamp now) {
  std::vector<LoginThrottle> counted;
  for (const auto& k : keys) {
    if (auto st = txn.LoginThrottles().Lock(k.key); !st) return st;
    auto found = txn.LoginThrottles().Get(k.key);
    if (!found) return core::Fail(found.error());
    LoginThrottle t = found->value_or(LoginThrottle{k.key, 0, now, Timestamp{0}});
    if (t.blocked_until.ms > now.ms) {
      const int wait = SecondsUntil(t.blocked_until, now);
      return core::Fail(core::Error::TooManyRequests(
          "too many " + std::string(k.attempts) + " " + std::string(k.locked_on) + "; try again in " +
              std::to_string(wait) + " s",
          wait));
    }
    // Failures are forgotten a window after the first one, or after the lockout they caused
    // ended, whichever is later: a lockout longer than the window must not reset the count.
    const std::int64_t quiet_since = std::max(t.window_start.ms, t.blocked_until.ms);
    if (now.ms - quiet_since > std::chrono::milliseconds(kThrottleWindow).count()) {
      t.failures = 0;
      t.window_start = now;
    }
    ++t.failures;
    if (t.failures >= kFreeLoginFailures) t.blocked_until = Timestamp{now.ms + LockoutMs(t.failures)};
    counted.push_back(std::move(t));
  }
  for (const auto& t : counted)
    if (auto st = txn.LoginThrottles().Put(t); !st) return st;
  return {};
}

core::Status ClearPasswordAttempts(Txn& txn, std::span<const ThrottleKey> keys) {
  for (const auto& k : keys)
    if (auto st = txn.LoginThrottles().Clear(k.key); !st) return st;
  return {};
}

}  // namespace rapport::domain
