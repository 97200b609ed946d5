// InteractionService: logging interactions (messages, calls, meetings, notes) on a customer's
// timeline, and reading the timeline back (interactions, stage changes, tasks, orders, cases,
// feedback and promises, newest first).
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   kNotFound          Log and Timeline for a customer the actor does not see; Get of an
//                      interaction whose customer they do not see (or unknown).
//   kInvalidArgument   Log/LogInteraction: the input's fields, "user_id" (unknown), "reply_to_id"
//                      (not an inbound message of this customer waiting for a reply), "case_id"
//                      (not a case of this customer); Timeline: "cursor".
//   kConflict          Log/LogInteraction answering a message another interaction already answered.
#pragma once

#include "core/clock.hpp"
#include "domain/care/case.hpp"
#include "domain/care/feedback.hpp"
#include "domain/care/promise.hpp"
#include "domain/interaction/interaction_repo.hpp"
#include "domain/order/order.hpp"
#include "domain/store.hpp"
#include "domain/task/task.hpp"

namespace rapport::domain {

// Inside a write: validates and stores `input` as an interaction with `customer_id` (already
// checked visible), closes the inbound message it answers (reply_to_id: same customer, inbound,
// waiting for a reply; kInvalidArgument or kConflict otherwise) and updates the touch clock.
core::Result<Interaction> LogInteraction(Txn& txn, const Actor& actor, Id customer_id,
                                         const InteractionInput& input, Timestamp now);

// One entry of the timeline with its details (exactly one of them is set).
struct TimelineEntry {
  TimelineType type = TimelineType::kInteraction;
  Timestamp at;
  std::optional<Interaction> interaction;
  std::optional<StageTransition> stage_change;
  std::optional<Task> task;
  std::optional<Order> order;
  std::optional<Case> care_case;
  std::optional<Feedback> feedback;
  std::optional<Promise> promise;
};
std::string_view TimelineTypeName(TimelineType t);

struct TimelinePage {
  std::vector<TimelineEntry> items;
  std::optional<std::string> next_cursor;
};

class InteractionService {
 public:
  InteractionService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  core::Result<Interaction> Log(const Actor& actor, Id customer_id, const InteractionInput& input);
  core::Result<Interaction> Get(const Actor& actor, Id id);
  // Newest first; `limit` 1..kMaxPageSize.
  core::Result<TimelinePage> Timeline(const Actor& actor, Id customer_id, std::optional<std::string_view> cursor,
                                      int limit);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
