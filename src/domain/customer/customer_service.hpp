// CustomerService: the customer use cases: create, read, update, reassign, archive, list, the
// board's stage counts, moves through the lifecycle, history, the privacy export and erasure.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once. Each call runs its own transaction(s) (Reassign: one for all customers).
//
// Errors (besides the store's kUnavailable / kInternal, which every method may pass on):
//   kNotFound          a customer the actor does not see (or that does not exist): Get, Update,
//                      Archive, ChangeStage, History, Export, Erase, FindVisibleCustomer.
//   kInvalidArgument   bad input, every bad field named at once: Create/Update (fields of the
//                      input; "owner_id" not an active user or, for Create without a signed-in
//                      user, missing; "company_id" not a visible live company, or itself);
//                      ChangeStage ("reason" missing for lost/churned or too long, "competitor" on
//                      a move other than to lost, or too long); History ("cursor"); Reassign
//                      ("customer_ids", "customer_ids[i]", "owner_id").
//   kPermissionDenied  a rep giving a customer to another owner (Create, Update); Reassign by a
//                      rep; Erase by anyone but an admin.
//   kConflict          Update or ChangeStage of an archived customer; a stage move the lifecycle
//                      does not allow (the message lists the allowed ones).
//   kPreconditionFailed  Update with an expected_version that is not the current one.
//   List and StageCounts answer only the store's errors (the query is checked by the caller).
#pragma once

#include "core/clock.hpp"
#include "domain/appreciation/appreciation.hpp"
#include "domain/audit/audit.hpp"
#include "domain/care/case.hpp"
#include "domain/care/feedback.hpp"
#include "domain/care/promise.hpp"
#include "domain/customer/customer_query.hpp"
#include "domain/deal/deal.hpp"
#include "domain/interaction/interaction.hpp"
#include "domain/loyalty/loyalty.hpp"
#include "domain/referral/referral.hpp"
#include "domain/store.hpp"
#include "domain/subscription/subscription.hpp"
#include "domain/subscription/subscription_service.hpp"
#include "domain/task/task.hpp"
#include "domain/usage/usage.hpp"
#include "domain/winback/winback.hpp"

namespace rapport::domain {

struct StageChangeRequest {
  Stage target = Stage::kContact;
  std::optional<std::string> reason, competitor;
};

struct StageChange {
  Customer customer;
  std::vector<StageTransition> transitions;  // what this request recorded
};

struct HistoryPage {
  std::vector<StageTransition> items;
  std::optional<std::string> next_cursor;
};

// Everything stored about one customer (the privacy export).
struct CustomerExport {
  Customer customer;
  std::vector<StageTransition> transitions;
  std::vector<AuditEntry> audit;  // oldest first
  std::vector<Deal> deals;        // newest first, as the lists below
  std::vector<std::pair<Order, std::vector<OrderAdjustment>>> orders;
  std::vector<LedgerEntry> loyalty;
  std::vector<UsageMeasurement> usage;
  std::vector<std::pair<Subscription, std::vector<SubscriptionEvent>>> subscriptions;
  std::vector<Referral> referrals;  // given and received
  std::vector<Invitation> invitations;
  std::vector<WinBackOffer> win_back_offers;
  std::vector<Interaction> interactions;  // oldest first
  std::vector<Task> tasks;                // by id
  std::vector<std::pair<Case, std::vector<CaseEvent>>> cases;  // by id, each with its history
  std::vector<Feedback> feedback;         // by id
  std::vector<Promise> promises;          // by id
};

// Every method takes the acting user: a rep sees (and may change) only the customers they or a
// member of their team own; another customer answers kNotFound, as if it did not exist. Every
// write appends its audit entry in the same transaction.
// The customer `id` if `actor` may see it; kNotFound otherwise (for use cases of other objects).
core::Result<Customer> FindVisibleCustomer(Txn& txn, const Actor& actor, Id id);

class CustomerService {
 public:
  CustomerService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  core::Result<Customer> Create(const Actor& actor, const CustomerInput& input);
  // Archived customers are still found by id (they are kept for history).
  core::Result<Customer> Get(const Actor& actor, Id id);
  // expected_version: when set and not the current version, kPreconditionFailed.
  core::Result<Customer> Update(const Actor& actor, Id id, const CustomerInput& input,
                                std::optional<std::int64_t> expected_version = std::nullopt);
  // Gives every customer in `ids` (1..kMaxReassign, no duplicates) to `owner_id`, all or nothing in
  // one transaction, each through the same path as a single owner change. Managers and admins
  // only (kPermissionDenied otherwise). An unknown or archived customer or an inactive owner is
  // kInvalidArgument naming "customer_ids[i]" / "owner_id", and nothing changes. Returns how many.
  static constexpr std::size_t kMaxReassign = 500;
  core::Result<int> Reassign(const Actor& actor, const std::vector<Id>& ids, Id owner_id);
  // Archives (hides from lists, keeps for history). Archiving twice is not an error.
  core::Status Archive(const Actor& actor, Id id);
  // query.q is matched case-insensitively (Unicode case folding) against name, email, phone.
  core::Result<CustomerPage> List(const Actor& actor, const CustomerQuery& query);
  // Every stage (zeros included, in lifecycle order, exits last) with its live customers and
  // their value, for the list's owner_id, source, tag and q filters within the actor's scope.
  core::Result<std::vector<StageCount>> StageCounts(const Actor& actor, const CustomerQuery& query);
  core::Result<StageChange> ChangeStage(const Actor& actor, Id id,
                                        const StageChangeRequest& request);
  core::Result<HistoryPage> History(const Actor& actor, Id id,
                                    std::optional<std::string_view> cursor, int limit);
  core::Result<CustomerExport> Export(const Actor& actor, Id id);
  // Admins only. Removes the customer's personal data everywhere (the record, its search index
  // entry, the before/after values in its audit entries) and purges it from the database files;
  // keeps the anonymous figures (stage, dates, amounts, owner) so the economics stay right.
  core::Result<Customer> Erase(const Actor& actor, Id id);

 private:
  core::Result<Customer> UpdateIn(Txn& txn, const Actor& actor, Id id, const CustomerInput& input,
                                  std::optional<std::int64_t> expected_version);

  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
