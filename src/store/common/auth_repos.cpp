// Sign-in state over SqlSession, for both backends: sessions, login throttling, password reset
// tickets.
#include "store/common/account_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kSessionColumns =
    "s.id, s.user_id, s.token_hash, s.csrf_token, s.client_address, s.created_at, s.last_seen_at, "
    "s.expires_at, s.ended_at";
constexpr int kSessionColumnCount = 9;

domain::Session ReadSession(const SqlRows& r, int row) {
  domain::Session out;
  out.id = r.Int(row, 0);
  out.user_id = r.Int(row, 1);
  out.token_hash = r.Text(row, 2);
  out.csrf_token = r.Text(row, 3);
  out.client_address = r.Text(row, 4);
  out.created_at = r.Time(row, 5);
  out.last_seen_at = r.Time(row, 6);
  out.expires_at = r.Time(row, 7);
  out.ended_at = r.OptTime(row, 8);
  return out;
}

constexpr const char* kResetColumns =
    "id, user_id, token_hash, created_by, created_at, expires_at, used_at";

domain::PasswordReset ReadReset(const SqlRows& r, int row) {
  domain::PasswordReset out;
  out.id = r.Int(row, 0);
  out.user_id = r.Int(row, 1);
  out.token_hash = r.Text(row, 2);
  out.created_by = r.OptInt(row, 3);
  out.created_at = r.Time(row, 4);
  out.expires_at = r.Time(row, 5);
  out.used_at = r.OptTime(row, 6);
  return out;
}

core::Status Run(SqlSession& s, std::string_view sql, const SqlArgs& args) {
  auto n = s.Exec(sql, args);
  if (!n) return Fail(n.error());
  return {};
}

// Runs a statement without rows; returns how many rows it changed.
core::Result<int> RunCounting(SqlSession& s, std::string_view sql, const SqlArgs& args) {
  auto n = s.Exec(sql, args);
  if (!n) return Fail(n.error());
  return static_cast<int>(*n);
}

}  // namespace

// --- sessions ---

core::Result<core::Id> SqlSessionRepo::Insert(const domain::Session& v) {
  auto r = s_.InsertId(
      "INSERT INTO sessions (user_id, token_hash, csrf_token, client_address, created_at, "
      "last_seen_at, expires_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {v.user_id, v.token_hash, v.csrf_token, v.client_address, v.created_at, v.last_seen_at, v.expires_at,
       v.ended_at});
  if (!r) return Fail(r.error());
  return *r;
}

core::Result<std::optional<domain::SessionOwner>> SqlSessionRepo::FindByHash(std::string_view token_hash) {
  auto r = s_.Query(std::string("SELECT ") + kSessionColumns + ", " + kUserColumns +
                        " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
                    {token_hash});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::SessionOwner>{};
  domain::SessionOwner o{ReadSession(*r, 0), ReadUser(*r, 0, kSessionColumnCount)};
  return std::optional<domain::SessionOwner>{std::move(o)};
}

core::Status SqlSessionRepo::Touch(core::Id session_id, core::Timestamp at) {
  return Run(s_, "UPDATE sessions SET last_seen_at = $1 WHERE id = $2", {at, session_id});
}

core::Status SqlSessionRepo::End(core::Id session_id, core::Timestamp at) {
  return Run(s_, "UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL", {at, session_id});
}

core::Result<int> SqlSessionRepo::EndAllOf(core::Id user_id, core::Timestamp at) {
  return RunCounting(s_, "UPDATE sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL",
                     {at, user_id});
}

core::Result<int> SqlSessionRepo::DeleteExpired(core::Timestamp before) {
  return RunCounting(s_, "DELETE FROM sessions WHERE expires_at < $1 OR ended_at < $1", {before});
}

// --- login throttling ---

core::Result<std::optional<domain::LoginThrottle>> SqlLoginThrottleRepo::Get(std::string_view key) {
  auto r = s_.Query("SELECT key, failures, window_start, blocked_until FROM login_throttle WHERE key = $1", {key});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::LoginThrottle>{};
  domain::LoginThrottle t;
  t.key = r->Text(0, 0);
  t.failures = static_cast<int>(r->Int(0, 1));
  t.window_start = r->Time(0, 2);
  t.blocked_until = r->Time(0, 3);
  return std::optional<domain::LoginThrottle>{std::move(t)};
}

core::Status SqlLoginThrottleRepo::Lock(std::string_view key) {
  if (s_.ForUpdate().empty()) return {};  // SQLite: the one writer already serialises
  // A missing row cannot be locked: make an empty one first (a concurrent maker waits for ours).
  if (auto st = Run(s_,
                    "INSERT INTO login_throttle (key, failures, window_start, blocked_until) "
                    "VALUES ($1, 0, 0, 0) ON CONFLICT (key) DO NOTHING",
                    {key});
      !st)
    return st;
  auto locked = s_.Query(std::string("SELECT key FROM login_throttle WHERE key = $1") +
                             std::string(s_.ForUpdate()),
                         {key});
  if (!locked) return Fail(locked.error());
  return {};
}

core::Status SqlLoginThrottleRepo::Put(const domain::LoginThrottle& t) {
  return Run(s_,
             "INSERT INTO login_throttle (key, failures, window_start, blocked_until) "
             "VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
             "window_start = excluded.window_start, blocked_until = excluded.blocked_until",
             {t.key, t.failures, t.window_start, t.blocked_until});
}

core::Status SqlLoginThrottleRepo::Clear(std::string_view key) {
  return Run(s_, "DELETE FROM login_throttle WHERE key = $1", {key});
}

core::Result<int> SqlLoginThrottleRepo::DeleteStale(core::Timestamp before) {
  return RunCounting(s_, "DELETE FROM login_throttle WHERE window_start < $1 AND blocked_until < $1", {before});
}

// --- password reset tickets ---

core::Result<core::Id> SqlPasswordResetRepo::Insert(const domain::PasswordReset& v) {
  auto r = s_.InsertId(
      "INSERT INTO password_resets (user_id, token_hash, created_by, created_at, expires_at, "
      "used_at) VALUES ($1, $2, $3, $4, $5, $6)",
      {v.user_id, v.token_hash, v.created_by, v.created_at, v.expires_at, v.used_at});
  if (!r) return Fail(r.error());
  return *r;
}

core::Result<std::optional<domain::PasswordReset>> SqlPasswordResetRepo::FindByHash(std::string_view token_hash) {
  auto r = s_.Query(std::string("SELECT ") + kResetColumns + " FROM password_resets WHERE token_hash = $1",
                    {token_hash});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::PasswordReset>{};
  return std::optional<domain::PasswordReset>{ReadReset(*r, 0)};
}

core::Status SqlPasswordResetRepo::UseAllOf(core::Id user_id, core::Timestamp at) {
  return Run(s_, "UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL", {at, user_id});
}

}  // namespace rapport::store
