// TaskRepo: the storage port of tasks (entered and generated).
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "domain/customer/customer_query.hpp"
#include "domain/task/task.hpp"

namespace rapport::domain {

class TaskRepo {
 public:
  virtual ~TaskRepo() = default;
  virtual core::Status Insert(Task& task) = 0;  // sets id
  // Inserts the generated tasks whose source_key is new; returns how many were inserted.
  virtual core::Result<int> InsertGenerated(std::span<const Task> tasks) = 0;
  virtual core::Result<std::optional<Task>> Find(Id id, const CustomerScope& scope) = 0;
  virtual core::Result<std::vector<Task>> FindMany(std::span<const Id> ids) = 0;
  virtual core::Status Update(const Task& task) = 0;
  // At most query.limit + 1 tasks (see TaskQuery for the order).
  virtual core::Result<std::vector<Task>> List(const TaskQuery& query) = 0;
  // Open tasks of `owner_id` due in [from, until) (no `from`: any time before), by due_at, at most
  // `limit`; and how many there are.
  virtual core::Result<std::pair<std::vector<Task>, int>> OpenDue(Id owner_id, std::optional<Timestamp> from,
                                                                 Timestamp until, int limit) = 0;
  // Per owner: open tasks due before `until` (owners with none are left out).
  virtual core::Result<std::map<Id, int>> OpenDueCounts(Timestamp until, std::optional<std::string> team) = 0;
  virtual core::Result<std::vector<Task>> OpenOf(Id customer_id) = 0;  // by due_at
  virtual core::Result<std::vector<Task>> OfCustomer(Id customer_id) = 0;  // every task, by id
  // Gives every open task of `from` to `to` (bumping version); returns how many.
  virtual core::Result<int> ReassignOpen(Id from, Id to, Timestamp at) = 0;
  virtual core::Status RedactCustomer(Id customer_id, std::string_view replacement) = 0;  // titles, notes
};

}  // namespace rapport::domain
