// Promises: record what was promised to a customer, list them, mark them kept, broken or
// cancelled; the scheduler records overdue ones as broken (BreakOverdue).
#pragma once

#include "core/clock.hpp"
#include "domain/page.hpp"
#include "domain/repos.hpp"

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
