// AppreciationService: appreciation events (managers and admins create and change them, everyone
// reads), invitations and responses (accepting beyond the capacity is refused), a customer's
// invitations, and the target list. Writes are audited in the same transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal, and those stated at each method):
//   kPermissionDenied  Create and Update by a rep.
//   kNotFound          Get, Update, Invite, Respond, Invitations of an unknown event; OfCustomer
//                      for a customer the actor does not see.
//   kInvalidArgument   Create/Update: the event's fields; Invite: "customer_ids" (empty, or more
//                      than kMaxInvitesPerRequest) and "customer_ids[i]"; Respond: the update's
//                      fields; List and Invitations: "cursor".
//   List and Targets answer only the store's errors.
#pragma once

#include "core/clock.hpp"
#include "domain/appreciation/appreciation.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

struct EventDetail {
  AppreciationEvent event;
  InvitationCounts counts;
};

struct EventPage {
  std::vector<EventDetail> items;
  std::optional<std::string> next_cursor;
};

struct InviteResult {
  std::vector<Id> invited;          // newly invited, in request order
  std::vector<Id> already_invited;  // invited before: unchanged
  EventDetail event;
};

struct InvitationPage {
  std::vector<Invitation> items;
  std::optional<std::string> next_cursor;
};

inline constexpr std::size_t kMaxInvitesPerRequest = 1000;

class AppreciationService {
 public:
  AppreciationService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  core::Result<EventDetail> Create(const Actor& actor, const AppreciationEventInput& input);
  core::Result<EventDetail> Get(const Actor& actor, Id id);
  core::Result<EventPage> List(const Actor& actor, EventQuery query, std::optional<std::string_view> cursor);
  // kPreconditionFailed when expected_version is set and differs; kConflict when the capacity
  // would fall below the accepted invitations.
  core::Result<EventDetail> Update(const Actor& actor, Id id, const AppreciationEventInput& input,
                                   std::optional<std::int64_t> expected_version);
  // Every customer must be visible (kInvalidArgument on customer_ids[i] otherwise).
  core::Result<InviteResult> Invite(const Actor& actor, Id event_id, const std::vector<Id>& customer_ids);
  // kNotFound when the customer is not visible or not invited; kConflict when accepting would
  // exceed the capacity (named in the message).
  core::Result<Invitation> Respond(const Actor& actor, Id event_id, Id customer_id, const InvitationUpdate& update);
  core::Result<InvitationPage> Invitations(const Actor& actor, Id event_id, int limit,
                                           std::optional<std::string_view> cursor);
  core::Result<std::vector<Invitation>> OfCustomer(const Actor& actor, Id customer_id);
  core::Result<std::vector<TargetRow>> Targets(const Actor& actor, TargetQuery query);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
