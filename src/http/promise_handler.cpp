// /api/v1/promises: record, read, list, change or close (kept, broken, cancelled);
// /api/v1/replies: the queue of inbound messages waiting for an answer, and response times.
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

void RegisterPromiseAndReplyRoutes(Router& router, ApiContext& ctx) {
  auto bind = [&ctx](ApiHandler fn) { return Authenticated(ctx, fn); };
  router.Add("POST", "/api/v1/promises", bind(Create));
  router.Add("GET", "/api/v1/promises", bind(List));
  router.Add("GET", "/api/v1/promises/{id}", bind(Get));
  router.Add("PATCH", "/api/v1/promises/{id}", bind(Update));
  router.Add("GET", "/api/v1/replies", bind(Replies));
  router.Add("GET", "/api/v1/replies/figures", bind(ReplyFigures));
}

}  // namespace rapport::http
