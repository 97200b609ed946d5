// CadenceService: cadence rules (read by everyone, changed by managers and admins) and the
// scheduler that keeps the touch state current and turns the rules into tasks.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once. A rule change runs in one transaction and then a scheduler pass; a pass
// runs one transaction per chunk, and passes running at once (threads or servers) stay correct
// (see "Idempotent" below).
//
// Errors (besides the store's kUnavailable / kInternal):
//   kNotFound          Get, Update, Delete of an unknown rule.
//   kInvalidArgument   Create/Update: the rule's fields.
//   kPermissionDenied  Create, Update, Delete and RunPass(actor, ...) by a rep.
//   kPreconditionFailed  Update with an expected_version that is not the current one.
//   A rule change is committed before its pass runs: when the pass fails, Create/Update/Delete
//   answer the pass's error although the change stays (the next pass catches up).
//   List, Get, Status answer only the store's errors.
//
//
// The scheduler's passes:
// - full: every customer, in chunks of kChunk ids, each chunk in its own transaction. Runs first,
//   and again after any rule changes (the rules' version in settings differs from the version the
//   last full pass saw).
// - incremental: only the customers queued since (every write that changes what the rules see
//   queues its customer, see CustomerChanged).
// Idempotent: a generated task has a unique source key (rule x customer x occurrence), so two
// passes, or two servers, never create it twice.
#pragma once

#include <functional>

#include "core/clock.hpp"
#include "domain/cadence/cadence_repo.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

// Settings keys of the scheduler's bookkeeping.
inline constexpr std::string_view kCadenceRulesVersionKey = "cadence.rules_version";
inline constexpr std::string_view kCadenceFullPassVersionKey = "cadence.full_pass_version";
inline constexpr std::string_view kCadenceLastPassKey = "cadence.last_pass_at";
inline constexpr std::string_view kCadenceLastFullPassKey = "cadence.last_full_pass_at";

// Inside the transaction of a write that changed what the rules see of these customers (stage,
// owner, source, tags, archiving, orders, personal touches): recomputes their touch state at
// once (so Today is right after the write) and queues them for the scheduler's next pass (which
// creates their tasks).
core::Status CustomerChanged(Txn& txn, std::span<const Id> customer_ids, Timestamp now);
inline core::Status CustomerChanged(Txn& txn, Id customer_id, Timestamp now) {
  return CustomerChanged(txn, std::span<const Id>(&customer_id, 1), now);
}

struct SchedulerStatus {
  std::optional<Timestamp> last_pass_at, last_full_pass_at;
  std::int64_t queued = 0;          // customers waiting for the next pass
  bool full_pass_pending = false;  // rules changed (or first run) and no full pass since
};

core::Result<SchedulerStatus> ReadSchedulerStatus(Txn& txn);

struct PassReport {
  bool full = false;
  std::int64_t customers = 0;      // examined
  std::int64_t states_changed = 0;
  std::int64_t tasks_created = 0;
  std::int64_t elapsed_ms = 0;
};

// Progress of a long pass: customers examined so far, out of `total` (an estimate).
using PassProgress = std::function<void(std::int64_t done, std::int64_t total)>;

class CadenceService {
 public:
  static constexpr int kChunk = 5000;

  CadenceService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  core::Result<std::vector<CadenceRule>> List(const Actor& actor);
  core::Result<CadenceRule> Get(const Actor& actor, Id id);
  // Managers and admins. A change re-runs the full pass before returning, so Today and the tasks
  // follow the new rules at once (seconds for a million customers).
  core::Result<CadenceRule> Create(const Actor& actor, const CadenceRuleInput& input);
  core::Result<CadenceRule> Update(const Actor& actor, Id id, const CadenceRuleInput& input,
                                   std::optional<std::int64_t> expected_version);
  core::Status Delete(const Actor& actor, Id id);

  // One scheduler pass: full when forced or pending, else incremental.
  core::Result<PassReport> RunPass(bool force_full, const PassProgress& progress = {});
  // The same for a caller of the API: managers and admins.
  core::Result<PassReport> RunPass(const Actor& actor, bool force_full);
  core::Result<SchedulerStatus> Status();

 private:
  core::Result<PassReport> FullPass(const PassProgress& progress);
  core::Result<PassReport> IncrementalPass();
  // Examines the selected customers in one transaction: saves changed states, inserts tasks,
  // takes the `dequeue` entries (as read from the queue) off the queue and, with `record_pass`,
  // records the pass's time.
  core::Status Examine(const CadenceSelection& selection, PassReport& report,
                       std::span<const std::pair<Id, std::int64_t>> dequeue, bool record_pass);
  core::Result<CadenceRule> AfterRuleChange(CadenceRule rule);
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
