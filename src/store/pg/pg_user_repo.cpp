#include "core/text.hpp"
#include "store/pg/pg_repos.hpp"
#include "store/pg/pg_rows.hpp"

namespace rapport::store::pg {
namespace {

using core::Fail;

constexpr const char* kTokenColumns =
    "t.id, t.user_id, t.name, t.token_hash, t.created_at, t.last_used_at, t.expires_at, "
    "t.revoked_at";

domain::ApiToken ReadToken(const Result& r, int row) {
  domain::ApiToken t;
  t.id = r.Int(row, 0);
  t.user_id = r.Int(row, 1);
  t.name = r.Text(row, 2);
  t.token_hash = r.Text(row, 3);
  t.created_at = {r.Int(row, 4)};
  t.last_used_at = OptTime(r, row, 5);
  t.expires_at = OptTime(r, row, 6);
  t.revoked_at = OptTime(r, row, 7);
  return t;
}

core::Error EmailTaken(const std::string& email) {
  return core::Error{core::ErrorCode::kConflict, "a user with email '" + email + "' already exists",
                     {{"email", "already taken"}}};
}

// The stored fields Insert and Update share, as $1..$7 (email .. password_hash).
Params UserFields(const domain::User& u) {
  Params p;
  p.Add(u.email)
      .Add(core::FoldCase(u.email))
      .Add(u.name)
      .Add(domain::RoleName(u.role))
      .Add(u.team)
      .Add(u.active ? "true" : "false")
      .Add(u.password_hash);
  return p;
}

}  // namespace

core::Result<core::Id> PgUserRepo::Insert(const domain::User& u) {
  Params p = UserFields(u);
  p.Add(u.created_at.ms).Add(u.updated_at.ms);
  auto r = conn_.Query(
      "INSERT INTO users (email, email_key, name, role, team, active, password_hash, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
      p);
  if (!r) {
    if (r.error().code == core::ErrorCode::kConflict) return Fail(EmailTaken(u.email));
    return Fail(r.error());
  }
  return r->Int(0, 0);
}

core::Status PgUserRepo::Update(const domain::User& u) {
  Params p = UserFields(u);
  p.Add(u.updated_at.ms).Add(u.id);
  auto r = conn_.Query(
      "UPDATE users SET email = $1, email_key = $2, name = $3, role = $4, team = $5, active = $6, "
      "password_hash = $7, updated_at = $8 WHERE id = $9",
      p);
  if (!r) {
    if (r.error().code == core::ErrorCode::kConflict) return Fail(EmailTaken(u.email));
    return Fail(r.error());
  }
  if (r->Affected() != 1)
    return Fail(core::Error::NotFound("user " + core::FormatId(u.id) + " not found"));
  return {};
}

core::Result<std::vector<domain::User>> PgUserRepo::List() {
  auto r = conn_.Query(std::string("SELECT ") + kUserColumns + " FROM users u ORDER BY u.id");
  if (!r) return Fail(r.error());
  std::vector<domain::User> out;
  out.reserve(static_cast<std::size_t>(r->Rows()));
  for (int i = 0; i < r->Rows(); ++i) out.push_back(ReadUser(*r, i));
  return out;
}

core::Result<std::optional<domain::User>> PgUserRepo::Find(core::Id id) {
  Params p;
  p.Add(id);
  auto r = conn_.Query(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = $1", p);
  if (!r) return Fail(r.error());
  if (r->Rows() == 0) return std::optional<domain::User>{};
  return std::optional<domain::User>{ReadUser(*r, 0)};
}

core::Result<std::optional<domain::User>> PgUserRepo::FindByEmail(std::string_view email) {
  Params p;
  p.Add(core::FoldCase(core::Trim(email)));
  auto r = conn_.Query(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.email_key = $1", p);
  if (!r) return Fail(r.error());
  if (r->Rows() == 0) return std::optional<domain::User>{};
  return std::optional<domain::User>{ReadUser(*r, 0)};
}

core::Result<core::Id> PgTokenRepo::Insert(const domain::ApiToken& t) {
  Params p;
  p.Add(t.user_id).Add(t.name).Add(t.token_hash).Add(t.created_at.ms).Add(
      t.expires_at ? std::optional<std::int64_t>(t.expires_at->ms) : std::nullopt);
  auto r = conn_.Query(
      "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      p);
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::optional<domain::TokenOwner>> PgTokenRepo::FindByHash(std::string_view token_hash) {
  Params p;
  p.Add(token_hash);
  auto r = conn_.Query(std::string("SELECT ") + kTokenColumns + ", " + kUserColumns +
                           " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
                       p);
  if (!r) return Fail(r.error());
  if (r->Rows() == 0) return std::optional<domain::TokenOwner>{};
  domain::TokenOwner o;
  o.token = ReadToken(*r, 0);
  o.user = ReadUser(*r, 0, 8);  // after the 8 token columns
  return std::optional<domain::TokenOwner>{std::move(o)};
}

core::Result<std::optional<domain::ApiToken>> PgTokenRepo::Find(core::Id token_id) {
  Params p;
  p.Add(token_id);
  auto r = conn_.Query(std::string("SELECT ") + kTokenColumns + " FROM api_tokens t WHERE t.id = $1", p);
  if (!r) return Fail(r.error());
  if (r->Rows() == 0) return std::optional<domain::ApiToken>{};
  return std::optional<domain::ApiToken>{ReadToken(*r, 0)};
}

core::Result<std::vector<domain::ApiToken>> PgTokenRepo::List(std::optional<core::Id> user_id) {
  Params p;
  if (user_id) p.Add(*user_id);
  auto r = conn_.Query(std::string("SELECT ") + kTokenColumns + " FROM api_tokens t" +
                           (user_id ? " WHERE t.user_id = $1" : "") + " ORDER BY t.id DESC",
                       p);
  if (!r) return Fail(r.error());
  std::vector<domain::ApiToken> out;
  out.reserve(static_cast<std::size_t>(r->Rows()));
  for (int i = 0; i < r->Rows(); ++i) out.push_back(ReadToken(*r, i));
  return out;
}

core::Status PgTokenRepo::Revoke(core::Id token_id, core::Timestamp at) {
  Params p;
  p.Add(at.ms).Add(token_id);
  auto r = conn_.Query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", p);
  if (!r) return Fail(r.error());
  return {};
}

core::Result<int> PgTokenRepo::RevokeAllOf(core::Id user_id, core::Timestamp at) {
  Params p;
  p.Add(at.ms).Add(user_id);
  auto r = conn_.Query(
      "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL", p);
  if (!r) return Fail(r.error());
  return static_cast<int>(r->Affected());
}

core::Status PgTokenRepo::TouchLastUsed(core::Id token_id, core::Timestamp at) {
  Params p;
  p.Add(at.ms).Add(token_id);
  auto r = conn_.Query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", p);
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::optional<std::string>> PgSettingsRepo::Get(std::string_view key) {
  Params p;
  p.Add(key);
  auto r = conn_.Query("SELECT value FROM settings WHERE key = $1", p);
  if (!r) return Fail(r.error());
  if (r->Rows() == 0) return std::optional<std::string>{};
  return std::optional<std::string>{r->Text(0, 0)};
}

core::Status PgSettingsRepo::Set(std::string_view key, std::string_view value) {
  Params p;
  p.Add(key).Add(value);
  auto r = conn_.Query(
      "INSERT INTO settings (key, value) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      p);
  if (!r) return Fail(r.error());
  return {};
}

}  // namespace rapport::store::pg
