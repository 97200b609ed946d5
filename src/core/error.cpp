#include "core/error.hpp"

namespace rapport::core {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kMalformed: return "malformed";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kPreconditionFailed: return "precondition_failed";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kUnsupportedMediaType: return "unsupported_media_type";
    case ErrorCode::kHeadersTooLarge: return "headers_too_large";
    case ErrorCode::kRequestTimeout: return "request_timeout";
    case ErrorCode::kTooManyRequests: return "too_many_requests";
  }
  return "internal";
}

Error Error::Invalid(std::string field, std::string reason) {
  std::string message = field + ": " + reason;
  Error e{ErrorCode::kInvalidArgument, std::move(message), {}};
  e.fields.emplace(std::move(field), std::move(reason));
  return e;
}

Error Error::Invalid(std::map<std::string, std::string> fields) {
  std::string message;
  for (const auto& [field, reason] : fields) {
    if (!message.empty()) message += "; ";
    message += field + ": " + reason;
  }
  return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(fields)};
}

}  // namespace rapport::core
