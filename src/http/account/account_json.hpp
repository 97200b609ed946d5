// JSON shapes of users, API tokens and audit entries.
#pragma once

#include <boost/json/object.hpp>

#include "domain/audit/audit.hpp"
#include "domain/user/user.hpp"
#include "domain/user/user_service.hpp"

namespace rapport::http {

boost::json::object UserToJson(const domain::User& u);  // never the password hash
boost::json::object TokenToJson(const domain::ApiToken& t);  // never the secret or its hash
boost::json::object AuditEntryToJson(const domain::AuditEntry& e);
// Body of POST /users: kInvalidArgument naming every bad or unknown field.
core::Result<domain::NewUser> NewUserFromJson(const boost::json::object& body);
// Body of PATCH /users/{id}.
domain::UserPatch UserPatchFromJson(const boost::json::object& body);

}  // namespace rapport::http
