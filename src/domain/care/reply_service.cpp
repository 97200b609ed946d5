#include "domain/care/reply_service.hpp"

#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

struct Accumulator {
  ReplyGroupFigures f;
  std::vector<std::int64_t> response_ms;

  void Add(const ReplyFigureRow& r, Timestamp now) {
    ++f.received;
    if (r.replied_at) {
      ++f.answered;
      response_ms.push_back(r.replied_at->ms - r.at.ms);
      if (r.replied_at->ms > r.reply_due_at.ms) ++f.answered_late;
    } else {
      ++f.waiting;
      if (now.ms > r.reply_due_at.ms) ++f.waiting_overdue;
    }
  }
  ReplyGroupFigures Finish() {
    f.response = StatsOf(std::move(response_ms));
    return f;
  }
};

}  // namespace

ReplyFigures BuildReplyFigures(const std::vector<ReplyFigureRow>& rows, Timestamp from, Timestamp now) {
  ReplyFigures out;
  out.from = from;
  out.now = now;
  Accumulator overall;
  std::map<std::string, Accumulator> channels;
  std::map<Id, Accumulator> owners;
  for (const auto& r : rows) {
    overall.Add(r, now);
    channels[r.channel].Add(r, now);
    owners[r.owner_id].Add(r, now);
  }
  out.overall = overall.Finish();
  for (auto& [k, a] : channels) out.by_channel[k] = a.Finish();
  for (auto& [k, a] : owners) out.by_owner[k] = a.Finish();
  return out;
}

core::Result<ReplyQueue> ReplyService::Queue(const Actor& actor, std::optional<Id> owner_id, int limit) {
  if (owner_id && *owner_id != actor.user_id && actor.role == Role::kRep)
    return core::Fail(core::Error::Forbidden("another user's reply queue is for managers and admins"));
  const Timestamp now = clock_.Now();
  return ReadValue<ReplyQueue>(store_, [&](Txn& txn) -> core::Result<ReplyQueue> {
    ReplyQueueQuery q;
    q.scope = CustomerScope::For(actor);
    q.owner_id = owner_id;
    q.limit = limit;
    auto rows = txn.Interactions().ReplyQueue(q);
    if (!rows) return core::Fail(rows.error());
    ReplyQueue out;
    out.owner_id = owner_id;
    out.now = now;
    out.total = rows->second;
    for (auto& w : rows->first) {
      if (static_cast<int>(out.items.size()) >= limit) break;
      const Timestamp due = w.message.reply_due_at.value_or(w.message.at);
      out.items.push_back({std::move(w), (due.ms - now.ms) / 1000});
    }
    return out;
  });
}

core::Result<ReplyFigures> ReplyService::Figures(const Actor& actor, Timestamp from) {
  const Timestamp now = clock_.Now();
  return ReadValue<ReplyFigures>(store_, [&](Txn& txn) -> core::Result<ReplyFigures> {
    auto rows = txn.Interactions().ReplyRows(from, CustomerScope::For(actor));
    if (!rows) return core::Fail(rows.error());
    ReplyFigures out = BuildReplyFigures(*rows, from, now);
    auto users = txn.Users().List();
    if (!users) return core::Fail(users.error());
    for (const auto& u : *users)
      if (out.by_owner.contains(u.id)) out.owner_names[u.id] = u.name;
    return out;
  });
}

}  // namespace rapport::domain
