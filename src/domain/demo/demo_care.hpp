// Demo care: complaint cases for a share of the customers past the first contact (opened over the
// last year, most answered and resolved, a few late, some transferred, some with a remedy
// promised and kept or broken), inbound messages answered within hours, and NPS answers from
// customers in romance. Written straight
// through the repositories with the default deadline policy. Deterministic for a seed.
//
// Thread safety: DemoCare, DemoCommerce and DemoRomance hold a random generator: one instance per
// thread, used inside the caller's transaction. Errors: the store's kUnavailable / kInternal only.
#pragma once

#include "core/random.hpp"
#include "domain/care/case.hpp"
#include "domain/customer/customer.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

struct DemoCareCounts {
  std::int64_t cases = 0, feedback = 0, promises = 0;
};

class DemoCare {
 public:
  // case_rate: the expected cases per customer past the first contact.
  DemoCare(std::uint64_t seed, Timestamp as_of, double case_rate) : rng_(seed), as_of_(as_of), case_rate_(case_rate) {}
  core::Status AddFor(Txn& txn, const Customer& c, const std::vector<StageTransition>& path, DemoCareCounts& counts);

 private:
  core::Status AddCase(Txn& txn, const Customer& c, Timestamp since, DemoCareCounts& counts);
  // An inbound message that needed a reply, and the reply (for the response-time figures).
  core::Status AddAnsweredMessage(Txn& txn, const Customer& c, Timestamp since);
  core::SeededRandom rng_;
  Timestamp as_of_;
  double case_rate_;
  CasePolicy policy_ = DefaultCasePolicy();
};

}  // namespace rapport::domain
