#include "http/auth.hpp"

#include "core/crypto.hpp"
#include "http/error_response.hpp"

namespace rapport::http {
namespace {

std::string_view TrimSpaces(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

bool IsSafeMethod(const std::string& method) { return method == "GET" || method == "HEAD"; }

// The token after "Bearer ", or an error for another scheme.
core::Result<std::string_view> BearerToken(std::string_view value) {
  constexpr std::string_view kScheme = "bearer ";
  bool scheme_ok = value.size() > kScheme.size();
  for (std::size_t i = 0; scheme_ok && i < kScheme.size(); ++i)
    scheme_ok = std::tolower(static_cast<unsigned char>(value[i])) == kScheme[i];
  if (!scheme_ok)
    return core::Fail(core::Error::Unauthenticated(
        "unsupported Authorization scheme: send 'Authorization: Bearer <API token>'"));
  return TrimSpaces(value.substr(kScheme.size()));
}

}  // namespace

std::optional<std::string> CookieValue(const Request& req, std::string_view name) {
  for (const auto& [header, value] : req.headers) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      std::string_view pair = TrimSpaces(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (TrimSpaces(pair.substr(0, eq)) == name) {
        std::string_view v = TrimSpaces(pair.substr(eq + 1));
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        return std::string(v);
      }
    }
  }
  return std::nullopt;
}

core::Result<domain::SessionCaller> SessionOf(domain::AuthService& auth, const Request& req) {
  auto cookie = CookieValue(req, kSessionCookie);
  if (!cookie)
    return core::Fail(core::Error::Unauthenticated(
        "not signed in: sign in at POST /api/v1/auth/login or send 'Authorization: Bearer <API token>'"));
  auto caller = auth.AuthenticateSession(*cookie, req.remote_address);
  if (!caller) return caller;
  if (!IsSafeMethod(req.method)) {
    const std::string* sent = req.Header(kCsrfHeader);
    if (!sent || !core::ConstantTimeEquals(*sent, caller->csrf_token))
      return core::Fail(core::Error::Forbidden(
          "missing or wrong CSRF token: send the csrf_token from sign-in in the X-CSRF-Token header"));
  }
  return caller;
}

Handler RequireAuth(domain::AuthService& auth, AuthedHandler handler) {
  return [&auth, handler = std::move(handler)](Request& req) -> Response {
    if (const std::string* header = req.Header("authorization")) {
      auto token = BearerToken(*header);
      if (!token) return ErrorResponse(token.error());
      auto actor = auth.AuthenticateToken(*token, req.remote_address);
      if (!actor) return ErrorResponse(actor.error());
      return handler(req, *actor);
    }
    auto caller = SessionOf(auth, req);
    if (!caller) return ErrorResponse(caller.error());
    return handler(req, caller->actor);
  };
}

std::string SessionCookie(const std::string& secret, std::int64_t max_age_seconds, bool secure) {
  return std::string(kSessionCookie) + "=" + secret + "; Path=/; Max-Age=" +
         std::to_string(max_age_seconds) + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

std::string ExpiredSessionCookie(bool secure) {
  return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" +
         (secure ? "; Secure" : "");
}

}  // namespace rapport::http
