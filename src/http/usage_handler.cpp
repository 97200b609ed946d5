// /api/v1/usage (batches of measurements) and a customer's usage, cross-sell suggestions and
// next best actions.
#include <cmath>

#include "http/api.hpp"
#include "http/commerce_handlers.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

json::value Number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return json::value(static_cast<std::int64_t>(v));
  return json::value(v);
}

json::object SignalToJson(const domain::UsageSignal& s) {
  return {{"kind", domain::UsageSignalKindName(s.kind)}, {"product_id", core::FormatId(s.product_id)},
          {"metric", s.metric}, {"period", core::FormatDate(s.period)}, {"value", Number(s.value)},
          {"baseline", s.baseline ? Number(std::round(*s.baseline * 100) / 100) : json::value(nullptr)},
          {"limit", s.limit ? Number(*s.limit) : json::value(nullptr)}, {"reason", s.reason}};
}

json::object SuggestionToJson(const domain::CrossSellSuggestion& s) {
  auto r3 = [](double v) { return Number(std::round(v * 1000) / 1000); };
  return {{"kind", "cross_sell"}, {"product_id", core::FormatId(s.product_id)},
          {"because_of", core::FormatId(s.because_of)}, {"customers_together", s.together},
          {"support", r3(s.support)}, {"confidence", r3(s.confidence)}, {"lift", r3(s.lift)},
          {"reason", std::to_string(s.together) + " customers who bought product " + core::FormatId(s.because_of) +
                         " also bought product " + core::FormatId(s.product_id) + " (lift " +
                         std::to_string(std::round(s.lift * 100) / 100).substr(0, 4) + ")"}};
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
  auto stored = ctx.usage.Record(actor, batch, errors);
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
  auto rows = ctx.usage.OfCustomer(actor, *id, since);
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
  auto s = ctx.usage.CrossSell(actor, *id, static_cast<std::size_t>(limit));
  if (!s) return ErrorResponse(s.error());
  json::array data;
  for (const auto& x : *s) data.emplace_back(SuggestionToJson(x));
  return JsonResponse(200, json::object{{"data", std::move(data)}});
}

Response NextActions(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  QueryReader q(req, {});
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto signals = ctx.usage.Signals(actor, *id);
  if (!signals) return ErrorResponse(signals.error());
  auto cross = ctx.usage.CrossSell(actor, *id, 3);
  if (!cross) return ErrorResponse(cross.error());
  json::array data;
  // Win-back first: a churned customer's whole relationship is at stake.
  auto winback = ctx.winback.Status(actor, *id);
  if (!winback) return ErrorResponse(winback.error());
  if (winback->eligible) {
    data.emplace_back(json::object{
        {"kind", "win_back"}, {"cap_cents", winback->cap_cents}, {"expected_margin_cents", winback->expected_margin_cents},
        {"spent_cents", winback->spent_cents}, {"currency", ctx.currency},
        {"reason", "churned" + (winback->churned_at ? " on " + core::FormatDate(core::DateOf(*winback->churned_at)) : std::string()) +
                       ": an offer to win them back may cost at most " + std::to_string(winback->cap_cents / 100) + "." +
                       (winback->cap_cents % 100 < 10 ? "0" : "") + std::to_string(winback->cap_cents % 100) + " " + ctx.currency}});
  }
  // Renewals coming up or missed, and recent cancellations (churn signals).
  auto notice = ctx.subscriptions.NoticeDays(actor);
  if (!notice) return ErrorResponse(notice.error());
  domain::SubscriptionQuery sq;
  sq.customer_id = *id;
  sq.limit = 100;
  auto subs = ctx.subscriptions.List(actor, sq, std::nullopt);
  if (!subs) return ErrorResponse(subs.error());
  const core::Timestamp now = ctx.clock.Now();
  const core::Date today = core::DateOf(now);
  for (const auto& sub : subs->items) {
    if (sub.status == domain::SubscriptionStatus::kCancelled) {
      if (sub.cancelled_at && now.ms - sub.cancelled_at->ms <= 90 * core::kMsPerDay)
        data.emplace_back(json::object{
            {"kind", "churn_signal"}, {"subscription_id", core::FormatId(sub.id)}, {"product_id", core::FormatId(sub.product_id)},
            {"reason", "subscription " + core::FormatId(sub.id) + " cancelled on " + core::FormatDate(core::DateOf(*sub.cancelled_at)) +
                           (sub.cancel_reason ? ": " + *sub.cancel_reason : std::string())}});
      continue;
    }
    const auto kind = domain::ClassifyRenewal(sub, today, *notice);
    if (!kind) continue;
    const int days = sub.renews_on.days - today.days;
    std::string reason = "subscription " + core::FormatId(sub.id) + " renews on " + core::FormatDate(sub.renews_on);
    if (*kind == domain::RenewalKind::kUpcoming) reason += " (in " + std::to_string(days) + " days)";
    else if (*kind == domain::RenewalKind::kMissed) reason += ": " + std::to_string(-days) + " days ago, not renewed and no auto-renew (churn signal)";
    else reason += ": " + std::to_string(-days) + " days ago, auto-renew is on but the renewal is not recorded";
    data.emplace_back(json::object{{"kind", "renewal"}, {"renewal", domain::RenewalKindName(*kind)},
                                   {"subscription_id", core::FormatId(sub.id)}, {"product_id", core::FormatId(sub.product_id)},
                                   {"renews_on", core::FormatDate(sub.renews_on)}, {"days_until", days}, {"reason", reason}});
  }
  for (const auto& s : *signals) data.emplace_back(SignalToJson(s));
  for (const auto& s : *cross) data.emplace_back(SuggestionToJson(s));
  return JsonResponse(200, json::object{{"customer_id", core::FormatId(*id)}, {"data", std::move(data)}});
}

}  // namespace

void RegisterUsageRoutes(Router& router, ApiContext& ctx) {
  auto bind = [&ctx](ApiHandler fn) { return Authenticated(ctx, fn); };
  router.Add("POST", "/api/v1/usage", bind(Record));
  router.Add("GET", "/api/v1/customers/{id}/usage", bind(OfCustomer));
  router.Add("GET", "/api/v1/customers/{id}/cross-sell", bind(CrossSell));
  router.Add("GET", "/api/v1/customers/{id}/next-actions", bind(NextActions));
}

}  // namespace rapport::http
