// Error values and Result<T>: how every layer reports a user's or the environment's failure.
// Exceptions are kept for bugs and start-up failures; no exception crosses a module boundary.
#pragma once

#include <expected>
#include <map>
#include <string>
#include <utility>

namespace rapport::core {

// A small fixed set of codes. The HTTP layer maps them to status codes in exactly one place
// (http/error_response.cpp); the CLI maps them to exit codes.
enum class ErrorCode {
  kInvalidArgument,    // bad input: 422 (fields names each bad field)
  kMalformed,          // unparsable input (bad JSON): 400
  kNotFound,           // 404
  kConflict,           // state does not allow it (illegal stage move, duplicate): 409
  kPreconditionFailed, // stale version (If-Match): 412
  kUnauthenticated,    // 401
  kPermissionDenied,   // 403
  kUnavailable,        // busy, shutting down, storage unreachable: 503
  kInternal,           // a bug or an unexpected storage failure: 500
  // Protocol-level codes produced by the HTTP layer itself.
  kMethodNotAllowed,      // 405
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kHeadersTooLarge,       // 431
  kRequestTimeout,        // 408
  kTooManyRequests,       // 429
};

const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  // Field path (e.g. "address.city") -> why it was rejected. Filled for kInvalidArgument.
  std::map<std::string, std::string> fields;
  // For kTooManyRequests and kUnavailable: when the client may try again (HTTP Retry-After).
  int retry_after_seconds = 0;

  static Error Invalid(std::string field, std::string reason);
  static Error Invalid(std::map<std::string, std::string> fields);
  static Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}}; }
  static Error Conflict(std::string message) { return {ErrorCode::kConflict, std::move(message), {}}; }
  static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}}; }
  static Error Unavailable(std::string message) {
    return {ErrorCode::kUnavailable, std::move(message), {}};
  }
  static Error Unauthenticated(std::string message) {
    return {ErrorCode::kUnauthenticated, std::move(message), {}};
  }
  static Error Forbidden(std::string message) {
    return {ErrorCode::kPermissionDenied, std::move(message), {}};
  }
  static Error TooManyRequests(std::string message, int retry_after_seconds) {
    return {ErrorCode::kTooManyRequests, std::move(message), {}, retry_after_seconds};
  }
};

template <typename T>
using Result = std::expected<T, Error>;

// For functions that succeed with no value.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(Error e) { return std::unexpected<Error>(std::move(e)); }

}  // namespace rapport::core
