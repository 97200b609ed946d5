#include "core/text.hpp"
#include "store/sqlite/sqlite_repos.hpp"

namespace rapport::store::sqlite {
namespace {

using core::Fail;

constexpr const char* kUserColumns =
    "u.id, u.email, u.name, u.role, u.team, u.active, u.password_hash, u.created_at, u.updated_at";

domain::User ReadUser(const Stmt& s, int at = 0) {
  domain::User u;
  u.id = s.Int(at + 0);
  u.email = s.Text(at + 1);
  u.name = s.Text(at + 2);
  u.role = domain::ParseRole(s.Text(at + 3)).value_or(domain::Role::kRep);
  u.team = s.OptText(at + 4);
  u.active = s.Int(at + 5) != 0;
  u.password_hash = s.Text(at + 6);
  u.created_at = {s.Int(at + 7)};
  u.updated_at = {s.Int(at + 8)};
  return u;
}


}  // namespace

core::Result<core::Id> SqliteUserRepo::Insert(const domain::User& u) {
  auto s = conn_.Prepare(
      "INSERT INTO users (email, email_key, name, role, team, active, password_hash, created_at, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!s) return Fail(s.error());
  s->Bind(1, std::string_view(u.email))
      .Bind(2, core::FoldCase(u.email))
      .Bind(3, std::string_view(u.name))
      .Bind(4, domain::RoleName(u.role))
      .Bind(5, u.team)
      .Bind(6, std::int64_t{u.active ? 1 : 0})
      .Bind(7, std::string_view(u.password_hash))
      .Bind(8, u.created_at.ms)
      .Bind(9, u.updated_at.ms);
  if (auto st = s->Run(); !st) {
    if (st.error().code == core::ErrorCode::kConflict)
      return Fail(core::Error{core::ErrorCode::kConflict,
                              "a user with email '" + u.email + "' already exists",
                              {{"email", "already taken"}}});
    return Fail(st.error());
  }
  return conn_.LastInsertId();
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
  auto s = conn_.Prepare(
      std::string("SELECT t.id, t.user_id, t.name, t.token_hash, t.created_at, t.last_used_at, "
                  "t.expires_at, t.revoked_at, ") +
      kUserColumns + " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, token_hash);
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<domain::TokenOwner>{};
  domain::TokenOwner o;
  o.token.id = s->Int(0);
  o.token.user_id = s->Int(1);
  o.token.name = s->Text(2);
  o.token.token_hash = s->Text(3);
  o.token.created_at = {s->Int(4)};
  auto opt_ts = [&](int col) -> std::optional<core::Timestamp> {
    if (auto v = s->OptInt(col)) return core::Timestamp{*v};
    return std::nullopt;
  };
  o.token.last_used_at = opt_ts(5);
  o.token.expires_at = opt_ts(6);
  o.token.revoked_at = opt_ts(7);
  o.user = ReadUser(*s, 8);
  return std::optional<domain::TokenOwner>{std::move(o)};
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
