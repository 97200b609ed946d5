#include "domain/auth/auth_service.hpp"

#include <algorithm>
#include <array>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/auth/login_throttle.hpp"
#include "domain/auth/login_throttle_repo.hpp"
#include "domain/auth/session_repo.hpp"
#include "domain/auth/token_repo.hpp"
#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

constexpr std::int64_t kTouchEveryMs = 60'000;  // last-use writes: at most once a minute

core::Error WrongCredentials() {
  return core::Error::Unauthenticated("wrong email or password");
}

// A hash to verify against when the email is unknown, so that answer takes as long as a wrong
// password and response times do not tell which emails exist.
const std::string& DecoyHash() {
  static const std::string hash = [] {
    auto h = core::HashPassword(core::NewRandomSecret());
    return h ? *h : std::string();
  }();
  return hash;
}

}  // namespace

core::Status AuthService::RecordFailure(std::optional<Id> user_id, std::string_view email,
                                        const std::string& client_address, Timestamp now) {
  return store_.Write([&](Txn& txn) -> core::Status {
    Actor anonymous;
    anonymous.client_address = client_address;
    AuditEntry e = NewAuditEntry(anonymous, now, "auth.login_failed", "user", user_id);
    e.detail = std::string(email.substr(0, 320));
    return txn.Audit().Append(e);
  });
}

core::Result<SignIn> AuthService::Login(std::string_view email_in, std::string_view password,
                                        const std::string& client_address) {
  const std::string email = core::Trim(email_in);
  const Timestamp now = clock_.Now();
  // Per account (known or not, so guessing which emails exist is throttled too) and per address.
  const std::array<ThrottleKey, 2> keys{{{"account:" + core::FoldCase(email), "for this account"},
                                         {"address:" + client_address, "from this address"}}};
  if (auto st = store_.Write([&](Txn& txn) { return ClaimPasswordAttempt(txn, keys, now); }); !st)
    return core::Fail(st.error());

  auto user = ReadValue<std::optional<User>>(store_, [&](Txn& txn) { return txn.Users().FindByEmail(email); });
  if (!user) return core::Fail(user.error());
  const bool known = user->has_value();
  const bool password_ok =
      core::VerifyPassword(known ? (*user)->password_hash : DecoyHash(), password) && known;
  if (!password_ok || !(*user)->active) {
    auto st = RecordFailure(known ? std::optional<Id>((*user)->id) : std::nullopt, email,
                            client_address, now);
    if (!st) return core::Fail(st.error());
    return core::Fail(WrongCredentials());
  }

  SignIn out;
  out.user = **user;
  out.session_secret = core::NewRandomSecret();
  out.csrf_token = core::NewRandomSecret();
  out.expires_at = Timestamp{now.ms + limits_.absolute.count()};
  auto st = store_.Write([&](Txn& txn) -> core::Status {
    Session s;
    s.user_id = out.user.id;
    s.token_hash = core::HashTokenSecret(out.session_secret);
    s.csrf_token = out.csrf_token;
    s.client_address = client_address;
    s.created_at = s.last_seen_at = now;
    s.expires_at = out.expires_at;
    auto id = txn.Sessions().Insert(s);
    if (!id) return core::Fail(id.error());
    if (auto c = ClearPasswordAttempts(txn, keys); !c) return c;
    Actor actor{out.user.id, out.user.role, out.user.team, client_address};
    return txn.Audit().Append(NewAuditEntry(actor, now, "auth.login", "session", *id));
  });
  if (!st) return core::Fail(st.error());
  return out;
}

core::Status AuthService::Logout(const SessionCaller& caller) {
  const Timestamp now = clock_.Now();
  return store_.Write([&](Txn& txn) -> core::Status {
    if (auto st = txn.Sessions().End(caller.session_id, now); !st) return st;
    return txn.Audit().Append(NewAuditEntry(caller.actor, now, "auth.logout", "session", caller.session_id));
  });
}

core::Result<SessionCaller> AuthService::AuthenticateSession(std::string_view secret,
                                                             const std::string& client_address) {
  const auto unauthenticated =
      core::Error::Unauthenticated("not signed in, or the session has expired: sign in again");
  if (secret.size() < 20 || secret.size() > 200) return core::Fail(unauthenticated);
  const std::string hash = core::HashTokenSecret(secret);
  auto owner = ReadValue<std::optional<SessionOwner>>(
      store_, [&](Txn& txn) { return txn.Sessions().FindByHash(hash); });
  if (!owner) return core::Fail(owner.error());
  if (!*owner) return core::Fail(unauthenticated);
  const auto& [session, user] = **owner;
  const Timestamp now = clock_.Now();
  if (session.ended_at || session.expires_at.ms <= now.ms ||
      session.last_seen_at.ms + limits_.idle.count() <= now.ms || !user.active)
    return core::Fail(unauthenticated);
  // At most once a minute (reads stay reads), but often enough for a short idle limit.
  const std::int64_t touch_every = std::min<std::int64_t>(kTouchEveryMs, limits_.idle.count() / 4);
  if (now.ms - session.last_seen_at.ms >= touch_every) {
    // Best effort: failing to record last use must not refuse the request.
    (void)store_.Write([&](Txn& txn) { return txn.Sessions().Touch(session.id, now); });
  }
  return SessionCaller{Actor{user.id, user.role, user.team, client_address}, session.csrf_token,
                       session.id};
}

core::Result<Actor> AuthService::AuthenticateToken(std::string_view secret,
                                                   const std::string& client_address) {
  const auto unauthenticated = core::Error::Unauthenticated("invalid, expired or revoked API token");
  if (secret.size() < 8 || secret.size() > 200) return core::Fail(unauthenticated);
  const std::string hash = core::HashTokenSecret(secret);
  auto owner = ReadValue<std::optional<TokenOwner>>(
      store_, [&](Txn& txn) { return txn.Tokens().FindByHash(hash); });
  if (!owner) return core::Fail(owner.error());
  if (!*owner) return core::Fail(unauthenticated);
  const auto& [token, user] = **owner;
  const Timestamp now = clock_.Now();
  if (token.revoked_at || (token.expires_at && token.expires_at->ms <= now.ms) || !user.active)
    return core::Fail(unauthenticated);
  if (!token.last_used_at || now.ms - token.last_used_at->ms >= kTouchEveryMs) {
    (void)store_.Write([&](Txn& txn) { return txn.Tokens().TouchLastUsed(token.id, now); });
  }
  return Actor{user.id, user.role, user.team, client_address};
}

}  // namespace rapport::domain
