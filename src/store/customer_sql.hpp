// SQL fragments for customers shared by the SQLite and PostgreSQL repositories: the column list
// (both backends read rows in this order) and the column behind each sort order.
#pragma once

#include <string>

#include "domain/customer/customer_query.hpp"

namespace rapport::store {

inline constexpr const char* kCustomerColumns =
    "c.id, c.kind, c.name, c.company_id, c.email, c.phone, c.time_zone, c.source, c.street, "
    "c.city, c.region, c.postal_code, c.country, c.owner_id, c.acquisition_cost_cents, c.tags, "
    "c.custom, c.expectations, c.preferences, c.idiosyncrasies, c.stage, c.stage_changed_at, "
    "c.created_at, c.updated_at, c.archived_at, c.version";

inline const char* CustomerSortColumn(domain::CustomerSortField f) {
  switch (f) {
    case domain::CustomerSortField::kName: return "c.sort_name";
    case domain::CustomerSortField::kCreatedAt: return "c.created_at";
    case domain::CustomerSortField::kUpdatedAt: return "c.updated_at";
    case domain::CustomerSortField::kStageChangedAt: return "c.stage_changed_at";
  }
  return "c.created_at";
}

// The condition limiting customers `c` to what `scope` may see (scope.user_id must be set):
// the user's own, or with a team those of every member of the team (the user included).
// `user` and `team` are the placeholders the caller binds to scope.user_id and scope.team.
// owner_index = false writes +c.owner_id, which SQLite cannot look up in an index: it then walks
// the sort order's index and checks each row instead.
inline std::string ScopeCondition(const domain::CustomerScope& scope, const std::string& user,
                                  const std::string& team, bool owner_index = true) {
  const std::string owner = owner_index ? "c.owner_id" : "+c.owner_id";
  if (!scope.team) return owner + " = " + user;
  return "(" + owner + " = " + user + " OR " + owner +
         " IN (SELECT id FROM users WHERE team = " + team + "))";
}

}  // namespace rapport::store
