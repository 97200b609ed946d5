// SQL fragments for customers shared by the SQLite and PostgreSQL repositories: the column list
// (both backends read rows in this order) and the column behind each sort order.
#pragma once

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

}  // namespace rapport::store
