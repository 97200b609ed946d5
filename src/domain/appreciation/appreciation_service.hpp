// Appreciation event use cases: events (managers and admins create and change them, everyone
// reads), invitations and responses (accepting beyond the capacity is refused), a customer's
// invitations, and the target list.
#pragma once

#include "core/clock.hpp"
#include "domain/repos.hpp"

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
