#include "domain/auth/token_service.hpp"

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/auth/token_repo.hpp"
#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

core::Error TokenNotFound(Id id) { return core::Error::NotFound("token " + core::FormatId(id) + " not found"); }

}  // namespace

core::Result<IssuedToken> TokenService::Create(const Actor& actor, std::string_view token_name,
                                               std::optional<Timestamp> expires_at,
                                               std::optional<Id> for_user) {
  const Id owner = for_user.value_or(actor.user_id);
  if (owner != actor.user_id && !actor.IsAdmin())
    return core::Fail(core::Error::Forbidden("only admins create tokens for other users"));
  if (owner == 0) return core::Fail(core::Error::Invalid("user_id", "required: whose token is it?"));
  std::string name = core::Trim(token_name);
  if (name.empty()) name = "api";
  if (!core::IsValidUtf8(name) || core::CodepointCount(name) > 100 || core::HasControlCharacters(name))
    return core::Fail(core::Error::Invalid("name", "1 to 100 printable characters"));
  const Timestamp now = clock_.Now();
  if (expires_at && expires_at->ms <= now.ms)
    return core::Fail(core::Error::Invalid("expires_at", "must be in the future"));
  IssuedToken issued;
  issued.secret = core::NewApiTokenSecret();
  return WriteValue<IssuedToken>(store_, [&](Txn& txn) -> core::Result<IssuedToken> {
    auto user = txn.Users().Find(owner);
    if (!user) return core::Fail(user.error());
    if (!*user) return core::Fail(core::Error::Invalid("user_id", "no user with this id"));
    if (!(*user)->active)
      return core::Fail(core::Error::Conflict("user '" + (*user)->email + "' is deactivated"));
    ApiToken t;
    t.user_id = owner;
    t.name = name;
    t.token_hash = core::HashTokenSecret(issued.secret);
    t.created_at = now;
    t.expires_at = expires_at;
    auto id = txn.Tokens().Insert(t);
    if (!id) return core::Fail(id.error());
    t.id = *id;
    AuditEntry e = NewAuditEntry(actor, now, "token.create", "token", t.id);
    e.changes.push_back({"name", std::nullopt, AuditText(t.name)});
    e.changes.push_back({"user_id", std::nullopt, AuditText(core::FormatId(owner))});
    if (expires_at) e.changes.push_back({"expires_at", std::nullopt, AuditTime(*expires_at)});
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    IssuedToken out = issued;
    out.token = t;
    return out;
  });
}

core::Result<IssuedToken> TokenService::CreateForEmail(std::string_view email, std::string_view name,
                                                       std::optional<Timestamp> expires_at) {
  auto user = ReadValue<std::optional<User>>(store_, [&](Txn& txn) { return txn.Users().FindByEmail(email); });
  if (!user) return core::Fail(user.error());
  if (!*user) return core::Fail(core::Error::NotFound("no user with email '" + std::string(email) + "'"));
  return Create(Actor::CommandLine(), name, expires_at, (*user)->id);
}

core::Result<std::vector<ApiToken>> TokenService::List(const Actor& actor, std::optional<Id> user_id,
                                                       bool all) {
  if ((all || (user_id && *user_id != actor.user_id)) && !actor.IsAdmin())
    return core::Fail(core::Error::Forbidden("only admins list other users' tokens"));
  std::optional<Id> filter = all ? user_id : user_id.value_or(actor.user_id);
  return ReadValue<std::vector<ApiToken>>(store_, [&](Txn& txn) { return txn.Tokens().List(filter); });
}

core::Result<ApiToken> TokenService::Revoke(const Actor& actor, Id token_id) {
  return WriteValue<ApiToken>(store_, [&](Txn& txn) -> core::Result<ApiToken> {
    auto found = txn.Tokens().Find(token_id);
    if (!found) return core::Fail(found.error());
    if (!*found || ((*found)->user_id != actor.user_id && !actor.IsAdmin()))
      return core::Fail(TokenNotFound(token_id));
    ApiToken t = **found;
    if (t.revoked_at) return t;
    const Timestamp now = clock_.Now();
    if (auto st = txn.Tokens().Revoke(token_id, now); !st) return core::Fail(st.error());
    t.revoked_at = now;
    AuditEntry e = NewAuditEntry(actor, now, "token.revoke", "token", token_id);
    e.changes.push_back({"revoked_at", std::nullopt, AuditTime(now)});
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return t;
  });
}

}  // namespace rapport::domain
