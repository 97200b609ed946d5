#include "core/text.hpp"
#include "store/sqlite/sqlite_repos.hpp"
#include "store/sqlite/sqlite_rows.hpp"

namespace rapport::store::sqlite {
namespace {

using core::Fail;

constexpr const char* kTokenColumns =
    "t.id, t.user_id, t.name, t.token_hash, t.created_at, t.last_used_at, t.expires_at, "
    "t.revoked_at";

domain::ApiToken ReadToken(const Stmt& s) {
  domain::ApiToken t;
  t.id = s.Int(0);
  t.user_id = s.Int(1);
  t.name = s.Text(2);
  t.token_hash = s.Text(3);
  t.created_at = {s.Int(4)};
  t.last_used_at = OptTime(s, 5);
  t.expires_at = OptTime(s, 6);
  t.revoked_at = OptTime(s, 7);
  return t;
}

core::Error EmailTaken(const std::string& email) {
  return core::Error{core::ErrorCode::kConflict, "a user with email '" + email + "' already exists",
                     {{"email", "already taken"}}};
}

// The stored fields Insert and Update share, at positions 1..7 (email .. password_hash).
Stmt& BindUserFields(Stmt& s, const domain::User& u) {
  return s.Bind(1, std::string_view(u.email))
      .Bind(2, core::FoldCase(u.email))
      .Bind(3, std::string_view(u.name))
      .Bind(4, domain::RoleName(u.role))
      .Bind(5, u.team)
      .Bind(6, std::int64_t{u.active ? 1 : 0})
      .Bind(7, std::string_view(u.password_hash));
}

}  // namespace

core::Result<core::Id> SqliteUserRepo::Insert(const domain::User& u) {
  auto s = conn_.Prepare(
      "INSERT INTO users (email, email_key, name, role, team, active, password_hash, created_at, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!s) return Fail(s.error());
  BindUserFields(*s, u).Bind(8, u.created_at.ms).Bind(9, u.updated_at.ms);
  if (auto st = s->Run(); !st) {
    if (st.error().code == core::ErrorCode::kConflict) return Fail(EmailTaken(u.email));
    return Fail(st.error());
  }
  return conn_.LastInsertId();
}

core::Status SqliteUserRepo::Update(const domain::User& u) {
  auto s = conn_.Prepare(
      "UPDATE users SET email = ?1, email_key = ?2, name = ?3, role = ?4, team = ?5, active = ?6, "
      "password_hash = ?7, updated_at = ?8 WHERE id = ?9");
  if (!s) return Fail(s.error());
  BindUserFields(*s, u).Bind(8, u.updated_at.ms).Bind(9, u.id);
  if (auto st = s->Run(); !st) {
    if (st.error().code == core::ErrorCode::kConflict) return Fail(EmailTaken(u.email));
    return st;
  }
  if (sqlite3_changes(conn_.handle()) != 1)
    return Fail(core::Error::NotFound("user " + core::FormatId(u.id) + " not found"));
  return {};
}

core::Result<std::vector<domain::User>> SqliteUserRepo::List() {
  auto s = conn_.Prepare(std::string("SELECT ") + kUserColumns + " FROM users u ORDER BY u.id");
  if (!s) return Fail(s.error());
  std::vector<domain::User> out;
  for (;;) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadUser(*s));
  }
  return out;
}

core::Result<std::optional<domain::User>> SqliteUserRepo::Find(core::Id id) {
  auto s = conn_.Prepare(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, id);
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<domain::User>{};
  return std::optional<domain::User>{ReadUser(*s)};
}

core::Result<std::optional<domain::User>> SqliteUserRepo::FindByEmail(std::string_view email) {
  auto s = conn_.Prepare(std::string("SELECT ") + kUserColumns +
                         " FROM users u WHERE u.email_key = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, core::FoldCase(core::Trim(email)));
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<domain::User>{};
  return std::optional<domain::User>{ReadUser(*s)};
}

core::Result<core::Id> SqliteTokenRepo::Insert(const domain::ApiToken& t) {
  auto s = conn_.Prepare(
      "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!s) return Fail(s.error());
  s->Bind(1, t.user_id)
      .Bind(2, std::string_view(t.name))
      .Bind(3, std::string_view(t.token_hash))
      .Bind(4, t.created_at.ms)
      .Bind(5, t.expires_at ? std::optional<std::int64_t>(t.expires_at->ms) : std::nullopt);
  if (auto st = s->Run(); !st) return Fail(st.error());
  return conn_.LastInsertId();
}

core::Result<std::optional<domain::TokenOwner>> SqliteTokenRepo::FindByHash(
    std::string_view token_hash) {
  auto s = conn_.Prepare(std::string("SELECT ") + kTokenColumns + ", " + kUserColumns +
                         " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, token_hash);
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<domain::TokenOwner>{};
  domain::TokenOwner o;
  o.token = ReadToken(*s);
  o.user = ReadUser(*s, 8);  // after the 8 token columns
  return std::optional<domain::TokenOwner>{std::move(o)};
}

core::Result<std::optional<domain::ApiToken>> SqliteTokenRepo::Find(core::Id token_id) {
  auto s = conn_.Prepare(std::string("SELECT ") + kTokenColumns + " FROM api_tokens t WHERE t.id = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, token_id);
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<domain::ApiToken>{};
  return std::optional<domain::ApiToken>{ReadToken(*s)};
}

core::Result<std::vector<domain::ApiToken>> SqliteTokenRepo::List(std::optional<core::Id> user_id) {
  auto s = conn_.Prepare(std::string("SELECT ") + kTokenColumns + " FROM api_tokens t" +
                         (user_id ? " WHERE t.user_id = ?1" : "") + " ORDER BY t.id DESC");
  if (!s) return Fail(s.error());
  if (user_id) s->Bind(1, *user_id);
  std::vector<domain::ApiToken> out;
  for (;;) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadToken(*s));
  }
  return out;
}

core::Status SqliteTokenRepo::Revoke(core::Id token_id, core::Timestamp at) {
  auto s = conn_.Prepare("UPDATE api_tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL");
  if (!s) return Fail(s.error());
  s->Bind(1, at.ms).Bind(2, token_id);
  return s->Run();
}

core::Result<int> SqliteTokenRepo::RevokeAllOf(core::Id user_id, core::Timestamp at) {
  auto s = conn_.Prepare(
      "UPDATE api_tokens SET revoked_at = ?1 WHERE user_id = ?2 AND revoked_at IS NULL");
  if (!s) return Fail(s.error());
  s->Bind(1, at.ms).Bind(2, user_id);
  if (auto st = s->Run(); !st) return Fail(st.error());
  return sqlite3_changes(conn_.handle());
}

core::Status SqliteTokenRepo::TouchLastUsed(core::Id token_id, core::Timestamp at) {
  auto s = conn_.Prepare("UPDATE api_tokens SET last_used_at = ?1 WHERE id = ?2");
  if (!s) return Fail(s.error());
  s->Bind(1, at.ms).Bind(2, token_id);
  return s->Run();
}

core::Result<std::optional<std::string>> SqliteSettingsRepo::Get(std::string_view key) {
  auto s = conn_.Prepare("SELECT value FROM settings WHERE key = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, key);
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>{s->Text(0)};
}

core::Status SqliteSettingsRepo::Set(std::string_view key, std::string_view value) {
  auto s = conn_.Prepare(
      "INSERT INTO settings (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!s) return Fail(s.error());
  s->Bind(1, key).Bind(2, value);
  return s->Run();
}

}  // namespace rapport::store::sqlite
