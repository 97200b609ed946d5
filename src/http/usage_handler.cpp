// /api/v1/usage (batches of measurements) and a customer's usage and cross-sell suggestions.
#include <cmath>

#include "http/api.hpp"
#include "http/commerce_handlers.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"
#include "domain/next_action/commerce_rules.hpp"
#include "http/romance_json.hpp"

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

void RegisterUsageRoutes(Router& router, ApiContext& ctx) {
  auto bind = [&ctx](ApiHandler fn) { return Authenticated(ctx, fn); };
  router.Add("POST", "/api/v1/usage", bind(Record));
  router.Add("GET", "/api/v1/customers/{id}/usage", bind(OfCustomer));
  router.Add("GET", "/api/v1/customers/{id}/cross-sell", bind(CrossSell));
}

}  // namespace rapport::http
