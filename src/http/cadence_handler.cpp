// /api/v1/cadences (rules; the scheduler's status and a pass on demand) and /api/v1/today.
#include <boost/json.hpp>

#include "http/commerce_handlers.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"
#include "http/romance_handlers.hpp"
#include "http/romance_json.hpp"

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

void RegisterCadenceAndTodayRoutes(Router& router, ApiContext& ctx) {
  auto bind = [&ctx](ApiHandler fn) { return Authenticated(ctx, fn); };
  router.Add("GET", "/api/v1/cadences", bind(List));
  router.Add("POST", "/api/v1/cadences", bind(Create));
  router.Add("GET", "/api/v1/cadences/scheduler", bind(Status));
  router.Add("POST", "/api/v1/cadences/run", bind(Run));
  router.Add("GET", "/api/v1/cadences/{id}", bind(Get));
  router.Add("PATCH", "/api/v1/cadences/{id}", bind(Update));
  router.Add("DELETE", "/api/v1/cadences/{id}", bind(Delete));
  router.Add("GET", "/api/v1/today", bind(Today));
  router.Add("GET", "/api/v1/today/team", bind(TeamToday));
}

}  // namespace rapport::http
