// Win-back (/api/v1/customers/{id}/win-back, /win-back-offers) and referrals (/api/v1/referrals,
// /api/v1/referrals/leaderboard).
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

Response WinBack(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  auto s = ctx.services.winback.Status(actor, *id);
  if (!s) return ErrorResponse(s.error());
  return JsonResponse(200, WinBackToJson(*s, ctx.services.currency));
}

Response Offer(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto r = ctx.services.winback.Offer(actor, *id, WinBackOfferFromJson(*body));
  if (!r) return ErrorResponse(r.error());
  return JsonResponse(201, json::object{{"offer", WinBackOfferToJson(r->offer)},
                                        {"win_back", WinBackToJson(r->status, ctx.services.currency)}});
}

Response CreateReferral(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto r = ctx.services.referrals.Create(actor, ReferralInputFromJson(*body));
  if (!r) return ErrorResponse(r.error());
  Response out = JsonResponse(201, ReferralToJson(*r));
  out.headers.emplace_back("Location", "/api/v1/referrals?referred_id=" + core::FormatId(r->referred_id));
  return out;
}

Response ListReferrals(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"referrer_id", "referred_id", "limit", "cursor"});
  domain::ReferralQuery query;
  query.referrer_id = q.IdParam("referrer_id");
  query.referred_id = q.IdParam("referred_id");
  query.limit = q.Limit(50, 500);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.referrals.List(actor, query, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& r : page->items) data.emplace_back(ReferralToJson(r));
  return PageResponse(std::move(data), page->next_cursor);
}

Response Leaderboard(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"by", "limit"});
  domain::LeaderboardOrder order = domain::LeaderboardOrder::kCustomers;
  std::string by = "customers";
  if (auto v = q.Get("by")) {
    if (*v == "customers") order = domain::LeaderboardOrder::kCustomers;
    else if (*v == "margin") order = domain::LeaderboardOrder::kMargin;
    else q.Fail("by", "must be customers or margin");
    by = *v;
  }
  const int limit = q.Limit(10, 500);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto rows = ctx.services.referrals.Leaderboard(actor, order, limit);
  if (!rows) return ErrorResponse(rows.error());
  json::array data;
  int rank = 0;
  for (const auto& row : *rows) data.emplace_back(LeaderboardRowToJson(row, ++rank));
  return JsonResponse(200, json::object{{"by", by}, {"currency", ctx.services.currency}, {"data", std::move(data)}});
}

}  // namespace

void RegisterWinBackAndReferralRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::relationship;  // NOLINT
  routes.PathParameters("/api/v1/customers/{id}/win-back", json::array{PathId("customer")});
  routes.Add("GET", "/api/v1/customers/{id}/win-back", WinBack,
             WithDescription(Op("Win-back figures of a customer: eligibility (churned), expected margin, spent, cap, offers.",
                                Responses({{"200", Ok("WinBack", "The figures.")}}, {{"401", kAuth}, {"404", "No such customer."}})),
                             kWinBackFormula));
  routes.PathParameters("/api/v1/customers/{id}/win-back-offers", json::array{PathId("customer")});
  routes.Add("POST", "/api/v1/customers/{id}/win-back-offers", Offer,
             WithDescription(
                 OpWithBody("Record a win-back offer to a churned customer; one costing more than the cap is refused.",
                            "WinBackOfferInput",
                            Responses({{"201", Ok("WinBackOfferResult", "The offer and the figures after it.")}},
                                      {{"401", kAuth}, {"404", "No such customer."},
                                       {"409", "The customer is not churned."},
                                       {"422", "Invalid, or cost_cents above the cap: the message says how much may be spent (\"at most 123.45 USD may be spent ...\")."}})),
                 kWinBackFormula));
  routes.Add("POST", "/api/v1/referrals", CreateReferral,
             OpWithBody("Record who referred whom. A customer is referred once; nobody refers themselves.", "ReferralInput",
                        Responses({{"201", Ok("Referral", "The referral.")}},
                                  {{"401", kAuth}, {"409", "The customer was referred already."},
                                   {"422", "Invalid, self-referral, or an unknown customer (the field is named)."}})));
  routes.Add("GET", "/api/v1/referrals", ListReferrals,
             WithQuery(Op("Referrals between customers you see, newest first.",
                          Responses({{"200", Ok("ReferralList", "Referrals.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {QueryParam("referrer_id", Str(), "Referrals made by this customer."),
                        QueryParam("referred_id", Str(), "The referral of this customer."), Limit(), Cursor()}));
  routes.Add("GET", "/api/v1/referrals/leaderboard", Leaderboard,
             WithQuery(Op("Referrers ranked by the customers they brought (by=customers) or the net margin those "
                          "customers' non-cancelled orders produced (by=margin); ties by the other figure, then id.",
                          Responses({{"200", Ok("ReferralLeaderboard", "The ranking.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {QueryParam("by", Enum({"customers", "margin"}), "Ranking figure (default customers)."),
                        Limit("Rows, 1 to 500 (default 10).")}));
}

}  // namespace rapport::http
