// OpenAPI description of customer economics: acquisition spend and CAC, a customer's value, and
// the portfolio (summary, cohorts, what-if).
#include "http/economics/openapi_economics.hpp"

namespace rapport::http::openapi {
using namespace economics;  // NOLINT: the economics building blocks

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

}  // namespace rapport::http::openapi
