// TaskService: create by hand, read, list, change, complete (optionally logging the interaction
// that did it, in the same transaction), reopen. Every change is audited in the same transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   kNotFound          Get, Update, Complete, Reopen of a task the actor does not see.
//   kInvalidArgument   Create: "customer_id" (missing or not visible), "due_at" (missing), the
//                      task's fields and decode errors, "owner_id" (not an active user); Update:
//                      the fields, "owner_id"; Complete: "interaction" on a skipped task and the
//                      interaction's fields (as InteractionService::Log); List: "cursor".
//   kPermissionDenied  Create/Update: a rep giving the task to another user (owner_id).
//   kConflict          Complete of a task already done or skipped; Reopen of an open task; the
//                      logged interaction answering an already answered message.
//   kPreconditionFailed  Update/Complete with an expected_version that is not the current one.
#pragma once

#include "core/clock.hpp"
#include "domain/interaction/interaction.hpp"
#include "domain/page.hpp"
#include "domain/store.hpp"
#include "domain/task/task.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

struct TaskPage {
  std::vector<Task> items;
  std::optional<std::string> next_cursor;
};

struct CompleteTaskInput {
  bool skipped = false;                       // closed without doing it
  std::optional<InteractionInput> interaction;  // logged with the task's customer
  std::optional<std::int64_t> expected_version;
};

struct CompletedTask {
  Task task;
  std::optional<Interaction> interaction;
};

class TaskService {
 public:
  TaskService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  // owner_id defaults to the customer's owner; a rep may only give tasks to themselves.
  core::Result<Task> Create(const Actor& actor, const TaskInput& input);
  core::Result<Task> Get(const Actor& actor, Id id);
  core::Result<TaskPage> List(const Actor& actor, TaskQuery query, std::optional<std::string_view> cursor);
  core::Result<Task> Update(const Actor& actor, Id id, const TaskInput& input, std::optional<std::int64_t> expected_version);
  // kConflict when already done.
  core::Result<CompletedTask> Complete(const Actor& actor, Id id, const CompleteTaskInput& input);
  core::Result<Task> Reopen(const Actor& actor, Id id);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
