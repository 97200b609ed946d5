// LoginThrottleRepo: the storage port of failed-login counters and lockouts, by key.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "domain/auth/session.hpp"

namespace rapport::domain {

class LoginThrottleRepo {
 public:
  virtual ~LoginThrottleRepo() = default;
  virtual core::Result<std::optional<LoginThrottle>> Get(std::string_view key) = 0;
  // In a write transaction: holds `key`'s counter (made, empty, if there is none) until the
  // transaction ends, so concurrent read-modify-writes of one key run one after another even
  // where several writers run at once (PostgreSQL). A no-op where writers are serialised already.
  virtual core::Status Lock(std::string_view key) = 0;
  virtual core::Status Put(const LoginThrottle& throttle) = 0;  // insert or replace
  virtual core::Status Clear(std::string_view key) = 0;
  // Removes counters whose last failure and lockout both ended before `before`; returns how many.
  virtual core::Result<int> DeleteStale(Timestamp before) = 0;
};

}  // namespace rapport::domain
