// SubscriptionRepo: the storage port of subscriptions and their events.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <vector>

#include "core/error.hpp"
#include "domain/subscription/subscription.hpp"

namespace rapport::domain {

class SubscriptionRepo {
 public:
  virtual ~SubscriptionRepo() = default;
  virtual core::Result<Id> Insert(const Subscription& s) = 0;
  // The subscription if `scope` may see its customer (locked for update in a write on PostgreSQL).
  virtual core::Result<std::optional<Subscription>> Find(Id id, const CustomerScope& scope) = 0;
  // Updates renewals, renews_on, status, cancellation, updated_at, version.
  virtual core::Status Update(const Subscription& s) = 0;
  virtual core::Status AppendEvent(SubscriptionEvent& event) = 0;  // sets id
  virtual core::Result<std::vector<SubscriptionEvent>> Events(Id subscription_id) = 0;  // oldest first
  virtual core::Result<std::vector<Subscription>> List(const SubscriptionQuery& query) = 0;  // limit + 1
  // Active subscriptions of customers in `scope` renewing on or before `until`, by renews_on
  // then id, at most `limit`.
  virtual core::Result<std::vector<Subscription>> RenewingBy(const CustomerScope& scope, Date until,
                                                             int limit) = 0;
};

}  // namespace rapport::domain
