// Customer economics over HTTP: /api/v1/acquisition-spend (spend per source and month, with the
// CAC it gives), /api/v1/customers/{id}/value, and the portfolio under /api/v1/economics
// (summary, cohorts, what-if). Decode, call domain::EconomicsService, encode.
#include <boost/json.hpp>
#include <cmath>

#include "domain/economics/economics_service.hpp"
#include "http/economics/openapi_economics.hpp"
#include "http/economics/economics_handlers.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

template <typename T>
json::value Opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  return json::value_from(*v);
}

json::object ReasonsJson(const domain::Reasons& reasons) {
  json::object o;
  for (const auto& [k, v] : reasons) o[k] = v;
  return o;
}

json::value ModelJson(const std::optional<domain::ModelInfo>& m) {
  if (!m) return nullptr;
  json::array fits;
  for (const auto& f : m->fits) {
    json::object o{{"model", f.model},
                   {"params", f.params ? json::parse(*f.params) : json::value(nullptr)},
                   {"log_likelihood", Opt(f.log_likelihood)},
                   {"customers", f.customers},
                   {"distinct_groups", f.distinct_triples},
                   {"seconds", f.seconds},
                   {"reason", Opt(f.reason)}};
    fits.push_back(std::move(o));
  }
  return json::object{{"model", m->model.empty() ? json::value(nullptr) : json::value(m->model)},
                      {"version", m->version},
                      {"fitted_at", core::FormatIso8601(m->fitted_at)},
                      {"fits", std::move(fits)}};
}

json::object SpendJson(const domain::SpendEntry& e, const std::string& currency) {
  return {{"source", e.spend.source},
          {"period", e.spend.period},
          {"amount_cents", e.spend.amount_cents},
          {"currency", currency},
          {"customers_acquired", e.customers_acquired},
          {"cac_cents", Opt(e.cac_cents)},
          {"updated_at", core::FormatIso8601(e.spend.updated_at)}};
}

json::object FiguresJson(const domain::PortfolioFigures& f) {
  return {{"customers", f.customers},
          {"customers_with_cost", f.customers_with_cost},
          {"cac_cents", Opt(f.cac_cents)},
          {"ltv_cents", Opt(f.ltv_cents)},
          {"ltv_to_cac", Opt(f.ltv_to_cac)},
          {"median_months_to_break_even", Opt(f.median_months_to_break_even)},
          {"broke_even", f.broke_even},
          {"not_yet_broke_even", f.not_yet},
          {"reasons", ReasonsJson(f.reasons)}};
}

Response ListSpend(ApiContext& ctx, Request&, const Actor& actor) {
  auto list = ctx.services.economics.ListSpend(actor);
  if (!list) return ErrorResponse(list.error());
  json::array data;
  for (const auto& e : *list) data.push_back(SpendJson(e, ctx.services.currency));
  return JsonResponse(200, json::object{{"data", std::move(data)}});
}

Response PutSpend(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  std::map<std::string, std::string> errors;
  FieldReader r(*body, "", errors);
  domain::SpendInput in;
  auto source = r.String("source");
  auto period = r.String("period");
  auto amount = r.Integer("amount_cents");
  r.RejectUnknown();
  if (source && *source) in.source = **source;
  if (period && *period) in.period = **period;
  if (amount && *amount) in.amount_cents = **amount;
  if (!errors.empty()) {
    // Report the missing ones too, so one answer names every bad field.
    if (!in.source && !errors.contains("source")) errors["source"] = "required";
    if (!in.period && !errors.contains("period")) errors["period"] = "required";
    if (!in.amount_cents && !errors.contains("amount_cents")) errors["amount_cents"] = "required";
    // A rep hears 403 rather than which fields are bad (the rule is the service's).
    if (auto st = domain::EconomicsService::MayEnterSpend(actor); !st) return ErrorResponse(st.error());
    return ErrorResponse(core::Error::Invalid(std::move(errors)));
  }
  auto put = ctx.services.economics.PutSpend(actor, in);
  if (!put) return ErrorResponse(put.error());
  return JsonResponse(put->second && req.method == "POST" ? 201 : 200, SpendJson(put->first, ctx.services.currency));
}

Response Value(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "customer");
  if (!id) return ErrorResponse(id.error());
  auto v = ctx.services.economics.Value(actor, *id);
  if (!v) return ErrorResponse(v.error());
  json::array months;
  for (const auto& m : v->months)
    months.push_back(json::object{{"month", m.month}, {"margin_cents", m.margin_cents},
                                  {"cumulative_margin_cents", m.cumulative_margin_cents}});
  return JsonResponse(
      200, json::object{{"customer_id", core::FormatId(v->customer_id)},
                        {"currency", ctx.services.currency},
                        {"acquisition_cost_cents", Opt(v->acquisition_cost_cents)},
                        {"acquisition_cost_basis", v->acquisition_cost_basis.empty() ? json::value(nullptr)
                                                                                      : json::value(v->acquisition_cost_basis)},
                        {"acquisition_month", v->acquisition_month},
                        {"cumulative_margin", std::move(months)},
                        {"break_even_month", Opt(v->break_even_month)},
                        {"projected_break_even_month", Opt(v->projected_break_even_month)},
                        {"historical_value_cents", v->historical_value_cents},
                        {"historical_margin_cents", v->historical_margin_cents},
                        {"predicted_clv_cents", Opt(v->predicted_clv_cents)},
                        {"p_alive", Opt(v->p_alive)},
                        {"previous_p_alive", Opt(v->previous_p_alive)},
                        {"expected_purchases_90d", Opt(v->expected_purchases_90d)},
                        {"scored_at", v->scored_at ? json::value(core::FormatIso8601(*v->scored_at)) : json::value(nullptr)},
                        {"model", ModelJson(v->model)},
                        {"reasons", ReasonsJson(v->reasons)}});
}

Response Summary(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {});
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto s = ctx.services.economics.Summary(actor);
  if (!s) return ErrorResponse(s.error());
  json::array sources, cohorts;
  for (const auto& [k, f] : s->by_source) {
    auto o = FiguresJson(f);
    o["source"] = k.empty() ? json::value(nullptr) : json::value(k);
    sources.push_back(std::move(o));
  }
  for (const auto& [k, f] : s->by_cohort) {
    auto o = FiguresJson(f);
    o["cohort"] = k;
    cohorts.push_back(std::move(o));
  }
  return JsonResponse(200, json::object{{"currency", ctx.services.currency},
                                        {"overall", FiguresJson(s->overall)},
                                        {"by_source", std::move(sources)},
                                        {"by_cohort", std::move(cohorts)},
                                        {"model", ModelJson(s->model)},
                                        {"reasons", ReasonsJson(s->reasons)}});
}

Response CohortTable(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {});
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto c = ctx.services.economics.CohortTable(actor);
  if (!c) return ErrorResponse(c.error());
  json::array rows;
  for (const auto& r : c->rows) {
    json::array retention;
    for (double x : r.retention) retention.push_back(std::round(x * 10000) / 10000);
    rows.push_back(json::object{{"cohort", r.cohort}, {"customers", r.customers}, {"margin_cents", r.margin_cents},
                                {"retention", std::move(retention)}});
  }
  return JsonResponse(200, json::object{{"currency", ctx.services.currency}, {"cohorts", std::move(rows)},
                                        {"reasons", ReasonsJson(c->reasons)}});
}

Response WhatIf(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"retention_uplift", "horizon_months"});
  double uplift = 0;
  if (auto v = q.Get("retention_uplift")) {
    char* end = nullptr;
    uplift = std::strtod(v->c_str(), &end);
    if (v->empty() || end != v->c_str() + v->size() || !std::isfinite(uplift) || uplift <= 0 || uplift > 1) {
      q.Fail("retention_uplift", "a share in (0, 1], e.g. 0.05");
      uplift = 0;
    }
  } else {
    q.Fail("retention_uplift", "required: a share in (0, 1], e.g. 0.05");
  }
  const int horizon = q.IntParam("horizon_months", 12, 1, 120);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto w = ctx.services.economics.WhatIfRetention(actor, uplift, horizon);
  if (!w) return ErrorResponse(w.error());
  json::array assumptions;
  for (const auto& a : w->assumptions) assumptions.push_back(json::value(a));
  return JsonResponse(200, json::object{{"currency", ctx.services.currency},
                                        {"retention_uplift", w->retention_uplift},
                                        {"horizon_months", w->horizon_months},
                                        {"customers_expected_lost", Opt(w->customers_expected_lost)},
                                        {"customers_kept", Opt(w->customers_kept)},
                                        {"value_cents", Opt(w->value_cents)},
                                        {"model", ModelJson(w->model)},
                                        {"assumptions", std::move(assumptions)},
                                        {"reasons", ReasonsJson(w->reasons)}});
}

}  // namespace

void RegisterEconomicsRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::economics;  // NOLINT
  routes.Add("GET", "/api/v1/acquisition-spend", ListSpend,
             Op("Acquisition spend per source and month, with the customers acquired then and the CAC.",
                Responses({{"200", Ok("AcquisitionSpendList", "Every entry.")}}, {{"401", kAuth}})));
  routes.Add("POST", "/api/v1/acquisition-spend", PutSpend,
             OpWithBody("Enter the spend of a source in a month (replaces an existing entry).", "AcquisitionSpendInput",
                        Responses({{"201", Ok("AcquisitionSpend", "Entered.")}, {"200", Ok("AcquisitionSpend", "Replaced.")}},
                                  {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})));
  routes.Add("PUT", "/api/v1/acquisition-spend", PutSpend,
             OpWithBody("Create or replace the spend of a source in a month.", "AcquisitionSpendInput",
                        Responses({{"200", Ok("AcquisitionSpend", "Stored.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})));
  routes.PathParameters("/api/v1/customers/{id}/value", json::array{PathId("customer")});
  routes.Add("GET", "/api/v1/customers/{id}/value", Value,
             Op("A customer's economics: acquisition cost, cumulative margin by month, break-even month, historical "
                "and predicted value, probability alive, purchases expected in 90 days. Missing figures are null "
                "with a reason.",
                Responses({{"200", Ok("CustomerValue", "The figures.")}}, {{"401", kAuth}, {"404", "No such customer."}})));
  routes.Add("GET", "/api/v1/economics/summary", Summary,
             Op("CAC, LTV, LTV:CAC and median months to break even: overall, by source and by first-order cohort.",
                Responses({{"200", Ok("EconomicsSummary", "The figures.")}}, {{"401", kAuth}, {"403", kManagers}})));
  routes.Add("GET", "/api/v1/economics/cohorts", CohortTable,
             Op("Retention by first-order month: the share of each cohort buying in each later month, and its margin.",
                Responses({{"200", Ok("EconomicsCohorts", "The matrix.")}}, {{"401", kAuth}, {"403", kManagers}})));
  routes.Add("GET", "/api/v1/economics/what-if", WhatIf,
             WithQuery(Op("What keeping a share more of the customers who would be lost is worth in margin, from the fitted model.",
                          Responses({{"200", Ok("EconomicsWhatIf", "The value and its assumptions.")}},
                                    {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})),
                       {QueryParam("retention_uplift", {{"type", "number"}}, "Required: 0 < x <= 1 (0.05 = 5%)."),
                        QueryParam("horizon_months", Int(), "1 to 120, default 12.")}));
}

}  // namespace rapport::http
