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

}  // namespace rapport::store
