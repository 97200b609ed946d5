#include "core/text.hpp"
#include "store/pg/pg_repos.hpp"

namespace rapport::store::pg {
namespace {

using core::Fail;

constexpr const char* kUserColumns =
    "u.id, u.email, u.name, u.role, u.team, u.active, u.password_hash, u.created_at, u.updated_at";

domain::User ReadUser(const Result& r, int row, int at = 0) {
  domain::User u;
  u.id = r.Int(row, at + 0);
  u.email = r.Text(row, at + 1);
  u.name = r.Text(row, at + 2);
  u.role = domain::ParseRole(r.Text(row, at + 3)).value_or(domain::Role::kRep);
  u.team = r.OptText(row, at + 4);
  u.active = r.Text(row, at + 5) == "t";
  u.password_hash = r.Text(row, at + 6);
  u.created_at = {r.Int(row, at + 7)};
  u.updated_at = {r.Int(row, at + 8)};
  return u;
}

std::optional<core::Timestamp> OptTime(const Result& r, int row, int col) {
  if (auto v = r.OptInt(row, col)) return core::Timestamp{*v};
  return std::nullopt;
}

}  // namespace

core::Result<core::Id> PgUserRepo::Insert(const domain::User& u) {
  Params p;
  p.Add(u.email)
      .Add(core::FoldCase(u.email))
      .Add(u.name)
      .Add(domain::RoleName(u.role))
      .Add(u.team)
      .Add(u.active ? "true" : "false")
      .Add(u.password_hash)
      .Add(u.created_at.ms)
      .Add(u.updated_at.ms);
  auto r = conn_.Query(
      "INSERT INTO users (email, email_key, name, role, team, active, password_hash, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
      p);
  if (!r) {
    if (r.error().code == core::ErrorCode::kConflict)
      return Fail(core::Error{core::ErrorCode::kConflict,
                              "a user with email '" + u.email + "' already exists",
                              {{"email", "already taken"}}});
    return Fail(r.error());
  }
  return r->Int(0, 0);
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
  auto r = conn_.Query(
      std::string("SELECT t.id, t.user_id, t.name, t.token_hash, t.created_at, t.last_used_at, "
                  "t.expires_at, t.revoked_at, ") +
          kUserColumns + " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
      p);
  if (!r) return Fail(r.error());
  if (r->Rows() == 0) return std::optional<domain::TokenOwner>{};
  domain::TokenOwner o;
  o.token.id = r->Int(0, 0);
  o.token.user_id = r->Int(0, 1);
  o.token.name = r->Text(0, 2);
  o.token.token_hash = r->Text(0, 3);
  o.token.created_at = {r->Int(0, 4)};
  o.token.last_used_at = OptTime(*r, 0, 5);
  o.token.expires_at = OptTime(*r, 0, 6);
  o.token.revoked_at = OptTime(*r, 0, 7);
  o.user = ReadUser(*r, 0, 8);
  return std::optional<domain::TokenOwner>{std::move(o)};
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
