#include "domain/interaction/interaction_service.hpp"

#include <charconv>

#include "domain/cadence/cadence_service.hpp"
#include "domain/care/case_repo.hpp"
#include "domain/care/case_service.hpp"
#include "domain/care/feedback_repo.hpp"
#include "domain/care/promise_repo.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/order/order_repo.hpp"
#include "domain/task/task_repo.hpp"
#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

core::Error InteractionNotFound(Id id) {
  return core::Error::NotFound("interaction " + core::FormatId(id) + " not found");
}

std::string EncodeCursor(const TimelineRef& r) {
  return std::to_string(r.at.ms) + "." + std::to_string(static_cast<int>(r.type)) + "." + core::FormatId(r.id);
}

core::Result<std::optional<TimelineCursor>> DecodeCursor(std::optional<std::string_view> text) {
  if (!text) return std::optional<TimelineCursor>{};
  std::int64_t parts[3] = {};
  const char* p = text->data();
  const char* end = p + text->size();
  for (int i = 0; i < 3; ++i) {
    auto [next, ec] = std::from_chars(p, end, parts[i]);
    const bool last = i == 2;
    if (ec != std::errc() || (last ? next != end : (next == end || *next != '.')))
      return core::Fail(core::Error::Invalid("cursor", "not a cursor of this list: pass next_cursor back as it came"));
    p = last ? next : next + 1;
  }
  if (parts[1] < 0 || parts[1] > static_cast<std::int64_t>(TimelineType::kPromise) || parts[2] < 0)
    return core::Fail(core::Error::Invalid("cursor", "not a cursor of this list: pass next_cursor back as it came"));
  return std::optional<TimelineCursor>{TimelineCursor{Timestamp{parts[0]}, static_cast<TimelineType>(parts[1]), parts[2]}};
}

}  // namespace

std::string_view TimelineTypeName(TimelineType t) {
  switch (t) {
    case TimelineType::kInteraction: return "interaction";
    case TimelineType::kStageChange: return "stage_change";
    case TimelineType::kTask: return "task";
    case TimelineType::kOrder: return "order";
    case TimelineType::kCase: return "case";
    case TimelineType::kFeedback: return "feedback";
    case TimelineType::kPromise: return "promise";
  }
  return "interaction";
}

core::Result<Interaction> LogInteraction(Txn& txn, const Actor& actor, Id customer_id, const InteractionInput& input,
                                         Timestamp now) {
  auto built = BuildInteraction(input, customer_id, actor.user_id, now);
  if (!built) return built;
  Interaction& x = *built;
  if (input.user_id && *input.user_id != actor.user_id) {
    auto user = txn.Users().Find(*input.user_id);
    if (!user) return core::Fail(user.error());
    if (!*user) return core::Fail(core::Error::Invalid("user_id", "no user " + core::FormatId(*input.user_id)));
  }
  std::optional<Interaction> answered;
  if (x.reply_to_id) {
    auto m = txn.Interactions().Find(*x.reply_to_id);
    if (!m) return core::Fail(m.error());
    if (!*m || (*m)->customer_id != customer_id)
      return core::Fail(core::Error::Invalid("reply_to_id", "no interaction " + core::FormatId(*x.reply_to_id) +
                                                                " with this customer"));
    if ((*m)->direction != Direction::kInbound || !(*m)->needs_reply)
      return core::Fail(core::Error::Invalid("reply_to_id", "interaction " + core::FormatId(*x.reply_to_id) +
                                                                " is not an inbound message waiting for a reply"));
    if ((*m)->replied_by_id)
      return core::Fail(core::Error::Conflict("interaction " + core::FormatId(*x.reply_to_id) + " was already answered by interaction " +
                                              core::FormatId(*(*m)->replied_by_id)));
    answered = std::move(**m);
  }
  if (auto st = txn.Interactions().Insert(x); !st) return core::Fail(st.error());
  if (answered)
    if (auto st = txn.Interactions().MarkReplied(answered->id, x.id, x.at); !st) return core::Fail(st.error());
  if (x.case_id)
    if (auto st = RecordCaseContact(txn, actor, *x.case_id, customer_id, x.direction == Direction::kOutbound, x.at); !st)
      return core::Fail(st.error());
  if (x.IsTouch() || (answered && answered->personal))
    if (auto st = CustomerChanged(txn, customer_id, now); !st) return core::Fail(st.error());
  return std::move(x);
}

core::Result<Interaction> InteractionService::Log(const Actor& actor, Id customer_id, const InteractionInput& input) {
  const Timestamp now = clock_.Now();
  return WriteValue<Interaction>(store_, [&](Txn& txn) -> core::Result<Interaction> {
    if (auto c = FindVisibleCustomer(txn, actor, customer_id); !c) return core::Fail(c.error());
    return LogInteraction(txn, actor, customer_id, input, now);
  });
}

core::Result<Interaction> InteractionService::Get(const Actor& actor, Id id) {
  return ReadValue<Interaction>(store_, [&](Txn& txn) -> core::Result<Interaction> {
    auto found = txn.Interactions().Find(id);
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(InteractionNotFound(id));
    if (auto c = FindVisibleCustomer(txn, actor, (*found)->customer_id); !c) return core::Fail(InteractionNotFound(id));
    return std::move(**found);
  });
}

core::Result<TimelinePage> InteractionService::Timeline(const Actor& actor, Id customer_id,
                                                        std::optional<std::string_view> cursor, int limit) {
  auto after = DecodeCursor(cursor);
  if (!after) return core::Fail(after.error());
  return ReadValue<TimelinePage>(store_, [&](Txn& txn) -> core::Result<TimelinePage> {
    if (auto c = FindVisibleCustomer(txn, actor, customer_id); !c) return core::Fail(c.error());
    auto refs = txn.Interactions().Timeline(customer_id, *after, limit);
    if (!refs) return core::Fail(refs.error());
    TimelinePage page;
    if (static_cast<int>(refs->size()) > limit) {
      refs->resize(static_cast<std::size_t>(limit));
      page.next_cursor = EncodeCursor(refs->back());
    }
    std::vector<Id> interaction_ids, task_ids, case_ids, feedback_ids, promise_ids;
    bool any_stage = false;
    for (const auto& r : *refs) {
      if (r.type == TimelineType::kInteraction) interaction_ids.push_back(r.id);
      if (r.type == TimelineType::kTask) task_ids.push_back(r.id);
      if (r.type == TimelineType::kCase) case_ids.push_back(r.id);
      if (r.type == TimelineType::kFeedback) feedback_ids.push_back(r.id);
      if (r.type == TimelineType::kPromise) promise_ids.push_back(r.id);
      any_stage = any_stage || r.type == TimelineType::kStageChange;
    }
    auto interactions = txn.Interactions().FindMany(interaction_ids);
    if (!interactions) return core::Fail(interactions.error());
    auto tasks = txn.Tasks().FindMany(task_ids);
    if (!tasks) return core::Fail(tasks.error());
    auto cases = txn.Cases().FindMany(case_ids);
    if (!cases) return core::Fail(cases.error());
    auto feedback = txn.Feedback().FindMany(feedback_ids);
    if (!feedback) return core::Fail(feedback.error());
    auto promises = txn.Promises().FindMany(promise_ids);
    if (!promises) return core::Fail(promises.error());
    std::vector<StageTransition> history;
    if (any_stage) {
      auto h = txn.Customers().History(customer_id, 0, 1'000'000);
      if (!h) return core::Fail(h.error());
      history = std::move(*h);
    }
    for (const auto& r : *refs) {
      TimelineEntry e;
      e.type = r.type;
      e.at = r.at;
      switch (r.type) {
        case TimelineType::kInteraction:
          for (auto& x : *interactions)
            if (x.id == r.id) e.interaction = x;
          break;
        case TimelineType::kTask:
          for (auto& x : *tasks)
            if (x.id == r.id) e.task = x;
          break;
        case TimelineType::kStageChange:
          for (auto& x : history)
            if (x.id == r.id) e.stage_change = x;
          break;
        case TimelineType::kCase:
          for (auto& x : *cases)
            if (x.id == r.id) e.care_case = x;
          break;
        case TimelineType::kFeedback:
          for (auto& x : *feedback)
            if (x.id == r.id) e.feedback = x;
          break;
        case TimelineType::kPromise:
          for (auto& x : *promises)
            if (x.id == r.id) e.promise = x;
          break;
        case TimelineType::kOrder: {
          auto o = txn.Orders().Find(r.id, CustomerScope::Everyone());
          if (!o) return core::Fail(o.error());
          e.order = std::move(*o);
          break;
        }
      }
      page.items.push_back(std::move(e));
    }
    return page;
  });
}

}  // namespace rapport::domain
