// Tasks: follow-ups with an owner and a due time, created by hand or by a cadence rule (then with
// a unique key per rule x customer x occurrence, so the scheduler never creates one twice).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/customer/customer_query.hpp"
#include "domain/patch.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

enum class TaskKind { kFollowUp, kPostPurchaseConversation, kThankYou, kCheckIn, kCustom };
std::string_view TaskKindName(TaskKind k);
std::optional<TaskKind> ParseTaskKind(std::string_view name);
std::string TaskKindList();
// "Thank-you", "Post-purchase conversation", ...: the start of a generated title.
std::string_view TaskKindLabel(TaskKind k);

enum class TaskOutcome { kDone, kSkipped };
std::string_view TaskOutcomeName(TaskOutcome o);

struct Task {
  Id id = 0;
  Id customer_id = 0;
  Id owner_id = 0;
  TaskKind kind = TaskKind::kFollowUp;
  std::string title;
  std::optional<std::string> notes;
  Timestamp due_at;
  std::optional<Timestamp> done_at;
  std::optional<TaskOutcome> outcome;
  std::optional<Id> done_by;
  std::optional<Id> interaction_id;  // logged when it was completed
  std::optional<Id> rule_id;         // source: the cadence rule; none: made by hand
  std::optional<std::string> source_key;  // rule x customer x occurrence, unique
  std::optional<Id> created_by;
  Timestamp created_at, updated_at;
  std::int64_t version = 1;

  bool Open() const { return !done_at.has_value(); }
};

struct TaskInput {
  Patch<Id> customer_id, owner_id;
  Patch<std::string> kind, title, notes;
  Patch<Timestamp> due_at;
  std::map<std::string, std::string> decode_errors;
};

enum class TaskStatusFilter { kOpen, kDone, kAll };

struct TaskQuery {
  CustomerScope scope;
  std::optional<Id> owner_id, customer_id, rule_id;
  std::optional<TaskKind> kind;
  TaskStatusFilter status = TaskStatusFilter::kOpen;
  std::optional<Timestamp> due_before;  // due_at < this
  int limit = 50;
  // Keyset cursor: open and all lists run by (due_at, id) ascending; done lists by id descending.
  std::optional<Timestamp> after_due;
  Id after_id = 0;
};

}  // namespace rapport::domain
