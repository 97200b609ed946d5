// The OpenAPI 3.1 description of the API, built once. A unit test checks that every route the
// router serves is described here.
#include <boost/json.hpp>

#include "domain/customer/customer_query.hpp"
#include "domain/customer/stage.hpp"
#include "http/api.hpp"
#include "http/openapi_util.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using namespace openapi;  // NOLINT: the document builders

json::object IdParam() {
  return {{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", Str()},
          {"description", "The customer's id (an opaque string)."}};
}

// Adds the error responses every authenticated route can give.
void AddCommonErrors(json::object& responses, bool has_body, bool has_id) {
  responses["401"] = ErrorResponseRef("Missing, invalid, expired or revoked API token or session.");
  responses["403"] = ErrorResponseRef("The caller's role may not do this, or a cookie write lacks its CSRF token.");
  responses["405"] = ErrorResponseRef("Method not allowed on this path (see the Allow header).");
  if (has_id) responses["404"] = ErrorResponseRef("No customer with this id.");
  if (has_body) {
    responses["400"] = ErrorResponseRef("The body is not valid JSON or not a JSON object.");
    responses["413"] = ErrorResponseRef("The body exceeds 1 MiB.");
    responses["415"] = ErrorResponseRef("The body is not application/json.");
  }
  responses["422"] = ErrorResponseRef("Validation failed: `fields` names every bad field and why.");
  responses["503"] = ErrorResponseRef("The database is busy or unavailable; retry.");
}

json::array StageEnum() {
  json::array a;
  for (auto s : domain::AllStages()) a.emplace_back(domain::StageName(s));
  return a;
}

json::object Schemas() {
  json::object address{{"type", "object"},
                       {"additionalProperties", false},
                       {"properties",
                        {{"street", Nullable("string")},
                         {"city", Nullable("string")},
                         {"region", Nullable("string")},
                         {"postal_code", Nullable("string")},
                         {"country", Nullable("string")}}}};
  json::object notes{{"type", "object"},
                     {"additionalProperties", false},
                     {"description", "First-class notes shown wherever the customer is shown."},
                     {"properties",
                      {{"expectations", Nullable("string")},
                       {"preferences", Nullable("string")},
                       {"idiosyncrasies", Nullable("string")}}}};
  json::object customer{
      {"type", "object"},
      {"required", json::array{"id", "kind", "name", "owner_id", "stage", "created_at",
                               "updated_at", "version"}},
      {"properties",
       {{"id", Str("Opaque id.")},
        {"kind", {{"type", "string"}, {"enum", json::array{"person", "company"}}}},
        {"name", Str("1 to 200 characters after trimming.")},
        {"company_id", Nullable("string", "The company a person belongs to.")},
        {"email", Nullable("string")},
        {"phone", Nullable("string")},
        {"address", Ref("Address")},
        {"time_zone", Nullable("string", "IANA time zone name, e.g. Europe/Berlin.")},
        {"owner_id", Str("The user who owns the relationship.")},
        {"source", Nullable("string", "Acquisition channel.")},
        {"acquisition_cost_cents", {{"type", "integer"}, {"minimum", 0},
                                    {"description", "Minor units of `currency`."}}},
        {"currency", Str("The workspace currency (ISO 4217) of every *_cents field.")},
        {"tags", {{"type", "array"}, {"items", Str()}}},
        {"custom", {{"type", "object"}, {"description", "Custom fields, any JSON values."}}},
        {"notes", Ref("Notes")},
        {"stage", {{"type", "string"}, {"enum", StageEnum()}}},
        {"stage_changed_at", {{"type", "string"}, {"format", "date-time"}}},
        {"created_at", {{"type", "string"}, {"format", "date-time"}}},
        {"updated_at", {{"type", "string"}, {"format", "date-time"}}},
        {"archived_at", {{"type", json::array{"string", "null"}}, {"format", "date-time"}}},
        {"version", {{"type", "integer"}, {"description", "Bumped on every change; the ETag."}}}}}};
  json::object input{
      {"type", "object"},
      {"additionalProperties", false},
      {"description",
       "Create: `name` is required. Update (PATCH): only given fields change; null clears an "
       "optional field; `address`, `notes` and `custom` merge per key (a null key removes it); "
       "`tags` replaces the list. `stage` cannot be set here (use the stage route)."},
      {"properties",
       {{"kind", {{"type", "string"}, {"enum", json::array{"person", "company"}}}},
        {"name", Str()},
        {"company_id", Nullable("string")},
        {"email", Nullable("string")},
        {"phone", Nullable("string")},
        {"address", Ref("Address")},
        {"time_zone", Nullable("string")},
        {"owner_id", Str()},
        {"source", Nullable("string")},
        {"acquisition_cost_cents", {{"type", "integer"}, {"minimum", 0}}},
        {"tags", {{"type", "array"}, {"items", Str()}, {"maxItems", 50}}},
        {"custom", {{"type", json::array{"object", "null"}}}},
        {"notes", Ref("Notes")}}}};
  json::object transition{{"type", "object"},
                          {"properties",
                           {{"from", {{"type", "string"}, {"enum", StageEnum()}}},
                            {"to", {{"type", "string"}, {"enum", StageEnum()}}},
                            {"at", {{"type", "string"}, {"format", "date-time"}}},
                            {"by", Str("The user who made the move.")},
                            {"reason", Nullable("string")},
                            {"competitor", Nullable("string")}}}};
  json::object stage_change{
      {"type", "object"},
      {"required", json::array{"stage"}},
      {"additionalProperties", false},
      {"properties",
       {{"stage", {{"type", "string"}, {"enum", StageEnum()}}},
        {"reason", Str("Required for lost and churned.")},
        {"competitor", Str("Only for lost: the competitor chosen.")}}}};
  json::object error{
      {"type", "object"},
      {"required", json::array{"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"required", json::array{"code", "message", "fields"}},
          {"properties",
           {{"code", Str("invalid_argument, malformed, not_found, conflict, precondition_failed, "
                         "unauthenticated, permission_denied, unavailable, internal, "
                         "method_not_allowed, payload_too_large, unsupported_media_type, "
                         "headers_too_large, request_timeout, too_many_requests")},
            {"message", Str()},
            {"fields", {{"type", "object"}, {"additionalProperties", Str()},
                        {"description", "Field path -> why it was rejected."}}}}}}}}}};
  auto list_of = [](std::string_view item) {
    return json::object{{"type", "object"},
                        {"required", json::array{"data", "next_cursor"}},
                        {"properties",
                         {{"data", {{"type", "array"}, {"items", Ref(item)}}},
                          {"next_cursor", Nullable("string", "Pass as `cursor` for the next page; null on the last page.")}}}};
  };
  return {{"Address", address},
          {"Notes", notes},
          {"Customer", customer},
          {"CustomerInput", input},
          {"StageTransition", transition},
          {"StageChange", stage_change},
          {"StageChangeResult",
           {{"type", "object"},
            {"properties",
             {{"customer", Ref("Customer")},
              {"transitions", {{"type", "array"}, {"items", Ref("StageTransition")}}}}}}},
          {"CustomerList", list_of("Customer")},
          {"HistoryList", list_of("StageTransition")},
          {"Error", error}};
}

json::object Paths() {
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

  const json::array security{json::object{{"bearer", json::array{}}}};
  json::object request_body{{"required", true},
                            {"content", {{"application/json", {{"schema", Ref("CustomerInput")}}}}}};
  json::object if_match{{"name", "If-Match"}, {"in", "header"}, {"required", false},
                        {"schema", Str()},
                        {"description", "An ETag from a previous response; 412 if stale."}};
  json::object limit_param = QueryParam("limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", domain::kMaxPageSize}, {"default", domain::kDefaultPageSize}},
                                        "Page size; out of range is a 422, never clamped.");
  json::object cursor_param = QueryParam("cursor", Str(), "next_cursor of the previous page.");

  return {
      {"/healthz",
       {{"get",
         {{"summary", "Liveness check (no authentication)."},
          {"security", json::array{}},
          {"responses", {{"200", {{"description", "The server is up."}}}}}}}}},
      {"/api/v1/openapi.json",
       {{"get",
         {{"summary", "This document (no authentication)."},
          {"security", json::array{}},
          {"responses", {{"200", {{"description", "OpenAPI 3.1 document."}}}}}}}}},
      {"/api/v1/workspace",
       {{"get",
         {{"summary", "Workspace settings: the currency of every *_cents field."},
          {"responses",
           {{"200", JsonBody({{"type", "object"}, {"properties", {{"currency", Str()}}}}, "Settings.")},
            {"401", ErrorResponseRef("Missing or invalid token.")}}}}}}},
      {"/api/v1/customers",
       {{"get",
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
          {"responses", list_responses}}},
        {"post",
         {{"summary", "Create a customer (starts in stage contact; owner defaults to the caller)."},
          {"requestBody", request_body},
          {"responses", create_responses}}}}},
      {"/api/v1/customers/{id}",
       {{"parameters", json::array{IdParam()}},
        {"get", {{"summary", "One customer."}, {"responses", get_responses}}},
        {"patch",
         {{"summary", "Partial update."},
          {"parameters", json::array{if_match}},
          {"requestBody", request_body},
          {"responses", patch_responses}}},
        {"delete", {{"summary", "Archive: hidden from lists, kept for history."}, {"responses", delete_responses}}}}},
      {"/api/v1/customers/{id}/stage",
       {{"parameters", json::array{IdParam()}},
        {"post",
         {{"summary", "Move through the lifecycle. Forward moves record every stage passed."},
          {"requestBody", {{"required", true}, {"content", {{"application/json", {{"schema", Ref("StageChange")}}}}}}},
          {"responses", stage_responses}}}}},
      {"/api/v1/customers/{id}/history",
       {{"parameters", json::array{IdParam()}},
        {"get",
         {{"summary", "Every recorded stage transition, oldest first."},
          {"parameters", json::array{QueryParam("limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 100}}, "Page size."), cursor_param}},
          {"responses", history_responses}}}}},
  };
}

}  // namespace

const std::string& OpenApiDocument() {
  static const std::string doc = [] {
    json::object d{
        {"openapi", "3.1.0"},
        {"info",
         {{"title", "Rapport API"},
          {"version", "1"},
          {"description",
           "Rapport CRM. Authenticate with `Authorization: Bearer <API token>` (create one with "
           "`rapport token create` or POST /api/v1/tokens), or sign in with POST /api/v1/auth/login "
           "(a session cookie; cookie-authenticated writes must send the returned csrf_token in "
           "`X-CSRF-Token`). Reps see only their own and their team's customers; others answer 404. Money fields end in `_cents` and hold integer minor units of "
           "the workspace currency. Times are UTC, ISO 8601. Lists answer "
           "`{\"data\": [...], \"next_cursor\": ...}`. Errors answer "
           "`{\"error\": {\"code\", \"message\", \"fields\"}}`."}}},
        {"servers", json::array{json::object{{"url", "/"}}}},
        {"security", json::array{json::object{{"bearer", json::array{}}}}},
        {"components",
         {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
          {"schemas", Schemas()}}},
        {"paths", Paths()}};
    // The account routes are described in openapi_accounts.cpp.
    for (auto& [name, schema] : AccountSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
    for (auto& [path, item] : AccountPaths()) d["paths"].as_object()[path] = item;
    for (auto& [name, schema] : CommerceSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
    for (auto& [path, item] : CommercePaths()) d["paths"].as_object()[path] = item;
    for (auto& [name, schema] : RelationshipSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
    for (auto& [path, item] : RelationshipPaths()) d["paths"].as_object()[path] = item;
    for (auto& [name, schema] : RomanceSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
    for (auto& [path, item] : RomancePaths()) d["paths"].as_object()[path] = item;
    for (auto& [name, schema] : CareSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
    for (auto& [path, item] : CarePaths()) d["paths"].as_object()[path] = item;
    for (auto& [name, schema] : EconomicsSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
    for (auto& [path, item] : EconomicsPaths()) d["paths"].as_object()[path] = item;
    for (auto& [name, schema] : BoardSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
    for (auto& [path, item] : BoardPaths()) d["paths"].as_object()[path] = item;
    return json::serialize(d);
  }();
  return doc;
}

}  // namespace rapport::http
