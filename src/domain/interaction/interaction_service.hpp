// Logging interactions on a customer's timeline, and reading it back.
#pragma once

#include "core/clock.hpp"
#include "domain/repos.hpp"

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
