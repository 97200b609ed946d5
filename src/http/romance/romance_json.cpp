#include "http/romance/romance_json.hpp"

#include "http/care/care_json.hpp"
#include "http/commerce/commerce_json.hpp"
#include "http/customer/customer_json.hpp"
#include "http/json_body.hpp"
#include "http/json_values.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;

json::value DetailToJson(const domain::ActionDetail& d) {
  return std::visit(
      [](const auto& v) -> json::value {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) return nullptr;
        else return json::value(v);
      },
      d);
}

}  // namespace

json::object InteractionToJson(const domain::Interaction& i) {
  return {{"id", core::FormatId(i.id)},
          {"customer_id", core::FormatId(i.customer_id)},
          {"kind", domain::InteractionKindName(i.kind)},
          {"direction", domain::DirectionName(i.direction)},
          {"at", core::FormatIso8601(i.at)},
          {"user_id", i.user_id ? json::value(core::FormatId(i.user_id)) : json::value(nullptr)},
          {"summary", i.summary},
          {"body", JsonOptText(i.body)},
          {"channel", JsonOptText(i.channel)},
          {"personal", i.personal},
          {"counts_as_touch", i.IsTouch()},
          {"needs_reply", i.needs_reply},
          {"reply_due_at", JsonOptTime(i.reply_due_at)},
          {"reply_to_id", JsonOptId(i.reply_to_id)},
          {"replied_by_id", JsonOptId(i.replied_by_id)},
          {"replied_at", JsonOptTime(i.replied_at)},
          {"case_id", JsonOptId(i.case_id)},
          {"created_at", core::FormatIso8601(i.created_at)}};
}

json::object TimelineEntryToJson(const domain::TimelineEntry& e) {
  json::object o{{"type", domain::TimelineTypeName(e.type)}, {"at", core::FormatIso8601(e.at)}};
  if (e.interaction) o["interaction"] = InteractionToJson(*e.interaction);
  if (e.stage_change) o["stage_change"] = TransitionToJson(*e.stage_change);
  if (e.task) o["task"] = TaskToJson(*e.task);
  if (e.order) o["order"] = OrderToJson(*e.order);
  if (e.care_case) o["case"] = CaseToJson(*e.care_case, e.at);
  if (e.feedback) o["feedback"] = FeedbackToJson(*e.feedback);
  if (e.promise) o["promise"] = PromiseToJson(*e.promise);
  return o;
}

json::object TaskToJson(const domain::Task& t) {
  return {{"id", core::FormatId(t.id)},
          {"customer_id", core::FormatId(t.customer_id)},
          {"owner_id", core::FormatId(t.owner_id)},
          {"kind", domain::TaskKindName(t.kind)},
          {"title", t.title},
          {"notes", JsonOptText(t.notes)},
          {"due_at", core::FormatIso8601(t.due_at)},
          {"status", t.Open() ? "open" : "done"},
          {"done_at", JsonOptTime(t.done_at)},
          {"outcome", t.outcome ? json::value(domain::TaskOutcomeName(*t.outcome)) : json::value(nullptr)},
          {"done_by", JsonOptId(t.done_by)},
          {"interaction_id", JsonOptId(t.interaction_id)},
          {"source", t.rule_id ? "cadence" : "manual"},
          {"cadence_id", JsonOptId(t.rule_id)},
          {"created_by", JsonOptId(t.created_by)},
          {"created_at", core::FormatIso8601(t.created_at)},
          {"updated_at", core::FormatIso8601(t.updated_at)},
          {"version", t.version}};
}

json::object CadenceRuleToJson(const domain::CadenceRule& r) {
  json::array stages;
  for (auto s : r.target.stages) stages.emplace_back(domain::StageName(s));
  json::object target{{"stages", std::move(stages)},
                      {"source", JsonOptText(r.target.source)},
                      {"tag", JsonOptText(r.target.tag)},
                      {"owner_id", JsonOptId(r.target.owner_id)},
                      {"min_value_cents", r.target.min_value_cents ? json::value(*r.target.min_value_cents) : json::value(nullptr)}};
  return {{"id", core::FormatId(r.id)},
          {"name", r.name},
          {"type", domain::CadenceTypeName(r.type)},
          {"days", r.days},
          {"task_kind", r.task_kind ? json::value(domain::TaskKindName(*r.task_kind)) : json::value(nullptr)},
          {"stage", r.stage ? json::value(domain::StageName(*r.stage)) : json::value(nullptr)},
          {"target", std::move(target)},
          {"active", r.active},
          {"applies_from", core::FormatIso8601(r.applies_from)},
          {"created_at", core::FormatIso8601(r.created_at)},
          {"updated_at", core::FormatIso8601(r.updated_at)},
          {"version", r.version}};
}

json::object SchedulerToJson(const domain::SchedulerHealth& h) {
  return {{"last_run_at", JsonOptTime(h.status.last_pass_at)},
          {"last_full_run_at", JsonOptTime(h.status.last_full_pass_at)},
          {"queued_customers", h.status.queued},
          {"full_pass_pending", h.status.full_pass_pending},
          {"stale", h.stale},
          {"message", h.message}};
}

json::object PassReportToJson(const domain::PassReport& r) {
  return {{"full", r.full}, {"customers_examined", r.customers}, {"states_changed", r.states_changed},
          {"tasks_created", r.tasks_created}, {"elapsed_ms", r.elapsed_ms}};
}

json::object TodayToJson(const domain::TodayReport& t) {
  auto tasks = [&t](const std::vector<domain::Task>& list) {
    json::array a;
    for (const auto& x : list) {
      json::object task = TaskToJson(x);
      const auto name = t.task_customer_names.find(x.customer_id);
      task["customer_name"] = name == t.task_customer_names.end() ? json::value(nullptr) : json::value(name->second);
      a.emplace_back(std::move(task));
    }
    return a;
  };
  json::array forgotten;
  for (const auto& f : t.forgotten)
    forgotten.emplace_back(json::object{
        {"customer_id", core::FormatId(f.customer_id)},
        {"name", f.name},
        {"stage", domain::StageName(f.stage)},
        {"value_cents", f.value_cents},
        {"predicted_clv_cents", f.predicted_clv_cents ? json::value(*f.predicted_clv_cents) : json::value(nullptr)},
        {"rank_value_cents", f.rank_cents},
        {"last_touch_at", JsonOptTime(f.last_touch_at)},
        {"days_since_touch", f.days_since_touch ? json::value(*f.days_since_touch) : json::value(nullptr)},
        {"cadence_days", f.cadence_days},
        {"cadence_id", core::FormatId(f.rule_id)},
        {"cadence_name", f.rule_name},
        {"reason", f.reason}});
  json::array replies;
  for (const auto& w : t.replies) replies.emplace_back(WaitingReplyToJson(w, t.now));
  return {{"user_id", core::FormatId(t.user_id)},
          {"now", core::FormatIso8601(t.now)},
          {"overdue_tasks", json::object{{"total", t.overdue_total}, {"data", tasks(t.overdue)}}},
          {"due_today", json::object{{"total", t.due_today_total}, {"until", core::FormatIso8601(t.day_end)}, {"data", tasks(t.due_today)}}},
          {"forgotten", json::object{{"total", t.forgotten_total},
                                     {"data", std::move(forgotten)},
                                     {"next_cursor", JsonOptText(t.next_cursor)}}},
          {"replies", json::object{{"total", t.replies_total}, {"until", core::FormatIso8601(t.day_end)}, {"data", std::move(replies)}}},
          {"scheduler", SchedulerToJson(t.scheduler)}};
}

json::object TeamTodayToJson(const domain::TeamToday& t) {
  json::array owners;
  for (const auto& o : t.owners)
    owners.emplace_back(json::object{{"owner_id", core::FormatId(o.owner_id)}, {"name", o.name},
                                     {"forgotten", o.forgotten}, {"overdue_tasks", o.overdue_tasks}});
  return {{"team", JsonOptText(t.team)}, {"now", core::FormatIso8601(t.now)}, {"owners", std::move(owners)},
          {"scheduler", SchedulerToJson(t.scheduler)}};
}

json::object NextActionToJson(const domain::NextAction& a) {
  json::object o{{"kind", a.kind}, {"priority", a.priority}, {"reason", a.reason}};
  for (const auto& [k, v] : a.details) o[k] = DetailToJson(v);
  return o;
}

domain::InteractionInput InteractionInputFromJson(const json::object& body, const std::string& prefix) {
  domain::InteractionInput in;
  FieldReader r(body, prefix, in.decode_errors);
  in.kind = ValueOf(r.String("kind"));
  in.direction = ValueOf(r.String("direction"));
  in.at = ValueOf(r.Time("at"));
  in.user_id = ValueOf(r.IdField("user_id"));
  in.summary = ValueOf(r.String("summary"));
  in.body = ValueOf(r.String("body"));
  in.channel = ValueOf(r.String("channel"));
  in.personal = ValueOf(r.Boolean("personal"));
  in.needs_reply = ValueOf(r.Boolean("needs_reply"));
  in.reply_due_at = ValueOf(r.Time("reply_due_at"));
  in.reply_to_id = ValueOf(r.IdField("reply_to_id"));
  in.case_id = ValueOf(r.IdField("case_id"));
  r.RejectUnknown();
  return in;
}

domain::TaskInput TaskInputFromJson(const json::object& body) {
  domain::TaskInput in;
  FieldReader r(body, "", in.decode_errors);
  in.customer_id = r.IdField("customer_id");
  in.owner_id = r.IdField("owner_id");
  in.kind = r.String("kind");
  in.title = r.String("title");
  in.notes = r.String("notes");
  in.due_at = r.Time("due_at");
  r.RejectUnknown();
  return in;
}

domain::CadenceRuleInput CadenceRuleInputFromJson(const json::object& body) {
  domain::CadenceRuleInput in;
  FieldReader r(body, "", in.decode_errors);
  in.name = r.String("name");
  in.type = r.String("type");
  in.days = r.Integer("days");
  in.task_kind = r.String("task_kind");
  in.stage = r.String("stage");
  in.active = r.Boolean("active");
  in.applies_from = r.Time("applies_from");
  bool present = false, is_null = false;
  if (const auto* target = r.Object("target", present, is_null)) {
    FieldReader t(*target, "target.", in.decode_errors);
    in.stages = t.StringList("stages");
    in.source = t.String("source");
    in.tag = t.String("tag");
    in.owner_id = t.IdField("owner_id");
    in.min_value_cents = t.Integer("min_value_cents");
    t.RejectUnknown();
  } else if (present && is_null) {
    // null target: every customer
    in.stages = std::optional<std::vector<std::string>>{};
    in.source = in.tag = std::optional<std::string>{};
    in.owner_id = std::optional<core::Id>{};
    in.min_value_cents = std::optional<std::int64_t>{};
  }
  r.RejectUnknown();
  return in;
}

}  // namespace rapport::http
