// Users of Rapport (the team) and their API tokens. Plain values, no I/O.
#pragma once

#include <optional>
#include <string>

#include "core/id.hpp"
#include "core/time.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

enum class Role { kAdmin, kManager, kRep };
std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view name);

struct User {
  Id id = 0;
  std::string email;  // unique, compared case-insensitively (stored as given, indexed folded)
  std::string name;
  Role role = Role::kRep;
  std::optional<std::string> team;
  bool active = true;
  std::string password_hash;  // argon2id encoded string; empty = cannot sign in with a password
  Timestamp created_at, updated_at;
};

struct ApiToken {
  Id id = 0;
  Id user_id = 0;
  std::string name;
  std::string token_hash;  // BLAKE2b of the secret, hex; the secret itself is never stored
  Timestamp created_at;
  std::optional<Timestamp> last_used_at, expires_at, revoked_at;
};

// Who is making a request, and from where (for the audit log).
struct Actor {
  Id user_id = 0;  // 0: the command line (acts as an admin, audited without a user)
  Role role = Role::kRep;
  std::optional<std::string> team;
  std::string client_address;

  static Actor CommandLine() { return Actor{0, Role::kAdmin, std::nullopt, "cli"}; }
  bool IsAdmin() const { return role == Role::kAdmin; }
  bool SeesAllCustomers() const { return role != Role::kRep; }
  std::optional<Id> AuditId() const { return user_id ? std::optional<Id>(user_id) : std::nullopt; }
};

}  // namespace rapport::domain
