#include "store/common/common_repos.hpp"
#include "store/customer_sql.hpp"

namespace rapport::store {

std::string NextParam(const SqlArgs& args) { return "$" + std::to_string(args.size() + 1); }

std::string ScopeWhere(const domain::CustomerScope& scope, SqlArgs& args) {
  if (!scope.user_id) return "1 = 1";
  const std::string user = NextParam(args);
  args.emplace_back(*scope.user_id);
  std::string team;
  if (scope.team) {
    team = NextParam(args);
    args.emplace_back(*scope.team);
  }
  return ScopeCondition(scope, user, team);
}

std::string ScopedCustomerIds(const domain::CustomerScope& scope, SqlArgs& args) {
  return "(SELECT c.id FROM customers c WHERE " + ScopeWhere(scope, args) + ")";
}

std::string IdList(std::span<const core::Id> ids, SqlArgs& args) {
  if (ids.empty()) return "NULL";
  std::string out;
  for (core::Id id : ids) {
    out += (out.empty() ? "" : ", ") + NextParam(args);
    args.emplace_back(id);
  }
  return out;
}

std::string TeamOwnersWhere(const std::optional<std::string>& team, SqlArgs& args, const char* column) {
  if (!team) return "1 = 1";
  const std::string p = NextParam(args);
  args.emplace_back(*team);
  return std::string(column) + " IN (SELECT id FROM users WHERE team = " + p + ")";
}

}  // namespace rapport::store
