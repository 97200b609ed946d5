// PostgreSQL repositories of sign-in state: sessions, login throttling, password reset tickets.
#include "store/pg/pg_repos.hpp"
#include "store/pg/pg_rows.hpp"

namespace rapport::store::pg {
namespace {

using core::Fail;

constexpr const char* kSessionColumns =
    "s.id, s.user_id, s.token_hash, s.csrf_token, s.client_address, s.created_at, s.last_seen_at, "
    "s.expires_at, s.ended_at";
constexpr int kSessionColumnCount = 9;

domain::Session ReadSession(const Result& r, int row) {
  domain::Session out;
  out.id = r.Int(row, 0);
  out.user_id = r.Int(row, 1);
  out.token_hash = r.Text(row, 2);
  out.csrf_token = r.Text(row, 3);
  out.client_address = r.Text(row, 4);
  out.created_at = {r.Int(row, 5)};
  out.last_seen_at = {r.Int(row, 6)};
  out.expires_at = {r.Int(row, 7)};
  out.ended_at = OptTime(r, row, 8);
  return out;
}

constexpr const char* kResetColumns =
    "id, user_id, token_hash, created_by, created_at, expires_at, used_at";

domain::PasswordReset ReadReset(const Result& r, int row) {
  domain::PasswordReset out;
  out.id = r.Int(row, 0);
  out.user_id = r.Int(row, 1);
  out.token_hash = r.Text(row, 2);
  out.created_by = r.OptInt(row, 3);
  out.created_at = {r.Int(row, 4)};
  out.expires_at = {r.Int(row, 5)};
  out.used_at = OptTime(r, row, 6);
  return out;
}

// Runs a statement without rows; returns how many rows it changed.
core::Result<int> RunCounting(Connection& conn, std::string_view sql, const Params& p) {
  auto r = conn.Query(sql, p);
  if (!r) return Fail(r.error());
  return static_cast<int>(r->Affected());
}

core::Status Run(Connection& conn, std::string_view sql, const Params& p) {
  auto r = conn.Query(sql, p);
  if (!r) return Fail(r.error());
  return {};
}

}  // namespace

// --- sessions ---

core::Result<core::Id> PgSessionRepo::Insert(const domain::Session& v) {
  Params p;
  p.Add(v.user_id)
      .Add(v.token_hash)
      .Add(v.csrf_token)
      .Add(v.client_address)
      .Add(v.created_at.ms)
      .Add(v.last_seen_at.ms)
      .Add(v.expires_at.ms)
      .Add(OptMs(v.ended_at));
  auto r = conn_.Query(
      "INSERT INTO sessions (user_id, token_hash, csrf_token, client_address, created_at, "
      "last_seen_at, expires_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      p);
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::optional<domain::SessionOwner>> PgSessionRepo::FindByHash(
    std::string_view token_hash) {
  Params p;
  p.Add(token_hash);
  auto r = conn_.Query(std::string("SELECT ") + kSessionColumns + ", " + kUserColumns +
                           " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
                       p);
  if (!r) return Fail(r.error());
  if (r->Rows() == 0) return std::optional<domain::SessionOwner>{};
  domain::SessionOwner o{ReadSession(*r, 0), ReadUser(*r, 0, kSessionColumnCount)};
  return std::optional<domain::SessionOwner>{std::move(o)};
}

core::Status PgSessionRepo::Touch(core::Id session_id, core::Timestamp at) {
  Params p;
  p.Add(at.ms).Add(session_id);
  return Run(conn_, "UPDATE sessions SET last_seen_at = $1 WHERE id = $2", p);
}

core::Status PgSessionRepo::End(core::Id session_id, core::Timestamp at) {
  Params p;
  p.Add(at.ms).Add(session_id);
  return Run(conn_, "UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL", p);
}

core::Result<int> PgSessionRepo::EndAllOf(core::Id user_id, core::Timestamp at) {
  Params p;
  p.Add(at.ms).Add(user_id);
  return RunCounting(conn_, "UPDATE sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL", p);
}

core::Result<int> PgSessionRepo::DeleteExpired(core::Timestamp before) {
  Params p;
  p.Add(before.ms);
  return RunCounting(conn_, "DELETE FROM sessions WHERE expires_at < $1 OR ended_at < $1", p);
}

// --- login throttling ---

core::Result<std::optional<domain::LoginThrottle>> PgLoginThrottleRepo::Get(std::string_view key) {
  Params p;
  p.Add(key);
  auto r = conn_.Query(
      "SELECT key, failures, window_start, blocked_until FROM login_throttle WHERE key = $1", p);
  if (!r) return Fail(r.error());
  if (r->Rows() == 0) return std::optional<domain::LoginThrottle>{};
  domain::LoginThrottle t;
  t.key = r->Text(0, 0);
  t.failures = static_cast<int>(r->Int(0, 1));
  t.window_start = {r->Int(0, 2)};
  t.blocked_until = {r->Int(0, 3)};
  return std::optional<domain::LoginThrottle>{std::move(t)};
}

core::Status PgLoginThrottleRepo::Put(const domain::LoginThrottle& t) {
  Params p;
  p.Add(t.key)
      .Add(std::int64_t{t.failures})
      .Add(t.window_start.ms)
      .Add(t.blocked_until.ms);
  return Run(conn_,
             "INSERT INTO login_throttle (key, failures, window_start, blocked_until) "
             "VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
             "window_start = excluded.window_start, blocked_until = excluded.blocked_until",
             p);
}

core::Status PgLoginThrottleRepo::Clear(std::string_view key) {
  Params p;
  p.Add(key);
  return Run(conn_, "DELETE FROM login_throttle WHERE key = $1", p);
}

core::Result<int> PgLoginThrottleRepo::DeleteStale(core::Timestamp before) {
  Params p;
  p.Add(before.ms);
  return RunCounting(conn_, "DELETE FROM login_throttle WHERE window_start < $1 AND blocked_until < $1", p);
}

// --- password reset tickets ---

core::Result<core::Id> PgPasswordResetRepo::Insert(const domain::PasswordReset& v) {
  Params p;
  p.Add(v.user_id)
      .Add(v.token_hash)
      .Add(v.created_by)
      .Add(v.created_at.ms)
      .Add(v.expires_at.ms)
      .Add(OptMs(v.used_at));
  auto r = conn_.Query(
      "INSERT INTO password_resets (user_id, token_hash, created_by, created_at, expires_at, "
      "used_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      p);
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::optional<domain::PasswordReset>> PgPasswordResetRepo::FindByHash(
    std::string_view token_hash) {
  Params p;
  p.Add(token_hash);
  auto r = conn_.Query(std::string("SELECT ") + kResetColumns +
                           " FROM password_resets WHERE token_hash = $1",
                       p);
  if (!r) return Fail(r.error());
  if (r->Rows() == 0) return std::optional<domain::PasswordReset>{};
  return std::optional<domain::PasswordReset>{ReadReset(*r, 0)};
}

core::Status PgPasswordResetRepo::UseAllOf(core::Id user_id, core::Timestamp at) {
  Params p;
  p.Add(at.ms).Add(user_id);
  return Run(conn_, "UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL", p);
}

}  // namespace rapport::store::pg
