// The OpenAPI 3.1 document: the shared schemas of every area, and the paths of the route table
// (ApiRoutes: each route is registered with its operation, next to its handler).
#include <boost/json.hpp>

#include "domain/customer/customer_query.hpp"
#include "domain/customer/stage.hpp"
#include "http/api.hpp"
#include "http/customer/openapi_customer.hpp"
#include "http/openapi_util.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using namespace openapi;  // NOLINT: the document builders
using namespace openapi::customer;  // NOLINT

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

}  // namespace

std::string OpenApiDocument(const json::object& paths) {
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
      {"paths", paths}};
  for (auto& [name, schema] : AccountSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
  for (auto& [name, schema] : CommerceSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
  for (auto& [name, schema] : RelationshipSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
  for (auto& [name, schema] : RomanceSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
  for (auto& [name, schema] : CareSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
  for (auto& [name, schema] : EconomicsSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
  for (auto& [name, schema] : BoardSchemas()) d["components"].as_object()["schemas"].as_object()[name] = schema;
  return json::serialize(d);
}

}  // namespace rapport::http
