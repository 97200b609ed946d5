// PasswordResetRepo: the storage port of password-reset tickets (stored by hash).
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "domain/auth/session.hpp"

namespace rapport::domain {

class PasswordResetRepo {
 public:
  virtual ~PasswordResetRepo() = default;
  virtual core::Result<Id> Insert(const PasswordReset& reset) = 0;
  virtual core::Result<std::optional<PasswordReset>> FindByHash(std::string_view token_hash) = 0;
  // Marks every unused ticket of the user used (a ticket works once; a new password voids the rest).
  virtual core::Status UseAllOf(Id user_id, Timestamp at) = 0;
};

}  // namespace rapport::domain
