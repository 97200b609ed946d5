// Helpers the API tests share: who a client is, users and tokens made by the admin, signing in,
// audit entries by action, cursor pages, and readable CLI results. They use GoogleTest's
// non-fatal EXPECT_* / ADD_FAILURE for what they expect and return an empty value ("", null) when
// it did not happen, so a caller that cannot go on checks that value (ASSERT_FALSE(id.empty())).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"

namespace rapport_test {

// "exit N\nstdout: ...\nstderr: ...", for assertion messages about a CLI run.
std::string Show(const CliResult& r);

// An id as text: the API writes ids as JSON strings, audit values may hold them as numbers.
// "<missing>" for nullptr; any other value as JSON.
std::string IdText(const boost::json::value* v);

// The id of the user `client` acts as (GET /api/v1/auth/session, 200 expected); "" otherwise.
std::string SelfId(HttpClient& client);

// GET `target` (200 expected): the body as JSON; null otherwise.
boost::json::value GetJson(HttpClient& client, const std::string& target);

// Now minus `days` days (the real clock: the server's), as ISO 8601 UTC with milliseconds.
std::string IsoDaysAgo(std::int64_t days);

// The audit entries with this action, newest first (the newest 1000, read by `admin`).
std::vector<boost::json::value> AuditEntries(HttpClient& admin, const std::string& action);

// POST /api/v1/users as `admin` (201 expected): the new user; null otherwise.
boost::json::value CreateUser(HttpClient& admin, const boost::json::object& user);
// POST /api/v1/tokens {"name", "user_id"} as `admin` (201 expected): the token's secret; ""
// otherwise.
std::string CreateToken(HttpClient& admin, const std::string& user_id, const std::string& name);

struct UserAndToken {
  std::string id;     // "" when the user was not created
  std::string token;  // "" when either was not created
};
// A user made by the admin (CreateUser) and an API token for them (CreateToken).
UserAndToken CreateUserWithToken(HttpClient& admin, const boost::json::object& user,
                                 const std::string& token_name);

// POST /api/v1/auth/login {"email", "password"} from `client` (one without a token: a browser).
Reply Login(HttpClient& client, const std::string& email, const std::string& password,
            const Headers& headers = {});
// The session cookie a sign-in set, as a Cookie header value ("rapport_session=..."); "" when
// the reply set none.
std::string SessionCookie(const Reply& login);

// The pages of a list, from the first to the last.
struct Walk {
  std::vector<std::string> ids;          // each item's "id", in page order
  std::vector<boost::json::value> items;  // the items, in page order
  std::vector<std::size_t> page_sizes;
  bool ok = false;  // reached a page whose next_cursor is null, without a failure
};
// GETs `target` (a list URL with a query and no cursor: "/api/v1/customers?limit=2"), then
// again with each next_cursor until it is null. Every page must be 200 with {data: [...],
// next_cursor: null or a non-empty string}; anything else is a failure (and ok stays false).
Walk WalkPages(HttpClient& client, const std::string& target, int max_pages = 5000);

}  // namespace rapport_test
