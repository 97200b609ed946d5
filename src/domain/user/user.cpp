#include "domain/user/user.hpp"

namespace rapport::domain {

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kAdmin: return "admin";
    case Role::kManager: return "manager";
    case Role::kRep: return "rep";
  }
  return "rep";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "manager") return Role::kManager;
  if (name == "rep") return Role::kRep;
  return std::nullopt;
}

}  // namespace rapport::domain
