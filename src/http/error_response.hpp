// The one mapping from core::ErrorCode to an HTTP status, and the JSON error body every layer uses.
// Pure functions; thread-safe.
#pragma once

#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "http/request.hpp"

namespace rapport::http {

// kInvalidArgument 422, kMalformed 400, kNotFound 404, kConflict 409, kPreconditionFailed 412,
// kUnauthenticated 401, kPermissionDenied 403, kUnavailable 503, kInternal 500,
// kMethodNotAllowed 405, kPayloadTooLarge 413, kUnsupportedMediaType 415, kHeadersTooLarge 431,
// kRequestTimeout 408, kTooManyRequests 429.
int HttpStatusFor(core::ErrorCode code);

// Body: {"error":{"code":"<ErrorCodeName>","message":"...","fields":{...}}}; "fields" is always
// present ({} when empty). Status from HttpStatusFor. A 401 carries `WWW-Authenticate: Bearer`.
Response ErrorResponse(const core::Error& error);

// `value` serialized as application/json with the given status.
Response JsonResponse(int status, const boost::json::value& value);

}  // namespace rapport::http
