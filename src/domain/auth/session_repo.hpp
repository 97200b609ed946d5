// SessionRepo: the storage port of browser sessions (stored by hash) and who owns them.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "domain/auth/session.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

struct SessionOwner {
  Session session;
  User user;
};

class SessionRepo {
 public:
  virtual ~SessionRepo() = default;
  virtual core::Result<Id> Insert(const Session& session) = 0;
  virtual core::Result<std::optional<SessionOwner>> FindByHash(std::string_view token_hash) = 0;
  virtual core::Status Touch(Id session_id, Timestamp at) = 0;  // last_seen_at
  virtual core::Status End(Id session_id, Timestamp at) = 0;    // ended_at, if not ended
  virtual core::Result<int> EndAllOf(Id user_id, Timestamp at) = 0;
  // Removes sessions that ended or expired before `before`; returns how many.
  virtual core::Result<int> DeleteExpired(Timestamp before) = 0;
};

}  // namespace rapport::domain
