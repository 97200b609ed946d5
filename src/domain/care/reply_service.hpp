// ReplyService: reply deadlines: inbound messages marked needs_reply wait in a queue per owner
// (the customer's owner) with the time left; response times are measured per channel (the
// interaction kind) and per owner. Read-only.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors: Queue answers kPermissionDenied when a rep asks for another user's queue; otherwise
// only the store's kUnavailable / kInternal. BuildReplyFigures is pure.
#pragma once

#include "core/clock.hpp"
#include "domain/care/care_figures.hpp"
#include "domain/interaction/interaction_repo.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

struct ReplyQueueItem {
  WaitingReply waiting;
  std::int64_t seconds_left = 0;  // negative: overdue by that much
};

struct ReplyQueue {
  std::optional<Id> owner_id;  // none: every owner the caller can see
  Timestamp now;
  std::vector<ReplyQueueItem> items;  // most urgent first
  int total = 0;
};

struct ReplyGroupFigures {
  int received = 0, answered = 0, waiting = 0;
  int answered_late = 0, waiting_overdue = 0;
  DurationStats response;  // answered ones: from receipt to reply
};

struct ReplyFigures {
  Timestamp from, now;
  ReplyGroupFigures overall;
  std::map<std::string, ReplyGroupFigures> by_channel;
  std::map<Id, ReplyGroupFigures> by_owner;
  std::map<Id, std::string> owner_names;
};

// Pure: the figures of the rows at `now`.
ReplyFigures BuildReplyFigures(const std::vector<ReplyFigureRow>& rows, Timestamp from, Timestamp now);

class ReplyService {
 public:
  ReplyService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  // owner_id: one owner (another's queue is for managers and admins); none: all the caller sees.
  core::Result<ReplyQueue> Queue(const Actor& actor, std::optional<Id> owner_id, int limit);
  core::Result<ReplyFigures> Figures(const Actor& actor, Timestamp from);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
