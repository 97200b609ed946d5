// Appreciation events: /api/v1/events, invitations, the target list, and a customer's invitations.
#include <algorithm>

#include "http/relationship/openapi_relationship.hpp"
#include "http/commerce/commerce_handlers.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"
#include "http/relationship/relationship_handlers.hpp"
#include "http/relationship/relationship_json.hpp"

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

void RegisterEventRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::relationship;  // NOLINT
  const json::object if_match{{"name", "If-Match"}, {"in", "header"}, {"required", false}, {"schema", Str()},
                              {"description", "The ETag of the version you edited: 412 if it changed since."}};
  json::object patch_event = OpWithBody(
      "Change an event (managers and admins); null capacity removes the limit.", "EventInput",
      Responses({{"200", Ok("Event", "The event.")}},
                {{"401", kAuth}, {"403", kManagers}, {"404", "No such event."},
                 {"409", "The capacity would fall below the accepted invitations."},
                 {"412", "Changed since your version (If-Match)."}, {"422", kInvalid}}));
  patch_event["parameters"] = json::array{if_match};
  const json::object customer_param{{"name", "customer_id"}, {"in", "path"}, {"required", true}, {"schema", Str()},
                                    {"description", "The invited customer's id."}};
  routes.Add("POST", "/api/v1/events", Create,
             OpWithBody("Create an appreciation event (managers and admins).", "EventInput",
                        Responses({{"201", Ok("Event", "The event.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/events", List,
             WithQuery(Op("Appreciation events, newest first, with invitation counts.",
                          Responses({{"200", Ok("EventList", "Events.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {Limit(), Cursor()}));
  routes.Add("GET", "/api/v1/events/targets", Targets,
             WithQuery(Op("Target list: the customers you see ranked by lifetime net revenue (net amounts of "
                          "non-cancelled orders; customers without any left out), leaving out those invited to any "
                          "event since not_invited_since.",
                          Responses({{"200", Ok("EventTargets", "The targets, most valuable first.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {Limit("Rows, 1 to 500 (default 50)."),
                        QueryParam("not_invited_since", Date(), "YYYY-MM-DD (default: January 1 of the current year, UTC)."),
                        QueryParam("stage", Str(), "Only customers in this lifecycle stage.")}));
  routes.PathParameters("/api/v1/events/{id}", json::array{PathId("event")});
  routes.Add("GET", "/api/v1/events/{id}", Get,
             Op("One event with its invitation counts.", Responses({{"200", Ok("Event", "The event.")}}, {{"401", kAuth}, {"404", "No such event."}})));
  routes.Add("PATCH", "/api/v1/events/{id}", Patch,
             patch_event);
  routes.PathParameters("/api/v1/events/{id}/invitations", json::array{PathId("event")});
  routes.Add("POST", "/api/v1/events/{id}/invitations", Invite,
             OpWithBody("Invite customers (each once per event): those invited before are reported in already_invited and left unchanged.",
                        "InviteRequest",
                        Responses({{"200", Ok("InviteResult", "Who was invited now and who was already.")}},
                                  {{"401", kAuth}, {"404", "No such event."},
                                   {"422", "Invalid, or an unknown or archived customer (customer_ids[i] names it)."}})));
  routes.Add("GET", "/api/v1/events/{id}/invitations", Invitations,
             WithQuery(Op("Invitations of the customers you see, by customer id.",
                          Responses({{"200", Ok("InvitationList", "Invitations.")}}, {{"401", kAuth}, {"404", "No such event."}, {"422", kInvalid}})),
                       {Limit("Page size, 1 to 500 (default 100)."), Cursor()}));
  routes.PathParameters("/api/v1/events/{id}/invitations/{customer_id}", json::array{PathId("event"), customer_param});
  routes.Add("PATCH", "/api/v1/events/{id}/invitations/{customer_id}", Respond,
             OpWithBody("Record a response and/or attendance. Accepting beyond the capacity is refused.", "InvitationUpdate",
                        Responses({{"200", Ok("Invitation", "The invitation.")}},
                                  {{"401", kAuth}, {"404", "No such event, customer or invitation."},
                                   {"409", "The event is full (the capacity is in the message)."}, {"422", kInvalid}})));
  routes.PathParameters("/api/v1/customers/{id}/invitations", json::array{PathId("customer")});
  routes.Add("GET", "/api/v1/customers/{id}/invitations", CustomerInvitations,
             Op("A customer's event invitations, responses and attendance, newest first.",
                Responses({{"200", Ok("InvitationList", "Invitations (next_cursor is always null).")}}, {{"401", kAuth}, {"404", "No such customer."}})));
}

}  // namespace rapport::http
