// CaseService: complaint cases: open (by hand, or from a detractor's feedback), change, move
// through the status machine, reassign with a reason (counted), history, the deadline policy, the
// dashboard. Every change is audited in the same transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   kNotFound          Get, Update, Assign, Events of a case the actor does not see (its customer
//                      not visible and not its owner); ForCustomer of a customer they do not see.
//   kInvalidArgument   Create/OpenCase: "customer_id" (missing, or a customer the actor does not
//                      see), "title", "owner_id" (null or not an active user), "order_id" (not of
//                      this customer), "status"/"resolution"/"reason" (not on a new case) and the
//                      case fields; Update: the fields, "resolution" when resolving; Assign:
//                      "owner_id", "reason"; SetPolicy: the policy's minutes and the decode errors;
//                      List: "cursor"; RecordCaseContact: "case_id" (not a case of that customer).
//   kPermissionDenied  Create: a rep giving the case to anyone but themselves or the customer's
//                      owner; Assign: anyone but the case's owner, managers and admins; SetPolicy:
//                      reps.
//   kConflict          Update of a closed case (other than reopening it) or a status move the
//                      machine does not allow; Assign of a closed case.
//   kPreconditionFailed  Update/Assign with an expected_version that is not the current one.
//   Policy and Dashboard answer only the store's errors.
#pragma once

#include "core/clock.hpp"
#include "domain/care/case_repo.hpp"
#include "domain/care/feedback.hpp"
#include "domain/care/promise_repo.hpp"
#include "domain/page.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

using CasePage = IdPage<Case>;

struct AssignCaseInput {
  std::optional<Id> owner_id;
  std::optional<std::string> reason;
  std::optional<std::int64_t> expected_version;
  std::map<std::string, std::string> decode_errors;
};

// The dashboard with names and the promise counts of each owner.
struct CareDashboard {
  CaseDashboard cases;
  std::map<Id, std::string> owner_names;
  std::map<Id, PromiseCounts> promises;  // by the person who promised
};

// What the customer 360 shows of care: live cases, the latest NPS answer, promises kept and broken.
struct CustomerCare {
  Id customer_id = 0;
  std::vector<Case> active_cases;
  int cases_total = 0, transfers_total = 0;
  std::optional<Feedback> latest_nps;
  PromiseCounts promises;
  std::vector<Promise> open_promises, broken_promises;  // by id
};

// Inside a write: opens a case for a customer the caller can see (checked here). Owner: given,
// else the customer's owner, else the caller. Deadlines from the stored policy.
core::Result<Case> OpenCase(Txn& txn, const Actor& actor, const CaseInput& input, Timestamp now);

// Inside a write: an outbound interaction about case `case_id` of `customer_id` was logged:
// validates the link and records the case's first response.
core::Status RecordCaseContact(Txn& txn, const Actor& actor, Id case_id, Id customer_id, bool outbound, Timestamp at);

class CaseService {
 public:
  CaseService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  core::Result<Case> Create(const Actor& actor, const CaseInput& input);
  core::Result<Case> Get(const Actor& actor, Id id);
  core::Result<CasePage> List(const Actor& actor, CaseQuery query, std::optional<std::string_view> cursor);
  // Fields and status (status moves follow the machine; resolving needs a resolution).
  core::Result<Case> Update(const Actor& actor, Id id, const CaseInput& input, std::optional<std::int64_t> expected_version);
  // A new owner with a reason: the owner, managers and admins may do it; it counts as a transfer.
  core::Result<Case> Assign(const Actor& actor, Id id, const AssignCaseInput& input);
  core::Result<std::vector<CaseEvent>> Events(const Actor& actor, Id id);
  core::Result<CasePolicy> Policy();
  // Managers and admins. `decode_errors`: problems found reading the request, reported with the rest.
  // MayChangePolicy is that rule alone (kPermissionDenied for a rep), for a caller that must refuse
  // a rep before reading the request.
  static core::Status MayChangePolicy(const Actor& actor);
  core::Result<CasePolicy> SetPolicy(const Actor& actor, const CasePolicy& policy,
                                     std::map<std::string, std::string> decode_errors = {});
  // Reps see the cases of the customers they see; `from` starts the period of the time figures.
  core::Result<CareDashboard> Dashboard(const Actor& actor, Timestamp from);
  core::Result<CustomerCare> ForCustomer(const Actor& actor, Id customer_id);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
