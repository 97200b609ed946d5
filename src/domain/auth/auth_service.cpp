#include "domain/auth/auth_service.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
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

std::int64_t LockoutMs(int failures) {
  const int over = failures - kFreeLoginFailures;  // 0 for the failure that starts the lockout
  const std::int64_t first = std::chrono::milliseconds(kFirstLockout).count();
  const std::int64_t cap = std::chrono::milliseconds(kMaxLockout).count();
  if (over >= 20) return cap;
  return std::min(cap, first << over);
}

int SecondsUntil(Timestamp later, Timestamp now) {
  return static_cast<int>((later.ms - now.ms + 999) / 1000);
}

}  // namespace

core::Status AuthService::CheckNotLockedOut(const std::string& account_key,
                                            const std::string& address_key, Timestamp now) {
  return store_.Read([&](Txn& txn) -> core::Status {
    for (const auto* key : {&account_key, &address_key}) {
      auto t = txn.LoginThrottles().Get(*key);
      if (!t) return core::Fail(t.error());
      if (*t && (*t)->blocked_until.ms > now.ms) {
        const bool account = key == &account_key;
        return core::Fail(core::Error::TooManyRequests(
            std::string("too many failed sign-ins ") +
                (account ? "for this account" : "from this address") + "; try again in " +
                std::to_string(SecondsUntil((*t)->blocked_until, now)) + " s",
            SecondsUntil((*t)->blocked_until, now)));
      }
    }
    return {};
  });
}

core::Status AuthService::RecordFailure(std::optional<Id> user_id, std::string_view email,
                                        const std::string& client_address,
                                        const std::string& account_key,
                                        const std::string& address_key, Timestamp now) {
  return store_.Write([&](Txn& txn) -> core::Status {
    for (const auto* key : {&account_key, &address_key}) {
      auto found = txn.LoginThrottles().Get(*key);
      if (!found) return core::Fail(found.error());
      LoginThrottle t = found->value_or(LoginThrottle{*key, 0, now, Timestamp{0}});
      // Failures are forgotten a window after the first one, or after the lockout they caused
      // ended, whichever is later: a lockout longer than the window must not reset the count.
      const std::int64_t quiet_since = std::max(t.window_start.ms, t.blocked_until.ms);
      if (now.ms - quiet_since > std::chrono::milliseconds(kThrottleWindow).count()) {
        t.failures = 0;
        t.window_start = now;
      }
      ++t.failures;
      if (t.failures >= kFreeLoginFailures) t.blocked_until = Timestamp{now.ms + LockoutMs(t.failures)};
      if (auto st = txn.LoginThrottles().Put(t); !st) return st;
    }
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
  const std::string account_key = "account:" + core::FoldCase(email);
  const std::string address_key = "address:" + client_address;
  if (auto st = CheckNotLockedOut(account_key, address_key, now); !st) return core::Fail(st.error());

  auto user = ReadValue<std::optional<User>>(store_, [&](Txn& txn) { return txn.Users().FindByEmail(email); });
  if (!user) return core::Fail(user.error());
  const bool known = user->has_value();
  const bool password_ok =
      core::VerifyPassword(known ? (*user)->password_hash : DecoyHash(), password) && known;
  if (!password_ok || !(*user)->active) {
    auto st = RecordFailure(known ? std::optional<Id>((*user)->id) : std::nullopt, email,
                            client_address, account_key, address_key, now);
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
    if (auto c = txn.LoginThrottles().Clear(account_key); !c) return c;
    if (auto c = txn.LoginThrottles().Clear(address_key); !c) return c;
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
