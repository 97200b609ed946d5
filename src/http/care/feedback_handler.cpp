// /api/v1/feedback: record (a detractor's answer may open a case), read, list, NPS and CSAT
// figures; /api/v1/care/settings.
#include <boost/json.hpp>

#include "http/care/openapi_care.hpp"
#include "http/care/care_handlers.hpp"
#include "http/care/care_json.hpp"
#include "http/commerce/commerce_handlers.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto done = ctx.services.feedback.Submit(actor, FeedbackInputFromJson(*body));
  if (!done) return ErrorResponse(done.error());
  json::object out = FeedbackToJson(done->feedback);
  out["opened_case"] = done->opened_case ? json::value(CaseToJson(*done->opened_case, ctx.services.clock.Now())) : json::value(nullptr);
  Response r = JsonResponse(201, out);
  r.headers.emplace_back("Location", "/api/v1/feedback/" + core::FormatId(done->feedback.id));
  return r;
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "feedback");
  if (!id) return ErrorResponse(id.error());
  auto f = ctx.services.feedback.Get(actor, *id);
  if (!f) return ErrorResponse(f.error());
  return JsonResponse(200, FeedbackToJson(*f));
}

std::optional<domain::FeedbackKind> KindParam(QueryReader& q) {
  auto v = q.Get("kind");
  if (!v) return std::nullopt;
  auto k = domain::ParseFeedbackKind(*v);
  if (!k) q.Fail("kind", "unknown kind '" + *v + "': one of nps, csat, free");
  return k;
}

Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"customer_id", "owner_id", "kind", "from", "to", "limit", "cursor"});
  domain::FeedbackQuery query;
  query.customer_id = q.IdParam("customer_id");
  query.owner_id = q.IdParam("owner_id");
  query.kind = KindParam(q);
  query.from = q.TimeParam("from");
  query.to = q.TimeParam("to");
  query.limit = q.Limit(domain::kDefaultPageSize, domain::kMaxPageSize);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.feedback.List(actor, query, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& f : page->items) data.emplace_back(FeedbackToJson(f));
  return PageResponse(std::move(data), page->next_cursor);
}

Response Figures(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"kind", "by", "from", "to"});
  const auto kind = KindParam(q).value_or(domain::FeedbackKind::kNps);
  if (kind == domain::FeedbackKind::kFree) q.Fail("kind", "figures are for nps or csat answers");
  auto by = domain::FeedbackFigureBy::kTotal;
  const std::string by_name = q.Get("by").value_or("total");
  if (auto b = domain::ParseFeedbackFigureBy(by_name)) by = *b;
  else q.Fail("by", "unknown grouping '" + by_name + "': one of total, month, owner, product, source, stage");
  const auto from = q.TimeParam("from");
  const auto to = q.TimeParam("to");
  if (from && to && to->ms <= from->ms) q.Fail("to", "must be after from");
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto f = ctx.services.feedback.Figures(actor, kind, by, from, to);
  if (!f) return ErrorResponse(f.error());
  f->by = by_name;
  return JsonResponse(200, FeedbackFiguresToJson(*f));
}

Response GetSettings(ApiContext& ctx, Request&, const Actor&) {
  auto s = ctx.services.feedback.Settings();
  if (!s) return ErrorResponse(s.error());
  return JsonResponse(200, CareSettingsToJson(*s));
}

Response PutSettings(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto s = ctx.services.feedback.SetSettings(actor, CareSettingsInputFromJson(*body));
  if (!s) return ErrorResponse(s.error());
  return JsonResponse(200, CareSettingsToJson(*s));
}

}  // namespace

void RegisterFeedbackRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::care;  // NOLINT
  routes.Add("POST", "/api/v1/feedback", Create,
             OpWithBody("Record an NPS or CSAT answer or free feedback. A detractor's answer opens a case (care settings).", "FeedbackInput",
                        Responses({{"201", Ok("FeedbackCreated", "Recorded, with the case it opened.")}}, {{"401", kAuth}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/feedback", List,
             WithQuery(Op("Feedback you can see, newest first.", Responses({{"200", Ok("FeedbackList", "A page.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {QueryParam("customer_id", Str(), ""), QueryParam("owner_id", Str(), ""), QueryParam("kind", Enum({"nps", "csat", "free"}), ""),
                        QueryParam("from", Time(), ""), QueryParam("to", Time(), ""), Limit(), Cursor()}));
  routes.Add("GET", "/api/v1/feedback/figures", Figures,
             WithQuery(Op("NPS (promoters, passives, detractors, score) or CSAT (mean, satisfied share), in total or by month, "
                          "owner, product, source or stage.",
                          Responses({{"200", Ok("FeedbackFigures", "The figures.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {QueryParam("kind", Enum({"nps", "csat"}), "Default nps."),
                        QueryParam("by", Enum({"total", "month", "owner", "product", "source", "stage"}), "Default total."),
                        QueryParam("from", Time(), ""), QueryParam("to", Time(), "")}));
  routes.PathParameters("/api/v1/feedback/{id}", json::array{PathId("feedback")});
  routes.Add("GET", "/api/v1/feedback/{id}", Get,
             Op("One answer.", Responses({{"200", Ok("Feedback", "The answer.")}}, {{"401", kAuth}, {"404", "No such feedback."}})));
  routes.Add("GET", "/api/v1/care/settings", GetSettings,
             Op("When feedback opens a case.", Responses({{"200", Ok("CareSettings", "The settings.")}}, {{"401", kAuth}})));
  routes.Add("PUT", "/api/v1/care/settings", PutSettings,
             OpWithBody("Change them (managers and admins).", "CareSettings",
                        Responses({{"200", Ok("CareSettings", "The settings now.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})));
}

}  // namespace rapport::http
