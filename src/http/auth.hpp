// Bearer-token authentication for route handlers.
#pragma once

#include <functional>

#include "domain/user/user.hpp"
#include "domain/user/user_service.hpp"
#include "http/request.hpp"

namespace rapport::http {

using AuthedHandler = std::function<Response(Request&, const domain::Actor&)>;

// A Handler that answers 401 unless the request carries a valid `Authorization: Bearer` token,
// then calls `handler` with the caller.
Handler RequireAuth(domain::UserService& users, AuthedHandler handler);

}  // namespace rapport::http
