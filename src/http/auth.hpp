// Authentication of API requests: a bearer API token, or the session cookie set by
// POST /api/v1/auth/login. Cookie-authenticated writes (any method but GET/HEAD) must also carry
// the session's CSRF token in X-CSRF-Token; bearer requests need none (browsers never attach a
// bearer token by themselves, so they cannot be forged cross-site).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "domain/auth/auth_service.hpp"
#include "http/request.hpp"

namespace rapport::http {

inline constexpr std::string_view kSessionCookie = "rapport_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

using AuthedHandler = std::function<Response(Request&, const domain::Actor&)>;

// A Handler that answers 401 unless the request is authenticated (403 for a cookie write without
// a valid CSRF token), then calls `handler` with the caller.
Handler RequireAuth(domain::AuthService& auth, AuthedHandler handler);

// The value of cookie `name` in the Cookie header(s), if present.
std::optional<std::string> CookieValue(const Request& req, std::string_view name);

// The session behind the request's cookie, with the CSRF check for writes.
core::Result<domain::SessionCaller> SessionOf(domain::AuthService& auth, const Request& req);

// Set-Cookie values that start and end a session.
std::string SessionCookie(const std::string& secret, std::int64_t max_age_seconds, bool secure);
std::string ExpiredSessionCookie(bool secure);

}  // namespace rapport::http
