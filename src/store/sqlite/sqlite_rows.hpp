// Reading rows shared by several SQLite repositories (users appear in token and session lookups).
#pragma once

#include <optional>

#include "domain/user/user.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace rapport::store::sqlite {

inline constexpr const char* kUserColumns =
    "u.id, u.email, u.name, u.role, u.team, u.active, u.password_hash, u.created_at, u.updated_at";
inline constexpr int kUserColumnCount = 9;

// The kUserColumns starting at column `at`.
inline domain::User ReadUser(const Stmt& s, int at = 0) {
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

inline std::optional<core::Timestamp> OptTime(const Stmt& s, int col) {
  if (auto v = s.OptInt(col)) return core::Timestamp{*v};
  return std::nullopt;
}

inline std::optional<std::int64_t> OptMs(const std::optional<core::Timestamp>& t) {
  return t ? std::optional<std::int64_t>(t->ms) : std::nullopt;
}

}  // namespace rapport::store::sqlite
