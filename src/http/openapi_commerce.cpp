// OpenAPI description of the commerce routes: products, deals and the pipeline, orders, loyalty.
#include "http/openapi_util.hpp"

namespace rapport::http::openapi {
namespace {

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";

json::object Int(std::string_view description = "") {
  json::object o{{"type", "integer"}};
  if (!description.empty()) o["description"] = description;
  return o;
}
json::object Bool() { return {{"type", "boolean"}}; }
json::object Date() { return {{"type", json::array{"string", "null"}}, {"format", "date"}}; }
json::object ArrayOf(json::object item) { return {{"type", "array"}, {"items", std::move(item)}}; }
json::object Enum(json::array values) { return {{"type", "string"}, {"enum", std::move(values)}}; }

json::object Ok(std::string_view schema, std::string_view description) { return JsonBody(Ref(schema), description); }

json::array Params(std::initializer_list<json::object> params) {
  json::array a;
  for (const auto& p : params) a.push_back(p);
  return a;
}

json::object WithQuery(json::object op, json::array params) {
  op["parameters"] = std::move(params);
  return op;
}

json::object Limit() { return QueryParam("limit", Int(), "Page size, 1 to 500 (default 50)."); }
json::object Cursor() { return QueryParam("cursor", Str(), "next_cursor of the previous page."); }

}  // namespace

json::object CommerceSchemas() {
  const json::object deal_stage = Enum({"proposal", "negotiation", "won", "lost"});
  const json::object order_status = Enum({"placed", "partially_refunded", "refunded", "cancelled"});
  const json::object line = Object({{"product_id", Str()}, {"quantity", Int()}, {"unit_price_cents", Int()},
                                    {"margin_cents", Int("Gross profit of the line (orders).")},
                                    {"amount_cents", Int("quantity × unit price (read-only).")}});
  const json::object tier = Object({{"name", Str()}, {"min_orders", Int("Orders within the window needed.")}});
  const json::object ledger = Object({{"id", Str()}, {"at", Time()},
                                      {"kind", Enum({"earned", "redeemed", "expired", "adjusted"})},
                                      {"points", Int("Signed: earned > 0, redeemed and expired < 0.")},
                                      {"order_id", Nullable("string")}, {"reason", Nullable("string")},
                                      {"by", Nullable("string")}});
  return {
      {"Product", Object({{"id", Str()}, {"name", Str()}, {"sku", Str("Unique, ignoring case.")},
                          {"price_cents", Int()}, {"margin_cents", Int("Gross profit per unit at list price.")},
                          {"currency", Str()}, {"active", Bool()},
                          {"complements", ArrayOf(Str())},
                          {"limits", {{"type", "object"}, {"additionalProperties", {{"type", "number"}}},
                                      {"description", "Plan limit per usage metric, e.g. {\"seats\": 25}."}}},
                          {"created_at", Time()}, {"updated_at", Time()}, {"version", Int()}})},
      {"ProductInput", Object({{"name", Str()}, {"sku", Str()}, {"price_cents", Int()}, {"margin_cents", Int()},
                               {"active", Bool()}, {"complements", ArrayOf(Str())},
                               {"limits", {{"type", "object"}, {"additionalProperties", {{"type", "number"}}}}}},
                              {"name", "sku", "price_cents"})},
      {"ProductList", ListOf("Product")},
      {"Deal", Object({{"id", Str()}, {"customer_id", Str()}, {"owner_id", Str()}, {"title", Str()},
                       {"amount_cents", Int("The lines' sum when the deal has lines.")},
                       {"margin_cents", Nullable("integer")}, {"currency", Str()},
                       {"expected_close_date", Date()}, {"stage", deal_stage},
                       {"probability_percent", Int("Chance of winning in this stage (weighted pipeline).")},
                       {"lines", ArrayOf(line)}, {"lost_reason", Nullable("string")},
                       {"competitor", Nullable("string")}, {"order_id", Nullable("string", "The order winning created.")},
                       {"created_at", Time()}, {"updated_at", Time()}, {"stage_changed_at", Time()},
                       {"closed_at", NullableTime()}, {"version", Int()}})},
      {"DealInput", Object({{"customer_id", Str("Required on create; cannot change.")}, {"owner_id", Str()},
                            {"title", Str()}, {"amount_cents", Int("Required when there are no lines.")},
                            {"margin_cents", Nullable("integer")}, {"expected_close_date", Date()},
                            {"lines", ArrayOf(Object({{"product_id", Str()}, {"quantity", Int()}, {"unit_price_cents", Int("Defaults to the product's price.")}}))},
                            {"competitor", Nullable("string")}})},
      {"DealList", ListOf("Deal")},
      {"DealStageChange", Object({{"stage", deal_stage}, {"lost_reason", Str("Required for lost.")},
                                  {"competitor", Str("Who won instead (lost only).")}},
                                 {"stage"})},
      {"DealStageResult", Object({{"deal", Ref("Deal")},
                                  {"order", {{"oneOf", json::array{Ref("Order"), {{"type", "null"}}}}, {"description", "Won: the order created."}}},
                                  {"customer", {{"oneOf", json::array{Ref("Customer"), {{"type", "null"}}}}}},
                                  {"suggestion", {{"type", json::array{"object", "null"}},
                                                  {"description", "Lost the customer's only open deal before order: the request that would mark the customer lost (not made)."}}}})},
      {"Pipeline", Object({{"currency", Str()},
                           {"stages", ArrayOf(Object({{"stage", deal_stage}, {"count", Int()}, {"amount_cents", Int()},
                                                      {"weighted_amount_cents", Int()}, {"probability_percent", Int()},
                                                      {"median_age_days", Nullable("number", "Open: days in the stage; won/lost: days from creation to close.")}}))},
                           {"forecast", ArrayOf(Object({{"month", Nullable("string", "YYYY-MM of the expected close; null: no date.")},
                                                        {"count", Int()}, {"amount_cents", Int()}, {"weighted_amount_cents", Int()}}))}})},
      {"Order", Object({{"id", Str()}, {"customer_id", Str()}, {"ordered_at", Time()}, {"currency", Str()},
                        {"channel", Nullable("string")}, {"amount_cents", Int()},
                        {"margin_cents", Int("Gross profit; derived from the products' margins when not given.")},
                        {"refunded_cents", Int()}, {"refunded_margin_cents", Int()}, {"net_amount_cents", Int()},
                        {"net_margin_cents", Int()}, {"status", order_status}, {"cancelled_at", NullableTime()},
                        {"deal_id", Nullable("string")}, {"lines", ArrayOf(line)}, {"created_by", Str()},
                        {"created_at", Time()}, {"updated_at", Time()}, {"version", Int()},
                        {"adjustments", ArrayOf(Object({{"id", Str()}, {"kind", Enum({"refund", "cancellation"})},
                                                        {"at", Time()}, {"amount_cents", Int()}, {"margin_cents", Int()},
                                                        {"reason", Str()}, {"by", Nullable("string")}}))}})},
      {"OrderInput", Object({{"customer_id", Str()}, {"ordered_at", Time()}, {"currency", Str("Must be the workspace currency.")},
                             {"channel", Str()}, {"amount_cents", Int("Required without lines; must match them with lines.")},
                             {"margin_cents", Int()},
                             {"lines", ArrayOf(Object({{"product_id", Str()}, {"quantity", Int()}, {"unit_price_cents", Int()}, {"margin_cents", Int()}}))}},
                            {"customer_id"})},
      {"OrderList", ListOf("Order")},
      {"Refund", Object({{"amount_cents", Int()}, {"margin_cents", Int("Margin taken back; default: the order's margin share.")},
                         {"reason", Str()}},
                        {"amount_cents", "reason"})},
      {"Cancel", Object({{"reason", Str()}}, {"reason"})},
      {"LoyaltySettings", Object({{"points_per_unit", Int("Points per major currency unit spent.")},
                                  {"window_days", Int("Rolling window the tiers count orders in.")},
                                  {"tiers", ArrayOf(tier)},
                                  {"points_expire_days", Nullable("integer", "Unspent points expire this long after being earned; null: never.")}},
                                 {"points_per_unit", "window_days", "tiers"})},
      {"Loyalty", Object({{"customer_id", Str()}, {"balance", Int()},
                          {"tier", {{"oneOf", json::array{tier, {{"type", "null"}}}}}},
                          {"next_tier", {{"oneOf", json::array{tier, {{"type", "null"}}}}}},
                          {"orders_to_next_tier", Int()}, {"orders_in_window", Int()}, {"window_days", Int()},
                          {"window_start", Time()}, {"points_per_unit", Int()}, {"recent", ArrayOf(ledger)}})},
      {"LedgerEntry", ledger},
      {"LedgerList", ListOf("LedgerEntry")},
      {"UsageBatch", Object({{"measurements", ArrayOf(Object({{"customer_id", Str()}, {"product_id", Str()},
                                                               {"metric", Str("e.g. seats, volume, logins")},
                                                               {"period", {{"type", "string"}, {"format", "date"}, {"description", "First day of the period."}}},
                                                               {"value", {{"type", "number"}, {"minimum", 0}}}},
                                                              {"customer_id", "product_id", "metric", "period", "value"}))}},
                               {"measurements"})},
      {"UsageStored", Object({{"stored", Int()}})},
      {"UsageSeries", Object({{"data", ArrayOf(Object({{"product_id", Str()}, {"metric", Str()}, {"period", Str()}, {"value", {{"type", "number"}}}}))}})},
      {"CrossSell", Object({{"data", ArrayOf(Ref("NextAction"))}})},
      {"Redeem", Object({{"points", Int()}, {"reward", Str()}}, {"points", "reward"})},
      {"Adjust", Object({{"points", Int("Non-zero; negative takes points away.")}, {"reason", Str()}}, {"points", "reason"})},
  };
}

json::object CommercePaths() {
  const json::object if_match{{"name", "If-Match"}, {"in", "header"}, {"required", false}, {"schema", Str()},
                              {"description", "The ETag of the version you edited: 412 if it changed since."}};
  auto patch = [&](std::string_view summary, std::string_view body, std::string_view schema, const char* more) {
    json::object op = OpWithBody(summary, body,
                                 Responses({{"200", Ok(schema, "Updated.")}},
                                           {{"401", kAuth}, {"403", more}, {"404", "Not found."}, {"409", "Not editable in its state."},
                                            {"412", "Changed since your version (If-Match)."}, {"422", kInvalid}}));
    op["parameters"] = json::array{if_match};
    return op;
  };
  return {
      {"/api/v1/products",
       {{"get", WithQuery(Op("The catalogue, by id.", Responses({{"200", Ok("ProductList", "Products.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          Params({QueryParam("active", Bool(), "Only active (true) or inactive (false)."),
                                  QueryParam("q", Str(), "Part of the name or SKU, ignoring case."), Limit(), Cursor()}))},
        {"post", OpWithBody("Add a product (managers and admins).", "ProductInput",
                            Responses({{"201", Ok("Product", "The product.")}},
                                      {{"401", kAuth}, {"403", kManagers}, {"409", "The SKU is taken."}, {"422", kInvalid}}))}}},
      {"/api/v1/products/{id}",
       {{"parameters", json::array{PathId("product")}},
        {"get", Op("One product.", Responses({{"200", Ok("Product", "The product.")}}, {{"401", kAuth}, {"404", "No such product."}}))},
        {"patch", patch("Change a product (managers and admins); active: false retires it.", "ProductInput", "Product", kManagers)}}},
      {"/api/v1/deals",
       {{"get", WithQuery(Op("Deals of the customers you see, newest first.", Responses({{"200", Ok("DealList", "Deals.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          Params({QueryParam("stage", Str(), "proposal, negotiation, won or lost."),
                                  QueryParam("customer_id", Str(), "One customer's deals."),
                                  QueryParam("owner_id", Str(), "Deals worked by this user."),
                                  QueryParam("open", Bool(), "true: proposal and negotiation only."), Limit(), Cursor()}))},
        {"post", OpWithBody("Propose a deal (stage proposal); the owner defaults to the customer's owner.", "DealInput",
                            Responses({{"201", Ok("Deal", "The deal.")}}, {{"401", kAuth}, {"422", kInvalid}}))}}},
      {"/api/v1/deals/{id}",
       {{"parameters", json::array{PathId("deal")}},
        {"get", Op("One deal.", Responses({{"200", Ok("Deal", "The deal.")}}, {{"401", kAuth}, {"404", "No such deal (or not yours to see)."}}))},
        {"patch", patch("Change an open deal.", "DealInput", "Deal", "Giving the deal to another user needs a manager or admin.")}}},
      {"/api/v1/deals/{id}/stage",
       {{"parameters", json::array{PathId("deal")}},
        {"post", OpWithBody("Move a deal: won places its order and moves the customer to order; lost needs lost_reason.",
                            "DealStageChange",
                            Responses({{"200", Ok("DealStageResult", "The deal, the order (won), the customer, a suggestion.")}},
                                      {{"401", kAuth}, {"404", "No such deal."}, {"409", "Not allowed from the current stage (won is final)."}, {"422", kInvalid}}))}}},
      {"/api/v1/pipeline",
       {{"get", WithQuery(Op("Pipeline figures: per stage and a forecast by expected close month. Managers and admins: every deal; "
                             "a rep: their own deals unless owner_id names a teammate.",
                             Responses({{"200", Ok("Pipeline", "The figures.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          Params({QueryParam("owner_id", Str(), "Only deals worked by this user (a rep's default: themselves).")}))}}},
      {"/api/v1/orders",
       {{"get", WithQuery(Op("Orders of the customers you see, newest first.", Responses({{"200", Ok("OrderList", "Orders.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          Params({QueryParam("customer_id", Str(), "One customer's orders."),
                                  QueryParam("status", Str(), "placed, partially_refunded, refunded or cancelled."),
                                  QueryParam("since", Str(), "ordered_at at or after (ISO 8601)."),
                                  QueryParam("until", Str(), "ordered_at before (ISO 8601)."), Limit(), Cursor()}))},
        {"post", OpWithBody("Record an order: earns loyalty points, emits order.created, moves the customer to order.", "OrderInput",
                            Responses({{"201", Ok("Order", "The order.")}}, {{"401", kAuth}, {"422", kInvalid}}))}}},
      {"/api/v1/orders/{id}",
       {{"parameters", json::array{PathId("order")}},
        {"get", Op("One order with its refunds and cancellation.", Responses({{"200", Ok("Order", "The order.")}}, {{"401", kAuth}, {"404", "No such order."}}))}}},
      {"/api/v1/orders/{id}/refund",
       {{"parameters", json::array{PathId("order")}},
        {"post", OpWithBody("Refund part or all of an order (recorded, never deleted); loyalty points follow.", "Refund",
                            Responses({{"200", Ok("Order", "The order after the refund.")}},
                                      {{"401", kAuth}, {"404", "No such order."}, {"409", "The order is cancelled."}, {"422", kInvalid}}))}}},
      {"/api/v1/orders/{id}/cancel",
       {{"parameters", json::array{PathId("order")}},
        {"post", OpWithBody("Cancel an order: refunds what is left and takes its points back.", "Cancel",
                            Responses({{"200", Ok("Order", "The cancelled order.")}},
                                      {{"401", kAuth}, {"404", "No such order."}, {"409", "Already cancelled."}, {"422", kInvalid}}))}}},
      {"/api/v1/customers/{id}/loyalty",
       {{"parameters", json::array{PathId("customer")}},
        {"get", WithQuery(Op("Points balance, tier, progress to the next tier, recent ledger rows.",
                             Responses({{"200", Ok("Loyalty", "The customer's loyalty.")}}, {{"401", kAuth}, {"404", "No such customer."}, {"422", kInvalid}})),
                          Params({QueryParam("recent", Int(), "Ledger rows to include, 0 to 100 (default 10).")}))}}},
      {"/api/v1/customers/{id}/loyalty/ledger",
       {{"parameters", json::array{PathId("customer")}},
        {"get", WithQuery(Op("Every points change, newest first.", Responses({{"200", Ok("LedgerList", "Ledger rows.")}}, {{"401", kAuth}, {"404", "No such customer."}, {"422", kInvalid}})),
                          Params({Limit(), Cursor()}))}}},
      {"/api/v1/customers/{id}/loyalty/redeem",
       {{"parameters", json::array{PathId("customer")}},
        {"post", OpWithBody("Redeem points for a reward.", "Redeem",
                            Responses({{"201", Ok("LedgerEntry", "The ledger row.")}},
                                      {{"401", kAuth}, {"404", "No such customer."}, {"409", "Not enough points (the balance is in the message)."}, {"422", kInvalid}}))}}},
      {"/api/v1/customers/{id}/loyalty/adjust",
       {{"parameters", json::array{PathId("customer")}},
        {"post", OpWithBody("Add or take away points by hand, with a reason (managers and admins).", "Adjust",
                            Responses({{"201", Ok("LedgerEntry", "The ledger row.")}},
                                      {{"401", kAuth}, {"403", kManagers}, {"404", "No such customer."}, {"422", kInvalid}}))}}},
      {"/api/v1/usage",
       {{"post", OpWithBody("Record usage measurements (1 to 1000; all or nothing; a repeated (customer, product, metric, period) replaces the value).",
                            "UsageBatch",
                            Responses({{"200", Ok("UsageStored", "How many were stored.")}}, {{"401", kAuth}, {"422", kInvalid}}))}}},
      {"/api/v1/customers/{id}/usage",
       {{"parameters", json::array{PathId("customer")}},
        {"get", WithQuery(Op("The customer's usage by product, metric and period.",
                             Responses({{"200", Ok("UsageSeries", "Measurements.")}}, {{"401", kAuth}, {"404", "No such customer."}, {"422", kInvalid}})),
                          Params({QueryParam("since", Str(), "Only periods from this date (YYYY-MM-DD).")}))}}},
      {"/api/v1/customers/{id}/cross-sell",
       {{"parameters", json::array{PathId("customer")}},
        {"get", WithQuery(Op("Products similar customers bought that this one lacks: \"bought X, also bought Y\" rules from the order history, "
                             "with support, confidence and lift (at least 3 customers together, lift above 1).",
                             Responses({{"200", Ok("CrossSell", "Suggestions, strongest first.")}}, {{"401", kAuth}, {"404", "No such customer."}, {"422", kInvalid}})),
                          Params({QueryParam("limit", Int(), "1 to 50 (default 5).")}))}}},
      {"/api/v1/loyalty/settings",
       {{"get", Op("Points per currency unit, tiers, window, expiry.", Responses({{"200", Ok("LoyaltySettings", "The settings.")}}, {{"401", kAuth}}))},
        {"put", OpWithBody("Replace the loyalty settings (managers and admins).", "LoyaltySettings",
                           Responses({{"200", Ok("LoyaltySettings", "Saved.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}}))}}},
  };
}

}  // namespace rapport::http::openapi
