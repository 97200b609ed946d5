#include "domain/user/user_service.hpp"

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/customer/customer_rules.hpp"

namespace rapport::domain {

core::Result<User> UserService::AddUser(const NewUser& in) {
  std::map<std::string, std::string> errors;
  User u;
  u.email = core::Trim(in.email);
  if (!IsValidEmail(u.email) || !core::IsValidUtf8(u.email))
    errors["email"] = "not a valid email address";
  u.name = core::Trim(in.name);
  if (u.name.empty() || !core::IsValidUtf8(u.name) || core::CodepointCount(u.name) > 200 ||
      core::HasControlCharacters(u.name))
    errors["name"] = "required, 1 to 200 printable characters";
  if (in.team) {
    u.team = core::Trim(*in.team);
    if (u.team->empty() || core::CodepointCount(*u.team) > 100) errors["team"] = "1 to 100 characters";
  }
  if (core::CodepointCount(in.password) < kMinPasswordLength)
    errors["password"] = "too short: at least " + std::to_string(kMinPasswordLength) + " characters";
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  u.role = in.role;
  u.active = true;
  auto hash = core::HashPassword(in.password);
  if (!hash) return core::Fail(hash.error());
  u.password_hash = std::move(*hash);
  u.created_at = u.updated_at = clock_.Now();
  return WriteValue<User>(store_, [&](Txn& txn) -> core::Result<User> {
    auto id = txn.Users().Insert(u);
    if (!id) return core::Fail(id.error());
    User created = u;
    created.id = *id;
    return created;
  });
}

core::Result<IssuedToken> UserService::CreateToken(std::string_view user_email,
                                                   std::string_view token_name,
                                                   std::optional<Timestamp> expires_at) {
  std::string name = core::Trim(token_name);
  if (name.empty()) name = "api";
  if (core::CodepointCount(name) > 100)
    return core::Fail(core::Error::Invalid("name", "too long: at most 100 characters"));
  IssuedToken issued;
  issued.secret = core::NewApiTokenSecret();
  return WriteValue<IssuedToken>(store_, [&](Txn& txn) -> core::Result<IssuedToken> {
    auto user = txn.Users().FindByEmail(user_email);
    if (!user) return core::Fail(user.error());
    if (!*user) return core::Fail(core::Error::NotFound("no user with email '" + std::string(user_email) + "'"));
    if (!(*user)->active)
      return core::Fail(core::Error::Conflict("user '" + std::string(user_email) + "' is deactivated"));
    ApiToken t;
    t.user_id = (*user)->id;
    t.name = name;
    t.token_hash = core::HashTokenSecret(issued.secret);
    t.created_at = clock_.Now();
    t.expires_at = expires_at;
    auto id = txn.Tokens().Insert(t);
    if (!id) return core::Fail(id.error());
    t.id = *id;
    IssuedToken out = issued;
    out.token = t;
    return out;
  });
}

core::Result<Actor> UserService::Authenticate(std::string_view secret) {
  const auto unauthenticated = core::Error::Unauthenticated("invalid, expired or revoked API token");
  if (secret.size() < 8 || secret.size() > 200) return core::Fail(unauthenticated);
  const std::string hash = core::HashTokenSecret(secret);
  auto owner = ReadValue<std::optional<TokenOwner>>(
      store_, [&](Txn& txn) { return txn.Tokens().FindByHash(hash); });
  if (!owner) return core::Fail(owner.error());
  const Timestamp now = clock_.Now();
  if (!*owner) return core::Fail(unauthenticated);
  const auto& [token, user] = **owner;
  if (token.revoked_at || (token.expires_at && *token.expires_at <= now) || !user.active)
    return core::Fail(unauthenticated);
  if (!token.last_used_at || now.ms - token.last_used_at->ms >= 60'000) {
    // Best effort: a failure to record last use must not refuse the request.
    (void)store_.Write([&](Txn& txn) { return txn.Tokens().TouchLastUsed(token.id, now); });
  }
  return Actor{user.id, user.role};
}

}  // namespace rapport::domain
