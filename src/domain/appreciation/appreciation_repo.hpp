// AppreciationRepo: the storage port of appreciation events, invitations and the target list.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <vector>

#include "core/error.hpp"
#include "domain/appreciation/appreciation.hpp"

namespace rapport::domain {

class AppreciationRepo {
 public:
  virtual ~AppreciationRepo() = default;
  virtual core::Result<Id> InsertEvent(const AppreciationEvent& e) = 0;
  // Locked for update in a write on PostgreSQL (accepting against the capacity, changing it).
  virtual core::Result<std::optional<AppreciationEvent>> FindEvent(Id id) = 0;
  virtual core::Status UpdateEvent(const AppreciationEvent& e) = 0;
  virtual core::Result<std::vector<AppreciationEvent>> ListEvents(const EventQuery& query) = 0;  // limit + 1
  // Counts over every invitation of the event (whoever may see the customers).
  virtual core::Result<InvitationCounts> Counts(Id event_id) = 0;
  // False when the customer was invited to the event already (nothing changes).
  virtual core::Result<bool> Invite(const Invitation& invitation) = 0;
  virtual core::Result<std::optional<Invitation>> FindInvitation(Id event_id, Id customer_id) = 0;
  virtual core::Status UpdateInvitation(const Invitation& invitation) = 0;
  // Invitations of the event whose customer is in `scope`, by customer id after `after_customer`,
  // at most `limit`.
  virtual core::Result<std::vector<Invitation>> Invitations(Id event_id, const CustomerScope& scope,
                                                            Id after_customer, int limit) = 0;
  // Every invitation of one customer, newest first.
  virtual core::Result<std::vector<Invitation>> OfCustomer(Id customer_id) = 0;
  virtual core::Result<std::vector<TargetRow>> Targets(const TargetQuery& query) = 0;
};

}  // namespace rapport::domain
