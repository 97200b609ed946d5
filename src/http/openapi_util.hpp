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

// The paths and schemas of the account routes (auth, users, tokens, audit).
json::object AccountPaths();
json::object AccountSchemas();

}  // namespace rapport::http::openapi
