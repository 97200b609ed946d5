// /api/v1/orders: record, read, list, refund, cancel.
#include "http/commerce/openapi_commerce.hpp"
#include "http/api.hpp"
#include "http/commerce/commerce_handlers.hpp"
#include "http/commerce/commerce_json.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

Response DetailReply(const domain::OrderDetail& d) {
  json::object body = OrderToJson(d.order);
  json::array adjustments;
  for (const auto& a : d.adjustments) adjustments.emplace_back(AdjustmentToJson(a));
  body["adjustments"] = std::move(adjustments);
  return VersionedResponse(200, std::move(body), d.order.version, "");
}

Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto o = ctx.services.orders.Create(actor, OrderInputFromJson(*body));
  if (!o) return ErrorResponse(o.error());
  json::object out = OrderToJson(*o);
  out["adjustments"] = json::array{};
  return VersionedResponse(201, std::move(out), o->version, "/api/v1/orders/" + core::FormatId(o->id));
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "order");
  if (!id) return ErrorResponse(id.error());
  auto d = ctx.services.orders.Get(actor, *id);
  if (!d) return ErrorResponse(d.error());
  return DetailReply(*d);
}


Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"customer_id", "status", "since", "until", "limit", "cursor"});
  domain::OrderQuery query;
  query.customer_id = q.IdParam("customer_id");
  if (auto v = q.Get("status")) {
    if (auto s = domain::ParseOrderStatus(*v)) query.status = *s;
    else q.Fail("status", "unknown status '" + *v + "': one of placed, partially_refunded, refunded, cancelled");
  }
  query.since = q.TimeParam("since");
  query.until = q.TimeParam("until");
  query.limit = q.Limit(50, 500);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.orders.List(actor, query, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& o : page->items) data.emplace_back(OrderToJson(o));
  return PageResponse(std::move(data), page->next_cursor);
}

Response Refund(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "order");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto r = RefundFromJson(*body);
  if (!r) return ErrorResponse(r.error());
  auto d = ctx.services.orders.Refund(actor, *id, *r);
  if (!d) return ErrorResponse(d.error());
  return DetailReply(*d);
}

Response Cancel(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "order");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  std::map<std::string, std::string> errors;
  FieldReader r(*body, "", errors);
  auto reason = r.String("reason");
  r.RejectUnknown();
  if (!errors.empty()) return ErrorResponse(core::Error::Invalid(std::move(errors)));
  auto d = ctx.services.orders.Cancel(actor, *id, reason && *reason ? std::optional<std::string>(**reason) : std::nullopt);
  if (!d) return ErrorResponse(d.error());
  return DetailReply(*d);
}

}  // namespace

void RegisterOrderRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::commerce;  // NOLINT
  routes.Add("POST", "/api/v1/orders", Create,
             OpWithBody("Record an order: earns loyalty points, emits order.created, moves the customer to order.", "OrderInput",
                        Responses({{"201", Ok("Order", "The order.")}}, {{"401", kAuth}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/orders", List,
             WithQuery(Op("Orders of the customers you see, newest first.", Responses({{"200", Ok("OrderList", "Orders.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       Params({QueryParam("customer_id", Str(), "One customer's orders."),
                               QueryParam("status", Str(), "placed, partially_refunded, refunded or cancelled."),
                               QueryParam("since", Str(), "ordered_at at or after (ISO 8601)."),
                               QueryParam("until", Str(), "ordered_at before (ISO 8601)."), Limit(), Cursor()})));
  routes.PathParameters("/api/v1/orders/{id}", json::array{PathId("order")});
  routes.Add("GET", "/api/v1/orders/{id}", Get,
             Op("One order with its refunds and cancellation.", Responses({{"200", Ok("Order", "The order.")}}, {{"401", kAuth}, {"404", "No such order."}})));
  routes.PathParameters("/api/v1/orders/{id}/refund", json::array{PathId("order")});
  routes.Add("POST", "/api/v1/orders/{id}/refund", Refund,
             OpWithBody("Refund part or all of an order (recorded, never deleted); loyalty points follow.", "Refund",
                        Responses({{"200", Ok("Order", "The order after the refund.")}},
                                  {{"401", kAuth}, {"404", "No such order."}, {"409", "The order is cancelled."}, {"422", kInvalid}})));
  routes.PathParameters("/api/v1/orders/{id}/cancel", json::array{PathId("order")});
  routes.Add("POST", "/api/v1/orders/{id}/cancel", Cancel,
             OpWithBody("Cancel an order: refunds what is left and takes its points back.", "Cancel",
                        Responses({{"200", Ok("Order", "The cancelled order.")}},
                                  {{"401", kAuth}, {"404", "No such order."}, {"409", "Already cancelled."}, {"422", kInvalid}})));
}

}  // namespace rapport::http
