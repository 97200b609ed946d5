// /api/v1/customers: decode the request, call CustomerService, encode the answer.
#include "http/customer_handler.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "core/text.hpp"
#include "http/account_handlers.hpp"
#include "http/account_json.hpp"
#include "http/auth.hpp"
#include "http/care_json.hpp"
#include "http/commerce_json.hpp"
#include "http/customer_json.hpp"
#include "http/romance_json.hpp"
#include "http/relationship_json.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

core::Result<core::Id> PathId(const Request& req) { return http::PathId(req, "customer"); }

std::string ETagFor(const domain::Customer& c) { return "\"" + std::to_string(c.version) + "\""; }

Response CustomerResponse(int status, const domain::Customer& c, const ApiContext& ctx) {
  Response r = JsonResponse(status, CustomerToJson(c, ctx.services.currency));
  r.headers.emplace_back("ETag", ETagFor(c));
  if (status == 201) r.headers.emplace_back("Location", "/api/v1/customers/" + core::FormatId(c.id));
  return r;
}

Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto input = CustomerInputFromJson(*body);
  if (!input) return ErrorResponse(input.error());
  auto created = ctx.services.customers.Create(actor, *input);
  if (!created) return ErrorResponse(created.error());
  return CustomerResponse(201, *created, ctx);
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(id.error());
  auto c = ctx.services.customers.Get(actor, *id);
  if (!c) return ErrorResponse(c.error());
  return CustomerResponse(200, *c, ctx);
}

Response Patch(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(id.error());
  auto expected = ExpectedVersion(req);
  if (!expected) return ErrorResponse(expected.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto input = CustomerInputFromJson(*body);
  if (!input) return ErrorResponse(input.error());
  auto updated = ctx.services.customers.Update(actor, *id, *input, *expected);
  if (!updated) return ErrorResponse(updated.error());
  return CustomerResponse(200, *updated, ctx);
}

Response Archive(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(id.error());
  if (auto st = ctx.services.customers.Archive(actor, *id); !st) return ErrorResponse(st.error());
  return NoContent();
}

// Everything stored about the customer, as one JSON document (the right of access).
Response Export(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(id.error());
  auto data = ctx.services.customers.Export(actor, *id);
  if (!data) return ErrorResponse(data.error());
  json::array transitions, audit;
  for (const auto& t : data->transitions) transitions.emplace_back(TransitionToJson(t));
  for (const auto& e : data->audit) audit.emplace_back(AuditEntryToJson(e));
  json::array deals, orders, loyalty, usage, subscriptions, referrals, invitations, offers;
  for (const auto& d : data->deals) deals.emplace_back(DealToJson(d));
  for (const auto& [o, adjustments] : data->orders) {
    json::object order = OrderToJson(o);
    json::array adj;
    for (const auto& a : adjustments) adj.emplace_back(AdjustmentToJson(a));
    order["adjustments"] = std::move(adj);
    orders.emplace_back(std::move(order));
  }
  for (const auto& e : data->loyalty) loyalty.emplace_back(LedgerEntryToJson(e));
  for (const auto& m : data->usage)
    usage.emplace_back(json::object{{"product_id", core::FormatId(m.product_id)}, {"metric", m.metric},
                                    {"period", core::FormatDate(m.period)}, {"value", m.value}});
  for (const auto& [sub, events] : data->subscriptions)
    subscriptions.emplace_back(SubscriptionDetailToJson(domain::SubscriptionDetail{sub, events}));
  for (const auto& r : data->referrals) referrals.emplace_back(ReferralToJson(r));
  for (const auto& v : data->invitations) invitations.emplace_back(InvitationToJson(v));
  for (const auto& o : data->win_back_offers) offers.emplace_back(WinBackOfferToJson(o));
  json::array interactions, tasks;
  for (const auto& x : data->interactions) interactions.emplace_back(InteractionToJson(x));
  for (const auto& t : data->tasks) tasks.emplace_back(TaskToJson(t));
  json::array cases, feedback, promises;
  const auto now = ctx.services.clock.Now();
  for (const auto& [c, events] : data->cases) {
    json::object o = CaseToJson(c, now);
    json::array history;
    for (const auto& e : events) history.emplace_back(CaseEventToJson(e));
    o["events"] = std::move(history);
    cases.emplace_back(std::move(o));
  }
  for (const auto& f : data->feedback) feedback.emplace_back(FeedbackToJson(f));
  for (const auto& p : data->promises) promises.emplace_back(PromiseToJson(p));
  Response r = JsonResponse(200, json::object{{"customer", CustomerToJson(data->customer, ctx.services.currency)},
                                              {"stage_history", std::move(transitions)},
                                              {"audit", std::move(audit)},
                                              {"deals", std::move(deals)},
                                              {"orders", std::move(orders)},
                                              {"loyalty_ledger", std::move(loyalty)},
                                              {"usage", std::move(usage)},
                                              {"subscriptions", std::move(subscriptions)},
                                              {"referrals", std::move(referrals)},
                                              {"invitations", std::move(invitations)},
                                              {"win_back_offers", std::move(offers)},
                                              {"interactions", std::move(interactions)},
                                              {"tasks", std::move(tasks)},
                                              {"cases", std::move(cases)},
                                              {"feedback", std::move(feedback)},
                                              {"promises", std::move(promises)},
                                              {"exported_at", core::FormatIso8601(ctx.services.clock.Now())}});
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"customer-" + core::FormatId(*id) + ".json\"");
  return r;
}

// Removes the customer's personal data everywhere (the right to erasure). Admins only.
Response Erase(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(id.error());
  auto erased = ctx.services.customers.Erase(actor, *id);
  if (!erased) return ErrorResponse(erased.error());
  return CustomerResponse(200, *erased, ctx);
}

// The filters the list and the board's counts share: owner_id, source, tag and q.
void ReadBoardFilters(QueryReader& q, domain::CustomerQuery& query) {
  query.owner_id = q.IdParam("owner_id");
  if (auto v = q.Get("source")) query.source = *v;
  if (auto v = q.Get("tag")) query.tag = *v;
  if (auto v = q.Get("q")) {
    if (!core::IsValidUtf8(*v)) q.Fail("q", "must be valid UTF-8");
    else if (core::CodepointCount(*v) > 200) q.Fail("q", "too long: at most 200 characters");
    else query.q = *v;
  }
}

Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"stage", "owner_id", "source", "tag", "q", "kind", "company_id", "sort",
                      "limit", "cursor", "include_archived", "include"});
  bool with_value = false;  // include=value: each row's stored value figures (the board's cards)
  if (auto v = q.Get("include")) {
    if (*v == "value") with_value = true;
    else q.Fail("include", "unknown include '" + *v + "': only 'value'");
  }
  domain::CustomerQuery query;
  if (auto v = q.Get("stage")) {
    if (auto s = domain::ParseStage(*v)) query.stage = *s;
    else q.Fail("stage", "unknown stage '" + *v + "'");
  }
  query.company_id = q.IdParam("company_id");
  ReadBoardFilters(q, query);
  if (auto v = q.Get("kind")) {
    if (auto k = domain::ParseCustomerKind(*v)) query.kind = *k;
    else q.Fail("kind", "must be 'person' or 'company'");
  }
  if (auto v = q.Get("include_archived")) {
    if (*v == "true") query.include_archived = true;
    else if (*v != "false") q.Fail("include_archived", "must be true or false");
  }
  if (auto v = q.Get("sort")) {
    if (auto s = domain::ParseCustomerSort(*v)) {
      query.sort = *s;
    } else {
      std::string names;
      for (const auto& n : domain::CustomerSortNames()) names += (names.empty() ? "" : ", ") + n;
      q.Fail("sort", "unknown sort '" + *v + "': one of " + names);
    }
  }
  query.limit = q.Limit(domain::kDefaultPageSize, domain::kMaxPageSize);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  if (auto v = q.Get("cursor")) {
    auto cursor = domain::DecodeCursor(*v, query.sort);
    if (!cursor) return ErrorResponse(cursor.error());
    query.after = *cursor;
  }
  auto page = ctx.services.customers.List(actor, query);
  if (!page) return ErrorResponse(page.error());
  std::map<core::Id, domain::CardValue> values;
  if (with_value) {
    std::vector<core::Id> ids;
    for (const auto& c : page->items) ids.push_back(c.id);
    auto v = ctx.services.economics.CardValues(ids);
    if (!v) return ErrorResponse(v.error());
    values = std::move(*v);
  }
  json::array data;
  data.reserve(page->items.size());
  for (const auto& c : page->items) {
    json::object row = CustomerToJson(c, ctx.services.currency);
    if (with_value) {
      const auto v = values.find(c.id);
      row["historical_value_cents"] = v == values.end() ? json::value(nullptr) : json::value(v->second.historical_value_cents);
      row["predicted_clv_cents"] = v == values.end() || !v->second.predicted_clv_cents
                                       ? json::value(nullptr)
                                       : json::value(*v->second.predicted_clv_cents);
    }
    data.emplace_back(std::move(row));
  }
  return JsonResponse(200, json::object{{"data", std::move(data)},
                                        {"next_cursor", page->next_cursor
                                                            ? json::value(*page->next_cursor)
                                                            : json::value(nullptr)}});
}

Response ChangeStage(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto change = StageChangeFromJson(*body);
  if (!change) return ErrorResponse(change.error());
  auto result = ctx.services.customers.ChangeStage(actor, *id, *change);
  if (!result) return ErrorResponse(result.error());
  json::array transitions;
  for (const auto& t : result->transitions) transitions.emplace_back(TransitionToJson(t));
  Response r = JsonResponse(200, json::object{{"customer", CustomerToJson(result->customer, ctx.services.currency)},
                                              {"transitions", std::move(transitions)}});
  r.headers.emplace_back("ETag", ETagFor(result->customer));
  return r;
}

Response History(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(id.error());
  QueryReader q(req, {"limit", "cursor"});
  const int limit = q.Limit(100, 500);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.customers.History(actor, *id, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt, limit);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& t : page->items) data.emplace_back(TransitionToJson(t));
  return JsonResponse(200, json::object{{"data", std::move(data)},
                                        {"next_cursor", page->next_cursor
                                                            ? json::value(*page->next_cursor)
                                                            : json::value(nullptr)}});
}

// Board column headers: live customers and their value per stage, with the list's filters.
Response StageCounts(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"owner_id", "source", "tag", "q"});
  domain::CustomerQuery query;
  ReadBoardFilters(q, query);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto counts = ctx.services.customers.StageCounts(actor, query);
  if (!counts) return ErrorResponse(counts.error());
  json::array data;
  std::int64_t total = 0;
  for (const auto& c : *counts) {
    data.emplace_back(json::object{{"stage", domain::StageName(c.stage)}, {"count", c.count},
                                   {"value_cents", c.value_cents}});
    total += c.count;
  }
  return JsonResponse(200, json::object{{"data", std::move(data)}, {"currency", ctx.services.currency}, {"total", total}});
}

// Bulk owner change: {"customer_ids": [...], "owner_id": "..."}; all or nothing.
Response Reassign(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  std::map<std::string, std::string> errors;
  FieldReader r(*body, "", errors);
  auto ids = ValueOf(r.IdList("customer_ids"));
  auto owner = ValueOf(r.IdField("owner_id"));
  r.RejectUnknown();
  if (!ids && !errors.contains("customer_ids") && !std::ranges::any_of(errors, [](const auto& e) {
        return e.first.starts_with("customer_ids[");
      }))
    errors["customer_ids"] = "required: an array of 1 to 500 customer ids";
  if (!owner && !errors.contains("owner_id")) errors["owner_id"] = "required: the id of an active user";
  if (!errors.empty()) return ErrorResponse(core::Error::Invalid(std::move(errors)));
  auto n = ctx.services.customers.Reassign(actor, *ids, *owner);
  if (!n) return ErrorResponse(n.error());
  return JsonResponse(200, json::object{{"reassigned", *n}, {"owner_id", core::FormatId(*owner)}});
}

}  // namespace

void RegisterCustomerRoutes(Router& router, ApiContext& ctx) {
  auto bind = [&ctx](ApiHandler fn) { return Authenticated(ctx, fn); };
  router.Add("POST", "/api/v1/customers", bind(Create));
  router.Add("GET", "/api/v1/customers", bind(List));
  router.Add("POST", "/api/v1/customers/reassign", bind(Reassign));
  router.Add("GET", "/api/v1/customers/stage-counts", bind(StageCounts));
  router.Add("GET", "/api/v1/customers/{id}", bind(Get));
  router.Add("PATCH", "/api/v1/customers/{id}", bind(Patch));
  router.Add("DELETE", "/api/v1/customers/{id}", bind(Archive));
  router.Add("POST", "/api/v1/customers/{id}/stage", bind(ChangeStage));
  router.Add("GET", "/api/v1/customers/{id}/history", bind(History));
  router.Add("GET", "/api/v1/customers/{id}/export", bind(Export));
  router.Add("POST", "/api/v1/customers/{id}/erase", bind(Erase));
}

}  // namespace rapport::http
