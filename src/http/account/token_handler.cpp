// /api/v1/tokens (API tokens), /api/v1/audit (the audit log, read-only) and /api/v1/jobs (the
// state of the background jobs the servers share).
#include "domain/audit/audit_log.hpp"
#include "domain/jobs/job_runner.hpp"
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

Response ListTokens(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"user_id", "all"});
  auto user_id = q.IdParam("user_id");
  bool all = false;
  if (auto v = q.Get("all")) {
    if (*v == "true") all = true;
    else if (*v != "false") q.Fail("all", "must be true or false");
  }
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto tokens = ctx.services.tokens.List(actor, user_id, all);
  if (!tokens) return ErrorResponse(tokens.error());
  json::array data;
  for (const auto& t : *tokens) data.emplace_back(TokenToJson(t));
  return JsonResponse(200, json::object{{"data", std::move(data)}, {"next_cursor", nullptr}});
}

// The secret is in this answer only.
Response CreateToken(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  std::map<std::string, std::string> errors;
  FieldReader r(*body, "", errors);
  std::string name;
  if (auto v = r.String("name"); v && *v) name = **v;
  else if (!errors.contains("name")) errors["name"] = "required";
  std::optional<core::Timestamp> expires_at;
  if (auto v = r.String("expires_at"); v && *v) {
    expires_at = core::ParseIso8601(**v);
    if (!expires_at) errors["expires_at"] = "must be an ISO 8601 UTC time, e.g. 2027-01-31T00:00:00Z";
  }
  std::optional<core::Id> user_id;
  if (auto v = r.IdField("user_id"); v && *v) user_id = **v;
  r.RejectUnknown();
  if (!errors.empty()) return ErrorResponse(core::Error::Invalid(std::move(errors)));
  auto issued = ctx.services.tokens.Create(actor, name, expires_at, user_id);
  if (!issued) return ErrorResponse(issued.error());
  json::object out = TokenToJson(issued->token);
  out["token"] = issued->secret;
  Response resp = JsonResponse(201, out);
  resp.headers.emplace_back("Cache-Control", "no-store");
  return resp;
}

Response RevokeToken(ApiContext& ctx, Request& req, const Actor& actor) {
  const std::string& raw = req.path_params.at("id");
  auto id = core::ParseId(raw);
  if (!id) return ErrorResponse(core::Error::NotFound("token " + raw + " not found"));
  auto revoked = ctx.services.tokens.Revoke(actor, *id);
  if (!revoked) return ErrorResponse(revoked.error());
  return JsonResponse(200, TokenToJson(*revoked));
}

Response ListAudit(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"customer_id", "user_id", "since", "limit", "cursor"});
  domain::AuditQuery query;
  query.customer_id = q.IdParam("customer_id");
  query.actor_id = q.IdParam("user_id");
  if (auto v = q.Get("since")) {
    query.since = core::ParseIso8601(*v);
    if (!query.since) q.Fail("since", "must be an ISO 8601 UTC time, e.g. 2026-11-01T00:00:00Z");
  }
  query.limit = q.Limit(100, 1000);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = domain::ListAudit(ctx.services.store, actor, query,
                                cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& e : page->items) data.emplace_back(AuditEntryToJson(e));
  return JsonResponse(200, json::object{{"data", std::move(data)},
                                        {"next_cursor", page->next_cursor ? json::value(*page->next_cursor)
                                                                          : json::value(nullptr)}});
}

Response ListJobs(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {});
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  auto jobs = domain::ListJobs(ctx.services.store, actor);
  if (!jobs) return ErrorResponse(jobs.error());
  const core::Timestamp now = ctx.services.clock.Now();
  auto time = [](const std::optional<core::Timestamp>& t) {
    return t ? json::value(core::FormatIso8601(*t)) : json::value(nullptr);
  };
  json::array data;
  for (const auto& j : *jobs) {
    const bool running = j.holder && j.lease_until.ms > now.ms;
    data.emplace_back(json::object{
        {"name", j.name},
        {"running", running},
        {"holder", running ? json::value(*j.holder) : json::value(nullptr)},
        {"lease_until", running ? time(j.lease_until) : json::value(nullptr)},
        {"next_run_at", time(j.next_run_at)},
        {"last_run_at", time(j.last_run_at)},
        {"last_holder", j.last_holder ? json::value(*j.last_holder) : json::value(nullptr)},
        {"runs", j.runs}});
  }
  return JsonResponse(200, json::object{{"data", std::move(data)}, {"next_cursor", nullptr}});
}

}  // namespace

void RegisterTokenAndAuditRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::accounts;  // NOLINT
  const json::object cursor = QueryParam("cursor", Str(), "next_cursor of the previous page.");
  routes.Add("GET", "/api/v1/tokens", ListTokens,
             {{"summary", "Your API tokens; admins may pass user_id or all=true."},
              {"parameters", json::array{QueryParam("user_id", Str(), "Admins: this user's tokens."),
                                         QueryParam("all", {{"type", "boolean"}}, "Admins: everyone's tokens.")}},
              {"responses", Responses({{"200", JsonBody(Ref("TokenList"), "Tokens, newest first.")}}, {{"401", kAuth}, {"403", kAdmin}, {"422", kInvalid}})}});
  routes.Add("POST", "/api/v1/tokens", CreateToken,
             OpWithBody("Create an API token; the secret is in this answer only.", "NewToken",
                        Responses({{"201", JsonBody(Ref("Token"), "The token with its secret.")}},
                                  {{"401", kAuth}, {"403", kAdmin}, {"422", kInvalid}})));
  routes.PathParameters("/api/v1/tokens/{id}", json::array{PathId("token")});
  routes.Add("DELETE", "/api/v1/tokens/{id}", RevokeToken,
             Op("Revoke a token at once (yours; admins: anyone's).",
                Responses({{"200", JsonBody(Ref("Token"), "The revoked token.")}}, {{"401", kAuth}, {"404", "No such token of yours."}})));
  routes.Add("GET", "/api/v1/audit", ListAudit,
             {{"summary", "The audit log, newest first (managers and admins)."},
              {"parameters", json::array{QueryParam("customer_id", Str(), "Entries about this customer."),
                                         QueryParam("user_id", Str(), "Entries by this user."),
                                         QueryParam("since", Time(), "Entries at or after this time."),
                                         QueryParam("limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 100}}, "Page size."),
                                         cursor}},
              {"responses", Responses({{"200", JsonBody(Ref("AuditList"), "Entries.")}},
                                      {{"401", kAuth}, {"403", "Reps may not read the audit log."}, {"422", kInvalid}})}});
  routes.Add("GET", "/api/v1/jobs", ListJobs,
             Op("Background jobs shared by the servers (lease holder, last and next run); managers and admins.",
                Responses({{"200", JsonBody(Ref("JobList"), "Jobs by name.")}},
                          {{"401", kAuth}, {"403", "Reps may not see jobs."}})));
}

}  // namespace rapport::http
