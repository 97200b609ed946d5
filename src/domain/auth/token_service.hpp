// TokenService: API tokens: 256 random bits shown once, stored only as a hash; named, owned,
// optionally expiring, revocable. Users manage their own tokens; admins anyone's. Audited in the
// same transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   Create         kPermissionDenied for another user's token unless an admin; kInvalidArgument
//                  on "user_id" (none, unknown), "name" (1 to 100 printable characters),
//                  "expires_at" (not in the future); kConflict when the owner is deactivated.
//   CreateForEmail kNotFound for an unknown email; then as Create.
//   List           kPermissionDenied when a non-admin asks for another user's or everyone's.
//   Revoke         kNotFound for an unknown token, or another user's unless the actor is an admin.
#pragma once

#include "core/clock.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

struct IssuedToken {
  ApiToken token;
  std::string secret;  // shown once, never stored
};

class TokenService {
 public:
  TokenService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  // A token for `for_user` (default: the actor); another user's needs an admin.
  core::Result<IssuedToken> Create(const Actor& actor, std::string_view name,
                                   std::optional<Timestamp> expires_at,
                                   std::optional<Id> for_user = std::nullopt);
  // The command line: a token for the user with this email.
  core::Result<IssuedToken> CreateForEmail(std::string_view email, std::string_view name,
                                           std::optional<Timestamp> expires_at);
  // The actor's tokens; an admin may ask for anyone's (user_id) or everyone's (all).
  core::Result<std::vector<ApiToken>> List(const Actor& actor, std::optional<Id> user_id, bool all);
  // Revokes at once. Another user's token answers kNotFound unless the actor is an admin.
  core::Result<ApiToken> Revoke(const Actor& actor, Id token_id);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
