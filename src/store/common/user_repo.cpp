// Users, API tokens and settings over SqlSession, for both backends.
#include "core/text.hpp"
#include "store/common/account_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kTokenColumns =
    "t.id, t.user_id, t.name, t.token_hash, t.created_at, t.last_used_at, t.expires_at, "
    "t.revoked_at";
constexpr int kTokenColumnCount = 8;

domain::ApiToken ReadToken(const SqlRows& r, int row) {
  domain::ApiToken t;
  t.id = r.Int(row, 0);
  t.user_id = r.Int(row, 1);
  t.name = r.Text(row, 2);
  t.token_hash = r.Text(row, 3);
  t.created_at = r.Time(row, 4);
  t.last_used_at = r.OptTime(row, 5);
  t.expires_at = r.OptTime(row, 6);
  t.revoked_at = r.OptTime(row, 7);
  return t;
}

core::Error EmailTaken(const std::string& email) {
  return core::Error{core::ErrorCode::kConflict, "a user with email '" + email + "' already exists",
                     {{"email", "already taken"}}};
}

// The stored fields Insert and Update share, as $1..$7 (email .. password_hash).
SqlArgs UserFields(const domain::User& u) {
  return {u.email, core::FoldCase(u.email), u.name, domain::RoleName(u.role), u.team, u.active, u.password_hash};
}

std::vector<domain::User> ReadUsers(const SqlRows& r) {
  std::vector<domain::User> out;
  out.reserve(static_cast<std::size_t>(r.Rows()));
  for (int i = 0; i < r.Rows(); ++i) out.push_back(ReadUser(r, i));
  return out;
}

}  // namespace

domain::User ReadUser(const SqlRows& r, int row, int at) {
  domain::User u;
  u.id = r.Int(row, at + 0);
  u.email = r.Text(row, at + 1);
  u.name = r.Text(row, at + 2);
  u.role = domain::ParseRole(r.Text(row, at + 3)).value_or(domain::Role::kRep);
  u.team = r.OptText(row, at + 4);
  u.active = r.Bool(row, at + 5);
  u.password_hash = r.Text(row, at + 6);
  u.created_at = r.Time(row, at + 7);
  u.updated_at = r.Time(row, at + 8);
  return u;
}

// --- users ---

core::Result<core::Id> SqlUserRepo::Insert(const domain::User& u) {
  SqlArgs args = UserFields(u);
  args.insert(args.end(), {u.created_at, u.updated_at});
  auto r = s_.InsertId(
      "INSERT INTO users (email, email_key, name, role, team, active, password_hash, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      args);
  if (!r) {
    if (r.error().code == core::ErrorCode::kConflict) return Fail(EmailTaken(u.email));
    return Fail(r.error());
  }
  return *r;
}

core::Status SqlUserRepo::Update(const domain::User& u) {
  SqlArgs args = UserFields(u);
  args.insert(args.end(), {u.updated_at, u.id});
  auto n = s_.Exec(
      "UPDATE users SET email = $1, email_key = $2, name = $3, role = $4, team = $5, active = $6, "
      "password_hash = $7, updated_at = $8 WHERE id = $9",
      args);
  if (!n) {
    if (n.error().code == core::ErrorCode::kConflict) return Fail(EmailTaken(u.email));
    return Fail(n.error());
  }
  if (*n != 1) return Fail(core::Error::NotFound("user " + core::FormatId(u.id) + " not found"));
  return {};
}

core::Result<std::vector<domain::User>> SqlUserRepo::List() {
  auto r = s_.Query(std::string("SELECT ") + kUserColumns + " FROM users u ORDER BY u.id");
  if (!r) return Fail(r.error());
  return ReadUsers(*r);
}

core::Result<std::optional<domain::User>> SqlUserRepo::Find(core::Id id) {
  auto r = s_.Query(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = $1", {id});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::User>{};
  return std::optional<domain::User>{ReadUser(*r, 0)};
}

core::Result<std::optional<domain::User>> SqlUserRepo::FindByEmail(std::string_view email) {
  auto r = s_.Query(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.email_key = $1",
                    {core::FoldCase(core::Trim(email))});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::User>{};
  return std::optional<domain::User>{ReadUser(*r, 0)};
}

// --- API tokens ---

core::Result<core::Id> SqlTokenRepo::Insert(const domain::ApiToken& t) {
  auto r = s_.InsertId(
      "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {t.user_id, t.name, t.token_hash, t.created_at, t.expires_at});
  if (!r) return Fail(r.error());
  return *r;
}

core::Result<std::optional<domain::TokenOwner>> SqlTokenRepo::FindByHash(std::string_view token_hash) {
  auto r = s_.Query(std::string("SELECT ") + kTokenColumns + ", " + kUserColumns +
                        " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
                    {token_hash});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::TokenOwner>{};
  domain::TokenOwner o;
  o.token = ReadToken(*r, 0);
  o.user = ReadUser(*r, 0, kTokenColumnCount);
  return std::optional<domain::TokenOwner>{std::move(o)};
}

core::Result<std::optional<domain::ApiToken>> SqlTokenRepo::Find(core::Id token_id) {
  auto r = s_.Query(std::string("SELECT ") + kTokenColumns + " FROM api_tokens t WHERE t.id = $1", {token_id});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::ApiToken>{};
  return std::optional<domain::ApiToken>{ReadToken(*r, 0)};
}

core::Result<std::vector<domain::ApiToken>> SqlTokenRepo::List(std::optional<core::Id> user_id) {
  SqlArgs args;
  if (user_id) args.emplace_back(*user_id);
  auto r = s_.Query(std::string("SELECT ") + kTokenColumns + " FROM api_tokens t" +
                        (user_id ? " WHERE t.user_id = $1" : "") + " ORDER BY t.id DESC",
                    args);
  if (!r) return Fail(r.error());
  std::vector<domain::ApiToken> out;
  out.reserve(static_cast<std::size_t>(r->Rows()));
  for (int i = 0; i < r->Rows(); ++i) out.push_back(ReadToken(*r, i));
  return out;
}

core::Status SqlTokenRepo::Revoke(core::Id token_id, core::Timestamp at) {
  auto n = s_.Exec("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", {at, token_id});
  if (!n) return Fail(n.error());
  return {};
}

core::Result<int> SqlTokenRepo::RevokeAllOf(core::Id user_id, core::Timestamp at) {
  auto n = s_.Exec("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
                   {at, user_id});
  if (!n) return Fail(n.error());
  return static_cast<int>(*n);
}

core::Status SqlTokenRepo::TouchLastUsed(core::Id token_id, core::Timestamp at) {
  auto n = s_.Exec("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", {at, token_id});
  if (!n) return Fail(n.error());
  return {};
}

// --- settings ---

core::Result<std::optional<std::string>> SqlSettingsRepo::Get(std::string_view key) {
  auto r = s_.Query("SELECT value FROM settings WHERE key = $1", {key});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<std::string>{};
  return std::optional<std::string>{r->Text(0, 0)};
}

core::Status SqlSettingsRepo::Set(std::string_view key, std::string_view value) {
  auto n = s_.Exec(
      "INSERT INTO settings (key, value) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {key, value});
  if (!n) return Fail(n.error());
  return {};
}

}  // namespace rapport::store
