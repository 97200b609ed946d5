// Loyalty: /api/v1/customers/{id}/loyalty (+ /ledger, /redeem, /adjust), /api/v1/loyalty/settings.
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

Response Status(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  QueryReader q(req, {"recent"});
  int recent = 10;
  if (auto v = q.Get("recent")) {
    try {
      recent = std::stoi(*v);
    } catch (...) {
      recent = -1;
    }
    if (recent < 0 || recent > 100) q.Fail("recent", "must be an integer from 0 to 100");
  }
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto s = ctx.services.loyalty.Status(actor, *id, recent);
  if (!s) return ErrorResponse(s.error());
  return JsonResponse(200, LoyaltyStatusToJson(*s));
}

Response Ledger(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  QueryReader q(req, {"limit", "cursor"});
  const int limit = q.Limit(100, 500);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  core::Id before = 0;
  if (auto c = q.Get("cursor")) {
    auto parsed = core::ParseId(*c);
    if (!parsed)
      return ErrorResponse(core::Error::Invalid("cursor", "not a valid cursor: pass next_cursor from the previous page unchanged"));
    before = *parsed;
  }
  auto rows = ctx.services.loyalty.Ledger(actor, *id, before, limit + 1);
  if (!rows) return ErrorResponse(rows.error());
  std::optional<std::string> next;
  if (static_cast<int>(rows->size()) > limit) {
    rows->resize(static_cast<std::size_t>(limit));
    next = core::FormatId(rows->back().id);
  }
  json::array data;
  for (const auto& e : *rows) data.emplace_back(LedgerEntryToJson(e));
  return PageResponse(std::move(data), next);
}

// {"points": N, "<text_field>": "..."}
core::Result<std::pair<std::int64_t, std::string>> PointsBody(const Request& req, const char* text_field) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return core::Fail(body.error());
  std::map<std::string, std::string> errors;
  FieldReader r(*body, "", errors);
  auto points = r.Integer("points");
  auto text = r.String(text_field);
  r.RejectUnknown();
  if (!points || !*points) errors.emplace("points", "required");
  if (!text || !*text) errors.emplace(text_field, "required");
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return std::pair{**points, **text};
}

Response Redeem(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  auto body = PointsBody(req, "reward");
  if (!body) return ErrorResponse(body.error());
  auto e = ctx.services.loyalty.Redeem(actor, *id, body->first, body->second);
  if (!e) return ErrorResponse(e.error());
  return JsonResponse(201, LedgerEntryToJson(*e));
}

Response Adjust(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  auto body = PointsBody(req, "reason");
  if (!body) return ErrorResponse(body.error());
  auto e = ctx.services.loyalty.Adjust(actor, *id, body->first, body->second);
  if (!e) return ErrorResponse(e.error());
  return JsonResponse(201, LedgerEntryToJson(*e));
}

Response GetSettings(ApiContext& ctx, Request&, const Actor& actor) {
  auto c = ctx.services.loyalty.Config(actor);
  if (!c) return ErrorResponse(c.error());
  return JsonResponse(200, LoyaltyConfigJson(*c));
}

Response PutSettings(ApiContext& ctx, Request& req, const Actor& actor) {
  // Refused before the body is read; the rule is the service's.
  if (auto st = domain::LoyaltyService::MayChangeConfig(actor); !st) return ErrorResponse(st.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto config = LoyaltyConfigFromBody(*body);
  if (!config) return ErrorResponse(config.error());
  auto saved = ctx.services.loyalty.SetConfig(actor, *config);
  if (!saved) return ErrorResponse(saved.error());
  return JsonResponse(200, LoyaltyConfigJson(*saved));
}

}  // namespace

void RegisterLoyaltyRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::commerce;  // NOLINT
  routes.PathParameters("/api/v1/customers/{id}/loyalty", json::array{PathId("customer")});
  routes.Add("GET", "/api/v1/customers/{id}/loyalty", Status,
             WithQuery(Op("Points balance, tier, progress to the next tier, recent ledger rows.",
                          Responses({{"200", Ok("Loyalty", "The customer's loyalty.")}}, {{"401", kAuth}, {"404", "No such customer."}, {"422", kInvalid}})),
                       Params({QueryParam("recent", Int(), "Ledger rows to include, 0 to 100 (default 10).")})));
  routes.PathParameters("/api/v1/customers/{id}/loyalty/ledger", json::array{PathId("customer")});
  routes.Add("GET", "/api/v1/customers/{id}/loyalty/ledger", Ledger,
             WithQuery(Op("Every points change, newest first.", Responses({{"200", Ok("LedgerList", "Ledger rows.")}}, {{"401", kAuth}, {"404", "No such customer."}, {"422", kInvalid}})),
                       Params({Limit(), Cursor()})));
  routes.PathParameters("/api/v1/customers/{id}/loyalty/redeem", json::array{PathId("customer")});
  routes.Add("POST", "/api/v1/customers/{id}/loyalty/redeem", Redeem,
             OpWithBody("Redeem points for a reward.", "Redeem",
                        Responses({{"201", Ok("LedgerEntry", "The ledger row.")}},
                                  {{"401", kAuth}, {"404", "No such customer."}, {"409", "Not enough points (the balance is in the message)."}, {"422", kInvalid}})));
  routes.PathParameters("/api/v1/customers/{id}/loyalty/adjust", json::array{PathId("customer")});
  routes.Add("POST", "/api/v1/customers/{id}/loyalty/adjust", Adjust,
             OpWithBody("Add or take away points by hand, with a reason (managers and admins).", "Adjust",
                        Responses({{"201", Ok("LedgerEntry", "The ledger row.")}},
                                  {{"401", kAuth}, {"403", kManagers}, {"404", "No such customer."}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/loyalty/settings", GetSettings,
             Op("Points per currency unit, tiers, window, expiry.", Responses({{"200", Ok("LoyaltySettings", "The settings.")}}, {{"401", kAuth}})));
  routes.Add("PUT", "/api/v1/loyalty/settings", PutSettings,
             OpWithBody("Replace the loyalty settings (managers and admins).", "LoyaltySettings",
                        Responses({{"200", Ok("LoyaltySettings", "Saved.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})));
}

}  // namespace rapport::http
