// /api/v1/cadences (rules; the scheduler's status and a pass on demand) and /api/v1/today.
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

Response RuleReply(int status, const domain::CadenceRule& r) {
  return VersionedResponse(status, CadenceRuleToJson(r), r.version, "/api/v1/cadences/" + core::FormatId(r.id));
}

Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {});
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto rules = ctx.services.cadences.List(actor);
  if (!rules) return ErrorResponse(rules.error());
  json::array data;
  for (const auto& r : *rules) data.emplace_back(CadenceRuleToJson(r));
  return JsonResponse(200, json::object{{"data", std::move(data)}});
}

Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto r = ctx.services.cadences.Create(actor, CadenceRuleInputFromJson(*body));
  if (!r) return ErrorResponse(r.error());
  return RuleReply(201, *r);
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "cadence rule");
  if (!id) return ErrorResponse(id.error());
  auto r = ctx.services.cadences.Get(actor, *id);
  if (!r) return ErrorResponse(r.error());
  return RuleReply(200, *r);
}

Response Update(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "cadence rule");
  if (!id) return ErrorResponse(id.error());
  auto expected = ExpectedVersion(req);
  if (!expected) return ErrorResponse(expected.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto r = ctx.services.cadences.Update(actor, *id, CadenceRuleInputFromJson(*body), *expected);
  if (!r) return ErrorResponse(r.error());
  return RuleReply(200, *r);
}

Response Delete(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "cadence rule");
  if (!id) return ErrorResponse(id.error());
  if (auto st = ctx.services.cadences.Delete(actor, *id); !st) return ErrorResponse(st.error());
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response Run(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"full"});
  bool full = false;
  if (auto v = q.Get("full")) {
    if (*v == "true") full = true;
    else if (*v != "false") q.Fail("full", "must be true or false");
  }
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto report = ctx.services.cadences.RunPass(actor, full);
  if (!report) return ErrorResponse(report.error());
  return JsonResponse(200, PassReportToJson(*report));
}

Response Status(ApiContext& ctx, Request&, const Actor&) {
  auto s = ctx.services.cadences.Status();
  if (!s) return ErrorResponse(s.error());
  return JsonResponse(200, SchedulerToJson(domain::JudgeScheduler(*s, ctx.services.clock.Now())));
}

Response Today(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"user_id", "limit", "cursor", "tasks_limit"});
  const auto user = q.IdParam("user_id");
  const int limit = q.Limit(domain::kDefaultPageSize, domain::kMaxPageSize);
  const int tasks_limit = q.IntParam("tasks_limit", domain::kDefaultPageSize, 1, domain::kMaxPageSize);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto t = ctx.services.today.ForUser(actor, user, limit, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt,
                             tasks_limit);
  if (!t) return ErrorResponse(t.error());
  return JsonResponse(200, TodayToJson(*t));
}

Response TeamToday(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {});
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto t = ctx.services.today.ForTeam(actor);
  if (!t) return ErrorResponse(t.error());
  return JsonResponse(200, TeamTodayToJson(*t));
}

}  // namespace

void RegisterCadenceAndTodayRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::romance;  // NOLINT
  routes.Add("GET", "/api/v1/cadences", List,
             Op("The cadence rules (a new install has defaults: romance touch every 45 days, a conversation 7 days and a thank-you 2 days "
                "after each order, ...).",
                Responses({{"200", Ok("Cadences", "Every rule.")}}, {{"401", kAuth}})));
  routes.Add("POST", "/api/v1/cadences", Create,
             OpWithBody("Add a rule (managers and admins). The touch state of every customer is recomputed before the answer.", "CadenceInput",
                        Responses({{"201", Ok("Cadence", "Created.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/cadences/scheduler", Status,
             Op("When the scheduler last ran, and what waits for it.", Responses({{"200", Ok("Scheduler", "Its state.")}}, {{"401", kAuth}})));
  routes.Add("POST", "/api/v1/cadences/run", Run,
             WithQuery(Op("Run a scheduler pass now (managers and admins): incremental, or full with full=true or after rule changes.",
                          Responses({{"200", Ok("PassReport", "What the pass did.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})),
                       {QueryParam("full", Bool(), "Examine every customer.")}));
  routes.PathParameters("/api/v1/cadences/{id}", json::array{PathId("cadence rule")});
  routes.Add("GET", "/api/v1/cadences/{id}", Get,
             Op("One rule.", Responses({{"200", Ok("Cadence", "The rule.")}}, {{"401", kAuth}, {"404", "No such rule."}})));
  routes.Add("PATCH", "/api/v1/cadences/{id}", Update,
             WithQuery(OpWithBody("Change a rule (managers and admins).", "CadenceInput",
                                  Responses({{"200", Ok("Cadence", "Changed.")}},
                                            {{"401", kAuth}, {"403", kManagers}, {"404", "No such rule."}, {"412", kStale}, {"422", kInvalid}})),
                       {IfMatch()}));
  routes.Add("DELETE", "/api/v1/cadences/{id}", Delete,
             Op("Delete a rule (managers and admins). Its tasks stay.",
                Responses({{"204", json::object{{"description", "Deleted."}}}}, {{"401", kAuth}, {"403", kManagers}, {"404", "No such rule."}})));
  routes.Add("GET", "/api/v1/today", Today,
             WithQuery(Op("Today for the signed-in user (or user_id, for managers and admins): overdue and due-today tasks, "
                          "the forgotten customers, most valuable first, each with why it is listed, and the inbound messages whose reply "
                          "is due today or overdue.",
                          Responses({{"200", Ok("Today", "Today.")}},
                                    {{"401", kAuth}, {"403", "A rep asked for another user."}, {"404", "No such user."}, {"422", kInvalid}})),
                       {QueryParam("user_id", Str(), ""), Limit("Forgotten customers per page, 1 to 500 (default 50)."), Cursor(),
                        QueryParam("tasks_limit", Int(), "Tasks shown of each list, 1 to 500 (default 50); the totals count all.")}));
  routes.Add("GET", "/api/v1/today/team", TeamToday,
             Op("Per owner: forgotten customers and overdue tasks (managers: their team; admins: everyone).",
                Responses({{"200", Ok("TeamToday", "The team.")}}, {{"401", kAuth}, {"403", kManagers}})));
}

}  // namespace rapport::http
