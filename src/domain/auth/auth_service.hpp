// AuthService: signing in and recognising callers: password sign-in with server-side sessions,
// login throttling, and API bearer tokens. Sessions, throttling counters and token last use all
// live in the database, so several servers behind a load balancer share them.
//
// Thread safety: stateless apart from references to the Store and the Clock and a copy of the
// limits; safe to call from many threads at once, each call runs its own transaction(s).
//
// Errors: kUnauthenticated and kTooManyRequests as stated per method, besides the store's
// kUnavailable / kInternal. No method answers kNotFound: an unknown user, session or token is
// kUnauthenticated, so a caller learns nothing about which exist.
#pragma once

#include <chrono>

#include "core/clock.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

struct SessionLimits {
  std::chrono::milliseconds idle{std::chrono::hours(12)};        // since the last request
  std::chrono::milliseconds absolute{std::chrono::hours(24 * 7)};  // since sign-in
};

// After this many failures within kThrottleWindow, each further failure doubles the wait.
inline constexpr int kFreeLoginFailures = 5;
inline constexpr std::chrono::minutes kThrottleWindow{15};
inline constexpr std::chrono::seconds kFirstLockout{30};
inline constexpr std::chrono::minutes kMaxLockout{15};

struct SignIn {
  User user;
  std::string session_secret;  // the cookie's value; only its hash is stored
  std::string csrf_token;
  Timestamp expires_at;
};

struct SessionCaller {
  Actor actor;
  std::string csrf_token;
  Id session_id = 0;
};

class AuthService {
 public:
  AuthService(Store& store, const core::Clock& clock, SessionLimits limits = {})
      : store_(store), clock_(clock), limits_(limits) {}

  // kUnauthenticated with one message for an unknown email, a wrong password and an inactive
  // user; kTooManyRequests (with retry_after_seconds) while the account or the client address is
  // locked out (login_throttle.hpp: attempts are counted before they are checked, so concurrent
  // guesses get no more checks than sequential ones). Every attempt is audited.
  core::Result<SignIn> Login(std::string_view email, std::string_view password,
                             const std::string& client_address);
  // Ends the session (idempotent).
  core::Status Logout(const SessionCaller& caller);
  // The caller of a session cookie; kUnauthenticated when unknown, ended, idle too long, past its
  // absolute expiry, or the user is inactive. Records last use at most once a minute.
  core::Result<SessionCaller> AuthenticateSession(std::string_view secret,
                                                  const std::string& client_address);
  // The caller of a bearer token; kUnauthenticated for an unknown, revoked or expired token or
  // an inactive user. Records last use at most once a minute per token.
  core::Result<Actor> AuthenticateToken(std::string_view secret, const std::string& client_address);

  const SessionLimits& limits() const { return limits_; }

 private:
  // Audits a failed sign-in (the throttles counted it before the check).
  core::Status RecordFailure(std::optional<Id> user_id, std::string_view email,
                             const std::string& client_address, Timestamp now);

  Store& store_;
  const core::Clock& clock_;
  SessionLimits limits_;
};

}  // namespace rapport::domain
