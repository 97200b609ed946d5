#include <limits>

#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kColumns =
    "id, customer_id, kind, direction, at, user_id, summary, body, channel, personal, needs_reply, reply_due_at, "
    "reply_to_id, replied_by_id, replied_at, created_at, case_id";

domain::Interaction Read(const SqlRows& r, int i) {
  domain::Interaction x;
  x.id = r.Int(i, 0);
  x.customer_id = r.Int(i, 1);
  x.kind = domain::ParseInteractionKind(r.Text(i, 2)).value_or(domain::InteractionKind::kNote);
  x.direction = domain::ParseDirection(r.Text(i, 3)).value_or(domain::Direction::kOutbound);
  x.at = r.Time(i, 4);
  x.user_id = r.Int(i, 5);
  x.summary = r.Text(i, 6);
  x.body = r.OptText(i, 7);
  x.channel = r.OptText(i, 8);
  x.personal = r.Bool(i, 9);
  x.needs_reply = r.Bool(i, 10);
  x.reply_due_at = r.OptTime(i, 11);
  x.reply_to_id = r.OptInt(i, 12);
  x.replied_by_id = r.OptInt(i, 13);
  x.replied_at = r.OptTime(i, 14);
  x.created_at = r.Time(i, 15);
  x.case_id = r.OptInt(i, 16);
  return x;
}

std::vector<domain::Interaction> ReadAll(const SqlRows& r) {
  std::vector<domain::Interaction> out;
  for (int i = 0; i < r.Rows(); ++i) out.push_back(Read(r, i));
  return out;
}

}  // namespace

core::Status SqlInteractionRepo::Insert(domain::Interaction& x) {
  auto r = s_.Query(
      "INSERT INTO interactions (customer_id, kind, direction, at, user_id, summary, body, channel, personal, touch, "
      "needs_reply, reply_due_at, reply_to_id, replied_by_id, replied_at, created_at, case_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
      {x.customer_id, domain::InteractionKindName(x.kind), domain::DirectionName(x.direction), x.at,
       x.user_id ? std::optional<core::Id>(x.user_id) : std::nullopt, x.summary, x.body, x.channel, x.personal,
       x.IsTouch(), x.needs_reply, x.reply_due_at, x.reply_to_id, x.replied_by_id, x.replied_at, x.created_at, x.case_id});
  if (!r) return Fail(r.error());
  x.id = r->Int(0, 0);
  return {};
}

core::Result<std::optional<domain::Interaction>> SqlInteractionRepo::Find(core::Id id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM interactions WHERE id = $1", {id});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::Interaction>{};
  return std::optional<domain::Interaction>{Read(*r, 0)};
}

core::Result<std::vector<domain::Interaction>> SqlInteractionRepo::FindMany(std::span<const core::Id> ids) {
  if (ids.empty()) return std::vector<domain::Interaction>{};
  SqlArgs args;
  const std::string in = IdList(ids, args);
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM interactions WHERE id IN (" + in + ") ORDER BY id", args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<std::vector<domain::Interaction>> SqlInteractionRepo::OfCustomer(core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM interactions WHERE customer_id = $1 ORDER BY at, id", {customer_id});
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Status SqlInteractionRepo::MarkReplied(core::Id inbound_id, core::Id reply_id, core::Timestamp at) {
  // Answered, the message counts as a touch if it is personal.
  auto r = s_.Exec("UPDATE interactions SET replied_by_id = $2, replied_at = $3, touch = personal WHERE id = $1",
                   {inbound_id, reply_id, at});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::vector<domain::Interaction>> SqlInteractionRepo::AwaitingReply(core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns +
                        " FROM interactions WHERE customer_id = $1 AND needs_reply = 1 AND replied_by_id IS NULL "
                        "ORDER BY reply_due_at, id",
                    {customer_id});
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<std::pair<std::vector<domain::WaitingReply>, int>> SqlInteractionRepo::ReplyQueue(
    const domain::ReplyQueueQuery& q) {
  SqlArgs args;
  std::string where = "i.needs_reply = 1 AND i.replied_by_id IS NULL AND c.archived_at IS NULL AND " + ScopeWhere(q.scope, args);
  if (q.owner_id) {
    where += " AND c.owner_id = " + NextParam(args);
    args.emplace_back(*q.owner_id);
  }
  if (q.due_before) {
    where += " AND i.reply_due_at < " + NextParam(args);
    args.emplace_back(*q.due_before);
  }
  // The waiting replies drive the join (CROSS JOIN fixes SQLite's loop order; PostgreSQL plans it as
  // an inner join): there are few of them, while a rep of a large book owns 100k+ customers, and
  // probing the awaiting index once per owned customer took 0.5 s per query at 1M customers.
  const std::string from = " FROM interactions i CROSS JOIN customers c WHERE c.id = i.customer_id AND ";
  auto count = s_.Query("SELECT COUNT(*)" + from + where, args);
  if (!count) return Fail(count.error());
  const std::string limit = NextParam(args);
  args.emplace_back(q.limit + 1);
  std::string columns;
  for (std::string_view rest = kColumns; !rest.empty();) {
    const auto comma = rest.find(", ");
    columns += (columns.empty() ? "i." : ", i.") + std::string(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 2);
  }
  auto r = s_.Query("SELECT " + columns + ", c.owner_id, c.name" + from + where + " ORDER BY i.reply_due_at, i.id LIMIT " + limit,
                    args);
  if (!r) return Fail(r.error());
  std::vector<domain::WaitingReply> out;
  for (int i = 0; i < r->Rows(); ++i) out.push_back({Read(*r, i), r->Int(i, 17), r->Text(i, 18)});
  return std::pair{std::move(out), static_cast<int>(count->Int(0, 0))};
}

core::Result<std::vector<domain::ReplyFigureRow>> SqlInteractionRepo::ReplyRows(core::Timestamp from,
                                                                              const domain::CustomerScope& scope) {
  SqlArgs args{from};
  const std::string where = ScopeWhere(scope, args);
  auto r = s_.Query(
      "SELECT c.owner_id, i.kind, i.at, i.reply_due_at, i.replied_at FROM interactions i JOIN customers c ON c.id = i.customer_id "
      "WHERE i.needs_reply = 1 AND i.at >= $1 AND " + where,
      args);
  if (!r) return Fail(r.error());
  std::vector<domain::ReplyFigureRow> out;
  out.reserve(static_cast<std::size_t>(r->Rows()));
  for (int i = 0; i < r->Rows(); ++i)
    out.push_back({r->Int(i, 0), r->Text(i, 1), r->Time(i, 2), r->Time(i, 3), r->OptTime(i, 4)});
  return out;
}

core::Result<std::vector<domain::TimelineRef>> SqlInteractionRepo::Timeline(
    core::Id customer_id, const std::optional<domain::TimelineCursor>& cursor, int limit) {
  const std::int64_t at = cursor ? cursor->at.ms : std::numeric_limits<std::int64_t>::max();
  const std::int64_t type = cursor ? static_cast<std::int64_t>(cursor->type) : 0;
  const std::int64_t id = cursor ? cursor->id : 0;
  // Entry types are numbered as domain::TimelineType; newest first, ties broken by type then id.
  auto r = s_.Query(
      "SELECT t, id, at FROM ("
      " SELECT 0 AS t, id, at FROM interactions WHERE customer_id = $1"
      " UNION ALL SELECT 1, id, at FROM stage_transitions WHERE customer_id = $1"
      " UNION ALL SELECT 2, id, COALESCE(done_at, due_at) FROM tasks WHERE customer_id = $1"
      " UNION ALL SELECT 3, id, ordered_at FROM orders WHERE customer_id = $1"
      " UNION ALL SELECT 4, id, opened_at FROM cases WHERE customer_id = $1"
      " UNION ALL SELECT 5, id, at FROM feedback WHERE customer_id = $1"
      " UNION ALL SELECT 6, id, created_at FROM promises WHERE customer_id = $1"
      ") u WHERE at < $2 OR (at = $2 AND (t < $3 OR (t = $3 AND id < $4))) "
      "ORDER BY at DESC, t DESC, id DESC LIMIT $5",
      {customer_id, at, type, cursor ? id : std::numeric_limits<std::int64_t>::max(), limit + 1});
  if (!r) return Fail(r.error());
  std::vector<domain::TimelineRef> out;
  for (int i = 0; i < r->Rows(); ++i)
    out.push_back({static_cast<domain::TimelineType>(r->Int(i, 0)), r->Int(i, 1), r->Time(i, 2)});
  return out;
}

core::Status SqlInteractionRepo::RedactCustomer(core::Id customer_id, std::string_view replacement) {
  auto r = s_.Exec(
      "UPDATE interactions SET summary = $2, body = CASE WHEN body IS NULL THEN NULL ELSE $2 END, "
      "channel = CASE WHEN channel IS NULL THEN NULL ELSE $2 END WHERE customer_id = $1",
      {customer_id, replacement});
  if (!r) return Fail(r.error());
  return {};
}

}  // namespace rapport::store
