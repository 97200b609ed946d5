// /api/v1/customers: decode the request, call CustomerService, encode the answer.
#include "http/account/openapi_accounts.hpp"
#include "http/economics/openapi_board.hpp"
#include "http/customer/openapi_customer.hpp"
#include "http/customer/customer_handler.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "core/text.hpp"
#include "http/account/account_handlers.hpp"
#include "http/account/account_json.hpp"
#include "http/auth.hpp"
#include "http/care/care_json.hpp"
#include "http/commerce/commerce_json.hpp"
#include "http/customer/customer_json.hpp"
#include "http/romance/romance_json.hpp"
#include "http/relationship/relationship_json.hpp"
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

void RegisterCustomerRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::customer;  // NOLINT
  json::array sorts;
  for (const auto& s : domain::CustomerSortNames()) sorts.emplace_back(s);
  json::object list_responses{{"200", JsonBody(Ref("CustomerList"), "A page of customers.")}};
  AddCommonErrors(list_responses, false, false);
  json::object create_responses{{"201", JsonBody(Ref("Customer"), "The created customer.")}};
  AddCommonErrors(create_responses, true, false);
  json::object get_responses{{"200", JsonBody(Ref("Customer"), "The customer (archived ones too).")}};
  AddCommonErrors(get_responses, false, true);
  json::object patch_responses{{"200", JsonBody(Ref("Customer"), "The updated customer.")}};
  AddCommonErrors(patch_responses, true, true);
  patch_responses["409"] = ErrorResponseRef("The customer is archived.");
  patch_responses["412"] = ErrorResponseRef("If-Match names an older version.");
  json::object delete_responses{{"204", {{"description", "Archived."}}}};
  AddCommonErrors(delete_responses, false, true);
  json::object stage_responses{{"200", JsonBody(Ref("StageChangeResult"), "The customer and the transitions recorded.")}};
  AddCommonErrors(stage_responses, true, true);
  stage_responses["409"] = ErrorResponseRef("Illegal move; the message lists the allowed moves.");
  json::object history_responses{{"200", JsonBody(Ref("HistoryList"), "Transitions, oldest first.")}};
  AddCommonErrors(history_responses, false, true);
  json::object request_body{{"required", true},
                            {"content", {{"application/json", {{"schema", Ref("CustomerInput")}}}}}};
  json::object if_match{{"name", "If-Match"}, {"in", "header"}, {"required", false},
                        {"schema", Str()},
                        {"description", "An ETag from a previous response; 412 if stale."}};
  json::object limit_param = QueryParam("limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", domain::kMaxPageSize}, {"default", domain::kDefaultPageSize}},
                                        "Page size; out of range is a 422, never clamped.");
  json::object cursor_param = QueryParam("cursor", Str(), "next_cursor of the previous page.");
  routes.Add("POST", "/api/v1/customers", Create,
             {{"summary", "Create a customer (starts in stage contact; owner defaults to the caller)."},
              {"requestBody", request_body},
              {"responses", create_responses}});
  routes.Add("GET", "/api/v1/customers", List,
             {{"summary", "List customers (filters, sort, cursor pagination)."},
              {"parameters",
               json::array{
                   QueryParam("stage", {{"type", "string"}, {"enum", StageEnum()}}, "Only this stage."),
                   QueryParam("owner_id", Str(), "Only this owner's customers."),
                   QueryParam("source", Str(), "Only this acquisition source (exact)."),
                   QueryParam("tag", Str(), "Only customers with this tag."),
                   QueryParam("kind", {{"type", "string"}, {"enum", json::array{"person", "company"}}}, "person or company."),
                   QueryParam("company_id", Str(), "Only the people of this company."),
                   QueryParam("q", Str(), "Case-insensitive (Unicode) fragment of name, email or phone."),
                   QueryParam("include_archived", {{"type", "boolean"}}, "Include archived customers."),
                   QueryParam("include", {{"type", "string"}, {"enum", json::array{"value"}}},
                              "value: each row also carries historical_value_cents (net amount bought) and predicted_clv_cents "
                              "from the latest scoring run (null when never scored), as the board's cards show them."),
                   QueryParam("sort", {{"type", "string"}, {"enum", sorts}, {"default", "-created_at"}}, "Sort order; '-' for descending."),
                   limit_param, cursor_param}},
              {"responses", list_responses}});
  routes.Add("POST", "/api/v1/customers/reassign", Reassign,
             [] { using namespace openapi::board; return OpWithBody("Give many customers to one owner, all or nothing (managers and admins). Each change is audited "
                        "as a single owner change (customer.reassign).",
                        "ReassignRequest",
                        Responses({{"200", Ok("ReassignResult", "Every customer now belongs to owner_id.")}},
                                  {{"401", kAuth}, {"403", kManagers},
                                   {"422", "customer_ids[i] unknown, archived or repeated, or owner_id not an active user; nothing changed."}})); }());
  routes.Add("GET", "/api/v1/customers/stage-counts", StageCounts,
             [] { using namespace openapi::board; return WithQuery(Op("Customers and their value per lifecycle stage (every stage, zeros included), with the list's "
                          "filters and scope: reps count their own and their team's customers.",
                          Responses({{"200", Ok("StageCounts", "One row per stage.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {QueryParam("owner_id", Str(), "Only this owner's customers."),
                        QueryParam("source", Str(), "Only this acquisition source (exact)."),
                        QueryParam("tag", Str(), "Only customers with this tag."),
                        QueryParam("q", Str(), "Case-insensitive fragment of name, email or phone.")}); }());
  routes.PathParameters("/api/v1/customers/{id}", json::array{IdParam()});
  routes.Add("GET", "/api/v1/customers/{id}", Get,
             {{"summary", "One customer."}, {"responses", get_responses}});
  routes.Add("PATCH", "/api/v1/customers/{id}", Patch,
             {{"summary", "Partial update."},
              {"parameters", json::array{if_match}},
              {"requestBody", request_body},
              {"responses", patch_responses}});
  routes.Add("DELETE", "/api/v1/customers/{id}", Archive,
             {{"summary", "Archive: hidden from lists, kept for history."}, {"responses", delete_responses}});
  routes.PathParameters("/api/v1/customers/{id}/stage", json::array{IdParam()});
  routes.Add("POST", "/api/v1/customers/{id}/stage", ChangeStage,
             {{"summary", "Move through the lifecycle. Forward moves record every stage passed."},
              {"requestBody", {{"required", true}, {"content", {{"application/json", {{"schema", Ref("StageChange")}}}}}}},
              {"responses", stage_responses}});
  routes.PathParameters("/api/v1/customers/{id}/history", json::array{IdParam()});
  routes.Add("GET", "/api/v1/customers/{id}/history", History,
             {{"summary", "Every recorded stage transition, oldest first."},
              {"parameters", json::array{QueryParam("limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 100}}, "Page size."), cursor_param}},
              {"responses", history_responses}});
  routes.PathParameters("/api/v1/customers/{id}/export", [] { using namespace openapi::accounts; return json::array{PathId("customer")}; }());
  routes.Add("GET", "/api/v1/customers/{id}/export", Export,
             [] { using namespace openapi::accounts; return Op("Everything stored about the customer, as one JSON document.",
                Responses({{"200", JsonBody(Ref("CustomerExport"), "The export.")}}, {{"401", kAuth}, {"404", "No such customer (or not yours)."}})); }());
  routes.PathParameters("/api/v1/customers/{id}/erase", [] { using namespace openapi::accounts; return json::array{PathId("customer")}; }());
  routes.Add("POST", "/api/v1/customers/{id}/erase", Erase,
             [] { using namespace openapi::accounts; return Op("Erase the customer's personal data everywhere, keeping anonymous figures (admins).",
                Responses({{"200", JsonBody(Ref("Customer"), "The erased customer.")}},
                          {{"401", kAuth}, {"403", "Only admins erase."}, {"404", "No such customer."}})); }());
}

}  // namespace rapport::http
