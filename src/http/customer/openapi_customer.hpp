// OpenAPI building blocks of the customer routes, shared by their registrations
// (customer/customer_handler.cpp) and the customer schemas (openapi.cpp).
#pragma once

#include "domain/customer/stage.hpp"
#include "http/openapi_util.hpp"

namespace rapport::http::openapi::customer {

inline json::object IdParam() {
  return {{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", Str()},
          {"description", "The customer's id (an opaque string)."}};
}

// Adds the error responses every authenticated route can give.
inline void AddCommonErrors(json::object& responses, bool has_body, bool has_id) {
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

inline json::array StageEnum() {
  json::array a;
  for (auto s : domain::AllStages()) a.emplace_back(domain::StageName(s));
  return a;
}

}  // namespace rapport::http::openapi::customer
