// OpenAPI description of customer economics: acquisition spend and CAC, a customer's value, and
// the portfolio (summary, cohorts, what-if).
#include "http/openapi_util.hpp"

namespace rapport::http::openapi {
namespace {

using namespace shapes;

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";

json::object Num(std::string_view description = "") {
  json::object o{{"type", json::array{"number", "null"}}};
  if (!description.empty()) o["description"] = description;
  return o;
}
json::object NullInt(std::string_view description = "") {
  json::object o{{"type", json::array{"integer", "null"}}};
  if (!description.empty()) o["description"] = description;
  return o;
}
json::object Reasons() {
  return {{"type", "object"}, {"additionalProperties", {{"type", "string"}}},
          {"description", "For each figure that is null: why (no orders, no model fitted yet, too little data...)."}};
}
json::object Figures() {
  return Object({{"customers", Int()}, {"customers_with_cost", Int()},
                 {"cac_cents", NullInt("Acquisition cost per customer with one (their own, or spend ÷ customers acquired).")},
                 {"ltv_cents", NullInt("Historical margin + predicted CLV (12 months), per buying customer.")},
                 {"ltv_to_cac", Num()}, {"median_months_to_break_even", Num("Of the customers who broke even.")},
                 {"broke_even", Int()}, {"not_yet_broke_even", Int()}, {"reasons", Reasons()}});
}

}  // namespace

json::object EconomicsSchemas() {
  json::object model = Object({{"model", Nullable("string", "bgnbd or pareto-nbd; null when nothing could be fitted.")},
                               {"version", Int("The scoring run.")}, {"fitted_at", Time()},
                               {"fits", ArrayOf(Object({{"model", Str()}, {"params", {{"type", json::array{"object", "null"}}}},
                                                        {"log_likelihood", Num()}, {"customers", Int()},
                                                        {"distinct_groups", Int()}, {"seconds", {{"type", "number"}}},
                                                        {"reason", Nullable("string")}}))}});
  json::object spend = Object({{"source", Str()}, {"period", Str("YYYY-MM")}, {"amount_cents", Int()}, {"currency", Str()},
                               {"customers_acquired", Int("Customers of the source created in the period.")},
                               {"cac_cents", NullInt("amount ÷ customers acquired; null when none were.")},
                               {"updated_at", Time()}});
  json::object by_source = Figures();
  by_source["properties"].as_object()["source"] = Nullable("string");
  json::object by_cohort = Figures();
  by_cohort["properties"].as_object()["cohort"] = Str("First-order month, YYYY-MM.");
  return {
      {"AcquisitionSpend", spend},
      {"AcquisitionSpendList", Object({{"data", ArrayOf(Ref("AcquisitionSpend"))}})},
      {"AcquisitionSpendInput", Object({{"source", Str()}, {"period", Str("YYYY-MM")}, {"amount_cents", Int("0 or more.")}},
                                       {"source", "period", "amount_cents"})},
      {"EconomicsModel", model},
      {"CustomerValue",
       Object({{"customer_id", Str()}, {"currency", Str()}, {"acquisition_cost_cents", NullInt()},
               {"acquisition_cost_basis", Nullable("string", "customer (their own) or allocated (from spend).")},
               {"acquisition_month", Str()},
               {"cumulative_margin", ArrayOf(Object({{"month", Str()}, {"margin_cents", Int()}, {"cumulative_margin_cents", Int()}}))},
               {"break_even_month", Nullable("string", "First month the cumulative margin reached the acquisition cost.")},
               {"projected_break_even_month", Nullable("string", "When not yet: the month the model's expected margin gets there.")},
               {"historical_value_cents", Int()}, {"historical_margin_cents", Int()},
               {"predicted_clv_cents", NullInt("Margin expected over the next 12 months, discounted.")},
               {"p_alive", Num()}, {"previous_p_alive", Num()}, {"expected_purchases_90d", Num()},
               {"scored_at", NullableTime()}, {"model", {{"oneOf", json::array{Ref("EconomicsModel"), {{"type", "null"}}}}}},
               {"reasons", Reasons()}})},
      {"EconomicsSummary",
       Object({{"currency", Str()}, {"overall", Figures()}, {"by_source", ArrayOf(by_source)}, {"by_cohort", ArrayOf(by_cohort)},
               {"model", {{"oneOf", json::array{Ref("EconomicsModel"), {{"type", "null"}}}}}}, {"reasons", Reasons()}})},
      {"EconomicsCohorts",
       Object({{"currency", Str()},
               {"cohorts", ArrayOf(Object({{"cohort", Str()}, {"customers", Int()}, {"margin_cents", Int()},
                                           {"retention", ArrayOf({{"type", "number"}})}}))},
               {"reasons", Reasons()}})},
      {"EconomicsWhatIf",
       Object({{"currency", Str()}, {"retention_uplift", {{"type", "number"}}}, {"horizon_months", Int()},
               {"customers_expected_lost", Num()}, {"customers_kept", Num()}, {"value_cents", NullInt()},
               {"model", {{"oneOf", json::array{Ref("EconomicsModel"), {{"type", "null"}}}}}},
               {"assumptions", ArrayOf(Str())}, {"reasons", Reasons()}})},
  };
}

json::object EconomicsPaths() {
  return {
      {"/api/v1/acquisition-spend",
       {{"get", Op("Acquisition spend per source and month, with the customers acquired then and the CAC.",
                   Responses({{"200", Ok("AcquisitionSpendList", "Every entry.")}}, {{"401", kAuth}}))},
        {"post", OpWithBody("Enter the spend of a source in a month (replaces an existing entry).", "AcquisitionSpendInput",
                            Responses({{"201", Ok("AcquisitionSpend", "Entered.")}, {"200", Ok("AcquisitionSpend", "Replaced.")}},
                                      {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}}))},
        {"put", OpWithBody("Create or replace the spend of a source in a month.", "AcquisitionSpendInput",
                           Responses({{"200", Ok("AcquisitionSpend", "Stored.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}}))}}},
      {"/api/v1/customers/{id}/value",
       {{"parameters", json::array{PathId("customer")}},
        {"get", Op("A customer's economics: acquisition cost, cumulative margin by month, break-even month, historical "
                   "and predicted value, probability alive, purchases expected in 90 days. Missing figures are null "
                   "with a reason.",
                   Responses({{"200", Ok("CustomerValue", "The figures.")}}, {{"401", kAuth}, {"404", "No such customer."}}))}}},
      {"/api/v1/economics/summary",
       {{"get", Op("CAC, LTV, LTV:CAC and median months to break even: overall, by source and by first-order cohort.",
                   Responses({{"200", Ok("EconomicsSummary", "The figures.")}}, {{"401", kAuth}, {"403", kManagers}}))}}},
      {"/api/v1/economics/cohorts",
       {{"get", Op("Retention by first-order month: the share of each cohort buying in each later month, and its margin.",
                   Responses({{"200", Ok("EconomicsCohorts", "The matrix.")}}, {{"401", kAuth}, {"403", kManagers}}))}}},
      {"/api/v1/economics/what-if",
       {{"get", WithQuery(Op("What keeping a share more of the customers who would be lost is worth in margin, from the fitted model.",
                             Responses({{"200", Ok("EconomicsWhatIf", "The value and its assumptions.")}},
                                       {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})),
                          {QueryParam("retention_uplift", {{"type", "number"}}, "Required: 0 < x <= 1 (0.05 = 5%)."),
                           QueryParam("horizon_months", Int(), "1 to 120, default 12.")})}}},
  };
}

}  // namespace rapport::http::openapi
