// InteractionRepo: the storage port of interactions (the timeline's messages, calls, notes), the
// reply queue and the timeline of a customer across records.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "domain/customer/customer_query.hpp"
#include "domain/interaction/interaction.hpp"

namespace rapport::domain {

// Inbound messages waiting for a reply, with the customer's owner.
struct WaitingReply {
  Interaction message;
  Id owner_id = 0;
  std::string customer_name;
};
struct ReplyQueueQuery {
  CustomerScope scope;
  std::optional<Id> owner_id;
  std::optional<Timestamp> due_before;  // reply_due_at < this
  int limit = 50;
};
// An answered (or still waiting) message for the response-time figures.
struct ReplyFigureRow {
  Id owner_id = 0;
  std::string channel;  // the interaction kind: email, call, social, ...
  Timestamp at, reply_due_at;
  std::optional<Timestamp> replied_at;
};

// One entry of a customer's timeline, before its details are read.
enum class TimelineType { kInteraction, kStageChange, kTask, kOrder, kCase, kFeedback, kPromise };
struct TimelineRef {
  TimelineType type = TimelineType::kInteraction;
  Id id = 0;
  Timestamp at;
};
struct TimelineCursor {  // the last entry of the previous page
  Timestamp at;
  TimelineType type = TimelineType::kInteraction;
  Id id = 0;
};

class InteractionRepo {
 public:
  virtual ~InteractionRepo() = default;
  virtual core::Status Insert(Interaction& interaction) = 0;  // sets id
  virtual core::Result<std::optional<Interaction>> Find(Id id) = 0;
  virtual core::Result<std::vector<Interaction>> FindMany(std::span<const Id> ids) = 0;
  virtual core::Result<std::vector<Interaction>> OfCustomer(Id customer_id) = 0;  // oldest first
  // Closes inbound message `inbound_id` with reply `reply_id`.
  virtual core::Status MarkReplied(Id inbound_id, Id reply_id, Timestamp at) = 0;
  // The customer's inbound messages still waiting for a reply, by reply_due_at.
  virtual core::Result<std::vector<Interaction>> AwaitingReply(Id customer_id) = 0;
  // Messages waiting for a reply in the query's scope, by reply_due_at: at most limit + 1; and
  // how many wait in all.
  virtual core::Result<std::pair<std::vector<WaitingReply>, int>> ReplyQueue(const ReplyQueueQuery& query) = 0;
  // Messages that needed a reply, received at or after `from`, in `scope`.
  virtual core::Result<std::vector<ReplyFigureRow>> ReplyRows(Timestamp from, const CustomerScope& scope) = 0;
  // A page of the customer's timeline (interactions, stage changes, tasks, orders), newest
  // first, after `cursor`: at most `limit` + 1 entries.
  virtual core::Result<std::vector<TimelineRef>> Timeline(Id customer_id, const std::optional<TimelineCursor>& cursor,
                                                          int limit) = 0;
  // Erasure: replaces summaries, bodies and channel details with `replacement`.
  virtual core::Status RedactCustomer(Id customer_id, std::string_view replacement) = 0;
};

}  // namespace rapport::domain
