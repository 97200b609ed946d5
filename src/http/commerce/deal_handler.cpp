// /api/v1/deals and /api/v1/pipeline.
#include "http/commerce/openapi_commerce.hpp"
#include "http/api.hpp"
#include "http/commerce/commerce_handlers.hpp"
#include "http/commerce/commerce_json.hpp"
#include "http/customer/customer_json.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

Response DealReply(int status, const domain::Deal& d) {
  return VersionedResponse(status, DealToJson(d), d.version, "/api/v1/deals/" + core::FormatId(d.id));
}

Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto d = ctx.services.deals.Create(actor, DealInputFromJson(*body));
  if (!d) return ErrorResponse(d.error());
  return DealReply(201, *d);
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "deal");
  if (!id) return ErrorResponse(id.error());
  auto d = ctx.services.deals.Get(actor, *id);
  if (!d) return ErrorResponse(d.error());
  return DealReply(200, *d);
}

Response Patch(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "deal");
  if (!id) return ErrorResponse(id.error());
  auto expected = ExpectedVersion(req);
  if (!expected) return ErrorResponse(expected.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto d = ctx.services.deals.Update(actor, *id, DealInputFromJson(*body), *expected);
  if (!d) return ErrorResponse(d.error());
  return DealReply(200, *d);
}

Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"stage", "customer_id", "owner_id", "open", "limit", "cursor"});
  domain::DealQuery query;
  if (auto v = q.Get("stage")) {
    if (auto s = domain::ParseDealStage(*v)) query.stage = *s;
    else q.Fail("stage", "unknown stage '" + *v + "': one of proposal, negotiation, won, lost");
  }
  query.customer_id = q.IdParam("customer_id");
  query.owner_id = q.IdParam("owner_id");
  if (auto v = q.Get("open")) {
    if (*v == "true" || *v == "false") query.open_only = *v == "true";
    else q.Fail("open", "must be true or false");
  }
  query.limit = q.Limit(50, 500);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.deals.List(actor, query, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& d : page->items) data.emplace_back(DealToJson(d));
  return PageResponse(std::move(data), page->next_cursor);
}

Response ChangeStage(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "deal");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto request = DealStageFromJson(*body);
  if (!request) return ErrorResponse(request.error());
  auto result = ctx.services.deals.ChangeStage(actor, *id, *request);
  if (!result) return ErrorResponse(result.error());
  json::object out{{"deal", DealToJson(result->deal)},
                   {"order", result->order ? json::value(OrderToJson(*result->order)) : json::value(nullptr)},
                   {"customer", result->customer ? json::value(CustomerToJson(*result->customer, ctx.services.currency))
                                                 : json::value(nullptr)},
                   {"suggestion", nullptr}};
  if (result->suggest_customer_lost && result->customer) {
    out["suggestion"] = json::object{
        {"action", "mark_customer_lost"},
        {"message", "This was the customer's only open deal. Mark the customer lost too? POST the body below to "
                    "/api/v1/customers/" + core::FormatId(result->customer->id) + "/stage."},
        {"request", json::object{{"stage", "lost"},
                                 {"reason", result->deal.lost_reason.value_or("")},
                                 {"competitor", result->deal.competitor ? json::value(*result->deal.competitor)
                                                                        : json::value(nullptr)}}}};
  }
  Response r = JsonResponse(200, std::move(out));
  r.headers.emplace_back("ETag", "\"" + std::to_string(result->deal.version) + "\"");
  return r;
}

Response Pipeline(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"owner_id"});
  const auto owner = q.IdParam("owner_id");
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto p = ctx.services.deals.PipelineFigures(actor, owner);
  if (!p) return ErrorResponse(p.error());
  return JsonResponse(200, PipelineToJson(*p, ctx.services.currency));
}

}  // namespace

void RegisterDealRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::commerce;  // NOLINT
  const json::object if_match{{"name", "If-Match"}, {"in", "header"}, {"required", false}, {"schema", Str()},
                              {"description", "The ETag of the version you edited: 412 if it changed since."}};
  auto patch = [&](std::string_view summary, std::string_view body, std::string_view schema, const char* more) {
    json::object op = OpWithBody(summary, body,
                                 Responses({{"200", Ok(schema, "Updated.")}},
                                           {{"401", kAuth}, {"403", more}, {"404", "Not found."}, {"409", "Not editable in its state."},
                                            {"412", "Changed since your version (If-Match)."}, {"422", kInvalid}}));
    op["parameters"] = json::array{if_match};
    return op;
  };
  routes.Add("POST", "/api/v1/deals", Create,
             OpWithBody("Propose a deal (stage proposal); the owner defaults to the customer's owner.", "DealInput",
                        Responses({{"201", Ok("Deal", "The deal.")}}, {{"401", kAuth}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/deals", List,
             WithQuery(Op("Deals of the customers you see, newest first.", Responses({{"200", Ok("DealList", "Deals.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       Params({QueryParam("stage", Str(), "proposal, negotiation, won or lost."),
                               QueryParam("customer_id", Str(), "One customer's deals."),
                               QueryParam("owner_id", Str(), "Deals worked by this user."),
                               QueryParam("open", Bool(), "true: proposal and negotiation only."), Limit(), Cursor()})));
  routes.PathParameters("/api/v1/deals/{id}", json::array{PathId("deal")});
  routes.Add("GET", "/api/v1/deals/{id}", Get,
             Op("One deal.", Responses({{"200", Ok("Deal", "The deal.")}}, {{"401", kAuth}, {"404", "No such deal (or not yours to see)."}})));
  routes.Add("PATCH", "/api/v1/deals/{id}", Patch,
             patch("Change an open deal.", "DealInput", "Deal", "Giving the deal to another user needs a manager or admin."));
  routes.PathParameters("/api/v1/deals/{id}/stage", json::array{PathId("deal")});
  routes.Add("POST", "/api/v1/deals/{id}/stage", ChangeStage,
             OpWithBody("Move a deal: won places its order and moves the customer to order; lost needs lost_reason.",
                        "DealStageChange",
                        Responses({{"200", Ok("DealStageResult", "The deal, the order (won), the customer, a suggestion.")}},
                                  {{"401", kAuth}, {"404", "No such deal."}, {"409", "Not allowed from the current stage (won is final)."}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/pipeline", Pipeline,
             WithQuery(Op("Pipeline figures: per stage and a forecast by expected close month. Managers and admins: every deal; "
                          "a rep: their own deals unless owner_id names a teammate.",
                          Responses({{"200", Ok("Pipeline", "The figures.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       Params({QueryParam("owner_id", Str(), "Only deals worked by this user (a rep's default: themselves).")})));
}

}  // namespace rapport::http
