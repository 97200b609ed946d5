#include "http/error_response.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace rapport::http {

int HttpStatusFor(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalidArgument: return 422;
    case ErrorCode::kMalformed: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kPreconditionFailed: return 412;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kHeadersTooLarge: return 431;
    case ErrorCode::kRequestTimeout: return 408;
    case ErrorCode::kTooManyRequests: return 429;
  }
  return 500;
}

Response ErrorResponse(const core::Error& error) {
  boost::json::object fields;
  for (const auto& [field, reason] : error.fields) fields[field] = reason;
  boost::json::object inner;
  inner["code"] = core::ErrorCodeName(error.code);
  inner["message"] = error.message;
  inner["fields"] = std::move(fields);
  boost::json::object root;
  root["error"] = std::move(inner);

  Response response = JsonResponse(HttpStatusFor(error.code), root);
  if (response.status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (error.retry_after_seconds > 0)
    response.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
  return response;
}

Response JsonResponse(int status, const boost::json::value& value) {
  Response response;
  response.status = status;
  response.body = boost::json::serialize(value);
  return response;
}

}  // namespace rapport::http
