// Throttling of password guesses (sign-in, password change), shared by every server through the
// database's login_throttles rows. An attempt is counted as a failure *before* its password is
// checked, in the same write transaction that checks the lockout: concurrent guesses are
// serialised by that transaction, so no more than kFreeLoginFailures of them are ever checked
// in a window however many arrive at once. A success clears its keys again.
// Pure functions over a Txn: thread-safe as the Txn is.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "domain/auth/login_throttle_repo.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

struct ThrottleKey {
  std::string key;             // e.g. "account:<email>", "address:<ip>", "password:<user id>"
  std::string_view locked_on;  // the end of "too many failed sign-ins ...", e.g. "for this account"
  std::string_view attempts = "failed sign-ins";
};

// kTooManyRequests (with retry_after_seconds) while any key is locked out, changing nothing;
// otherwise counts the attempt as a failure on every key (starting a lockout on a key that
// reaches kFreeLoginFailures).
core::Status ClaimPasswordAttempt(Txn& txn, std::span<const ThrottleKey> keys, Timestamp now);

// After a correct password: forgets the keys' failures (the claimed attempt included).
core::Status ClearPasswordAttempts(Txn& txn, std::span<const ThrottleKey> keys);

}  // namespace rapport::domain
