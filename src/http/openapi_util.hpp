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

// The paths and schemas of the account routes (auth, users, tokens, audit).
json::object AccountPaths();
json::object AccountSchemas();
// ... of products, deals, the pipeline, orders and loyalty.
json::object CommercePaths();
json::object CommerceSchemas();
// ... of subscriptions and renewals, win-back, referrals and appreciation events.
json::object RelationshipPaths();
json::object RelationshipSchemas();

}  // namespace rapport::http::openapi
