// /api/v1/users: the team's accounts. Everyone signed in may read them; admins manage them.
#include "http/account/openapi_accounts.hpp"
#include "http/account/account_handlers.hpp"
#include "http/account/account_json.hpp"
#include "http/auth.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

core::Result<core::Id> UserId(const Request& req) {
  const std::string& raw = req.path_params.at("id");
  auto id = core::ParseId(raw);
  if (!id) return core::Fail(core::Error::NotFound("user " + raw + " not found"));
  return *id;
}

json::object TicketToJson(const domain::PasswordResetTicket& t) {
  return {{"user", UserToJson(t.user)},
          {"token", t.secret},
          {"reset_path", "/reset-password?token=" + t.secret},
          {"expires_at", core::FormatIso8601(t.expires_at)}};
}

Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {});
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto users = ctx.services.users.List(actor);
  if (!users) return ErrorResponse(users.error());
  json::array data;
  for (const auto& u : *users) data.emplace_back(UserToJson(u));
  return JsonResponse(200, json::object{{"data", std::move(data)}, {"next_cursor", nullptr}});
}

// Without a password the user cannot sign in yet: the answer carries a reset ticket to pass on.
Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto input = NewUserFromJson(*body);
  if (!input) return ErrorResponse(input.error());
  auto user = ctx.services.users.AddUser(actor, *input);
  if (!user) return ErrorResponse(user.error());
  json::object out = UserToJson(*user);
  if (input->password.empty()) {
    auto ticket = ctx.services.users.IssuePasswordReset(actor, user->id);
    if (!ticket) return ErrorResponse(ticket.error());
    out["password_reset"] = TicketToJson(*ticket);
  }
  Response r = JsonResponse(201, out);
  r.headers.emplace_back("Location", "/api/v1/users/" + core::FormatId(user->id));
  return r;
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = UserId(req);
  if (!id) return ErrorResponse(id.error());
  auto user = ctx.services.users.Get(actor, *id);
  if (!user) return ErrorResponse(user.error());
  return JsonResponse(200, UserToJson(*user));
}

Response Patch(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = UserId(req);
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto user = ctx.services.users.Update(actor, *id, UserPatchFromJson(*body));
  if (!user) return ErrorResponse(user.error());
  return JsonResponse(200, UserToJson(*user));
}

Response Deactivate(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = UserId(req);
  if (!id) return ErrorResponse(id.error());
  std::optional<core::Id> reassign_to;
  if (!req.body.empty()) {
    auto body = ParseJsonObjectBody(req);
    if (!body) return ErrorResponse(body.error());
    std::map<std::string, std::string> errors;
    FieldReader r(*body, "", errors);
    if (auto v = r.IdField("reassign_to"); v && *v) reassign_to = **v;
    r.RejectUnknown();
    if (!errors.empty()) return ErrorResponse(core::Error::Invalid(std::move(errors)));
  }
  auto done = ctx.services.users.Deactivate(actor, *id, reassign_to);
  if (!done) return ErrorResponse(done.error());
  return JsonResponse(200, json::object{
                               {"user", UserToJson(done->user)},
                               {"reassigned_to", done->reassigned_to ? json::value(core::FormatId(*done->reassigned_to)) : json::value(nullptr)},
                               {"customers_reassigned", done->customers_reassigned},
                               {"sessions_ended", done->sessions_ended},
                               {"tokens_revoked", done->tokens_revoked}});
}

Response Activate(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = UserId(req);
  if (!id) return ErrorResponse(id.error());
  auto user = ctx.services.users.Activate(actor, *id);
  if (!user) return ErrorResponse(user.error());
  return JsonResponse(200, UserToJson(*user));
}

Response IssueReset(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = UserId(req);
  if (!id) return ErrorResponse(id.error());
  auto ticket = ctx.services.users.IssuePasswordReset(actor, *id);
  if (!ticket) return ErrorResponse(ticket.error());
  Response r = JsonResponse(201, TicketToJson(*ticket));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

void RegisterUserRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::accounts;  // NOLINT
  routes.Add("GET", "/api/v1/users", List,
             Op("Every user (all signed-in users may read).", Responses({{"200", JsonBody(Ref("UserList"), "Users.")}}, {{"401", kAuth}})));
  routes.Add("POST", "/api/v1/users", Create,
             OpWithBody("Add a user (admins).", "NewUser",
                        Responses({{"201", JsonBody(Ref("User"), "The user; with password_reset when no password was given.")}},
                                  {{"401", kAuth}, {"403", kAdmin}, {"409", "The email is taken."}, {"422", kInvalid}})));
  routes.PathParameters("/api/v1/users/{id}", json::array{PathId("user")});
  routes.Add("GET", "/api/v1/users/{id}", Get,
             Op("One user.", Responses({{"200", JsonBody(Ref("User"), "The user.")}}, {{"401", kAuth}, {"404", "No such user."}})));
  routes.Add("PATCH", "/api/v1/users/{id}", Patch,
             OpWithBody("Change name, email, role or team (admins).", "UserPatch",
                        Responses({{"200", JsonBody(Ref("User"), "The user.")}},
                                  {{"401", kAuth}, {"403", kAdmin}, {"404", "No such user."},
                                   {"409", "Email taken, or it would leave no active admin."}, {"422", kInvalid}})));
  routes.PathParameters("/api/v1/users/{id}/deactivate", json::array{PathId("user")});
  routes.Add("POST", "/api/v1/users/{id}/deactivate", Deactivate,
             OpWithBody("Offboard: end sessions, revoke tokens, hand all customers to reassign_to (admins).", "Deactivate",
                        Responses({{"200", JsonBody(Ref("Deactivation"), "What was done.")}},
                                  {{"401", kAuth}, {"403", kAdmin}, {"404", "No such user."},
                                   {"409", "The last active admin."}, {"422", "reassign_to missing or not an active user."}})));
  routes.PathParameters("/api/v1/users/{id}/activate", json::array{PathId("user")});
  routes.Add("POST", "/api/v1/users/{id}/activate", Activate,
             Op("Let a deactivated user sign in again (admins).",
                Responses({{"200", JsonBody(Ref("User"), "The user.")}}, {{"401", kAuth}, {"403", kAdmin}, {"404", "No such user."}})));
  routes.PathParameters("/api/v1/users/{id}/password-reset", json::array{PathId("user")});
  routes.Add("POST", "/api/v1/users/{id}/password-reset", IssueReset,
             Op("Issue a one-time password reset token valid 24 hours (admins).",
                Responses({{"201", JsonBody(Ref("ResetTicket"), "The ticket; the token is shown once.")}},
                          {{"401", kAuth}, {"403", kAdmin}, {"404", "No such user."}, {"409", "The user is deactivated."}})));
}

}  // namespace rapport::http
