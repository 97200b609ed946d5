// Task use cases: create by hand, read, list, change, complete (optionally logging the
// interaction that did it, in the same transaction), reopen.
#pragma once

#include "core/clock.hpp"
#include "domain/page.hpp"
#include "domain/repos.hpp"

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
