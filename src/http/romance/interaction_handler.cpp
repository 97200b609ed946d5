// /api/v1/customers/{id}/interactions, /interactions/{id}, /customers/{id}/timeline and
// /customers/{id}/next-actions.
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

Response Log(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto x = ctx.services.interactions.Log(actor, *id, InteractionInputFromJson(*body));
  if (!x) return ErrorResponse(x.error());
  Response r = JsonResponse(201, InteractionToJson(*x));
  r.headers.emplace_back("Location", "/api/v1/interactions/" + core::FormatId(x->id));
  return r;
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "interaction");
  if (!id) return ErrorResponse(id.error());
  auto x = ctx.services.interactions.Get(actor, *id);
  if (!x) return ErrorResponse(x.error());
  return JsonResponse(200, InteractionToJson(*x));
}

Response Timeline(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  QueryReader q(req, {"limit", "cursor"});
  const int limit = q.Limit(domain::kDefaultPageSize, domain::kMaxPageSize);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.interactions.Timeline(actor, *id, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt, limit);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& e : page->items) data.emplace_back(TimelineEntryToJson(e));
  return PageResponse(std::move(data), page->next_cursor);
}

Response NextActions(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  QueryReader q(req, {});
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto actions = ctx.services.next_actions.For(actor, *id);
  if (!actions) return ErrorResponse(actions.error());
  json::array data;
  for (const auto& a : *actions) data.emplace_back(NextActionToJson(a));
  return JsonResponse(200, json::object{{"customer_id", core::FormatId(*id)}, {"data", std::move(data)}});
}

}  // namespace

void RegisterInteractionRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::romance;  // NOLINT
  routes.PathParameters("/api/v1/customers/{id}/interactions", json::array{PathId("customer")});
  routes.Add("POST", "/api/v1/customers/{id}/interactions", Log,
             OpWithBody("Log an interaction on the customer's timeline. A personal one resets the touch clock; "
                        "an outbound one with reply_to_id answers (closes) an inbound message waiting for a reply.",
                        "InteractionInput",
                        Responses({{"201", Ok("Interaction", "Logged.")}},
                                  {{"401", kAuth}, {"404", "No such customer."}, {"409", "The message was already answered."}, {"422", kInvalid}})));
  routes.PathParameters("/api/v1/interactions/{id}", json::array{PathId("interaction")});
  routes.Add("GET", "/api/v1/interactions/{id}", Get,
             Op("One interaction.", Responses({{"200", Ok("Interaction", "The interaction.")}}, {{"401", kAuth}, {"404", "No such interaction."}})));
  routes.PathParameters("/api/v1/customers/{id}/timeline", json::array{PathId("customer")});
  routes.Add("GET", "/api/v1/customers/{id}/timeline", Timeline,
             WithQuery(Op("The customer's timeline: interactions, stage changes, tasks (at their due time, or when done), orders, "
                          "complaint cases (when opened), feedback and promises (when made), "
                          "newest first, one merged stream, cursor-paginated.",
                          Responses({{"200", Ok("Timeline", "A page.")}}, {{"401", kAuth}, {"404", "No such customer."}, {"422", kInvalid}})),
                       {Limit(), Cursor()}));
  routes.PathParameters("/api/v1/customers/{id}/next-actions", json::array{PathId("customer")});
  routes.Add("GET", "/api/v1/customers/{id}/next-actions", NextActions,
             Op("Next best actions, most urgent first, each with its reason: unanswered inbound messages, thank-you and "
                "post-purchase conversation due, other tasks due today, overdue personal touch, win-back with its cost cap, "
                "renewals (upcoming, missed, overdue), recent cancellations (churn signals), under-use, outgrowing, cross-sell, "
                "complaint cases waiting for a response or resolution, promises due or broken, a promoter to ask for a referral.",
                Responses({{"200", Ok("NextActions", "The actions.")}}, {{"401", kAuth}, {"404", "No such customer."}})));
}

}  // namespace rapport::http
