// OpenAPI building blocks of the accounts routes, shared by their registrations (next to the
// handlers) and the accounts schemas (openapi_accounts.cpp).
#pragma once

#include "http/openapi_util.hpp"

namespace rapport::http::openapi::accounts {

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kAdmin = "Only admins may do this (or a cookie write lacks its CSRF token).";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";

}  // namespace rapport::http::openapi::accounts
