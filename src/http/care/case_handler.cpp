// /api/v1/cases: open, read, list, change (fields and status), assign with a reason, history;
// the deadline policy; the dashboard; and /api/v1/customers/{id}/care.
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

Response CaseReply(ApiContext& ctx, int status, const domain::Case& c) {
  return VersionedResponse(status, CaseToJson(c, ctx.services.clock.Now()), c.version, "/api/v1/cases/" + core::FormatId(c.id));
}

Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto c = ctx.services.cases.Create(actor, CaseInputFromJson(*body));
  if (!c) return ErrorResponse(c.error());
  return CaseReply(ctx, 201, *c);
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "case");
  if (!id) return ErrorResponse(id.error());
  auto c = ctx.services.cases.Get(actor, *id);
  if (!c) return ErrorResponse(c.error());
  return CaseReply(ctx, 200, *c);
}

Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"owner_id", "customer_id", "status", "severity", "limit", "cursor"});
  domain::CaseQuery query;
  if (auto v = q.Get("owner_id"); v && *v == "me") query.owner_id = actor.user_id;
  else query.owner_id = q.IdParam("owner_id");
  query.customer_id = q.IdParam("customer_id");
  if (auto v = q.Get("status")) {
    using F = domain::CaseStatusFilter;
    const std::pair<const char*, F> names[] = {{"any", F::kAny}, {"active", F::kActive}, {"open", F::kOpen},
                                               {"in_progress", F::kInProgress}, {"resolved", F::kResolved}, {"closed", F::kClosed}};
    bool known = false;
    for (const auto& [name, f] : names)
      if (*v == name) query.status = f, known = true;
    if (!known) q.Fail("status", "unknown status '" + *v + "': one of any, active, open, in_progress, resolved, closed");
  }
  if (auto v = q.Get("severity")) {
    if (auto s = domain::ParseCaseSeverity(*v)) query.severity = *s;
    else q.Fail("severity", "unknown severity '" + *v + "': one of low, normal, high, urgent");
  }
  query.limit = q.Limit(domain::kDefaultPageSize, domain::kMaxPageSize);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.cases.List(actor, query, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  const auto now = ctx.services.clock.Now();
  for (const auto& c : page->items) data.emplace_back(CaseToJson(c, now));
  return PageResponse(std::move(data), page->next_cursor);
}

Response Update(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "case");
  if (!id) return ErrorResponse(id.error());
  auto expected = ExpectedVersion(req);
  if (!expected) return ErrorResponse(expected.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto c = ctx.services.cases.Update(actor, *id, CaseInputFromJson(*body), *expected);
  if (!c) return ErrorResponse(c.error());
  return CaseReply(ctx, 200, *c);
}

Response Assign(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "case");
  if (!id) return ErrorResponse(id.error());
  auto expected = ExpectedVersion(req);
  if (!expected) return ErrorResponse(expected.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto in = AssignInputFromJson(*body);
  in.expected_version = *expected;
  auto c = ctx.services.cases.Assign(actor, *id, in);
  if (!c) return ErrorResponse(c.error());
  return CaseReply(ctx, 200, *c);
}

Response Events(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "case");
  if (!id) return ErrorResponse(id.error());
  auto events = ctx.services.cases.Events(actor, *id);
  if (!events) return ErrorResponse(events.error());
  json::array data;
  for (const auto& e : *events) data.emplace_back(CaseEventToJson(e));
  return PageResponse(std::move(data), std::nullopt);
}

Response GetPolicy(ApiContext& ctx, Request&, const Actor&) {
  auto p = ctx.services.cases.Policy();
  if (!p) return ErrorResponse(p.error());
  return JsonResponse(200, CasePolicyToJson(*p));
}

Response PutPolicy(ApiContext& ctx, Request& req, const Actor& actor) {
  // Reps are refused before the body is read (the rule is the service's).
  if (auto st = domain::CaseService::MayChangePolicy(actor); !st) return ErrorResponse(st.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto current = ctx.services.cases.Policy();
  if (!current) return ErrorResponse(current.error());
  std::map<std::string, std::string> errors;
  const auto policy = CasePolicyFromJson(*body, *current, errors);
  auto saved = ctx.services.cases.SetPolicy(actor, policy, std::move(errors));
  if (!saved) return ErrorResponse(saved.error());
  return JsonResponse(200, CasePolicyToJson(*saved));
}

Response Figures(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"from"});
  auto from = q.TimeParam("from");
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto since = from.value_or(core::Timestamp{ctx.services.clock.Now().ms - kDefaultFigureDays * core::kMsPerDay});
  auto d = ctx.services.cases.Dashboard(actor, since);
  if (!d) return ErrorResponse(d.error());
  return JsonResponse(200, CareDashboardToJson(*d));
}

Response CustomerCare(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  auto c = ctx.services.cases.ForCustomer(actor, *id);
  if (!c) return ErrorResponse(c.error());
  return JsonResponse(200, CustomerCareToJson(*c, ctx.services.clock.Now()));
}

}  // namespace

void RegisterCaseRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::care;  // NOLINT
  routes.Add("POST", "/api/v1/cases", Create,
             OpWithBody("Open a case. Deadlines come from the policy of its severity.", "CaseInput",
                        Responses({{"201", Ok("Case", "Opened.")}},
                                  {{"401", kAuth}, {"403", "A rep gave the case to someone other than themselves or the customer's owner."}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/cases", List,
             WithQuery(Op("Complaint cases you can see (of customers you see, or owned by you), newest first.",
                          Responses({{"200", Ok("CaseList", "A page.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {QueryParam("owner_id", Str(), "A user id, or `me`."), QueryParam("customer_id", Str(), ""),
                        QueryParam("status", Enum({"any", "active", "open", "in_progress", "resolved", "closed"}), "Default any; active: open or in progress."),
                        QueryParam("severity", Enum(Severities()), ""), Limit(), Cursor()}));
  routes.Add("GET", "/api/v1/cases/figures", Figures,
             WithQuery(Op("The care dashboard: open cases by severity and age; first-response and resolution times (median, p90), "
                          "breaches and transfers overall, per owner and per channel, for cases opened since `from`; promises per owner.",
                          Responses({{"200", Ok("CaseDashboard", "The figures.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       {QueryParam("from", Time(), "Start of the period (default 90 days ago).")}));
  routes.Add("GET", "/api/v1/cases/policy", GetPolicy,
             Op("Deadlines per severity.", Responses({{"200", Ok("CasePolicy", "The policy.")}}, {{"401", kAuth}})));
  routes.Add("PUT", "/api/v1/cases/policy", PutPolicy,
             OpWithBody("Change deadlines (managers and admins); severities left out keep theirs. Cases opened before keep their deadlines.",
                        "CasePolicy",
                        Responses({{"200", Ok("CasePolicy", "The policy now.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})));
  routes.PathParameters("/api/v1/cases/{id}", json::array{PathId("case")});
  routes.Add("GET", "/api/v1/cases/{id}", Get,
             Op("One case.", Responses({{"200", Ok("Case", "The case, with its ETag.")}}, {{"401", kAuth}, {"404", "No such case."}})));
  routes.Add("PATCH", "/api/v1/cases/{id}", Update,
             WithQuery(OpWithBody("Change a case, or move it through its statuses (resolving needs a resolution).", "CasePatch",
                                  Responses({{"200", Ok("Case", "Changed.")}},
                                            {{"401", kAuth}, {"404", "No such case."}, {"409", "A move the status machine refuses, or a closed case."},
                                             {"412", kStale}, {"422", kInvalid}})),
                       {IfMatch()}));
  routes.PathParameters("/api/v1/cases/{id}/assign", json::array{PathId("case")});
  routes.Add("POST", "/api/v1/cases/{id}/assign", Assign,
             WithQuery(OpWithBody("Give the case to another owner, with a reason (the owner, managers and admins). Counted as a transfer.",
                                  "CaseAssign",
                                  Responses({{"200", Ok("Case", "Reassigned.")}},
                                            {{"401", kAuth}, {"403", "Neither the owner nor a manager."}, {"404", "No such case."},
                                             {"409", "The case is closed."}, {"412", kStale}, {"422", kInvalid}})),
                       {IfMatch()}));
  routes.PathParameters("/api/v1/cases/{id}/events", json::array{PathId("case")});
  routes.Add("GET", "/api/v1/cases/{id}/events", Events,
             Op("The case's history, oldest first: opened, status moves, reopenings, transfers, first response.",
                Responses({{"200", Ok("CaseEvents", "Every event.")}}, {{"401", kAuth}, {"404", "No such case."}})));
  routes.PathParameters("/api/v1/customers/{id}/care", json::array{PathId("customer")});
  routes.Add("GET", "/api/v1/customers/{id}/care", CustomerCare,
             Op("Care for one customer: live cases, transfers, latest NPS, promises (open, kept, broken).",
                Responses({{"200", Ok("CustomerCare", "The summary.")}}, {{"401", kAuth}, {"404", "No such customer."}})));
}

}  // namespace rapport::http
