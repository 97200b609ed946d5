// OpenAPI description of the account routes: sign-in, users, API tokens, the audit log, and the
// privacy routes of a customer (export, erase).
#include "http/account/openapi_accounts.hpp"

namespace rapport::http::openapi {
using namespace accounts;  // NOLINT: the accounts building blocks

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

}  // namespace rapport::http::openapi
