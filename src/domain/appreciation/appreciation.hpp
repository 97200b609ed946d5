// Customer appreciation events: an event (name, start, place or online, optional capacity),
// invitations of customers (each invited once per event) with their response and attendance, and
// the target list builder (the most valuable customers not invited since a date).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/customer/customer.hpp"
#include "domain/customer/customer_query.hpp"
#include "domain/patch.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

struct AppreciationEvent {
  Id id = 0;
  std::string name;
  Timestamp starts_at;
  std::optional<std::string> place;
  bool online = false;
  std::optional<std::int64_t> capacity;  // accepted invitations at most; nullopt: no limit
  std::optional<Id> created_by;
  Timestamp created_at, updated_at;
  std::int64_t version = 1;
};

// Invitation counts of an event (read with it).
struct InvitationCounts {
  int invited = 0, accepted = 0, declined = 0, pending = 0, attended = 0;
};

struct AppreciationEventInput {  // create: absent = default; update: a merge patch
  Patch<std::string> name, place;
  Patch<Timestamp> starts_at;
  Patch<bool> online;
  Patch<std::int64_t> capacity;
  std::map<std::string, std::string> decode_errors;
};

enum class InvitationResponse { kPending, kAccepted, kDeclined };
std::string_view InvitationResponseName(InvitationResponse r);
std::optional<InvitationResponse> ParseInvitationResponse(std::string_view name);

struct Invitation {
  Id event_id = 0;
  Id customer_id = 0;
  Timestamp invited_at;
  std::optional<Id> invited_by;
  InvitationResponse response = InvitationResponse::kPending;
  std::optional<Timestamp> responded_at;
  std::optional<bool> attended;  // nullopt: not recorded yet
  Timestamp updated_at;
  // Read with the row (not stored).
  std::string customer_name;
  std::string event_name;
  Timestamp event_starts_at;
};

struct InvitationUpdate {
  std::optional<InvitationResponse> response;
  Patch<bool> attended;  // null: back to "not recorded"
  std::map<std::string, std::string> decode_errors;
};

struct EventQuery {
  int limit = 50;
  Id before_id = 0;  // keyset cursor: newest first
};

struct TargetQuery {
  CustomerScope scope;
  Timestamp not_invited_since;  // customers with an invitation at or after this are left out
  std::optional<Stage> stage;
  int limit = 50;
};

struct TargetRow {
  Id customer_id = 0;
  std::string name;
  Stage stage = Stage::kContact;
  Id owner_id = 0;
  std::int64_t value_cents = 0;  // lifetime net revenue: net amounts of non-cancelled orders
  int orders = 0;
  std::optional<Timestamp> last_invited_at;  // before not_invited_since, or never
};

}  // namespace rapport::domain
