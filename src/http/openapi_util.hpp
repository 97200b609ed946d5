// Small builders for the OpenAPI document, shared by the files that describe the routes.
#pragma once

#include <boost/json.hpp>
#include <string_view>

namespace rapport::http::openapi {

namespace json = boost::json;

inline json::object Ref(std::string_view name) {
  return {{"$ref", "#/components/schemas/" + std::string(name)}};
}
inline json::object Nullable(std::string_view type, std::string_view description = "") {
  json::object o{{"type", json::array{type, "null"}}};
  if (!description.empty()) o["description"] = description;
  return o;
}
inline json::object Str(std::string_view description = "") {
  json::object o{{"type", "string"}};
  if (!description.empty()) o["description"] = description;
  return o;
}

inline json::object ErrorResponseRef(std::string_view description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", Ref("Error")}}}}}};
}

inline json::object JsonBody(json::object schema, std::string_view description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", std::move(schema)}}}}}};
}

inline json::object QueryParam(std::string_view name, json::object schema, std::string_view description) {
  return {{"name", name}, {"in", "query"}, {"required", false}, {"schema", std::move(schema)},
          {"description", description}};
}

// Operation and schema builders.
inline json::object Responses(std::initializer_list<std::pair<const char*, json::object>> ok,
                       std::initializer_list<std::pair<const char*, const char*>> errors) {
  json::object r;
  for (const auto& [status, body] : ok) r[status] = body;
  for (const auto& [status, text] : errors) r[status] = ErrorResponseRef(text);
  return r;
}

inline json::object Body(std::string_view schema) {
  return {{"required", true}, {"content", {{"application/json", {{"schema", Ref(schema)}}}}}};
}

inline json::object PathId(std::string_view what) {
  return {{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", Str()},
          {"description", std::string("The ") + std::string(what) + "'s id."}};
}

inline json::object Op(std::string_view summary, json::object responses) {
  return {{"summary", summary}, {"responses", std::move(responses)}};
}

inline json::object OpWithBody(std::string_view summary, std::string_view body_schema, json::object responses) {
  json::object o = Op(summary, std::move(responses));
  o["requestBody"] = Body(body_schema);
  return o;
}

inline json::object Time() { return {{"type", "string"}, {"format", "date-time"}}; }
inline json::object NullableTime() { return {{"type", json::array{"string", "null"}}, {"format", "date-time"}}; }

inline json::object Object(json::object properties, json::array required = {}) {
  json::object o{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) o["required"] = std::move(required);
  return o;
}

inline json::object ListOf(std::string_view item) {
  return Object({{"data", {{"type", "array"}, {"items", Ref(item)}}}, {"next_cursor", Nullable("string")}});
}

// More builders, used by the files written after the commerce routes.
namespace shapes {
inline json::object Int(std::string_view description = "") {
  json::object o{{"type", "integer"}};
  if (!description.empty()) o["description"] = description;
  return o;
}
inline json::object Bool(std::string_view description = "") {
  json::object o{{"type", "boolean"}};
  if (!description.empty()) o["description"] = description;
  return o;
}
inline json::object Date(std::string_view description = "") {
  json::object o{{"type", "string"}, {"format", "date"}};
  if (!description.empty()) o["description"] = description;
  return o;
}
inline json::object NullableDate() { return {{"type", json::array{"string", "null"}}, {"format", "date"}}; }
inline json::object ArrayOf(json::object item) { return {{"type", "array"}, {"items", std::move(item)}}; }
inline json::object Enum(json::array values, std::string_view description = "") {
  json::object o{{"type", "string"}, {"enum", std::move(values)}};
  if (!description.empty()) o["description"] = description;
  return o;
}
inline json::object Ok(std::string_view schema, std::string_view description) { return JsonBody(Ref(schema), description); }
inline json::object WithQuery(json::object op, std::initializer_list<json::object> params) {
  json::array a;
  for (const auto& p : params) a.push_back(p);
  op["parameters"] = std::move(a);
  return op;
}
inline json::object WithDescription(json::object op, std::string_view description) {
  op["description"] = description;
  return op;
}
inline json::object Limit(std::string_view text = "Page size, 1 to 500 (default 50).") { return QueryParam("limit", Int(), text); }
inline json::object Cursor() { return QueryParam("cursor", Str(), "next_cursor of the previous page."); }
}  // namespace shapes

// The schemas of the account routes (auth, users, tokens, audit).
json::object AccountSchemas();
// ... of products, deals, the pipeline, orders and loyalty.
json::object CommerceSchemas();
// ... of subscriptions and renewals, win-back, referrals and appreciation events.
json::object RelationshipSchemas();
// ... of interactions and the timeline, tasks, cadences, Today and next actions.
json::object RomanceSchemas();
// ... of complaint cases, feedback, promises and replies.
json::object CareSchemas();

json::object EconomicsSchemas();
// ... of bulk reassign, board counts, the funnel and the probability-alive histogram (web app).
json::object BoardSchemas();

}  // namespace rapport::http::openapi
