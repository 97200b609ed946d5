// Appreciation events: /api/v1/events, invitations, the target list, and a customer's invitations.
#include <algorithm>

#include "http/commerce_handlers.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"
#include "http/relationship_handlers.hpp"
#include "http/relationship_json.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

Response EventReply(int status, const domain::EventDetail& d) {
  return VersionedResponse(status, EventToJson(d), d.event.version, "/api/v1/events/" + core::FormatId(d.event.id));
}

json::array IdArray(const std::vector<core::Id>& ids) {
  json::array a;
  for (auto id : ids) a.emplace_back(core::FormatId(id));
  return a;
}

Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto d = ctx.services.appreciation.Create(actor, EventInputFromJson(*body));
  if (!d) return ErrorResponse(d.error());
  return EventReply(201, *d);
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "event");
  if (!id) return ErrorResponse(id.error());
  auto d = ctx.services.appreciation.Get(actor, *id);
  if (!d) return ErrorResponse(d.error());
  return EventReply(200, *d);
}

Response Patch(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "event");
  if (!id) return ErrorResponse(id.error());
  auto expected = ExpectedVersion(req);
  if (!expected) return ErrorResponse(expected.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto d = ctx.services.appreciation.Update(actor, *id, EventInputFromJson(*body), *expected);
  if (!d) return ErrorResponse(d.error());
  return EventReply(200, *d);
}

Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"limit", "cursor"});
  domain::EventQuery query;
  query.limit = q.Limit(50, 500);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.appreciation.List(actor, query, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& d : page->items) data.emplace_back(EventToJson(d));
  return PageResponse(std::move(data), page->next_cursor);
}

Response Invite(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "event");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  std::map<std::string, std::string> errors;
  FieldReader r(*body, "", errors);
  auto ids = r.IdList("customer_ids");
  r.RejectUnknown();
  if ((!ids || !*ids) && !errors.contains("customer_ids") &&
      std::none_of(errors.begin(), errors.end(), [](const auto& e) { return e.first.starts_with("customer_ids["); }))
    errors["customer_ids"] = "required: the ids of the customers to invite";
  if (!errors.empty()) return ErrorResponse(core::Error::Invalid(std::move(errors)));
  auto result = ctx.services.appreciation.Invite(actor, *id, **ids);
  if (!result) return ErrorResponse(result.error());
  return JsonResponse(200, json::object{{"invited", IdArray(result->invited)},
                                        {"already_invited", IdArray(result->already_invited)},
                                        {"event", EventToJson(result->event)}});
}

Response Respond(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "event");
  if (!id) return ErrorResponse(id.error());
  const auto it = req.path_params.find("customer_id");
  const auto customer = it == req.path_params.end() ? std::nullopt : core::ParseId(it->second);
  if (!customer)
    return ErrorResponse(core::Error::NotFound(
        "customer " + (it == req.path_params.end() ? std::string() : it->second) + " not found"));
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto v = ctx.services.appreciation.Respond(actor, *id, *customer, InvitationUpdateFromJson(*body));
  if (!v) return ErrorResponse(v.error());
  return JsonResponse(200, InvitationToJson(*v));
}

Response Invitations(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "event");
  if (!id) return ErrorResponse(id.error());
  QueryReader q(req, {"limit", "cursor"});
  const int limit = q.Limit(100, 500);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.appreciation.Invitations(actor, *id, limit,
                                           cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& v : page->items) data.emplace_back(InvitationToJson(v));
  return PageResponse(std::move(data), page->next_cursor);
}

Response CustomerInvitations(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  auto rows = ctx.services.appreciation.OfCustomer(actor, *id);
  if (!rows) return ErrorResponse(rows.error());
  json::array data;
  for (const auto& v : *rows) data.emplace_back(InvitationToJson(v));
  return PageResponse(std::move(data), std::nullopt);
}

Response Targets(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"limit", "not_invited_since", "stage"});
  domain::TargetQuery query;
  query.limit = q.Limit(50, 500);
  const core::Date today = core::DateOf(ctx.services.clock.Now());
  core::Date since = core::ParseDate(core::FormatDate(today).substr(0, 4) + "-01-01").value_or(today);
  if (auto v = q.Get("not_invited_since")) {
    if (auto d = core::ParseDate(*v)) since = *d;
    else q.Fail("not_invited_since", "must be a date YYYY-MM-DD");
  }
  query.not_invited_since = core::StartOf(since);
  if (auto v = q.Get("stage")) {
    if (auto s = domain::ParseStage(*v)) query.stage = *s;
    else q.Fail("stage", "unknown stage '" + *v + "'");
  }
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto rows = ctx.services.appreciation.Targets(actor, query);
  if (!rows) return ErrorResponse(rows.error());
  json::array data;
  for (const auto& t : *rows) data.emplace_back(TargetToJson(t));
  return JsonResponse(200, json::object{{"not_invited_since", core::FormatDate(since)}, {"currency", ctx.services.currency},
                                        {"data", std::move(data)}});
}

}  // namespace

void RegisterEventRoutes(Router& router, ApiContext& ctx) {
  auto bind = [&ctx](ApiHandler fn) { return Authenticated(ctx, fn); };
  router.Add("POST", "/api/v1/events", bind(Create));
  router.Add("GET", "/api/v1/events", bind(List));
  router.Add("GET", "/api/v1/events/targets", bind(Targets));
  router.Add("GET", "/api/v1/events/{id}", bind(Get));
  router.Add("PATCH", "/api/v1/events/{id}", bind(Patch));
  router.Add("POST", "/api/v1/events/{id}/invitations", bind(Invite));
  router.Add("GET", "/api/v1/events/{id}/invitations", bind(Invitations));
  router.Add("PATCH", "/api/v1/events/{id}/invitations/{customer_id}", bind(Respond));
  router.Add("GET", "/api/v1/customers/{id}/invitations", bind(CustomerInvitations));
}

}  // namespace rapport::http
