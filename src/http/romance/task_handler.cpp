// /api/v1/tasks: create, read, list, change, complete (optionally logging the interaction),
// reopen.
#include <boost/json.hpp>

#include "http/romance/openapi_romance.hpp"
#include "http/commerce/commerce_handlers.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"
#include "http/romance/romance_handlers.hpp"
#include "http/romance/romance_json.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

bool BlankBody(const Request& req) { return req.body.find_first_not_of(" \t\r\n") == std::string::npos; }

Response TaskReply(int status, const domain::Task& t) {
  return VersionedResponse(status, TaskToJson(t), t.version, "/api/v1/tasks/" + core::FormatId(t.id));
}

Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto t = ctx.services.tasks.Create(actor, TaskInputFromJson(*body));
  if (!t) return ErrorResponse(t.error());
  return TaskReply(201, *t);
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "task");
  if (!id) return ErrorResponse(id.error());
  auto t = ctx.services.tasks.Get(actor, *id);
  if (!t) return ErrorResponse(t.error());
  return TaskReply(200, *t);
}

Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"owner_id", "customer_id", "cadence_id", "kind", "status", "due_before", "limit", "cursor"});
  domain::TaskQuery query;
  if (auto v = q.Get("owner_id"); v && *v == "me") query.owner_id = actor.user_id;
  else query.owner_id = q.IdParam("owner_id");
  query.customer_id = q.IdParam("customer_id");
  query.rule_id = q.IdParam("cadence_id");
  if (auto v = q.Get("kind")) {
    if (auto k = domain::ParseTaskKind(*v)) query.kind = *k;
    else q.Fail("kind", "unknown kind '" + *v + "': one of " + domain::TaskKindList());
  }
  if (auto v = q.Get("status")) {
    if (*v == "open") query.status = domain::TaskStatusFilter::kOpen;
    else if (*v == "done") query.status = domain::TaskStatusFilter::kDone;
    else if (*v == "all") query.status = domain::TaskStatusFilter::kAll;
    else q.Fail("status", "unknown status '" + *v + "': one of open, done, all");
  }
  if (auto v = q.Get("due_before")) {
    if (auto t = core::ParseIso8601(*v)) query.due_before = *t;
    else q.Fail("due_before", "must be an ISO 8601 time with a zone, e.g. 2026-11-23T17:00:00Z");
  }
  query.limit = q.Limit(domain::kDefaultPageSize, domain::kMaxPageSize);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.tasks.List(actor, query, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& t : page->items) data.emplace_back(TaskToJson(t));
  return PageResponse(std::move(data), page->next_cursor);
}

Response Update(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "task");
  if (!id) return ErrorResponse(id.error());
  auto expected = ExpectedVersion(req);
  if (!expected) return ErrorResponse(expected.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto t = ctx.services.tasks.Update(actor, *id, TaskInputFromJson(*body), *expected);
  if (!t) return ErrorResponse(t.error());
  return TaskReply(200, *t);
}

Response Complete(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "task");
  if (!id) return ErrorResponse(id.error());
  auto expected = ExpectedVersion(req);
  if (!expected) return ErrorResponse(expected.error());
  domain::CompleteTaskInput in;
  in.expected_version = *expected;
  if (!BlankBody(req)) {
    auto body = ParseJsonObjectBody(req);
    if (!body) return ErrorResponse(body.error());
    std::map<std::string, std::string> errors;
    FieldReader r(*body, "", errors);
    if (auto v = r.Boolean("skipped")) {
      if (*v) in.skipped = **v;
      else errors["skipped"] = "must be true or false";
    }
    bool present = false, is_null = false;
    if (const auto* x = r.Object("interaction", present, is_null)) {
      in.interaction = InteractionInputFromJson(*x, "interaction.");
      for (auto& [k, v] : in.interaction->decode_errors) errors.emplace(k, v);
      in.interaction->decode_errors.clear();
    }
    r.RejectUnknown();
    if (!errors.empty()) return ErrorResponse(core::Error::Invalid(std::move(errors)));
  }
  auto done = ctx.services.tasks.Complete(actor, *id, in);
  if (!done) return ErrorResponse(done.error());
  json::object out = TaskToJson(done->task);
  out["interaction"] = done->interaction ? json::value(InteractionToJson(*done->interaction)) : json::value(nullptr);
  return VersionedResponse(200, std::move(out), done->task.version, "");
}

Response Reopen(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "task");
  if (!id) return ErrorResponse(id.error());
  auto t = ctx.services.tasks.Reopen(actor, *id);
  if (!t) return ErrorResponse(t.error());
  return TaskReply(200, *t);
}

}  // namespace

void RegisterTaskRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::romance;  // NOLINT
  routes.Add("POST", "/api/v1/tasks", Create,
             OpWithBody("Create a task by hand.", "TaskInput",
                        Responses({{"201", Ok("Task", "Created.")}}, {{"401", kAuth}, {"403", "A rep gave the task to someone else."}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/tasks", List,
             WithQuery(Op("Tasks you can see (of customers you see, or given to you). Open and all: by due time; done: newest first.",
                          Responses({{"200", Ok("TaskList", "A page.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {QueryParam("owner_id", Str(), "A user id, or `me`."), QueryParam("customer_id", Str(), ""),
                        QueryParam("cadence_id", Str(), "Tasks created by this rule."), QueryParam("kind", Enum(TaskKinds()), ""),
                        QueryParam("status", Enum({"open", "done", "all"}), "Default open."),
                        QueryParam("due_before", Time(), "Due before this time."), Limit(), Cursor()}));
  routes.PathParameters("/api/v1/tasks/{id}", json::array{PathId("task")});
  routes.Add("GET", "/api/v1/tasks/{id}", Get,
             Op("One task.", Responses({{"200", Ok("Task", "The task, with its ETag.")}}, {{"401", kAuth}, {"404", "No such task."}})));
  routes.Add("PATCH", "/api/v1/tasks/{id}", Update,
             WithQuery(OpWithBody("Change a task (title, notes, kind, due time, owner).", "TaskPatch",
                                  Responses({{"200", Ok("Task", "Changed.")}},
                                            {{"401", kAuth}, {"403", "A rep gave the task to someone else."}, {"404", "No such task."},
                                             {"412", kStale}, {"422", kInvalid}})),
                       {IfMatch()}));
  routes.PathParameters("/api/v1/tasks/{id}/complete", json::array{PathId("task")});
  routes.Add("POST", "/api/v1/tasks/{id}/complete", Complete,
             WithQuery(WithDescription(OpWithBody("Complete a task; optionally log the interaction that did it, in the same transaction.",
                                                  "TaskComplete",
                                                  Responses({{"200", Ok("TaskCompleted", "The task, done, with the interaction logged.")}},
                                                            {{"401", kAuth}, {"404", "No such task."}, {"409", "Already done."}, {"412", kStale}, {"422", kInvalid}})),
                                       "The body may be empty."),
                       {IfMatch()}));
  routes.PathParameters("/api/v1/tasks/{id}/reopen", json::array{PathId("task")});
  routes.Add("POST", "/api/v1/tasks/{id}/reopen", Reopen,
             Op("Reopen a done task.", Responses({{"200", Ok("Task", "Open again.")}}, {{"401", kAuth}, {"404", "No such task."}, {"409", "The task is open."}})));
}

}  // namespace rapport::http
