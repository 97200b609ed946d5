// /api/v1/users: the team's accounts. Everyone signed in may read them; admins manage them.
#include "http/account_handlers.hpp"
#include "http/account_json.hpp"
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

void RegisterUserRoutes(Router& router, ApiContext& ctx) {
  auto bind = [&ctx](ApiHandler fn) { return Authenticated(ctx, fn); };
  router.Add("GET", "/api/v1/users", bind(List));
  router.Add("POST", "/api/v1/users", bind(Create));
  router.Add("GET", "/api/v1/users/{id}", bind(Get));
  router.Add("PATCH", "/api/v1/users/{id}", bind(Patch));
  router.Add("POST", "/api/v1/users/{id}/deactivate", bind(Deactivate));
  router.Add("POST", "/api/v1/users/{id}/activate", bind(Activate));
  router.Add("POST", "/api/v1/users/{id}/password-reset", bind(IssueReset));
}

}  // namespace rapport::http
