// OpenAPI building blocks of the board routes, shared by their registrations (next to the
// handlers) and the board schemas (openapi_board.cpp).
#pragma once

#include "http/openapi_util.hpp"

namespace rapport::http::openapi::board {

using namespace shapes;

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";

inline json::object NullInt(std::string_view description = "") {
  json::object o{{"type", json::array{"integer", "null"}}};
  if (!description.empty()) o["description"] = description;
  return o;
}
inline json::object NullNum(std::string_view description = "") {
  json::object o{{"type", json::array{"number", "null"}}};
  if (!description.empty()) o["description"] = description;
  return o;
}

}  // namespace rapport::http::openapi::board
