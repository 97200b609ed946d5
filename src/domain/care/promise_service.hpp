// PromiseService: record what was promised to a customer, list them, mark them kept, broken or
// cancelled; the scheduler records overdue ones as broken (BreakOverdue). Audited in the same
// transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction
// (BreakOverdue: one per batch).
//
// Errors (besides the store's kUnavailable / kInternal):
//   kNotFound          Get, Update of a promise the actor does not see.
//   kInvalidArgument   Create: "customer_id" (missing or not visible), "case_id" (not of this
//                      customer), "promised_by" (unknown, or missing from the command line), the text fields; Update: the
//                      fields, "status" (reopening); List: "cursor".
//   kPermissionDenied  Create: a rep promising in someone else's name (promised_by).
//   kConflict          Update of a promise that is already closed (kept, broken or cancelled).
//   kPreconditionFailed  Update with an expected_version that is not the current one.
#pragma once

#include "core/clock.hpp"
#include "domain/page.hpp"
#include "domain/care/promise_repo.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

using PromisePage = IdPage<Promise>;

// Inside a write: stores `p` (validated by the caller) and audits it.
core::Status RecordPromise(Txn& txn, const Actor& actor, Promise& p, Timestamp now);

class PromiseService {
 public:
  PromiseService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  // promised_by defaults to the caller (a rep may only promise in their own name).
  core::Result<Promise> Create(const Actor& actor, const PromiseInput& input);
  core::Result<Promise> Get(const Actor& actor, Id id);
  core::Result<PromisePage> List(const Actor& actor, PromiseQuery query, std::optional<std::string_view> cursor);
  // Description, due_at and note while open; status kept, broken or cancelled closes it.
  core::Result<Promise> Update(const Actor& actor, Id id, const PromiseInput& input, std::optional<std::int64_t> expected_version);
  // Open promises past due become broken (at most `batch` per transaction, until none is left);
  // returns how many.
  core::Result<int> BreakOverdue(int batch = 1000);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
