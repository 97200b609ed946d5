#include "http/account/account_json.hpp"

#include <boost/json/parse.hpp>

#include "core/time.hpp"
#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;

json::value OptTime(const std::optional<core::Timestamp>& t) {
  return t ? json::value(core::FormatIso8601(*t)) : json::value(nullptr);
}

json::value OptId(const std::optional<core::Id>& id) {
  return id ? json::value(core::FormatId(*id)) : json::value(nullptr);
}

// Stored audit values are JSON text written by Rapport itself; parse them back to values.
json::value AuditValue(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  return ec ? json::value(*text) : v;
}

std::optional<domain::Role> RoleField(FieldReader& r, const char* key) {
  auto v = r.String(key);
  if (!v) return std::nullopt;
  if (!*v) {
    r.Fail(key, "must be admin, manager or rep");
    return std::nullopt;
  }
  auto role = domain::ParseRole(**v);
  if (!role) r.Fail(key, "must be admin, manager or rep");
  return role;
}

}  // namespace

json::object UserToJson(const domain::User& u) {
  return {{"id", core::FormatId(u.id)},
          {"email", u.email},
          {"name", u.name},
          {"role", domain::RoleName(u.role)},
          {"team", u.team ? json::value(*u.team) : json::value(nullptr)},
          {"active", u.active},
          {"has_password", !u.password_hash.empty()},
          {"created_at", core::FormatIso8601(u.created_at)},
          {"updated_at", core::FormatIso8601(u.updated_at)}};
}

json::object TokenToJson(const domain::ApiToken& t) {
  return {{"id", core::FormatId(t.id)},
          {"user_id", core::FormatId(t.user_id)},
          {"name", t.name},
          {"created_at", core::FormatIso8601(t.created_at)},
          {"last_used_at", OptTime(t.last_used_at)},
          {"expires_at", OptTime(t.expires_at)},
          {"revoked_at", OptTime(t.revoked_at)}};
}

json::object AuditEntryToJson(const domain::AuditEntry& e) {
  json::object changes;
  for (const auto& c : e.changes)
    changes[c.field] = json::object{{"before", AuditValue(c.before)}, {"after", AuditValue(c.after)}};
  return {{"id", core::FormatId(e.id)},
          {"at", core::FormatIso8601(e.at)},
          {"user_id", OptId(e.actor_id)},
          {"client_address", e.client_address},
          {"action", e.action},
          {"entity_type", e.entity_type},
          {"entity_id", OptId(e.entity_id)},
          {"customer_id", OptId(e.customer_id)},
          {"detail", e.detail ? json::value(*e.detail) : json::value(nullptr)},
          {"changes", std::move(changes)}};
}

core::Result<domain::NewUser> NewUserFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::NewUser u;
  auto email = r.String("email");
  if (email && *email) u.email = **email;
  else errors["email"] = "required";
  auto name = r.String("name");
  if (name && *name) u.name = **name;
  else errors["name"] = "required";
  if (body.contains("role")) {
    if (auto role = RoleField(r, "role")) u.role = *role;
  } else {
    errors["role"] = "required: admin, manager or rep";
  }
  if (auto team = r.String("team"); team && *team) u.team = **team;
  if (auto pw = r.String("password"); pw && *pw) u.password = **pw;
  r.RejectUnknown();
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return u;
}

domain::UserPatch UserPatchFromJson(const json::object& body) {
  domain::UserPatch p;
  FieldReader r(body, "", p.decode_errors);
  p.email = r.String("email");
  p.name = r.String("name");
  if (body.contains("role")) {
    if (auto role = RoleField(r, "role")) p.role = std::optional<domain::Role>{*role};
  }
  p.team = r.String("team");
  if (body.contains("active"))
    r.Reject("active", "use POST /api/v1/users/{id}/deactivate or /activate");
  if (body.contains("password"))
    r.Reject("password", "use POST /api/v1/users/{id}/password-reset or /api/v1/auth/password");
  r.RejectUnknown();
  return p;
}

}  // namespace rapport::http
