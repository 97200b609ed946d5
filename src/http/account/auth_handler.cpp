// /api/v1/auth: sign-in with a password (session cookie + CSRF token), sign-out, the current
// session, password change and password reset with a ticket.
#include "http/account/openapi_accounts.hpp"
#include "http/account/account_handlers.hpp"
#include "http/account/account_json.hpp"
#include "http/auth.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;

// Reads required string fields; every missing one is reported.
core::Result<std::vector<std::string>> RequiredStrings(const json::object& body,
                                                       std::initializer_list<const char*> keys) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  std::vector<std::string> out;
  for (const char* key : keys) {
    auto v = r.String(key);
    if (v && *v && !(*v)->empty()) out.push_back(**v);
    else {
      if (!errors.contains(key)) errors[key] = "required";
      out.emplace_back();
    }
  }
  r.RejectUnknown();
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return out;
}

Response Login(ApiContext& ctx, Request& req) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto fields = RequiredStrings(*body, {"email", "password"});
  if (!fields) return ErrorResponse(fields.error());
  auto signed_in = ctx.services.auth.Login((*fields)[0], (*fields)[1], req.remote_address);
  if (!signed_in) return ErrorResponse(signed_in.error());
  Response r = JsonResponse(200, json::object{{"user", UserToJson(signed_in->user)},
                                              {"csrf_token", signed_in->csrf_token},
                                              {"expires_at", core::FormatIso8601(signed_in->expires_at)}});
  const auto max_age = ctx.services.auth.limits().absolute.count() / 1000;
  r.headers.emplace_back("Set-Cookie", SessionCookie(signed_in->session_secret, max_age, req.secure));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response Logout(ApiContext& ctx, Request& req) {
  if (req.Header("authorization") && !CookieValue(req, kSessionCookie))
    return ErrorResponse(core::Error::Unauthenticated(
        "sign-out ends a browser session and this request has no session cookie; an API token "
        "is revoked with DELETE /api/v1/tokens/{id}"));
  auto caller = SessionOf(ctx.services.auth, req);
  if (!caller) return ErrorResponse(caller.error());
  if (auto st = ctx.services.auth.Logout(*caller); !st) return ErrorResponse(st.error());
  Response r = NoContent();
  r.headers.emplace_back("Set-Cookie", ExpiredSessionCookie(req.secure));
  return r;
}

// The signed-in user; for a cookie session also its CSRF token (a reloaded web page needs it).
Response CurrentSession(ApiContext& ctx, Request& req) {
  json::value csrf = nullptr;
  domain::Actor actor;
  if (req.Header("authorization")) {
    auto handler = RequireAuth(ctx.services.auth, [&actor](Request&, const domain::Actor& a) {
      actor = a;
      return NoContent();
    });
    if (Response check = handler(req); check.status != 204) return check;
  } else {
    auto caller = SessionOf(ctx.services.auth, req);
    if (!caller) return ErrorResponse(caller.error());
    actor = caller->actor;
    csrf = json::value(caller->csrf_token);
  }
  auto user = ctx.services.users.Get(actor, actor.user_id);
  if (!user) return ErrorResponse(user.error());
  Response r = JsonResponse(200, json::object{{"user", UserToJson(*user)}, {"csrf_token", csrf}});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response ChangePassword(ApiContext& ctx, Request& req, const domain::Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto fields = RequiredStrings(*body, {"current_password", "new_password"});
  if (!fields) return ErrorResponse(fields.error());
  if (auto st = ctx.services.users.ChangePassword(actor, (*fields)[0], (*fields)[1]); !st)
    return ErrorResponse(st.error());
  return NoContent();
}

Response ResetPassword(ApiContext& ctx, Request& req) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto fields = RequiredStrings(*body, {"token", "password"});
  if (!fields) return ErrorResponse(fields.error());
  if (auto st = ctx.services.users.ResetPassword((*fields)[0], (*fields)[1], req.remote_address); !st)
    return ErrorResponse(st.error());
  return NoContent();
}

}  // namespace

Response NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

void RegisterAuthRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::accounts;  // NOLINT
  ApiContext& ctx = routes.ctx();
  const json::array no_security;
  json::object login = OpWithBody("Sign in: sets the session cookie and returns the CSRF token.", "Login",
                                  Responses({{"200", JsonBody(Ref("SignedIn"), "Signed in.")}},
                                            {{"401", "Wrong email or password (one message for both)."},
                                             {"422", kInvalid},
                                             {"429", "Too many failed attempts for the account or address; see Retry-After."}}));
  login["security"] = no_security;
  json::object reset = OpWithBody("Set a new password with an admin's reset token (no sign-in).", "PasswordReset",
                                  Responses({{"204", {{"description", "Password set; the user's sessions ended."}}}},
                                            {{"422", "Unknown, used or expired token, or a weak password."}}));
  reset["security"] = no_security;
  routes.AddPublic("POST", "/api/v1/auth/login", [&ctx](Request& req) { return Login(ctx, req); },
             login);
  routes.AddPublic("POST", "/api/v1/auth/logout", [&ctx](Request& req) { return Logout(ctx, req); },
             Op("Sign out: ends the session.", Responses({{"204", {{"description", "Signed out."}}}}, {{"401", kAuth}, {"403", "Missing CSRF token."}})));
  routes.AddPublic("GET", "/api/v1/auth/session", [&ctx](Request& req) { return CurrentSession(ctx, req); },
             Op("The signed-in user (and the session's CSRF token).", Responses({{"200", JsonBody(Ref("SignedIn"), "The caller.")}}, {{"401", kAuth}})));
  routes.Add("POST", "/api/v1/auth/password", ChangePassword,
             OpWithBody("Change your own password.", "PasswordChange",
                        Responses({{"204", {{"description", "Changed."}}}}, {{"401", kAuth}, {"422", kInvalid}})));
  routes.AddPublic("POST", "/api/v1/auth/password-reset", [&ctx](Request& req) { return ResetPassword(ctx, req); },
             reset);
}

}  // namespace rapport::http
