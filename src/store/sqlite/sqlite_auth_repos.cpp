// SQLite repositories of sign-in state: sessions, login throttling, password reset tickets.
#include "store/sqlite/sqlite_repos.hpp"
#include "store/sqlite/sqlite_rows.hpp"

namespace rapport::store::sqlite {
namespace {

using core::Fail;

constexpr const char* kSessionColumns =
    "s.id, s.user_id, s.token_hash, s.csrf_token, s.client_address, s.created_at, s.last_seen_at, "
    "s.expires_at, s.ended_at";
constexpr int kSessionColumnCount = 9;

domain::Session ReadSession(const Stmt& s) {
  domain::Session out;
  out.id = s.Int(0);
  out.user_id = s.Int(1);
  out.token_hash = s.Text(2);
  out.csrf_token = s.Text(3);
  out.client_address = s.Text(4);
  out.created_at = {s.Int(5)};
  out.last_seen_at = {s.Int(6)};
  out.expires_at = {s.Int(7)};
  out.ended_at = OptTime(s, 8);
  return out;
}

constexpr const char* kResetColumns =
    "id, user_id, token_hash, created_by, created_at, expires_at, used_at";

domain::PasswordReset ReadReset(const Stmt& s) {
  domain::PasswordReset r;
  r.id = s.Int(0);
  r.user_id = s.Int(1);
  r.token_hash = s.Text(2);
  r.created_by = s.OptInt(3);
  r.created_at = {s.Int(4)};
  r.expires_at = {s.Int(5)};
  r.used_at = OptTime(s, 6);
  return r;
}

// Runs a statement without rows and returns how many rows it changed.
core::Result<int> RunCounting(Connection& conn, Stmt& s) {
  if (auto st = s.Run(); !st) return Fail(st.error());
  return sqlite3_changes(conn.handle());
}

}  // namespace

// --- sessions ---

core::Result<core::Id> SqliteSessionRepo::Insert(const domain::Session& v) {
  auto s = conn_.Prepare(
      "INSERT INTO sessions (user_id, token_hash, csrf_token, client_address, created_at, "
      "last_seen_at, expires_at, ended_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!s) return Fail(s.error());
  s->Bind(1, v.user_id)
      .Bind(2, std::string_view(v.token_hash))
      .Bind(3, std::string_view(v.csrf_token))
      .Bind(4, std::string_view(v.client_address))
      .Bind(5, v.created_at.ms)
      .Bind(6, v.last_seen_at.ms)
      .Bind(7, v.expires_at.ms)
      .Bind(8, OptMs(v.ended_at));
  if (auto st = s->Run(); !st) return Fail(st.error());
  return conn_.LastInsertId();
}

core::Result<std::optional<domain::SessionOwner>> SqliteSessionRepo::FindByHash(
    std::string_view token_hash) {
  auto s = conn_.Prepare(std::string("SELECT ") + kSessionColumns + ", " + kUserColumns +
                         " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, token_hash);
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<domain::SessionOwner>{};
  domain::SessionOwner o{ReadSession(*s), ReadUser(*s, kSessionColumnCount)};
  return std::optional<domain::SessionOwner>{std::move(o)};
}

core::Status SqliteSessionRepo::Touch(core::Id session_id, core::Timestamp at) {
  auto s = conn_.Prepare("UPDATE sessions SET last_seen_at = ?1 WHERE id = ?2");
  if (!s) return Fail(s.error());
  s->Bind(1, at.ms).Bind(2, session_id);
  return s->Run();
}

core::Status SqliteSessionRepo::End(core::Id session_id, core::Timestamp at) {
  auto s = conn_.Prepare("UPDATE sessions SET ended_at = ?1 WHERE id = ?2 AND ended_at IS NULL");
  if (!s) return Fail(s.error());
  s->Bind(1, at.ms).Bind(2, session_id);
  return s->Run();
}

core::Result<int> SqliteSessionRepo::EndAllOf(core::Id user_id, core::Timestamp at) {
  auto s = conn_.Prepare(
      "UPDATE sessions SET ended_at = ?1 WHERE user_id = ?2 AND ended_at IS NULL");
  if (!s) return Fail(s.error());
  s->Bind(1, at.ms).Bind(2, user_id);
  return RunCounting(conn_, *s);
}

core::Result<int> SqliteSessionRepo::DeleteExpired(core::Timestamp before) {
  auto s = conn_.Prepare("DELETE FROM sessions WHERE expires_at < ?1 OR ended_at < ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, before.ms);
  return RunCounting(conn_, *s);
}

// --- login throttling ---

core::Result<std::optional<domain::LoginThrottle>> SqliteLoginThrottleRepo::Get(std::string_view key) {
  auto s = conn_.Prepare(
      "SELECT key, failures, window_start, blocked_until FROM login_throttle WHERE key = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, key);
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<domain::LoginThrottle>{};
  domain::LoginThrottle t;
  t.key = s->Text(0);
  t.failures = static_cast<int>(s->Int(1));
  t.window_start = {s->Int(2)};
  t.blocked_until = {s->Int(3)};
  return std::optional<domain::LoginThrottle>{std::move(t)};
}

core::Status SqliteLoginThrottleRepo::Put(const domain::LoginThrottle& t) {
  auto s = conn_.Prepare(
      "INSERT INTO login_throttle (key, failures, window_start, blocked_until) "
      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
      "window_start = excluded.window_start, blocked_until = excluded.blocked_until");
  if (!s) return Fail(s.error());
  s->Bind(1, std::string_view(t.key))
      .Bind(2, std::int64_t{t.failures})
      .Bind(3, t.window_start.ms)
      .Bind(4, t.blocked_until.ms);
  return s->Run();
}

core::Status SqliteLoginThrottleRepo::Clear(std::string_view key) {
  auto s = conn_.Prepare("DELETE FROM login_throttle WHERE key = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, key);
  return s->Run();
}

core::Result<int> SqliteLoginThrottleRepo::DeleteStale(core::Timestamp before) {
  auto s = conn_.Prepare("DELETE FROM login_throttle WHERE window_start < ?1 AND blocked_until < ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, before.ms);
  return RunCounting(conn_, *s);
}

// --- password reset tickets ---

core::Result<core::Id> SqlitePasswordResetRepo::Insert(const domain::PasswordReset& r) {
  auto s = conn_.Prepare(
      "INSERT INTO password_resets (user_id, token_hash, created_by, created_at, expires_at, "
      "used_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!s) return Fail(s.error());
  s->Bind(1, r.user_id)
      .Bind(2, std::string_view(r.token_hash))
      .Bind(3, r.created_by)
      .Bind(4, r.created_at.ms)
      .Bind(5, r.expires_at.ms)
      .Bind(6, OptMs(r.used_at));
  if (auto st = s->Run(); !st) return Fail(st.error());
  return conn_.LastInsertId();
}

core::Result<std::optional<domain::PasswordReset>> SqlitePasswordResetRepo::FindByHash(
    std::string_view token_hash) {
  auto s = conn_.Prepare(std::string("SELECT ") + kResetColumns +
                         " FROM password_resets WHERE token_hash = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, token_hash);
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<domain::PasswordReset>{};
  return std::optional<domain::PasswordReset>{ReadReset(*s)};
}

core::Status SqlitePasswordResetRepo::UseAllOf(core::Id user_id, core::Timestamp at) {
  auto s = conn_.Prepare(
      "UPDATE password_resets SET used_at = ?1 WHERE user_id = ?2 AND used_at IS NULL");
  if (!s) return Fail(s.error());
  s->Bind(1, at.ms).Bind(2, user_id);
  return s->Run();
}

}  // namespace rapport::store::sqlite
