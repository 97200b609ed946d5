// OpenAPI description of the routes the web app's board and Economics screens read (issue 9):
// bulk reassign, per-stage counts, the lifecycle funnel and the probability-alive distribution.
#include "http/economics/openapi_board.hpp"

namespace rapport::http::openapi {
using namespace board;  // NOLINT: the board building blocks

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

}  // namespace rapport::http::openapi
