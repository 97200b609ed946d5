// /api/v1/usage (batches of measurements) and a customer's usage and cross-sell suggestions.
#include <cmath>

#include "http/commerce/openapi_commerce.hpp"
#include "http/api.hpp"
#include "http/commerce/commerce_handlers.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"
#include "domain/next_action/commerce_rules.hpp"
#include "http/romance/romance_json.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

json::value Number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return json::value(static_cast<std::int64_t>(v));
  return json::value(v);
}

Response Record(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  std::map<std::string, std::string> errors;
  FieldReader r(*body, "", errors);
  bool present = false, is_null = false;
  std::vector<domain::UsageMeasurementInput> batch;
  if (const auto* items = r.ObjectArray("measurements", present, is_null)) {
    for (std::size_t i = 0; i < items->size() && i <= domain::kMaxUsageBatch; ++i) {
      FieldReader ir((*items)[i].as_object(), "measurements[" + std::to_string(i) + "].", errors);
      domain::UsageMeasurementInput in;
      auto take = [](auto patch) { return patch && *patch ? std::optional(**patch) : std::nullopt; };
      in.customer_id = take(ir.IdField("customer_id"));
      in.product_id = take(ir.IdField("product_id"));
      in.metric = take(ir.String("metric"));
      in.period = take(ir.Date("period"));
      in.value = take(ir.Number("value"));
      ir.RejectUnknown();
      batch.push_back(std::move(in));
    }
    if (items->size() > domain::kMaxUsageBatch) batch.resize(domain::kMaxUsageBatch + 1);
  }
  r.RejectUnknown();
  auto stored = ctx.services.usage.Record(actor, batch, errors);
  if (!stored) return ErrorResponse(stored.error());
  return JsonResponse(200, json::object{{"stored", *stored}});
}

Response OfCustomer(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  QueryReader q(req, {"since"});
  std::optional<core::Date> since;
  if (auto v = q.Get("since")) {
    since = core::ParseDate(*v);
    if (!since) q.Fail("since", "must be a date YYYY-MM-DD");
  }
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto rows = ctx.services.usage.OfCustomer(actor, *id, since);
  if (!rows) return ErrorResponse(rows.error());
  json::array data;
  for (const auto& m : *rows)
    data.emplace_back(json::object{{"product_id", core::FormatId(m.product_id)}, {"metric", m.metric},
                                   {"period", core::FormatDate(m.period)}, {"value", Number(m.value)}});
  return JsonResponse(200, json::object{{"data", std::move(data)}});
}

int LimitParam(QueryReader& q, int fallback) {
  auto v = q.Get("limit");
  if (!v) return fallback;
  int n = 0;
  try {
    n = std::stoi(*v);
  } catch (...) {
    n = 0;
  }
  if (n < 1 || n > 50) q.Fail("limit", "must be an integer from 1 to 50");
  return n < 1 || n > 50 ? fallback : n;
}

Response CrossSell(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  QueryReader q(req, {"limit"});
  const int limit = LimitParam(q, 5);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto s = ctx.services.usage.CrossSell(actor, *id, static_cast<std::size_t>(limit));
  if (!s) return ErrorResponse(s.error());
  json::array data;
  for (const auto& x : *s) data.emplace_back(NextActionToJson(domain::CrossSellAction(x)));
  return JsonResponse(200, json::object{{"data", std::move(data)}});
}

}  // namespace

void RegisterUsageRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::commerce;  // NOLINT
  routes.Add("POST", "/api/v1/usage", Record,
             OpWithBody("Record usage measurements (1 to 1000; all or nothing; a repeated (customer, product, metric, period) replaces the value).",
                        "UsageBatch",
                        Responses({{"200", Ok("UsageStored", "How many were stored.")}}, {{"401", kAuth}, {"422", kInvalid}})));
  routes.PathParameters("/api/v1/customers/{id}/usage", json::array{PathId("customer")});
  routes.Add("GET", "/api/v1/customers/{id}/usage", OfCustomer,
             WithQuery(Op("The customer's usage by product, metric and period.",
                          Responses({{"200", Ok("UsageSeries", "Measurements.")}}, {{"401", kAuth}, {"404", "No such customer."}, {"422", kInvalid}})),
                       Params({QueryParam("since", Str(), "Only periods from this date (YYYY-MM-DD).")})));
  routes.PathParameters("/api/v1/customers/{id}/cross-sell", json::array{PathId("customer")});
  routes.Add("GET", "/api/v1/customers/{id}/cross-sell", CrossSell,
             WithQuery(Op("Products similar customers bought that this one lacks: \"bought X, also bought Y\" rules from the order history, "
                          "with support, confidence and lift (at least 3 customers together, lift above 1).",
                          Responses({{"200", Ok("CrossSell", "Suggestions, strongest first.")}}, {{"401", kAuth}, {"404", "No such customer."}, {"422", kInvalid}})),
                       Params({QueryParam("limit", Int(), "1 to 50 (default 5).")})));
}

}  // namespace rapport::http
