// UserRepo: the storage port of users (staff accounts).
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

class UserRepo {
 public:
  virtual ~UserRepo() = default;
  // kConflict on "email" when a user with the same (case-insensitive) email exists.
  virtual core::Result<Id> Insert(const User& user) = 0;
  virtual core::Result<std::optional<User>> Find(Id id) = 0;
  virtual core::Result<std::optional<User>> FindByEmail(std::string_view email) = 0;
  // Replaces the row with user.id (email, name, role, team, active, password_hash, updated_at).
  // kConflict on "email" as for Insert.
  virtual core::Status Update(const User& user) = 0;
  // Every user, by id. (A company has tens or hundreds of users, not millions.)
  virtual core::Result<std::vector<User>> List() = 0;
};

}  // namespace rapport::domain
