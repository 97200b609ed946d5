// Reading rows shared by several PostgreSQL repositories (users appear in token and session
// lookups).
#pragma once

#include <optional>

#include "domain/user/user.hpp"
#include "store/pg/pg_conn.hpp"

namespace rapport::store::pg {

inline constexpr const char* kUserColumns =
    "u.id, u.email, u.name, u.role, u.team, u.active, u.password_hash, u.created_at, u.updated_at";
inline constexpr int kUserColumnCount = 9;

// The kUserColumns of `row` starting at column `at`.
inline domain::User ReadUser(const Result& r, int row, int at = 0) {
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

inline std::optional<core::Timestamp> OptTime(const Result& r, int row, int col) {
  if (auto v = r.OptInt(row, col)) return core::Timestamp{*v};
  return std::nullopt;
}

inline std::optional<std::int64_t> OptMs(const std::optional<core::Timestamp>& t) {
  return t ? std::optional<std::int64_t>(t->ms) : std::nullopt;
}

}  // namespace rapport::store::pg
