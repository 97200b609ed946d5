// OpenAPI description of the account routes: sign-in, users, API tokens, the audit log, and the
// privacy routes of a customer (export, erase).
#include "http/openapi_util.hpp"

namespace rapport::http::openapi {
namespace {

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kAdmin = "Only admins may do this (or a cookie write lacks its CSRF token).";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";

}  // namespace

json::object AccountSchemas() {
  json::object role{{"type", "string"}, {"enum", json::array{"admin", "manager", "rep"}}};
  return {
      {"User", Object({{"id", Str()}, {"email", Str()}, {"name", Str()}, {"role", role},
                       {"team", Nullable("string", "Reps share customers with their team.")},
                       {"active", {{"type", "boolean"}}},
                       {"has_password", {{"type", "boolean"}, {"description", "False until a password is set."}}},
                       {"created_at", Time()}, {"updated_at", Time()}},
                      {"id", "email", "name", "role", "active"})},
      {"NewUser", Object({{"email", Str()}, {"name", Str()}, {"role", role}, {"team", Nullable("string")},
                          {"password", Str("At least 10 characters, not a common password. Omit it to get a password_reset ticket to pass on.")}},
                         {"email", "name", "role"})},
      {"UserPatch", Object({{"email", Str()}, {"name", Str()}, {"role", role}, {"team", Nullable("string")}})},
      {"Login", Object({{"email", Str()}, {"password", Str()}}, {"email", "password"})},
      {"SignedIn", Object({{"user", Ref("User")},
                           {"csrf_token", Nullable("string", "Send it in X-CSRF-Token on cookie-authenticated writes.")},
                           {"expires_at", Time()}})},
      {"PasswordChange", Object({{"current_password", Str()}, {"new_password", Str()}}, {"current_password", "new_password"})},
      {"PasswordReset", Object({{"token", Str("The reset token an admin issued.")}, {"password", Str()}}, {"token", "password"})},
      {"ResetTicket", Object({{"user", Ref("User")}, {"token", Str("Shown once.")}, {"reset_path", Str()}, {"expires_at", Time()}})},
      {"Deactivate", Object({{"reassign_to", Str("The active user who takes over the customers (required when there are any).")}})},
      {"Deactivation", Object({{"user", Ref("User")}, {"reassigned_to", Nullable("string")},
                               {"customers_reassigned", {{"type", "integer"}}},
                               {"sessions_ended", {{"type", "integer"}}},
                               {"tokens_revoked", {{"type", "integer"}}}})},
      {"Token", Object({{"id", Str()}, {"user_id", Str()}, {"name", Str()}, {"created_at", Time()},
                        {"last_used_at", NullableTime()}, {"expires_at", NullableTime()}, {"revoked_at", NullableTime()},
                        {"token", Str("The secret: only in the answer to its creation.")}})},
      {"NewToken", Object({{"name", Str()}, {"expires_at", Time()},
                           {"user_id", Str("Admins only: create it for this user.")}}, {"name"})},
      {"AuditEntry", Object({{"id", Str()}, {"at", Time()}, {"user_id", Nullable("string", "Null for a failed sign-in or the command line.")},
                             {"client_address", Str()}, {"action", Str("e.g. customer.update, auth.login_failed")},
                             {"entity_type", Str()}, {"entity_id", Nullable("string")}, {"customer_id", Nullable("string")},
                             {"detail", Nullable("string")},
                             {"changes", {{"type", "object"}, {"description", "field -> {before, after}"}}}})},
      {"CustomerExport", Object({{"customer", Ref("Customer")},
                                 {"stage_history", {{"type", "array"}, {"items", Ref("StageTransition")}}},
                                 {"audit", {{"type", "array"}, {"items", Ref("AuditEntry")}}},
                                 {"interactions", {{"type", "array"}, {"items", Ref("Interaction")}}},
                                 {"tasks", {{"type", "array"}, {"items", Ref("Task")}}},
                                 {"cases", {{"type", "array"}, {"items", Ref("Case")}, {"description", "Each with its events."}}},
                                 {"feedback", {{"type", "array"}, {"items", Ref("Feedback")}}},
                                 {"promises", {{"type", "array"}, {"items", Ref("Promise")}}},
                                 {"exported_at", Time()}})},
      {"Job", Object({{"name", Str()}, {"running", {{"type", "boolean"}}},
                      {"holder", Nullable("string", "The server running it now (host:pid:random).")},
                      {"lease_until", NullableTime()}, {"next_run_at", Time()}, {"last_run_at", NullableTime()},
                      {"last_holder", Nullable("string")}, {"runs", {{"type", "integer"}}}})},
      {"JobList", ListOf("Job")},
      {"UserList", ListOf("User")},
      {"TokenList", ListOf("Token")},
      {"AuditList", ListOf("AuditEntry")},
  };
}

json::object AccountPaths() {
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
  const json::object cursor = QueryParam("cursor", Str(), "next_cursor of the previous page.");
  return {
      {"/api/v1/auth/login", {{"post", login}}},
      {"/api/v1/auth/logout",
       {{"post", Op("Sign out: ends the session.", Responses({{"204", {{"description", "Signed out."}}}}, {{"401", kAuth}, {"403", "Missing CSRF token."}}))}}},
      {"/api/v1/auth/session",
       {{"get", Op("The signed-in user (and the session's CSRF token).", Responses({{"200", JsonBody(Ref("SignedIn"), "The caller.")}}, {{"401", kAuth}}))}}},
      {"/api/v1/auth/password",
       {{"post", OpWithBody("Change your own password.", "PasswordChange",
                            Responses({{"204", {{"description", "Changed."}}}}, {{"401", kAuth}, {"422", kInvalid}}))}}},
      {"/api/v1/auth/password-reset", {{"post", reset}}},
      {"/api/v1/users",
       {{"get", Op("Every user (all signed-in users may read).", Responses({{"200", JsonBody(Ref("UserList"), "Users.")}}, {{"401", kAuth}}))},
        {"post", OpWithBody("Add a user (admins).", "NewUser",
                            Responses({{"201", JsonBody(Ref("User"), "The user; with password_reset when no password was given.")}},
                                      {{"401", kAuth}, {"403", kAdmin}, {"409", "The email is taken."}, {"422", kInvalid}}))}}},
      {"/api/v1/users/{id}",
       {{"parameters", json::array{PathId("user")}},
        {"get", Op("One user.", Responses({{"200", JsonBody(Ref("User"), "The user.")}}, {{"401", kAuth}, {"404", "No such user."}}))},
        {"patch", OpWithBody("Change name, email, role or team (admins).", "UserPatch",
                             Responses({{"200", JsonBody(Ref("User"), "The user.")}},
                                       {{"401", kAuth}, {"403", kAdmin}, {"404", "No such user."},
                                        {"409", "Email taken, or it would leave no active admin."}, {"422", kInvalid}}))}}},
      {"/api/v1/users/{id}/deactivate",
       {{"parameters", json::array{PathId("user")}},
        {"post", OpWithBody("Offboard: end sessions, revoke tokens, hand all customers to reassign_to (admins).", "Deactivate",
                            Responses({{"200", JsonBody(Ref("Deactivation"), "What was done.")}},
                                      {{"401", kAuth}, {"403", kAdmin}, {"404", "No such user."},
                                       {"409", "The last active admin."}, {"422", "reassign_to missing or not an active user."}}))}}},
      {"/api/v1/users/{id}/activate",
       {{"parameters", json::array{PathId("user")}},
        {"post", Op("Let a deactivated user sign in again (admins).",
                    Responses({{"200", JsonBody(Ref("User"), "The user.")}}, {{"401", kAuth}, {"403", kAdmin}, {"404", "No such user."}}))}}},
      {"/api/v1/users/{id}/password-reset",
       {{"parameters", json::array{PathId("user")}},
        {"post", Op("Issue a one-time password reset token valid 24 hours (admins).",
                    Responses({{"201", JsonBody(Ref("ResetTicket"), "The ticket; the token is shown once.")}},
                              {{"401", kAuth}, {"403", kAdmin}, {"404", "No such user."}, {"409", "The user is deactivated."}}))}}},
      {"/api/v1/tokens",
       {{"get", {{"summary", "Your API tokens; admins may pass user_id or all=true."},
                 {"parameters", json::array{QueryParam("user_id", Str(), "Admins: this user's tokens."),
                                            QueryParam("all", {{"type", "boolean"}}, "Admins: everyone's tokens.")}},
                 {"responses", Responses({{"200", JsonBody(Ref("TokenList"), "Tokens, newest first.")}}, {{"401", kAuth}, {"403", kAdmin}, {"422", kInvalid}})}}},
        {"post", OpWithBody("Create an API token; the secret is in this answer only.", "NewToken",
                            Responses({{"201", JsonBody(Ref("Token"), "The token with its secret.")}},
                                      {{"401", kAuth}, {"403", kAdmin}, {"422", kInvalid}}))}}},
      {"/api/v1/tokens/{id}",
       {{"parameters", json::array{PathId("token")}},
        {"delete", Op("Revoke a token at once (yours; admins: anyone's).",
                      Responses({{"200", JsonBody(Ref("Token"), "The revoked token.")}}, {{"401", kAuth}, {"404", "No such token of yours."}}))}}},
      {"/api/v1/audit",
       {{"get", {{"summary", "The audit log, newest first (managers and admins)."},
                 {"parameters", json::array{QueryParam("customer_id", Str(), "Entries about this customer."),
                                            QueryParam("user_id", Str(), "Entries by this user."),
                                            QueryParam("since", Time(), "Entries at or after this time."),
                                            QueryParam("limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 100}}, "Page size."),
                                            cursor}},
                 {"responses", Responses({{"200", JsonBody(Ref("AuditList"), "Entries.")}},
                                         {{"401", kAuth}, {"403", "Reps may not read the audit log."}, {"422", kInvalid}})}}}}},
      {"/api/v1/jobs",
       {{"get", Op("Background jobs shared by the servers (lease holder, last and next run); managers and admins.",
                   Responses({{"200", JsonBody(Ref("JobList"), "Jobs by name.")}},
                             {{"401", kAuth}, {"403", "Reps may not see jobs."}}))}}},
      {"/api/v1/customers/{id}/export",
       {{"parameters", json::array{PathId("customer")}},
        {"get", Op("Everything stored about the customer, as one JSON document.",
                   Responses({{"200", JsonBody(Ref("CustomerExport"), "The export.")}}, {{"401", kAuth}, {"404", "No such customer (or not yours)."}}))}}},
      {"/api/v1/customers/{id}/erase",
       {{"parameters", json::array{PathId("customer")}},
        {"post", Op("Erase the customer's personal data everywhere, keeping anonymous figures (admins).",
                    Responses({{"200", JsonBody(Ref("Customer"), "The erased customer.")}},
                              {{"401", kAuth}, {"403", "Only admins erase."}, {"404", "No such customer."}}))}}},
  };
}

}  // namespace rapport::http::openapi
