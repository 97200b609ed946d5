// /api/v1/feedback: record (a detractor's answer may open a case), read, list, NPS and CSAT
// figures; /api/v1/care/settings.
#include <boost/json.hpp>

#include "http/care_handlers.hpp"
#include "http/care_json.hpp"
#include "http/commerce_handlers.hpp"
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

void RegisterFeedbackRoutes(Router& router, ApiContext& ctx) {
  auto bind = [&ctx](ApiHandler fn) { return Authenticated(ctx, fn); };
  router.Add("POST", "/api/v1/feedback", bind(Create));
  router.Add("GET", "/api/v1/feedback", bind(List));
  router.Add("GET", "/api/v1/feedback/figures", bind(Figures));
  router.Add("GET", "/api/v1/feedback/{id}", bind(Get));
  router.Add("GET", "/api/v1/care/settings", bind(GetSettings));
  router.Add("PUT", "/api/v1/care/settings", bind(PutSettings));
}

}  // namespace rapport::http
