// Signed-in browser sessions, login throttling and password reset tickets. Plain values.
#pragma once

#include <optional>
#include <string>

#include "core/id.hpp"
#include "core/time.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

// A server-side session: the cookie carries a random secret; only its hash is stored.
struct Session {
  Id id = 0;
  Id user_id = 0;
  std::string token_hash;
  std::string csrf_token;  // sent back by the client in X-CSRF-Token on cookie-authenticated writes
  std::string client_address;
  Timestamp created_at, last_seen_at;
  Timestamp expires_at;  // absolute expiry; the idle expiry is last_seen_at + idle limit
  std::optional<Timestamp> ended_at;
};

// Failed sign-in attempts under one key ("account:<folded email>" or "address:<ip>").
struct LoginThrottle {
  std::string key;
  int failures = 0;
  Timestamp window_start;   // first failure of the current window
  Timestamp blocked_until;  // no attempt is checked before this instant
};

// A one-time ticket to set a new password, made by an admin.
struct PasswordReset {
  Id id = 0;
  Id user_id = 0;
  std::string token_hash;
  std::optional<Id> created_by;
  Timestamp created_at, expires_at;
  std::optional<Timestamp> used_at;
};

}  // namespace rapport::domain
