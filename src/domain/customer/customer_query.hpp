// Listing customers: filters, sort order and the opaque keyset cursor.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/customer/customer.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

enum class CustomerSortField { kName, kCreatedAt, kUpdatedAt, kStageChangedAt };

struct CustomerSort {
  CustomerSortField field = CustomerSortField::kCreatedAt;
  bool descending = true;
  bool operator==(const CustomerSort&) const = default;
};

// "name", "-name", "created_at", "-created_at", "updated_at", "stage_changed_at" (and negated).
std::optional<CustomerSort> ParseCustomerSort(std::string_view text);
std::string CustomerSortName(CustomerSort sort);
std::vector<std::string> CustomerSortNames();

// Position after the last row of a page: its sort value and id. Keyset pagination on
// (sort value, id) is stable under concurrent inserts: no row is returned twice or skipped.
struct CustomerCursor {
  CustomerSort sort;
  std::string text_value;     // for kName: the folded name
  std::int64_t int_value = 0; // for time sorts: milliseconds
  Id id = 0;
};

std::string EncodeCursor(const CustomerCursor& cursor);
// kInvalidArgument on "cursor" if it is not one of ours or was made for another sort order.
core::Result<CustomerCursor> DecodeCursor(std::string_view text, CustomerSort expected_sort);
CustomerCursor CursorAfter(const Customer& last, CustomerSort sort);

// Whose customers a query may see. Reps see the customers they own and those owned by members of
// their team (a rep without a team shares nothing); managers and admins see all. Applied inside
// the storage queries so lists, counts, cursors and search never leak.
struct CustomerScope {
  std::optional<Id> user_id;  // nullopt: every customer
  std::optional<std::string> team;

  static CustomerScope Everyone() { return {}; }
  static CustomerScope For(const Actor& actor) {
    if (actor.SeesAllCustomers()) return {};
    return {actor.user_id, actor.team};
  }
};

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

struct CustomerQuery {
  CustomerScope scope;
  std::optional<Stage> stage;
  std::optional<Id> owner_id;
  std::optional<std::string> source;
  std::optional<std::string> tag;
  std::optional<std::string> q;  // folded by CustomerService::List before it reaches a store
  std::optional<CustomerKind> kind;
  std::optional<Id> company_id;
  bool include_archived = false;
  CustomerSort sort;
  int limit = kDefaultPageSize;
  std::optional<CustomerCursor> after;
};

// One column of the board: the live customers in a stage and the sum of their historical value
// (minor units, from the latest scoring run; zero before the first order by the lifecycle rules).
struct StageCount {
  Stage stage = Stage::kContact;
  std::int64_t count = 0;
  std::int64_t value_cents = 0;
};

struct CustomerPage {
  std::vector<Customer> items;
  std::optional<std::string> next_cursor;
};

}  // namespace rapport::domain
