// /api/v1/promises: record, read, list, change or close (kept, broken, cancelled);
// /api/v1/replies: the queue of inbound messages waiting for an answer, and response times.
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

constexpr std::int64_t kDefaultFigureDays = 90;

Response PromiseReply(int status, const domain::Promise& p) {
  return VersionedResponse(status, PromiseToJson(p), p.version, "/api/v1/promises/" + core::FormatId(p.id));
}

Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto p = ctx.services.promises.Create(actor, PromiseInputFromJson(*body));
  if (!p) return ErrorResponse(p.error());
  return PromiseReply(201, *p);
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "promise");
  if (!id) return ErrorResponse(id.error());
  auto p = ctx.services.promises.Get(actor, *id);
  if (!p) return ErrorResponse(p.error());
  return PromiseReply(200, *p);
}

Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"customer_id", "case_id", "promised_by", "status", "due_before", "limit", "cursor"});
  domain::PromiseQuery query;
  query.customer_id = q.IdParam("customer_id");
  query.case_id = q.IdParam("case_id");
  if (auto v = q.Get("promised_by"); v && *v == "me") query.promised_by = actor.user_id;
  else query.promised_by = q.IdParam("promised_by");
  if (auto v = q.Get("status")) {
    if (auto s = domain::ParsePromiseStatus(*v)) query.status = *s;
    else q.Fail("status", "unknown status '" + *v + "': one of open, kept, broken, cancelled");
  }
  query.due_before = q.TimeParam("due_before");
  query.limit = q.Limit(domain::kDefaultPageSize, domain::kMaxPageSize);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.promises.List(actor, query, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& p : page->items) data.emplace_back(PromiseToJson(p));
  return PageResponse(std::move(data), page->next_cursor);
}

Response Update(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "promise");
  if (!id) return ErrorResponse(id.error());
  auto expected = ExpectedVersion(req);
  if (!expected) return ErrorResponse(expected.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto p = ctx.services.promises.Update(actor, *id, PromiseInputFromJson(*body), *expected);
  if (!p) return ErrorResponse(p.error());
  return PromiseReply(200, *p);
}

Response Replies(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"owner_id", "limit"});
  std::optional<core::Id> owner = actor.user_id ? std::optional<core::Id>(actor.user_id) : std::nullopt;
  if (auto v = q.Get("owner_id")) {
    if (*v == "all") owner.reset();
    else if (*v != "me") owner = q.IdParam("owner_id");
  }
  const int limit = q.Limit(domain::kDefaultPageSize, domain::kMaxPageSize);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto queue = ctx.services.replies.Queue(actor, owner, limit);
  if (!queue) return ErrorResponse(queue.error());
  return JsonResponse(200, ReplyQueueToJson(*queue));
}

Response ReplyFigures(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"from"});
  auto from = q.TimeParam("from");
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto f = ctx.services.replies.Figures(actor, from.value_or(core::Timestamp{ctx.services.clock.Now().ms - kDefaultFigureDays * core::kMsPerDay}));
  if (!f) return ErrorResponse(f.error());
  return JsonResponse(200, ReplyFiguresToJson(*f));
}

}  // namespace

void RegisterPromiseAndReplyRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::care;  // NOLINT
  routes.Add("POST", "/api/v1/promises", Create,
             OpWithBody("Record a promise made to a customer. Unkept past due_at, it is recorded as broken.", "PromiseInput",
                        Responses({{"201", Ok("Promise", "Recorded.")}}, {{"401", kAuth}, {"403", "A rep promised in someone else's name."}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/promises", List,
             WithQuery(Op("Promises you can see, newest first.", Responses({{"200", Ok("PromiseList", "A page.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {QueryParam("customer_id", Str(), ""), QueryParam("case_id", Str(), ""), QueryParam("promised_by", Str(), "A user id, or `me`."),
                        QueryParam("status", Enum({"open", "kept", "broken", "cancelled"}), ""), QueryParam("due_before", Time(), ""),
                        Limit(), Cursor()}));
  routes.PathParameters("/api/v1/promises/{id}", json::array{PathId("promise")});
  routes.Add("GET", "/api/v1/promises/{id}", Get,
             Op("One promise.", Responses({{"200", Ok("Promise", "The promise, with its ETag.")}}, {{"401", kAuth}, {"404", "No such promise."}})));
  routes.Add("PATCH", "/api/v1/promises/{id}", Update,
             WithQuery(OpWithBody("Change an open promise, or close it: kept, broken or cancelled.", "PromisePatch",
                                  Responses({{"200", Ok("Promise", "Changed.")}},
                                            {{"401", kAuth}, {"404", "No such promise."}, {"409", "The promise is closed."},
                                             {"412", kStale}, {"422", kInvalid}})),
                       {IfMatch()}));
  routes.Add("GET", "/api/v1/replies", Replies,
             WithQuery(Op("Inbound messages waiting for a reply, most urgent first, with the time left.",
                          Responses({{"200", Ok("ReplyQueue", "The queue.")}}, {{"401", kAuth}, {"403", "A rep asked for another user's queue."}, {"422", kInvalid}})),
                       {QueryParam("owner_id", Str(), "`me` (default), `all` (what you can see) or a user id (managers and admins)."), Limit()}));
  routes.Add("GET", "/api/v1/replies/figures", ReplyFigures,
             WithQuery(Op("Response times to inbound messages (median, p90), late and waiting counts, per channel and per owner.",
                          Responses({{"200", Ok("ReplyFigures", "The figures.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {QueryParam("from", Time(), "Messages received since (default 90 days ago).")}));
}

}  // namespace rapport::http
