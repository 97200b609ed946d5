#include "domain/today/today_service.hpp"

#include <algorithm>
#include <charconv>

#include "domain/customer/customer_repo.hpp"
#include "domain/task/task_repo.hpp"
#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

const core::Error kBadCursor = core::Error::Invalid("cursor", "not a cursor of this list: pass next_cursor back as it came");

core::Result<std::optional<std::pair<std::int64_t, Id>>> DecodeCursor(std::optional<std::string_view> text) {
  if (!text) return std::optional<std::pair<std::int64_t, Id>>{};
  const char* p = text->data();
  const char* end = p + text->size();
  std::int64_t value = 0, id = 0;
  auto [n1, e1] = std::from_chars(p, end, value);
  if (e1 != std::errc() || n1 == end || *n1 != '.') return core::Fail(kBadCursor);
  auto [n2, e2] = std::from_chars(n1 + 1, end, id);
  if (e2 != std::errc() || n2 != end || id <= 0) return core::Fail(kBadCursor);
  return std::optional<std::pair<std::int64_t, Id>>{std::pair{value, id}};
}

std::string Days(std::int64_t n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

std::string Ago(std::int64_t ms) {
  const std::int64_t minutes = ms / 60'000;
  if (minutes < 2) return "just now";
  if (minutes < 120) return std::to_string(minutes) + " minutes ago";
  if (minutes < 48 * 60) return std::to_string(minutes / 60) + " hours ago";
  return Days(minutes / (24 * 60)) + " ago";
}

ForgottenCustomer Explain(const ForgottenRow& row, const std::vector<CadenceRule>& rules, Timestamp now) {
  ForgottenCustomer f;
  f.customer_id = row.state.customer_id;
  f.name = row.name;
  f.stage = row.stage;
  f.value_cents = row.state.value_cents;
  f.predicted_clv_cents = row.predicted_clv_cents;
  f.rank_cents = row.state.rank_cents;
  f.last_touch_at = row.state.last_touch_at;
  f.cadence_days = row.state.touch_days.value_or(0);
  f.rule_id = row.state.touch_rule_id.value_or(0);
  for (const auto& r : rules)
    if (r.id == f.rule_id) f.rule_name = r.name;
  if (f.last_touch_at) f.days_since_touch = static_cast<int>((now.ms - f.last_touch_at->ms) / core::kMsPerDay);
  f.reason = TouchReason(row.state, f.rule_name, now);
  return f;
}

}  // namespace

SchedulerHealth JudgeScheduler(const SchedulerStatus& s, Timestamp now) {
  SchedulerHealth h;
  h.status = s;
  if (!s.last_pass_at) {
    h.stale = true;
    h.message = "the cadence scheduler has never run: tasks from cadence rules are not being created";
  } else if (now.ms - s.last_pass_at->ms > kSchedulerStaleAfterMs) {
    h.stale = true;
    h.message = "the cadence scheduler last ran " + Ago(now.ms - s.last_pass_at->ms) +
                ": new tasks from cadence rules are late (is a server running?)";
  } else {
    h.message = "the cadence scheduler ran " + Ago(now.ms - s.last_pass_at->ms);
  }
  return h;
}

core::Result<TodayReport> TodayService::ForUser(const Actor& actor, std::optional<Id> user_id, int limit,
                                                std::optional<std::string_view> cursor, int task_limit) {
  const Id who = user_id.value_or(actor.user_id);
  if (who != actor.user_id && actor.role == Role::kRep)
    return core::Fail(core::Error::Forbidden("only managers and admins may see another user's Today"));
  if (who == 0) return core::Fail(core::Error::Invalid("user_id", "required when not signed in as a user"));
  auto after = DecodeCursor(cursor);
  if (!after) return core::Fail(after.error());
  const Timestamp now = clock_.Now();
  return ReadValue<TodayReport>(store_, [&](Txn& txn) -> core::Result<TodayReport> {
    if (who != actor.user_id) {
      auto u = txn.Users().Find(who);
      if (!u) return core::Fail(u.error());
      if (!*u) return core::Fail(core::Error::NotFound("user " + core::FormatId(who) + " not found"));
    }
    TodayReport r;
    r.user_id = who;
    r.now = now;
    r.day_end = Timestamp{core::StartOf(core::DateOf(now)).ms + core::kMsPerDay};
    auto overdue = txn.Tasks().OpenDue(who, std::nullopt, now, task_limit);
    if (!overdue) return core::Fail(overdue.error());
    std::tie(r.overdue, r.overdue_total) = std::move(*overdue);
    auto due = txn.Tasks().OpenDue(who, now, r.day_end, task_limit);
    if (!due) return core::Fail(due.error());
    std::tie(r.due_today, r.due_today_total) = std::move(*due);
    for (const auto* list : {&r.overdue, &r.due_today})
      for (const auto& task : *list) {
        if (r.task_customer_names.contains(task.customer_id)) continue;
        auto c = txn.Customers().Find(task.customer_id, CustomerScope{});
        if (!c) return core::Fail(c.error());
        if (*c) r.task_customer_names.emplace(task.customer_id, (*c)->name);
      }
    ReplyQueueQuery replies;
    replies.owner_id = who;
    replies.due_before = r.day_end;
    replies.limit = task_limit;
    auto waiting = txn.Interactions().ReplyQueue(replies);
    if (!waiting) return core::Fail(waiting.error());
    std::tie(r.replies, r.replies_total) = std::move(*waiting);
    if (static_cast<int>(r.replies.size()) > task_limit) r.replies.resize(static_cast<std::size_t>(task_limit));
    auto rules = txn.Cadences().Rules();
    if (!rules) return core::Fail(rules.error());
    ForgottenQuery q{who, now, limit, *after};
    auto rows = txn.Cadences().Forgotten(q);
    if (!rows) return core::Fail(rows.error());
    r.forgotten_total = rows->second;
    auto& list = rows->first;
    if (static_cast<int>(list.size()) > limit) {
      list.resize(static_cast<std::size_t>(limit));
      r.next_cursor = std::to_string(list.back().state.rank_cents) + "." + core::FormatId(list.back().state.customer_id);
    }
    for (const auto& row : list) r.forgotten.push_back(Explain(row, *rules, now));
    auto status = ReadSchedulerStatus(txn);
    if (!status) return core::Fail(status.error());
    r.scheduler = JudgeScheduler(*status, now);
    return r;
  });
}

core::Result<TeamToday> TodayService::ForTeam(const Actor& actor) {
  if (actor.role == Role::kRep) return core::Fail(core::Error::Forbidden("only managers and admins may see the team's Today"));
  const Timestamp now = clock_.Now();
  return ReadValue<TeamToday>(store_, [&](Txn& txn) -> core::Result<TeamToday> {
    TeamToday t;
    t.now = now;
    if (actor.role == Role::kManager) t.team = actor.team;
    auto forgotten = txn.Cadences().ForgottenCounts(now, t.team);
    if (!forgotten) return core::Fail(forgotten.error());
    auto overdue = txn.Tasks().OpenDueCounts(now, t.team);
    if (!overdue) return core::Fail(overdue.error());
    auto users = txn.Users().List();
    if (!users) return core::Fail(users.error());
    for (const auto& u : *users) {
      if (t.team && u.team != t.team) continue;
      OwnerLine line{u.id, u.name, 0, 0};
      if (auto it = forgotten->find(u.id); it != forgotten->end()) line.forgotten = it->second;
      if (auto it = overdue->find(u.id); it != overdue->end()) line.overdue_tasks = it->second;
      if (u.active || line.forgotten || line.overdue_tasks) t.owners.push_back(std::move(line));
    }
    std::stable_sort(t.owners.begin(), t.owners.end(), [](const OwnerLine& a, const OwnerLine& b) {
      return a.forgotten != b.forgotten ? a.forgotten > b.forgotten : a.overdue_tasks > b.overdue_tasks;
    });
    auto status = ReadSchedulerStatus(txn);
    if (!status) return core::Fail(status.error());
    t.scheduler = JudgeScheduler(*status, now);
    return t;
  });
}

}  // namespace rapport::domain
