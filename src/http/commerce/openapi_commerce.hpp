// OpenAPI building blocks of the commerce routes, shared by their registrations (next to the
// handlers) and the commerce schemas (openapi_commerce.cpp).
#pragma once

#include "http/openapi_util.hpp"

namespace rapport::http::openapi::commerce {

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";

inline json::object Int(std::string_view description = "") {
  json::object o{{"type", "integer"}};
  if (!description.empty()) o["description"] = description;
  return o;
}
inline json::object Bool() { return {{"type", "boolean"}}; }
inline json::object Date() { return {{"type", json::array{"string", "null"}}, {"format", "date"}}; }
inline json::object ArrayOf(json::object item) { return {{"type", "array"}, {"items", std::move(item)}}; }
inline json::object Enum(json::array values) { return {{"type", "string"}, {"enum", std::move(values)}}; }

inline json::object Ok(std::string_view schema, std::string_view description) { return JsonBody(Ref(schema), description); }

inline json::array Params(std::initializer_list<json::object> params) {
  json::array a;
  for (const auto& p : params) a.push_back(p);
  return a;
}

inline json::object WithQuery(json::object op, json::array params) {
  op["parameters"] = std::move(params);
  return op;
}

inline json::object Limit() { return QueryParam("limit", Int(), "Page size, 1 to 500 (default 50)."); }
inline json::object Cursor() { return QueryParam("cursor", Str(), "next_cursor of the previous page."); }

}  // namespace rapport::http::openapi::commerce
