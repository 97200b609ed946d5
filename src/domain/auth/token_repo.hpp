// TokenRepo: the storage port of API tokens (stored by hash) and who owns them.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

struct TokenOwner {
  ApiToken token;
  User user;
};

class TokenRepo {
 public:
  virtual ~TokenRepo() = default;
  virtual core::Result<Id> Insert(const ApiToken& token) = 0;
  virtual core::Result<std::optional<TokenOwner>> FindByHash(std::string_view token_hash) = 0;
  virtual core::Status TouchLastUsed(Id token_id, Timestamp at) = 0;
  virtual core::Result<std::optional<ApiToken>> Find(Id token_id) = 0;
  // Tokens of one user (or of everyone), newest first, revoked ones included.
  virtual core::Result<std::vector<ApiToken>> List(std::optional<Id> user_id) = 0;
  // Sets revoked_at on a token not yet revoked; no-op otherwise.
  virtual core::Status Revoke(Id token_id, Timestamp at) = 0;
  // Revokes every live token of a user; returns how many.
  virtual core::Result<int> RevokeAllOf(Id user_id, Timestamp at) = 0;
};

}  // namespace rapport::domain
