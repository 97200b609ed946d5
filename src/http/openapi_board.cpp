// OpenAPI description of the routes the web app's board and Economics screens read (issue 9):
// bulk reassign, per-stage counts, the lifecycle funnel and the probability-alive distribution.
#include "http/openapi_util.hpp"

namespace rapport::http::openapi {
namespace {

using namespace shapes;

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";

json::object NullInt(std::string_view description = "") {
  json::object o{{"type", json::array{"integer", "null"}}};
  if (!description.empty()) o["description"] = description;
  return o;
}
json::object NullNum(std::string_view description = "") {
  json::object o{{"type", json::array{"number", "null"}}};
  if (!description.empty()) o["description"] = description;
  return o;
}

}  // namespace

json::object BoardSchemas() {
  return {
      {"ReassignRequest",
       Object({{"customer_ids", {{"type", "array"}, {"items", Str()}, {"minItems", 1}, {"maxItems", 500},
                                 {"description", "1 to 500 distinct customer ids."}}},
               {"owner_id", Str("The active user who takes the customers over.")}},
              {"customer_ids", "owner_id"})},
      {"ReassignResult", Object({{"reassigned", Int()}, {"owner_id", Str()}})},
      {"StageCounts",
       Object({{"data", ArrayOf(Object({{"stage", Str()}, {"count", Int()},
                                        {"value_cents", Int("Sum of the customers' historical_value_cents (what a card shows).")}}))},
               {"currency", Str()}, {"total", Int()}})},
      {"EconomicsFunnel",
       Object({{"from", Time()}, {"to", Time()},
               {"stages", ArrayOf(Object({{"stage", Str()}, {"reached", Int("Customers who entered the stage in the period.")},
                                          {"conversion", NullNum("reached ÷ the previous stage's reached; null for contact or when that is 0.")},
                                          {"median_days_in_stage", NullNum("Of the stays in the stage that ended in the period's entries; null when none ended.")}}))},
               {"reasons", {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}}})},
      {"EconomicsPAlive",
       Object({{"bins", ArrayOf(Object({{"from", {{"type", "number"}}}, {"to", {{"type", "number"}}}, {"count", Int()}}))},
               {"scored", Int()}, {"unscored", Int("Customers with no stored score.")},
               {"model", Nullable("string")}, {"version", NullInt("The scoring run.")}, {"fitted_at", NullableTime()},
               {"reasons", {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}}})},
  };
}

json::object BoardPaths() {
  return {
      {"/api/v1/customers/reassign",
       {{"post", OpWithBody("Give many customers to one owner, all or nothing (managers and admins). Each change is audited "
                            "as a single owner change (customer.reassign).",
                            "ReassignRequest",
                            Responses({{"200", Ok("ReassignResult", "Every customer now belongs to owner_id.")}},
                                      {{"401", kAuth}, {"403", kManagers},
                                       {"422", "customer_ids[i] unknown, archived or repeated, or owner_id not an active user; nothing changed."}}))}}},
      {"/api/v1/customers/stage-counts",
       {{"get", WithQuery(Op("Customers and their value per lifecycle stage (every stage, zeros included), with the list's "
                             "filters and scope: reps count their own and their team's customers.",
                             Responses({{"200", Ok("StageCounts", "One row per stage.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {QueryParam("owner_id", Str(), "Only this owner's customers."),
                           QueryParam("source", Str(), "Only this acquisition source (exact)."),
                           QueryParam("tag", Str(), "Only customers with this tag."),
                           QueryParam("q", Str(), "Case-insensitive fragment of name, email or phone.")})}}},
      {"/api/v1/economics/funnel",
       {{"get", WithQuery(Op("The lifecycle funnel contact → romance: customers who reached each stage in the period, "
                             "conversion from the previous stage and median days spent in the stage (from the stage history).",
                             Responses({{"200", Ok("EconomicsFunnel", "One row per stage.")}},
                                       {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})),
                          {QueryParam("from", Time(), "Start (inclusive); default 12 months before `to`."),
                           QueryParam("to", Time(), "End (exclusive); default now.")})}}},
      {"/api/v1/economics/p-alive",
       {{"get", Op("Distribution of the latest probability-alive scores in 10 bins of 0.1, the customers not scored, and the model.",
                   Responses({{"200", Ok("EconomicsPAlive", "The histogram.")}}, {{"401", kAuth}, {"403", kManagers}}))}}},
  };
}

}  // namespace rapport::http::openapi
