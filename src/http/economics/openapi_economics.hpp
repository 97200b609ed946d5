// OpenAPI building blocks of the economics routes, shared by their registrations (next to the
// handlers) and the economics schemas (openapi_economics.cpp).
#pragma once

#include "http/openapi_util.hpp"

namespace rapport::http::openapi::economics {

using namespace shapes;

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";

inline json::object Num(std::string_view description = "") {
  json::object o{{"type", json::array{"number", "null"}}};
  if (!description.empty()) o["description"] = description;
  return o;
}
inline json::object NullInt(std::string_view description = "") {
  json::object o{{"type", json::array{"integer", "null"}}};
  if (!description.empty()) o["description"] = description;
  return o;
}
inline json::object Reasons() {
  return {{"type", "object"}, {"additionalProperties", {{"type", "string"}}},
          {"description", "For each figure that is null: why (no orders, no model fitted yet, too little data...)."}};
}
inline json::object Figures() {
  return Object({{"customers", Int()}, {"customers_with_cost", Int()},
                 {"cac_cents", NullInt("Acquisition cost per customer with one (their own, or spend ÷ customers acquired).")},
                 {"ltv_cents", NullInt("Historical margin + predicted CLV (12 months), per buying customer.")},
                 {"ltv_to_cac", Num()}, {"median_months_to_break_even", Num("Of the customers who broke even.")},
                 {"broke_even", Int()}, {"not_yet_broke_even", Int()}, {"reasons", Reasons()}});
}

}  // namespace rapport::http::openapi::economics
