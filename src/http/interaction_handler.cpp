// /api/v1/customers/{id}/interactions, /interactions/{id}, /customers/{id}/timeline and
// /customers/{id}/next-actions.
#include "http/commerce_handlers.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"
#include "http/romance_handlers.hpp"
#include "http/romance_json.hpp"

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

void RegisterInteractionRoutes(Router& router, ApiContext& ctx) {
  auto bind = [&ctx](ApiHandler fn) { return Authenticated(ctx, fn); };
  router.Add("POST", "/api/v1/customers/{id}/interactions", bind(Log));
  router.Add("GET", "/api/v1/interactions/{id}", bind(Get));
  router.Add("GET", "/api/v1/customers/{id}/timeline", bind(Timeline));
  router.Add("GET", "/api/v1/customers/{id}/next-actions", bind(NextActions));
}

}  // namespace rapport::http
