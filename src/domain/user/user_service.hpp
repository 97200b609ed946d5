// Users and API tokens: adding users, issuing tokens, authenticating a request's bearer token.
// Thread-safe.
#pragma once

#include "core/clock.hpp"
#include "domain/repos.hpp"

namespace rapport::domain {

inline constexpr std::size_t kMinPasswordLength = 10;

struct NewUser {
  std::string email, name;
  Role role = Role::kRep;
  std::optional<std::string> team;
  std::string password;  // may be empty only when allow_no_password (API-only users)
};

struct IssuedToken {
  ApiToken token;
  std::string secret;  // shown once, never stored
};

class UserService {
 public:
  UserService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  core::Result<User> AddUser(const NewUser& user);
  core::Result<IssuedToken> CreateToken(std::string_view user_email, std::string_view token_name,
                                        std::optional<Timestamp> expires_at = std::nullopt);
  // The actor for a bearer token secret; kUnauthenticated for an unknown, revoked or expired
  // token or an inactive user. Records last use at most once a minute per token.
  core::Result<Actor> Authenticate(std::string_view secret);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
