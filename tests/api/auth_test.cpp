// Signing in (docs/accounts.md, "Signing in"): the session cookie and its attributes, CSRF on
// cookie writes, sign-out, idle and absolute expiry, deactivated users, login throttling and the
// `serve` flags for session lifetimes.
//
// Every test runs its own server: failed sign-ins count against the client address (127.0.0.1
// for all of them), so tests sharing a server would throttle each other.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::CliResult;
using rapport_test::Dump;
using rapport_test::FreshServerSuite;
using rapport_test::Headers;
using rapport_test::HttpClient;
using rapport_test::IsNullAt;
using rapport_test::RapportServer;
using rapport_test::Reply;
using rapport_test::RunCli;
using rapport_test::StrAt;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kSessionCookie = "rapport_session";

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string TrimSpaces(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// A Set-Cookie value split at ';': the first part is name=value, the others attributes.
struct SetCookie {
  std::string name;
  std::string value;
  std::vector<std::string> attributes;  // trimmed, as sent

  bool Has(const std::string& attribute) const {  // case-insensitive, exact ("HttpOnly")
    return std::any_of(attributes.begin(), attributes.end(),
                       [&](const std::string& a) { return Lower(a) == Lower(attribute); });
  }
  bool HasNamed(const std::string& name_only) const {  // "Secure", "Secure=..." alike
    return std::any_of(attributes.begin(), attributes.end(), [&](const std::string& a) {
      return Lower(TrimSpaces(a.substr(0, a.find('=')))) == Lower(name_only);
    });
  }
};

SetCookie ParseSetCookie(const std::string& header) {
  SetCookie c;
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  while (true) {
    const auto semi = header.find(';', start);
    parts.push_back(TrimSpaces(header.substr(start, semi - start)));
    if (semi == std::string::npos) break;
    start = semi + 1;
  }
  const auto eq = parts[0].find('=');
  c.name = parts[0].substr(0, eq);
  c.value = eq == std::string::npos ? "" : parts[0].substr(eq + 1);
  c.attributes.assign(parts.begin() + 1, parts.end());
  return c;
}

struct Session {
  std::string cookie;  // the rapport_session value
  std::string csrf;
  json::value user;
};

double Seconds(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::duration<double>>(d).count();
}

class AuthTest : public FreshServerSuite {
 protected:
  // The server for this test; tests needing other serve flags call StartServer themselves.
  void SetUp() override {
    if (manual_server_) return;
    StartServer({});
    ASSERT_TRUE(server_);
  }

  Reply Login(const std::string& email, const std::string& password, const Headers& headers = {}) {
    return rapport_test::Login(*anon_, email, password, headers);
  }

  // Signs in (expects 200) and returns the cookie and CSRF token; empty cookie on failure.
  Session SignIn(const std::string& email = RapportServer::kRepEmail) {
    Session s;
    Reply r = Login(email, RapportServer::kPassword);
    EXPECT_EQ(r.status, 200) << r.Summary();
    if (r.status != 200) return s;
    SetCookie c = ParseSetCookie(r.Header("set-cookie"));
    EXPECT_EQ(c.name, kSessionCookie) << r.Header("set-cookie");
    s.cookie = c.value;
    s.csrf = StrAt(r.Json(), "/csrf_token");
    s.user = r.Json().at("user");
    return s;
  }

  // A request carrying the session cookie (and `csrf` in X-CSRF-Token when not empty), no bearer.
  Reply WithCookie(const std::string& method, const std::string& target, const Session& s,
                   const std::string& csrf, const std::string& body = "") {
    Headers h{{"Cookie", std::string(kSessionCookie) + "=" + s.cookie}};
    if (!csrf.empty()) h.emplace_back("X-CSRF-Token", csrf);
    return anon_->Send(method, target, body, h);
  }
  Reply SessionGet(const Session& s) { return WithCookie("GET", "/api/v1/auth/session", s, ""); }

  // How many customers the admin sees (the tests create only a handful).
  std::size_t CustomerCount() {
    Reply r = admin_->Get("/api/v1/customers?limit=200");
    EXPECT_EQ(r.status, 200) << r.Summary();
    if (r.status != 200) return 0;
    return r.Json().at("data").as_array().size();
  }

  // Audit entries with this action, newest first (as the admin).
  std::vector<json::object> AuditEntries(const std::string& action) {
    std::vector<json::object> out;
    for (const json::value& e : rapport_test::AuditEntries(*admin_, action))
      out.push_back(e.as_object());
    return out;
  }

  bool manual_server_ = false;
  std::unique_ptr<HttpClient>& admin_ = client_;  // the admin's client, by the name these tests use
};

// Tests that start their own server with other `serve` flags.
class AuthExpiryTest : public AuthTest {
 protected:
  AuthExpiryTest() { manual_server_ = true; }
};

void ExpectErrorCode(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.Summary();
  if (r.body.empty()) return;
  EXPECT_EQ(StrAt(r.Json(), "/error/code"), code) << r.Summary();
}

// --- Sign-in -------------------------------------------------------------------------------------

TEST_F(AuthTest, LoginReturnsUserCsrfAndAnHttpOnlyLaxCookie) {
  Reply r = Login(RapportServer::kRepEmail, RapportServer::kPassword);
  ASSERT_EQ(r.status, 200) << r.Summary();
  json::value body = r.Json();
  EXPECT_EQ(StrAt(body, "/user/email"), RapportServer::kRepEmail);
  EXPECT_EQ(StrAt(body, "/user/role"), "rep");
  EXPECT_FALSE(StrAt(body, "/user/id").empty());
  const std::string csrf = StrAt(body, "/csrf_token");
  EXPECT_GE(csrf.size(), 16u) << "the CSRF token should be a real secret: " << r.body;
  EXPECT_FALSE(StrAt(body, "/expires_at").empty()) << r.body;

  const std::string header = r.Header("set-cookie");
  ASSERT_FALSE(header.empty()) << "no Set-Cookie on sign-in";
  SetCookie c = ParseSetCookie(header);
  EXPECT_EQ(c.name, kSessionCookie) << header;
  EXPECT_GE(c.value.size(), 20u) << header;
  EXPECT_NE(c.value, csrf) << "the cookie and the CSRF token must be different secrets";
  EXPECT_TRUE(c.Has("HttpOnly")) << header;
  EXPECT_TRUE(c.Has("SameSite=Lax")) << header;
  EXPECT_TRUE(c.Has("Path=/")) << header;
  EXPECT_FALSE(c.HasNamed("Secure")) << "plain HTTP: a Secure cookie would never come back\n"
                                     << header;
  EXPECT_EQ(header.find(csrf), std::string::npos) << "the CSRF token is not in the cookie";
}

TEST_F(AuthTest, CookieIsSecureBehindAProxySayingHttps) {
  Reply r = Login(RapportServer::kRepEmail, RapportServer::kPassword,
                  {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(r.status, 200) << r.Summary();
  SetCookie c = ParseSetCookie(r.Header("set-cookie"));
  EXPECT_EQ(c.name, kSessionCookie) << r.Header("set-cookie");
  EXPECT_TRUE(c.Has("Secure")) << r.Header("set-cookie");
  EXPECT_TRUE(c.Has("HttpOnly")) << r.Header("set-cookie");
  EXPECT_TRUE(c.Has("SameSite=Lax")) << r.Header("set-cookie");
  EXPECT_TRUE(c.Has("Path=/")) << r.Header("set-cookie");
}

TEST_F(AuthTest, EmailIsCaseInsensitive) {
  Reply r = Login("Rep@EXAMPLE.com", RapportServer::kPassword);
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(StrAt(r.Json(), "/user/email"), RapportServer::kRepEmail);
  EXPECT_FALSE(r.Header("set-cookie").empty());
}

TEST_F(AuthTest, WrongPasswordAndUnknownEmailGetTheIdenticalAnswer) {
  Reply wrong = Login(RapportServer::kRepEmail, "not the right password");
  Reply unknown = Login("nobody-here@example.com", RapportServer::kPassword);
  ExpectErrorCode(wrong, 401, "unauthenticated");
  ExpectErrorCode(unknown, 401, "unauthenticated");
  EXPECT_EQ(wrong.body, unknown.body) << "the answer must not tell which emails exist";
  EXPECT_EQ(StrAt(wrong.Json(), "/error/message"), "wrong email or password");
  EXPECT_TRUE(wrong.Header("set-cookie").empty()) << wrong.Header("set-cookie");
  EXPECT_TRUE(unknown.Header("set-cookie").empty()) << unknown.Header("set-cookie");
}

TEST_F(AuthTest, MissingFieldsAre422NamingEachOne) {
  Reply none = anon_->Post("/api/v1/auth/login", "{}");
  ExpectErrorCode(none, 422, "invalid_argument");
  json::value v = none.Json();
  EXPECT_NE(At(v, "/error/fields/email"), nullptr) << none.body;
  EXPECT_NE(At(v, "/error/fields/password"), nullptr) << none.body;

  Reply no_password = anon_->Post("/api/v1/auth/login", R"({"email": "rep@example.com"})");
  ExpectErrorCode(no_password, 422, "invalid_argument");
  EXPECT_NE(At(no_password.Json(), "/error/fields/password"), nullptr) << no_password.body;
  EXPECT_EQ(At(no_password.Json(), "/error/fields/email"), nullptr) << no_password.body;

  Reply no_email = anon_->Post("/api/v1/auth/login", R"({"password": "correct horse battery"})");
  ExpectErrorCode(no_email, 422, "invalid_argument");
  EXPECT_NE(At(no_email.Json(), "/error/fields/email"), nullptr) << no_email.body;
  EXPECT_EQ(At(no_email.Json(), "/error/fields/password"), nullptr) << no_email.body;
}

TEST_F(AuthTest, SessionRouteReturnsTheUserAndTheCsrfToken) {
  Session s = SignIn();
  ASSERT_FALSE(s.cookie.empty());
  Reply r = SessionGet(s);
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(StrAt(r.Json(), "/user/email"), RapportServer::kRepEmail);
  EXPECT_EQ(StrAt(r.Json(), "/user/id"), StrAt(s.user, "/id"));
  EXPECT_EQ(StrAt(r.Json(), "/csrf_token"), s.csrf);

  // Without a cookie (and without a token): not signed in.
  ExpectErrorCode(anon_->Get("/api/v1/auth/session"), 401, "unauthenticated");
  // A made-up cookie is not a session.
  Session fake{std::string(43, 'A'), "", nullptr};
  ExpectErrorCode(SessionGet(fake), 401, "unauthenticated");
}

// --- CSRF ----------------------------------------------------------------------------------------

TEST_F(AuthTest, CookieWritesNeedTheSessionsCsrfToken) {
  Session s = SignIn();
  ASSERT_FALSE(s.cookie.empty());
  Session other = SignIn(RapportServer::kAdminEmail);
  ASSERT_FALSE(other.cookie.empty());
  ASSERT_NE(other.csrf, s.csrf);
  const std::string body = R"({"name": "Csrf Carla"})";
  const std::size_t before = CustomerCount();

  Reply missing = WithCookie("POST", "/api/v1/customers", s, "", body);
  ExpectErrorCode(missing, 403, "permission_denied");
  EXPECT_EQ(CustomerCount(), before) << "a refused write must not create anything";

  Reply wrong = WithCookie("POST", "/api/v1/customers", s, "not-the-token", body);
  ExpectErrorCode(wrong, 403, "permission_denied");
  Reply anothers = WithCookie("POST", "/api/v1/customers", s, other.csrf, body);
  ExpectErrorCode(anothers, 403, "permission_denied");
  EXPECT_EQ(CustomerCount(), before);

  // Reads need no CSRF token.
  EXPECT_EQ(WithCookie("GET", "/api/v1/customers", s, "").status, 200);

  Reply right = WithCookie("POST", "/api/v1/customers", s, s.csrf, body);
  ASSERT_EQ(right.status, 201) << right.Summary();
  EXPECT_EQ(CustomerCount(), before + 1);
  EXPECT_EQ(StrAt(right.Json(), "/owner_id"), StrAt(s.user, "/id"));

  // PATCH and DELETE are writes too.
  const std::string id = StrAt(right.Json(), "/id");
  Reply patch = WithCookie("PATCH", "/api/v1/customers/" + id, s, "", R"({"name": "Changed"})");
  ExpectErrorCode(patch, 403, "permission_denied");
  Reply del = WithCookie("DELETE", "/api/v1/customers/" + id, s, "");
  ExpectErrorCode(del, 403, "permission_denied");
  Reply after = admin_->Get("/api/v1/customers/" + id);
  ASSERT_EQ(after.status, 200) << after.Summary();
  EXPECT_EQ(StrAt(after.Json(), "/name"), "Csrf Carla");
  EXPECT_TRUE(IsNullAt(after.Json(), "/archived_at")) << after.body;
}

TEST_F(AuthTest, BearerWritesNeedNoCsrfToken) {
  HttpClient rep = server_->Client(server_->rep_token());
  Reply r = rep.Post("/api/v1/customers", R"({"name": "Bearer Bob"})");
  EXPECT_EQ(r.status, 201) << r.Summary();
}

// --- Sign-out ------------------------------------------------------------------------------------

TEST_F(AuthTest, LogoutEndsTheSessionAtOnce) {
  Session s = SignIn();
  ASSERT_FALSE(s.cookie.empty());
  Session other = SignIn();  // a second session of the same user stays
  ASSERT_FALSE(other.cookie.empty());
  ASSERT_EQ(SessionGet(s).status, 200);

  // Logout is a write: without the CSRF token it is refused and the session stays.
  ExpectErrorCode(WithCookie("POST", "/api/v1/auth/logout", s, ""), 403, "permission_denied");
  ASSERT_EQ(SessionGet(s).status, 200);

  Reply out = WithCookie("POST", "/api/v1/auth/logout", s, s.csrf);
  ASSERT_EQ(out.status, 204) << out.Summary();
  EXPECT_TRUE(out.body.empty()) << out.body;
  SetCookie cleared = ParseSetCookie(out.Header("set-cookie"));
  EXPECT_EQ(cleared.name, kSessionCookie) << out.Header("set-cookie");
  EXPECT_TRUE(cleared.value.empty()) << out.Header("set-cookie");
  EXPECT_TRUE(cleared.Has("Max-Age=0") || cleared.HasNamed("Expires"))
      << "the cookie must be cleared: " << out.Header("set-cookie");

  ExpectErrorCode(SessionGet(s), 401, "unauthenticated");
  ExpectErrorCode(WithCookie("POST", "/api/v1/customers", s, s.csrf, R"({"name": "Late Larry"})"),
                  401, "unauthenticated");
  ExpectErrorCode(WithCookie("POST", "/api/v1/auth/logout", s, s.csrf), 401, "unauthenticated");
  EXPECT_EQ(SessionGet(other).status, 200) << "only the session signed out ends";
}

// --- Expiry --------------------------------------------------------------------------------------

TEST_F(AuthExpiryTest, IdleSessionEndsAfterSessionIdle) {
  StartServer({"--session-idle", "2s"});
  ASSERT_TRUE(server_);
  const auto before_login = Clock::now();
  Session s = SignIn();
  ASSERT_FALSE(s.cookie.empty());
  Reply first = SessionGet(s);
  const auto used = Clock::now();
  if (used - before_login < milliseconds(2000)) {
    EXPECT_EQ(first.status, 200) << first.Summary();
  }
  std::this_thread::sleep_for(milliseconds(3000));
  ExpectErrorCode(SessionGet(s), 401, "unauthenticated");
  // An ended session does not come back by signing in again: a new one does.
  Session again = SignIn();
  EXPECT_EQ(SessionGet(again).status, 200);
  ExpectErrorCode(SessionGet(s), 401, "unauthenticated");
}

// "end after --session-idle without a request": a session in use does not end at the idle limit.
TEST_F(AuthExpiryTest, RequestsKeepASessionAlivePastTheIdleLimit) {
  StartServer({"--session-idle", "3s"});
  ASSERT_TRUE(server_);
  const auto before_login = Clock::now();
  Session s = SignIn();
  ASSERT_FALSE(s.cookie.empty());
  auto previous_sent = before_login;
  int checked = 0;
  while (Clock::now() - before_login < milliseconds(5000)) {
    const auto sent = Clock::now();
    Reply r = SessionGet(s);
    const auto received = Clock::now();
    // The server saw the previous request (or the sign-in) after previous_sent and this one
    // before `received`: less than 3 s apart, so the session was never idle for 3 s.
    if (received - previous_sent < milliseconds(2800)) {
      ++checked;
      ASSERT_EQ(r.status, 200) << "request " << checked << ", " << Seconds(sent - before_login)
                               << " s after sign-in, with a request every 0.4 s: "
                               << r.Summary();
    }
    previous_sent = sent;
    std::this_thread::sleep_for(milliseconds(400));
  }
  EXPECT_GE(checked, 5) << "the machine was too slow to check anything";
  // Then left alone for longer than the limit, it ends.
  std::this_thread::sleep_for(milliseconds(3500));
  ExpectErrorCode(SessionGet(s), 401, "unauthenticated");
}

TEST_F(AuthExpiryTest, SessionEndsAfterSessionMaxHoweverActive) {
  StartServer({"--session-max", "2s"});
  ASSERT_TRUE(server_);
  const auto before_login = Clock::now();
  Session s = SignIn();
  const auto after_login = Clock::now();
  ASSERT_FALSE(s.cookie.empty());
  bool saw_ok = false;
  bool saw_expired = false;
  while (Clock::now() - after_login < milliseconds(3500)) {
    const auto sent = Clock::now();
    Reply r = SessionGet(s);
    const auto received = Clock::now();
    if (received - before_login < milliseconds(2000)) {
      EXPECT_EQ(r.status, 200) << Seconds(received - before_login) << " s after sign-in: "
                               << r.Summary();
      saw_ok = saw_ok || r.status == 200;
    } else if (sent - after_login > milliseconds(2000)) {
      EXPECT_EQ(r.status, 401) << Seconds(sent - after_login)
                               << " s after sign-in with --session-max 2s: " << r.Summary();
      saw_expired = saw_expired || r.status == 401;
    }
    std::this_thread::sleep_for(milliseconds(250));
  }
  EXPECT_TRUE(saw_ok) << "the machine was too slow to see the session work";
  EXPECT_TRUE(saw_expired);
}

TEST_F(AuthTest, DeactivatedUsersSessionEndsAtOnce) {
  Session s = SignIn();
  ASSERT_FALSE(s.cookie.empty());
  ASSERT_EQ(SessionGet(s).status, 200);
  const std::string rep_id = StrAt(s.user, "/id");
  Reply off = admin_->Post("/api/v1/users/" + rep_id + "/deactivate", "{}");
  ASSERT_EQ(off.status, 200) << off.Summary();
  ExpectErrorCode(SessionGet(s), 401, "unauthenticated");
  ExpectErrorCode(WithCookie("POST", "/api/v1/customers", s, s.csrf, R"({"name": "Gone Gina"})"),
                  401, "unauthenticated");
  // And a deactivated user cannot sign in: the same answer as a wrong password.
  Reply login = Login(RapportServer::kRepEmail, RapportServer::kPassword);
  Reply wrong = Login("nobody-here@example.com", RapportServer::kPassword);
  EXPECT_EQ(login.status, 401) << login.Summary();
  EXPECT_EQ(login.body, wrong.body);
  EXPECT_TRUE(login.Header("set-cookie").empty()) << login.Header("set-cookie");
}

// --- Throttling ----------------------------------------------------------------------------------

TEST_F(AuthTest, SixthAttemptAfterFiveFailuresIs429EvenWithTheRightPassword) {
  const std::string email = RapportServer::kRepEmail;
  for (int i = 1; i <= 5; ++i) {
    Reply r = Login(email, "wrong password " + std::to_string(i));
    ExpectErrorCode(r, 401, "unauthenticated");
  }
  Reply locked = Login(email, RapportServer::kPassword);
  ExpectErrorCode(locked, 429, "too_many_requests");
  EXPECT_TRUE(locked.Header("set-cookie").empty()) << "no session while locked out";
  const std::string retry_after = locked.Header("retry-after");
  ASSERT_FALSE(retry_after.empty()) << "429 without Retry-After";
  int seconds = -1;
  try {
    seconds = std::stoi(retry_after);
  } catch (...) {
  }
  EXPECT_GE(seconds, 1) << retry_after;
  EXPECT_LE(seconds, 30) << "the first lockout is 30 s: " << retry_after;
  // Still locked out, with a wrong password too; other case of the same email too.
  ExpectErrorCode(Login(email, "wrong password 6"), 429, "too_many_requests");
  ExpectErrorCode(Login("REP@example.com", RapportServer::kPassword), 429, "too_many_requests");

  // Each failure is audited once, without a user (nobody is signed in), with the email tried.
  std::vector<json::object> failed = AuditEntries("auth.login_failed");
  EXPECT_EQ(failed.size(), 5u) << "one entry per failed password check (the refused attempts "
                                  "are not checked)";
  for (const json::object& e : failed) {
    EXPECT_EQ(StrAt(e, "/detail"), email) << Dump(e);
    EXPECT_TRUE(IsNullAt(e, "/user_id")) << Dump(e);
    EXPECT_EQ(StrAt(e, "/client_address"), "127.0.0.1") << Dump(e);
  }
  // Bearer tokens are not affected by sign-in throttling.
  HttpClient rep = server_->Client(server_->rep_token());
  EXPECT_EQ(rep.Get("/api/v1/customers").status, 200);
}

TEST_F(AuthTest, FailuresForUnknownEmailsAreAuditedWithTheEmailTried) {
  ExpectErrorCode(Login("Ghost@Example.org", "some password 1"), 401, "unauthenticated");
  std::vector<json::object> failed = AuditEntries("auth.login_failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(StrAt(failed[0], "/detail"), "Ghost@Example.org") << Dump(failed[0]);
  EXPECT_TRUE(IsNullAt(failed[0], "/user_id")) << Dump(failed[0]);
}

// The address counter: five failures from one address, each for a different account (so no
// account reaches its own limit), lock out every account from that address.
TEST_F(AuthTest, FiveFailuresFromOneAddressLockOutOtherAccountsToo) {
  for (int i = 1; i <= 5; ++i) {
    Reply r = Login("stranger" + std::to_string(i) + "@example.com", "wrong password");
    ExpectErrorCode(r, 401, "unauthenticated");
  }
  Reply rep = Login(RapportServer::kRepEmail, RapportServer::kPassword);
  ExpectErrorCode(rep, 429, "too_many_requests");
  EXPECT_FALSE(rep.Header("retry-after").empty()) << rep.Summary();
  Reply admin = Login(RapportServer::kAdminEmail, RapportServer::kPassword);
  ExpectErrorCode(admin, 429, "too_many_requests");
  Reply sixth = Login("stranger6@example.com", "wrong password");
  ExpectErrorCode(sixth, 429, "too_many_requests");
}

TEST_F(AuthTest, SuccessfulSignInClearsTheCounters) {
  const std::string email = RapportServer::kRepEmail;
  for (int i = 1; i <= 4; ++i) ExpectErrorCode(Login(email, "wrong password"), 401, "unauthenticated");
  Reply ok = Login(email, RapportServer::kPassword);
  ASSERT_EQ(ok.status, 200) << ok.Summary();
  // Counting starts again at zero, for the account and for the address: four more failures are
  // free, the fifth is a failure that starts the lockout, the sixth is refused.
  for (int i = 1; i <= 4; ++i) {
    Reply r = Login(email, "wrong password");
    ExpectErrorCode(r, 401, "unauthenticated");
  }
  ExpectErrorCode(Login(email, "wrong password"), 401, "unauthenticated");
  ExpectErrorCode(Login(email, RapportServer::kPassword), 429, "too_many_requests");
}

// --- serve flags ---------------------------------------------------------------------------------

TEST(AuthServeFlagsTest, BadSessionDurationsNameTheOption) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "rapport-auth-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  const std::string dir = tmpl;
  struct Case {
    const char* option;
    const char* value;
  };
  for (const Case& c : {Case{"--session-idle", "5x"}, Case{"--session-idle", "abc"},
                        Case{"--session-idle", "0s"}, Case{"--session-max", "7 days"},
                        Case{"--session-max", "-1h"}}) {
    SCOPED_TRACE(std::string(c.option) + " " + c.value);
    const std::string db = rapport_test::NewDatabase(dir, "auth");
    CliResult r = RunCli({"serve", "--db", db, "--listen",
                          "127.0.0.1:" + std::to_string(rapport_test::PickFreePort()), c.option,
                          c.value});
    EXPECT_NE(r.exit_code, 0) << "exit " << r.exit_code << "\nstderr: " << r.err;
    EXPECT_NE(r.err.find(c.option), std::string::npos) << "stderr: " << r.err;
    EXPECT_NE(r.err.find(c.value), std::string::npos)
        << "the message should quote the bad value\nstderr: " << r.err;
    if (!rapport_test::OnPostgres()) {
      EXPECT_FALSE(rapport_test::DatabaseExists(db))
          << "a mistyped flag must not create the database (like --listen and --tls-cert)";
    }
    rapport_test::DropDatabase(db);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
