#include "http/auth.hpp"

#include "http/error_response.hpp"

namespace rapport::http {

Handler RequireAuth(domain::UserService& users, AuthedHandler handler) {
  return [&users, handler = std::move(handler)](Request& req) -> Response {
    const std::string* header = req.Header("authorization");
    if (!header)
      return ErrorResponse(core::Error::Unauthenticated(
          "missing credentials: send 'Authorization: Bearer <API token>'"));
    std::string_view value = *header;
    constexpr std::string_view kScheme = "bearer ";
    bool scheme_ok = value.size() > kScheme.size();
    for (std::size_t i = 0; scheme_ok && i < kScheme.size(); ++i)
      scheme_ok = std::tolower(static_cast<unsigned char>(value[i])) == kScheme[i];
    if (!scheme_ok)
      return ErrorResponse(core::Error::Unauthenticated(
          "unsupported Authorization scheme: send 'Authorization: Bearer <API token>'"));
    value.remove_prefix(kScheme.size());
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    auto actor = users.Authenticate(value);
    if (!actor) return ErrorResponse(actor.error());
    return handler(req, *actor);
  };
}

}  // namespace rapport::http
