// OpenAPI description of the romance engine: interactions and the timeline, tasks, cadence rules
// and the scheduler, Today, next best actions.
#include "http/openapi_util.hpp"

namespace rapport::http::openapi {
namespace {

using namespace shapes;

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";
constexpr const char* kStale = "If-Match names an older version: someone else changed it.";

json::array InteractionKinds() {
  return {"email", "call", "meeting", "social", "note", "thank_you", "event_invitation", "survey", "newsletter"};
}
json::array TaskKinds() { return {"follow_up", "post_purchase_conversation", "thank_you", "check_in", "custom"}; }
json::array Stages() { return {"contact", "lead", "proposal", "negotiation", "order", "romance", "lost", "churned"}; }
json::object IfMatch() {
  return {{"name", "If-Match"}, {"in", "header"}, {"required", false}, {"schema", Str()},
          {"description", "The ETag of the version you read: 412 if someone changed it since."}};
}

json::object InteractionSchema() {
  return Object({{"id", Str()}, {"customer_id", Str()}, {"kind", Enum(InteractionKinds())},
                 {"direction", Enum({"inbound", "outbound"})}, {"at", Time()}, {"user_id", Nullable("string")},
                 {"summary", Str()}, {"body", Nullable("string")}, {"channel", Nullable("string", "Channel detail: the address, number, network.")},
                 {"personal", Bool("A one-to-one touch. Mass mail (newsletter) never is.")},
                 {"counts_as_touch", Bool("Resets the touch clock: personal, and not an inbound message still waiting for our reply.")},
                 {"needs_reply", Bool()}, {"reply_due_at", NullableTime()}, {"reply_to_id", Nullable("string")},
                 {"replied_by_id", Nullable("string")}, {"replied_at", NullableTime()},
                 {"case_id", Nullable("string", "The complaint case it is about.")}, {"created_at", Time()}});
}

json::object InteractionInputSchema() {
  return Object({{"kind", Enum(InteractionKinds())},
                 {"direction", Enum({"inbound", "outbound"}, "Default outbound.")},
                 {"at", {{"type", "string"}, {"format", "date-time"}, {"description", "Default now; at most a day ahead."}}},
                 {"user_id", Str("Who had the contact; default the caller.")},
                 {"summary", Str("At most 500 characters; default the kind.")}, {"body", Str("At most 20,000 characters.")},
                 {"channel", Str("At most 200 characters.")},
                 {"personal", Bool("Default true, except newsletter and note (false). A newsletter cannot be personal.")},
                 {"needs_reply", Bool("Inbound only: the message waits for our answer.")},
                 {"reply_due_at", {{"type", "string"}, {"format", "date-time"}, {"description", "With needs_reply; default at + 24 h."}}},
                 {"reply_to_id", Str("Outbound only: the inbound message this answers (closes it).")},
                 {"case_id", Str("The customer's complaint case it is about; the first outbound one is the case's first response.")}},
                {"kind"});
}

json::object TaskSchema() {
  return Object({{"id", Str()}, {"customer_id", Str()}, {"owner_id", Str()}, {"kind", Enum(TaskKinds())},
                 {"title", Str()}, {"notes", Nullable("string")}, {"due_at", Time()}, {"status", Enum({"open", "done"})},
                 {"done_at", NullableTime()}, {"outcome", {{"type", json::array{"string", "null"}}, {"enum", json::array{"done", "skipped", nullptr}}}},
                 {"done_by", Nullable("string")}, {"interaction_id", Nullable("string", "The interaction logged on completion.")},
                 {"source", Enum({"manual", "cadence"})}, {"cadence_id", Nullable("string", "The rule that created it.")},
                 {"created_by", Nullable("string")}, {"created_at", Time()}, {"updated_at", Time()}, {"version", Int()}});
}

json::object CadenceSchema() {
  return Object({{"id", Str()}, {"name", Str()},
                 {"type", Enum({"touch_every", "after_order", "after_case_resolved", "after_stage"})},
                 {"days", Int("touch_every: the longest gap between personal touches; the others: days after the occurrence.")},
                 {"task_kind", {{"type", json::array{"string", "null"}}, {"description", "The tasks it creates (none for touch_every)."}}},
                 {"stage", Nullable("string", "after_stage: the stage entered.")},
                 {"target", Ref("CadenceTarget")}, {"active", Bool()},
                 {"applies_from", {{"type", "string"}, {"format", "date-time"}, {"description", "Occurrences before this create no task (default: when the rule was made)."}}},
                 {"created_at", Time()}, {"updated_at", Time()}, {"version", Int()}});
}

json::object Scheduler() {
  return Object({{"last_run_at", NullableTime()}, {"last_full_run_at", NullableTime()}, {"queued_customers", Int()},
                 {"full_pass_pending", Bool("Rules changed since the last full pass.")},
                 {"stale", Bool("Never ran, or not in the last 15 minutes: a stopped scheduler is never silent.")},
                 {"message", Str()}});
}

}  // namespace

json::object RomanceSchemas() {
  return {
      {"Interaction", InteractionSchema()},
      {"InteractionInput", InteractionInputSchema()},
      {"TimelineEntry", Object({{"type", Enum({"interaction", "stage_change", "task", "order", "case", "feedback", "promise"})}, {"at", Time()},
                                {"interaction", Ref("Interaction")}, {"stage_change", Object({})},
                                {"task", Ref("Task")}, {"order", Ref("Order")}, {"case", Ref("Case")},
                                {"feedback", Ref("Feedback")}, {"promise", Ref("Promise")}},
                               {"type", "at"})},
      {"Timeline", Object({{"data", ArrayOf(Ref("TimelineEntry"))}, {"next_cursor", Nullable("string")}})},
      {"Task", TaskSchema()},
      {"TaskList", ListOf("Task")},
      {"TaskInput", Object({{"customer_id", Str()}, {"owner_id", Str("Default the customer's owner; a rep may only choose themselves.")},
                            {"kind", Enum(TaskKinds(), "Default follow_up.")}, {"title", Str("Default from the kind.")},
                            {"notes", Str()}, {"due_at", Time()}},
                           {"customer_id", "due_at"})},
      {"TaskPatch", Object({{"owner_id", Str()}, {"kind", Enum(TaskKinds())}, {"title", Str()}, {"notes", Nullable("string")}, {"due_at", Time()}})},
      {"TaskComplete", Object({{"skipped", Bool("Closed without doing it (no interaction).")},
                               {"interaction", Ref("InteractionInput")}})},
      {"TaskCompleted", Object({{"id", Str()}, {"status", Str()}, {"interaction", {{"oneOf", json::array{Ref("Interaction"), {{"type", "null"}}}}}}})},
      {"CadenceTarget", Object({{"stages", ArrayOf(Enum(Stages()))}, {"source", Nullable("string")}, {"tag", Nullable("string")},
                                {"owner_id", Nullable("string")}, {"min_value_cents", Nullable("integer", "Cumulative margin at least this.")}})},
      {"Cadence", CadenceSchema()},
      {"Cadences", Object({{"data", ArrayOf(Ref("Cadence"))}})},
      {"CadenceInput", Object({{"name", Str()}, {"type", Enum({"touch_every", "after_order", "after_case_resolved", "after_stage"})},
                               {"days", Int("1 to 3650.")}, {"task_kind", Enum(TaskKinds())}, {"stage", Enum(Stages())},
                               {"target", Ref("CadenceTarget")}, {"active", Bool()}, {"applies_from", Time()}},
                              {"name", "type", "days"})},
      {"Scheduler", Scheduler()},
      {"PassReport", Object({{"full", Bool()}, {"customers_examined", Int()}, {"states_changed", Int()},
                             {"tasks_created", Int()}, {"elapsed_ms", Int()}})},
      {"ForgottenCustomer", Object({{"customer_id", Str()}, {"name", Str()}, {"stage", Str()}, {"value_cents", Int("Cumulative margin.")},
                                    {"predicted_clv_cents", Nullable("integer", "Predicted lifetime value of the latest scoring run; null without one.")},
                                    {"rank_value_cents", Int("What the list is ordered by (largest first): predicted_clv_cents, else value_cents.")},
                                    {"last_touch_at", NullableTime()}, {"days_since_touch", Nullable("integer")},
                                    {"cadence_days", Int()}, {"cadence_id", Str()}, {"cadence_name", Str()},
                                    {"reason", Str("e.g. \"last personal touch 63 days ago; cadence 45 days (...)\".")}})},
      {"TodayTask", json::object{{"allOf", json::array{Ref("Task"), Object({{"customer_name", Nullable("string", "The task's customer's name.")}})}}}},
      {"Today", Object({{"user_id", Str()}, {"now", Time()},
                        {"overdue_tasks", Object({{"total", Int()}, {"data", ArrayOf(Ref("TodayTask"))}})},
                        {"due_today", Object({{"total", Int()}, {"until", Time()}, {"data", ArrayOf(Ref("TodayTask"))}})},
                        {"forgotten", Object({{"total", Int()}, {"data", ArrayOf(Ref("ForgottenCustomer"))}, {"next_cursor", Nullable("string")}})},
                        {"replies", Object({{"total", Int()}, {"until", Time()}, {"data", ArrayOf(Ref("WaitingReply"))}})},
                        {"scheduler", Ref("Scheduler")}})},
      {"TeamToday", Object({{"team", Nullable("string")}, {"now", Time()},
                            {"owners", ArrayOf(Object({{"owner_id", Str()}, {"name", Str()}, {"forgotten", Int()}, {"overdue_tasks", Int()}}))},
                            {"scheduler", Ref("Scheduler")}})},
      {"NextAction", Object({{"kind", Enum({"unanswered_message", "thank_you_due", "post_purchase_conversation_due", "renewal",
                                             "win_back", "churn_signal", "overdue_touch", "under_use", "task_due", "outgrowing",
                                             "cross_sell", "case_response_due", "case_resolution_due", "promise_due",
                                             "broken_promise", "ask_for_referral"})},
                             {"priority", Int("Higher first.")}, {"reason", Str("Why, in words, with the numbers.")},
                             {"task_id", Str()}, {"due_at", Time()}, {"interaction_id", Str()}, {"reply_due_at", Time()},
                             {"cadence_days", Int()}, {"last_touch_at", Time()},
                             {"product_id", Str()}, {"metric", Str()}, {"period", Str()}, {"value", {{"type", "number"}}},
                             {"baseline", Nullable("number")}, {"limit", Nullable("number")},
                             {"because_of", Str("cross_sell: the owned product behind the rule.")},
                             {"customers_together", Int()}, {"support", {{"type", "number"}}},
                             {"confidence", {{"type", "number"}}}, {"lift", {{"type", "number"}}},
                             {"cap_cents", Int("win_back: the most an offer may cost.")}, {"expected_margin_cents", Int()},
                             {"cap_basis", Enum({"predicted_value_if_alive", "historical_yearly_margin"})},
                             {"spent_cents", Int()}, {"currency", Str()}, {"renewal", Enum({"upcoming", "missed", "overdue"})},
                             {"subscription_id", Str()}, {"renews_on", Str()}, {"days_until", Int()},
                             {"case_id", Str()}, {"respond_by", Time()}, {"resolve_by", Time()}, {"transfer_count", Int()},
                             {"promise_id", Str()}, {"feedback_id", Str()}, {"score", Int()}},
                            {"kind", "priority", "reason"})},
      {"NextActions", Object({{"customer_id", Str()}, {"data", ArrayOf(Ref("NextAction"))}})},
  };
}

json::object RomancePaths() {
  return {
      {"/api/v1/customers/{id}/interactions",
       {{"parameters", json::array{PathId("customer")}},
        {"post", OpWithBody("Log an interaction on the customer's timeline. A personal one resets the touch clock; "
                            "an outbound one with reply_to_id answers (closes) an inbound message waiting for a reply.",
                            "InteractionInput",
                            Responses({{"201", Ok("Interaction", "Logged.")}},
                                      {{"401", kAuth}, {"404", "No such customer."}, {"409", "The message was already answered."}, {"422", kInvalid}}))}}},
      {"/api/v1/interactions/{id}",
       {{"parameters", json::array{PathId("interaction")}},
        {"get", Op("One interaction.", Responses({{"200", Ok("Interaction", "The interaction.")}}, {{"401", kAuth}, {"404", "No such interaction."}}))}}},
      {"/api/v1/customers/{id}/timeline",
       {{"parameters", json::array{PathId("customer")}},
        {"get", WithQuery(Op("The customer's timeline: interactions, stage changes, tasks (at their due time, or when done), orders, "
                             "complaint cases (when opened), feedback and promises (when made), "
                             "newest first, one merged stream, cursor-paginated.",
                             Responses({{"200", Ok("Timeline", "A page.")}}, {{"401", kAuth}, {"404", "No such customer."}, {"422", kInvalid}})),
                          {Limit(), Cursor()})}}},
      {"/api/v1/customers/{id}/next-actions",
       {{"parameters", json::array{PathId("customer")}},
        {"get", Op("Next best actions, most urgent first, each with its reason: unanswered inbound messages, thank-you and "
                   "post-purchase conversation due, other tasks due today, overdue personal touch, win-back with its cost cap, "
                   "renewals (upcoming, missed, overdue), recent cancellations (churn signals), under-use, outgrowing, cross-sell, "
                   "complaint cases waiting for a response or resolution, promises due or broken, a promoter to ask for a referral.",
                   Responses({{"200", Ok("NextActions", "The actions.")}}, {{"401", kAuth}, {"404", "No such customer."}}))}}},
      {"/api/v1/tasks",
       {{"get", WithQuery(Op("Tasks you can see (of customers you see, or given to you). Open and all: by due time; done: newest first.",
                             Responses({{"200", Ok("TaskList", "A page.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {QueryParam("owner_id", Str(), "A user id, or `me`."), QueryParam("customer_id", Str(), ""),
                           QueryParam("cadence_id", Str(), "Tasks created by this rule."), QueryParam("kind", Enum(TaskKinds()), ""),
                           QueryParam("status", Enum({"open", "done", "all"}), "Default open."),
                           QueryParam("due_before", Time(), "Due before this time."), Limit(), Cursor()})},
        {"post", OpWithBody("Create a task by hand.", "TaskInput",
                            Responses({{"201", Ok("Task", "Created.")}}, {{"401", kAuth}, {"403", "A rep gave the task to someone else."}, {"422", kInvalid}}))}}},
      {"/api/v1/tasks/{id}",
       {{"parameters", json::array{PathId("task")}},
        {"get", Op("One task.", Responses({{"200", Ok("Task", "The task, with its ETag.")}}, {{"401", kAuth}, {"404", "No such task."}}))},
        {"patch", WithQuery(OpWithBody("Change a task (title, notes, kind, due time, owner).", "TaskPatch",
                                       Responses({{"200", Ok("Task", "Changed.")}},
                                                 {{"401", kAuth}, {"403", "A rep gave the task to someone else."}, {"404", "No such task."},
                                                  {"412", kStale}, {"422", kInvalid}})),
                            {IfMatch()})}}},
      {"/api/v1/tasks/{id}/complete",
       {{"parameters", json::array{PathId("task")}},
        {"post", WithQuery(WithDescription(OpWithBody("Complete a task; optionally log the interaction that did it, in the same transaction.",
                                                      "TaskComplete",
                                                      Responses({{"200", Ok("TaskCompleted", "The task, done, with the interaction logged.")}},
                                                                {{"401", kAuth}, {"404", "No such task."}, {"409", "Already done."}, {"412", kStale}, {"422", kInvalid}})),
                                           "The body may be empty."),
                           {IfMatch()})}}},
      {"/api/v1/tasks/{id}/reopen",
       {{"parameters", json::array{PathId("task")}},
        {"post", Op("Reopen a done task.", Responses({{"200", Ok("Task", "Open again.")}}, {{"401", kAuth}, {"404", "No such task."}, {"409", "The task is open."}}))}}},
      {"/api/v1/cadences",
       {{"get", Op("The cadence rules (a new install has defaults: romance touch every 45 days, a conversation 7 days and a thank-you 2 days "
                   "after each order, ...).",
                   Responses({{"200", Ok("Cadences", "Every rule.")}}, {{"401", kAuth}}))},
        {"post", OpWithBody("Add a rule (managers and admins). The touch state of every customer is recomputed before the answer.", "CadenceInput",
                            Responses({{"201", Ok("Cadence", "Created.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}}))}}},
      {"/api/v1/cadences/{id}",
       {{"parameters", json::array{PathId("cadence rule")}},
        {"get", Op("One rule.", Responses({{"200", Ok("Cadence", "The rule.")}}, {{"401", kAuth}, {"404", "No such rule."}}))},
        {"patch", WithQuery(OpWithBody("Change a rule (managers and admins).", "CadenceInput",
                                       Responses({{"200", Ok("Cadence", "Changed.")}},
                                                 {{"401", kAuth}, {"403", kManagers}, {"404", "No such rule."}, {"412", kStale}, {"422", kInvalid}})),
                            {IfMatch()})},
        {"delete", Op("Delete a rule (managers and admins). Its tasks stay.",
                      Responses({{"204", json::object{{"description", "Deleted."}}}}, {{"401", kAuth}, {"403", kManagers}, {"404", "No such rule."}}))}}},
      {"/api/v1/cadences/run",
       {{"post", WithQuery(Op("Run a scheduler pass now (managers and admins): incremental, or full with full=true or after rule changes.",
                              Responses({{"200", Ok("PassReport", "What the pass did.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})),
                           {QueryParam("full", Bool(), "Examine every customer.")})}}},
      {"/api/v1/cadences/scheduler",
       {{"get", Op("When the scheduler last ran, and what waits for it.", Responses({{"200", Ok("Scheduler", "Its state.")}}, {{"401", kAuth}}))}}},
      {"/api/v1/today",
       {{"get", WithQuery(Op("Today for the signed-in user (or user_id, for managers and admins): overdue and due-today tasks, "
                             "the forgotten customers, most valuable first, each with why it is listed, and the inbound messages whose reply "
                             "is due today or overdue.",
                             Responses({{"200", Ok("Today", "Today.")}},
                                       {{"401", kAuth}, {"403", "A rep asked for another user."}, {"404", "No such user."}, {"422", kInvalid}})),
                          {QueryParam("user_id", Str(), ""), Limit("Forgotten customers per page, 1 to 500 (default 50)."), Cursor(),
                           QueryParam("tasks_limit", Int(), "Tasks shown of each list, 1 to 500 (default 50); the totals count all.")})}}},
      {"/api/v1/today/team",
       {{"get", Op("Per owner: forgotten customers and overdue tasks (managers: their team; admins: everyone).",
                   Responses({{"200", Ok("TeamToday", "The team.")}}, {{"401", kAuth}, {"403", kManagers}}))}}},
  };
}

}  // namespace rapport::http::openapi
