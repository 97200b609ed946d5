// Interactions: every contact with a customer, on one timeline per customer. A personal
// interaction (a one-to-one touch) resets the customer's touch clock; mass mail (newsletters)
// never does. An inbound message can need a reply by a deadline; the reply, an outbound
// interaction linked to it, closes it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

enum class InteractionKind { kEmail, kCall, kMeeting, kSocial, kNote, kThankYou, kEventInvitation, kSurvey, kNewsletter };
std::string_view InteractionKindName(InteractionKind k);
std::optional<InteractionKind> ParseInteractionKind(std::string_view name);
std::string InteractionKindList();  // "email, call, ..." for error messages

enum class Direction { kInbound, kOutbound };
std::string_view DirectionName(Direction d);
std::optional<Direction> ParseDirection(std::string_view name);

struct Interaction {
  Id id = 0;
  Id customer_id = 0;
  InteractionKind kind = InteractionKind::kNote;
  Direction direction = Direction::kOutbound;
  Timestamp at;
  Id user_id = 0;  // who had the contact (0: the command line or an import)
  std::string summary;
  std::optional<std::string> body, channel;
  bool personal = true;
  bool needs_reply = false;
  std::optional<Timestamp> reply_due_at;  // needs_reply: answer by then
  std::optional<Id> reply_to_id;          // outbound: the inbound message this answers
  std::optional<Id> replied_by_id;        // needs_reply: the reply, once sent
  std::optional<Timestamp> replied_at;
  Timestamp created_at;
  std::optional<Id> case_id;  // the complaint case it is about (an outbound one answers it)

  // Whether it resets the touch clock: personal, and not an inbound message still waiting for
  // our answer (the answer is the touch).
  bool IsTouch() const { return personal && !(needs_reply && !replied_by_id); }
};

struct InteractionInput {
  std::optional<std::string> kind, direction;
  std::optional<Timestamp> at;
  std::optional<Id> user_id;
  std::optional<std::string> summary, body, channel;
  std::optional<bool> personal, needs_reply;
  std::optional<Timestamp> reply_due_at;
  std::optional<Id> reply_to_id;
  std::optional<Id> case_id;
  std::map<std::string, std::string> decode_errors;
};

inline constexpr std::int64_t kDefaultReplyWindowMs = 24LL * 3600 * 1000;  // a business day

// Validates `in` for customer `customer_id` and fills the defaults (at = now, user = the caller,
// personal = false for newsletters and notes, true otherwise; reply_due_at = at + 24 h).
// kInvalidArgument naming every bad field. `actor_user` is the caller's user id.
core::Result<Interaction> BuildInteraction(const InteractionInput& in, Id customer_id, Id actor_user, Timestamp now);

}  // namespace rapport::domain
