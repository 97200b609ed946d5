#include "domain/next_action/next_action.hpp"

#include <algorithm>

#include "domain/cadence/cadence_repo.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/interaction/interaction_repo.hpp"
#include "domain/task/task_repo.hpp"

namespace rapport::domain {
namespace {

std::string Days(std::int64_t n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

NextAction TaskAction(const Task& t, Timestamp now) {
  NextAction a;
  const bool late = t.due_at.ms < now.ms;
  switch (t.kind) {
    case TaskKind::kThankYou: a.kind = "thank_you_due"; a.priority = late ? 92 : 88; break;
    case TaskKind::kPostPurchaseConversation: a.kind = "post_purchase_conversation_due"; a.priority = late ? 87 : 84; break;
    default: a.kind = "task_due"; a.priority = late ? 62 : 58; break;
  }
  a.reason = t.title + ": due " + core::FormatDate(core::DateOf(t.due_at)) + Lateness(t.due_at, now);
  a.details = {{"task_id", core::FormatId(t.id)}, {"due_at", core::FormatIso8601(t.due_at)}};
  return a;
}

core::Result<std::vector<NextAction>> TasksDue(Store& store, const NextActionContext& ctx) {
  const Timestamp day_end{core::StartOf(core::DateOf(ctx.now)).ms + core::kMsPerDay};
  return ReadValue<std::vector<NextAction>>(store, [&](Txn& txn) -> core::Result<std::vector<NextAction>> {
    auto tasks = txn.Tasks().OpenOf(ctx.customer_id);
    if (!tasks) return core::Fail(tasks.error());
    std::vector<NextAction> out;
    for (const auto& t : *tasks)
      if (t.due_at.ms < day_end.ms) out.push_back(TaskAction(t, ctx.now));
    return out;
  });
}

core::Result<std::vector<NextAction>> Unanswered(Store& store, const NextActionContext& ctx) {
  return ReadValue<std::vector<NextAction>>(store, [&](Txn& txn) -> core::Result<std::vector<NextAction>> {
    auto waiting = txn.Interactions().AwaitingReply(ctx.customer_id);
    if (!waiting) return core::Fail(waiting.error());
    std::vector<NextAction> out;
    for (const auto& m : *waiting) {
      NextAction a;
      a.kind = "unanswered_message";
      const Timestamp due = m.reply_due_at.value_or(m.at);
      a.priority = due.ms < ctx.now.ms ? 96 : 80;
      a.reason = "inbound " + std::string(InteractionKindName(m.kind)) + " of " + core::FormatDate(core::DateOf(m.at)) +
                 " (\"" + m.summary + "\") is not answered; reply due " + core::FormatIso8601(due) + Lateness(due, ctx.now);
      a.details = {{"interaction_id", core::FormatId(m.id)}, {"reply_due_at", core::FormatIso8601(due)}};
      out.push_back(std::move(a));
    }
    return out;
  });
}

core::Result<std::vector<NextAction>> OverdueTouch(Store& store, const NextActionContext& ctx) {
  return ReadValue<std::vector<NextAction>>(store, [&](Txn& txn) -> core::Result<std::vector<NextAction>> {
    std::vector<NextAction> out;
    auto state = txn.Cadences().StateOf(ctx.customer_id);
    if (!state) return core::Fail(state.error());
    if (!*state || !(*state)->due_at || (*state)->due_at->ms > ctx.now.ms) return out;
    std::string rule_name;
    if ((*state)->touch_rule_id) {
      auto rule = txn.Cadences().FindRule(*(*state)->touch_rule_id);
      if (!rule) return core::Fail(rule.error());
      if (*rule) rule_name = (*rule)->name;
    }
    NextAction a;
    a.kind = "overdue_touch";
    a.priority = 70;
    a.reason = TouchReason(**state, rule_name, ctx.now);
    a.details = {{"cadence_days", std::int64_t{(*state)->touch_days.value_or(0)}}};
    if ((*state)->last_touch_at) a.details.emplace_back("last_touch_at", core::FormatIso8601(*(*state)->last_touch_at));
    out.push_back(std::move(a));
    return out;
  });
}

}  // namespace

std::string Lateness(Timestamp due, Timestamp now) {
  if (due.ms < now.ms) {
    const std::int64_t days = (now.ms - due.ms) / core::kMsPerDay;
    return days >= 1 ? " (overdue by " + Days(days) + ")" : " (overdue)";
  }
  return core::DateOf(due).days == core::DateOf(now).days ? " (due today)" : "";
}

core::Result<std::vector<NextAction>> NextActionService::For(const Actor& actor, Id customer_id) {
  auto visible = ReadValue<Customer>(store_, [&](Txn& txn) { return FindVisibleCustomer(txn, actor, customer_id); });
  if (!visible) return core::Fail(visible.error());
  const NextActionContext ctx{actor, customer_id, clock_.Now()};
  std::vector<NextAction> out;
  for (const auto& rule : rules_) {
    auto actions = rule(ctx);
    if (!actions) return core::Fail(actions.error());
    out.insert(out.end(), std::make_move_iterator(actions->begin()), std::make_move_iterator(actions->end()));
  }
  std::stable_sort(out.begin(), out.end(), [](const NextAction& a, const NextAction& b) { return a.priority > b.priority; });
  return out;
}

std::vector<NextActionRule> RomanceRules(Store& store) {
  return {
      [&store](const NextActionContext& ctx) { return TasksDue(store, ctx); },
      [&store](const NextActionContext& ctx) { return Unanswered(store, ctx); },
      [&store](const NextActionContext& ctx) { return OverdueTouch(store, ctx); },
  };
}

}  // namespace rapport::domain
