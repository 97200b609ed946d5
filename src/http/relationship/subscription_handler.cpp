// /api/v1/subscriptions (start, read, list, renew, cancel) and /api/v1/renewals.
#include <charconv>

#include "http/relationship/openapi_relationship.hpp"
#include "http/commerce/commerce_handlers.hpp"
#include "http/commerce/commerce_json.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"
#include "http/relationship/relationship_handlers.hpp"
#include "http/relationship/relationship_json.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

Response DetailReply(int status, const domain::SubscriptionDetail& d) {
  return VersionedResponse(status, SubscriptionDetailToJson(d), d.subscription.version,
                           "/api/v1/subscriptions/" + core::FormatId(d.subscription.id));
}

bool BlankBody(const Request& req) { return req.body.find_first_not_of(" \t\r\n") == std::string::npos; }

Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto d = ctx.services.subscriptions.Create(actor, SubscriptionInputFromJson(*body));
  if (!d) return ErrorResponse(d.error());
  return DetailReply(201, *d);
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "subscription");
  if (!id) return ErrorResponse(id.error());
  auto d = ctx.services.subscriptions.Get(actor, *id);
  if (!d) return ErrorResponse(d.error());
  return DetailReply(200, *d);
}

Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"customer_id", "status", "renews_before", "limit", "cursor"});
  domain::SubscriptionQuery query;
  query.customer_id = q.IdParam("customer_id");
  if (auto v = q.Get("status")) {
    if (auto s = domain::ParseSubscriptionStatus(*v)) query.status = *s;
    else q.Fail("status", "unknown status '" + *v + "': one of active, cancelled");
  }
  if (auto v = q.Get("renews_before")) {
    if (auto d = core::ParseDate(*v)) query.renews_before = *d;
    else q.Fail("renews_before", "must be a date YYYY-MM-DD");
  }
  query.limit = q.Limit(50, 500);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.subscriptions.List(actor, query, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& s : page->items) data.emplace_back(SubscriptionToJson(s));
  return PageResponse(std::move(data), page->next_cursor);
}

Response Renew(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "subscription");
  if (!id) return ErrorResponse(id.error());
  bool record_order = true;
  if (!BlankBody(req)) {
    auto body = ParseJsonObjectBody(req);
    if (!body) return ErrorResponse(body.error());
    std::map<std::string, std::string> errors;
    FieldReader r(*body, "", errors);
    if (auto v = r.Boolean("record_order")) {
      if (*v) record_order = **v;
      else errors["record_order"] = "must be true or false";
    }
    r.RejectUnknown();
    if (!errors.empty()) return ErrorResponse(core::Error::Invalid(std::move(errors)));
  }
  auto result = ctx.services.subscriptions.Renew(actor, *id, record_order);
  if (!result) return ErrorResponse(result.error());
  json::object out{{"subscription", SubscriptionDetailToJson(result->detail)},
                   {"order", result->order ? json::value(OrderToJson(*result->order)) : json::value(nullptr)}};
  return VersionedResponse(200, std::move(out), result->detail.subscription.version, "");
}

Response Cancel(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "subscription");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  std::map<std::string, std::string> errors;
  FieldReader r(*body, "", errors);
  auto reason = r.String("reason");
  r.RejectUnknown();
  if (!errors.empty()) return ErrorResponse(core::Error::Invalid(std::move(errors)));
  auto d = ctx.services.subscriptions.Cancel(actor, *id, reason && *reason ? std::optional<std::string>(**reason) : std::nullopt);
  if (!d) return ErrorResponse(d.error());
  return DetailReply(200, *d);
}

Response Renewals(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"within_days", "limit"});
  std::optional<int> within;
  if (auto v = q.Get("within_days")) {
    int n = -1;
    const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || p != v->data() + v->size() || n < 0 || n > domain::kMaxRenewalNoticeDays)
      q.Fail("within_days", "must be an integer from 0 to " + std::to_string(domain::kMaxRenewalNoticeDays));
    else within = n;
  }
  const int limit = q.Limit(500, 1000);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto list = ctx.services.subscriptions.Renewals(actor, within, limit);
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(200, RenewalListToJson(*list));
}

Response GetSettings(ApiContext& ctx, Request&, const Actor& actor) {
  auto days = ctx.services.subscriptions.NoticeDays(actor);
  if (!days) return ErrorResponse(days.error());
  return JsonResponse(200, json::object{{"renewal_notice_days", *days}});
}

Response PutSettings(ApiContext& ctx, Request& req, const Actor& actor) {
  // Refused before the body is read; the rule is the service's.
  if (auto st = domain::SubscriptionService::MayChangeNoticeDays(actor); !st) return ErrorResponse(st.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  std::map<std::string, std::string> errors;
  FieldReader r(*body, "", errors);
  auto days = r.Integer("renewal_notice_days");
  r.RejectUnknown();
  if ((!days || !*days) && !errors.contains("renewal_notice_days")) errors["renewal_notice_days"] = "required";
  else if (days && *days && (**days < 0 || **days > domain::kMaxRenewalNoticeDays))
    errors["renewal_notice_days"] = "must be from 0 to " + std::to_string(domain::kMaxRenewalNoticeDays);
  if (!errors.empty()) return ErrorResponse(core::Error::Invalid(std::move(errors)));
  auto saved = ctx.services.subscriptions.SetNoticeDays(actor, static_cast<int>(**days));
  if (!saved) return ErrorResponse(saved.error());
  return JsonResponse(200, json::object{{"renewal_notice_days", *saved}});
}

}  // namespace

void RegisterSubscriptionRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::relationship;  // NOLINT
  routes.Add("POST", "/api/v1/subscriptions", Create,
             OpWithBody("Start a subscription: renews_on is started_on plus the term; a `started` event is recorded.",
                        "SubscriptionInput",
                        Responses({{"201", Ok("Subscription", "The subscription with its events.")}},
                                  {{"401", kAuth}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/subscriptions", List,
             WithQuery(Op("Subscriptions of the customers you see, newest first.",
                          Responses({{"200", Ok("SubscriptionList", "Subscriptions.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {QueryParam("customer_id", Str(), "One customer's subscriptions."),
                        QueryParam("status", Str(), "active or cancelled."),
                        QueryParam("renews_before", Date(), "renews_on before this date (YYYY-MM-DD)."), Limit(), Cursor()}));
  routes.PathParameters("/api/v1/subscriptions/{id}", json::array{PathId("subscription")});
  routes.Add("GET", "/api/v1/subscriptions/{id}", Get,
             Op("One subscription with its events (started, renewed, cancelled), oldest first.",
                Responses({{"200", Ok("Subscription", "The subscription.")}}, {{"401", kAuth}, {"404", "No such subscription (or not yours to see)."}})));
  routes.PathParameters("/api/v1/subscriptions/{id}/renew", json::array{PathId("subscription")});
  routes.Add("POST", "/api/v1/subscriptions/{id}/renew", Renew,
             [&] {
       json::object op = Op("Renew: renews_on advances by term_months, a `renewed` event is recorded and (unless "
                            "record_order is false) an order of the renewal's price is placed (loyalty points, "
                            "order.created, lifecycle). The body is optional.",
                            Responses({{"200", Ok("RenewResult", "The subscription and the renewal's order.")}},
                                      {{"401", kAuth}, {"404", "No such subscription."},
                                       {"409", "The subscription is cancelled."}, {"422", kInvalid}}));
       op["requestBody"] = json::object{{"required", false},
                                        {"content", {{"application/json", {{"schema", Ref("RenewRequest")}}}}}};
       return op;
     }());
  routes.PathParameters("/api/v1/subscriptions/{id}/cancel", json::array{PathId("subscription")});
  routes.Add("POST", "/api/v1/subscriptions/{id}/cancel", Cancel,
             OpWithBody("Cancel (a churn signal): records a `cancelled` event with the reason.", "Cancel",
                        Responses({{"200", Ok("Subscription", "The cancelled subscription.")}},
                                  {{"401", kAuth}, {"404", "No such subscription."}, {"409", "Already cancelled."},
                                   {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/renewals", Renewals,
             WithDescription(
                 WithQuery(Op("Upcoming, missed and overdue renewals.",
                              Responses({{"200", Ok("Renewals", "The renewals list.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                           {QueryParam("within_days", Int(), "Days ahead, 0 to 366 (default: the workspace's renewal_notice_days, 30 unless set)."),
                            Limit("Rows at most, 1 to 1000 (default 500).")}),
                 kRenewalsText));
  routes.Add("GET", "/api/v1/renewals/settings", GetSettings,
             Op("The renewal notice period.", Responses({{"200", Ok("RenewalSettings", "The settings.")}}, {{"401", kAuth}})));
  routes.Add("PUT", "/api/v1/renewals/settings", PutSettings,
             OpWithBody("Set the renewal notice period (managers and admins).", "RenewalSettings",
                        Responses({{"200", Ok("RenewalSettings", "Saved.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})));
}

}  // namespace rapport::http
