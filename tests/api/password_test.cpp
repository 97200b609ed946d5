// Passwords (docs/accounts.md, "Passwords"): changing one's own, the admin's one-time reset ticket,
// users created without a password, the password rules, and the hash never leaving the server.
//
// Every test runs its own server: failed sign-ins count against the client address.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::FreshServerWithIdsSuite;
using rapport_test::Headers;
using rapport_test::HttpClient;
using rapport_test::RapportServer;
using rapport_test::Reply;
using rapport_test::StrAt;

constexpr const char* kNewPassword = "a brand new passphrase";

class PasswordTest : public FreshServerWithIdsSuite {
 protected:
  std::unique_ptr<HttpClient>& admin_ = client_;  // the admin's client, by the name these tests use

  Reply Login(const std::string& email, const std::string& password) {
    return rapport_test::Login(*anon_, email, password);
  }
  // The session cookie ("rapport_session=...") of a successful sign-in; "" otherwise.
  std::string SignInCookie(const std::string& email, const std::string& password) {
    Reply r = Login(email, password);
    EXPECT_EQ(r.status, 200) << r.Summary();
    return r.status == 200 ? rapport_test::SessionCookie(r) : "";
  }
  Reply SessionWith(const std::string& cookie) {
    return anon_->Get("/api/v1/auth/session", Headers{{"Cookie", cookie}});
  }
  Reply ChangePassword(HttpClient& c, const std::string& current, const std::string& next) {
    return c.Post("/api/v1/auth/password",
                  Dump(json::object{{"current_password", current}, {"new_password", next}}));
  }
  Reply UseTicket(const std::string& token, const std::string& password) {
    return anon_->Post("/api/v1/auth/password-reset",
                       Dump(json::object{{"token", token}, {"password", password}}));
  }
};

// 422 with error.fields naming `field` (and only it).
void Expect422On(const Reply& r, const std::string& field) {
  ASSERT_EQ(r.status, 422) << r.Summary();
  json::value v = r.Json();
  EXPECT_EQ(StrAt(v, "/error/code"), "invalid_argument") << r.body;
  const json::value* fields = At(v, "/error/fields");
  ASSERT_TRUE(fields && fields->is_object()) << r.body;
  EXPECT_TRUE(fields->as_object().contains(field)) << "expected fields." << field << ": " << r.body;
  EXPECT_EQ(fields->as_object().size(), 1u) << r.body;
}

// --- Changing one's own password -----------------------------------------------------------------

TEST_F(PasswordTest, ChangeOwnPasswordChecksTheCurrentOneAndTheRules) {
  Expect422On(ChangePassword(*rep_, "not my password", kNewPassword), "current_password");
  Expect422On(ChangePassword(*rep_, RapportServer::kPassword, "short"), "new_password");
  Expect422On(ChangePassword(*rep_, RapportServer::kPassword, "123456789"), "new_password");
  Reply common = ChangePassword(*rep_, RapportServer::kPassword, "1234567890");
  Expect422On(common, "new_password");
  EXPECT_NE(common.body.find("common"), std::string::npos) << "say why: " << common.body;
  Expect422On(ChangePassword(*rep_, RapportServer::kPassword, "QwertyuiOP"), "new_password");
  Expect422On(ChangePassword(*rep_, RapportServer::kPassword, std::string(1001, 'x')),
              "new_password");
  // None of the refusals changed it.
  EXPECT_EQ(Login(RapportServer::kRepEmail, RapportServer::kPassword).status, 200);

  Reply ok = ChangePassword(*rep_, RapportServer::kPassword, kNewPassword);
  ASSERT_EQ(ok.status, 204) << ok.Summary();
  EXPECT_TRUE(ok.body.empty()) << ok.body;
  EXPECT_EQ(Login(RapportServer::kRepEmail, RapportServer::kPassword).status, 401);
  Reply fresh = Login(RapportServer::kRepEmail, kNewPassword);
  EXPECT_EQ(fresh.status, 200) << fresh.Summary();
  // The admin's password is untouched.
  EXPECT_EQ(Login(RapportServer::kAdminEmail, RapportServer::kPassword).status, 200);
}

TEST_F(PasswordTest, ChangePasswordNeedsSignInAndBothFields) {
  Reply anonymous = ChangePassword(*anon_, RapportServer::kPassword, kNewPassword);
  EXPECT_EQ(anonymous.status, 401) << anonymous.Summary();
  Reply none = rep_->Post("/api/v1/auth/password", "{}");
  ASSERT_EQ(none.status, 422) << none.Summary();
  EXPECT_NE(At(none.Json(), "/error/fields/current_password"), nullptr) << none.body;
  EXPECT_NE(At(none.Json(), "/error/fields/new_password"), nullptr) << none.body;
}

// --- Admin reset ---------------------------------------------------------------------------------

TEST_F(PasswordTest, AdminResetTicketSetsANewPasswordOnceAndEndsSessions) {
  const std::string cookie = SignInCookie(RapportServer::kRepEmail, RapportServer::kPassword);
  ASSERT_FALSE(cookie.empty());
  ASSERT_EQ(SessionWith(cookie).status, 200);

  Reply issued = admin_->Post("/api/v1/users/" + rep_id_ + "/password-reset");
  ASSERT_EQ(issued.status, 201) << issued.Summary();
  json::value ticket = issued.Json();
  const std::string token = StrAt(ticket, "/token");
  ASSERT_GE(token.size(), 20u) << issued.body;
  EXPECT_EQ(StrAt(ticket, "/user/id"), rep_id_) << issued.body;
  EXPECT_EQ(StrAt(ticket, "/user/email"), RapportServer::kRepEmail) << issued.body;
  EXPECT_NE(StrAt(ticket, "/reset_path").find(token), std::string::npos) << issued.body;
  EXPECT_FALSE(StrAt(ticket, "/expires_at").empty()) << issued.body;

  // Issuing a ticket changes nothing yet.
  EXPECT_EQ(SessionWith(cookie).status, 200);

  // A weak password is refused; the ticket is not used up by the refusal.
  Expect422On(UseTicket(token, "1234567890"), "password");
  Reply used = UseTicket(token, kNewPassword);  // no sign-in, no token
  ASSERT_EQ(used.status, 204) << used.Summary();
  EXPECT_TRUE(used.body.empty()) << used.body;

  EXPECT_EQ(SessionWith(cookie).status, 401) << "the reset must end the user's sessions";
  EXPECT_EQ(Login(RapportServer::kRepEmail, RapportServer::kPassword).status, 401);
  EXPECT_EQ(Login(RapportServer::kRepEmail, kNewPassword).status, 200);

  // One use only.
  Expect422On(UseTicket(token, "yet another passphrase"), "token");
  EXPECT_EQ(Login(RapportServer::kRepEmail, kNewPassword).status, 200);
}

TEST_F(PasswordTest, UnknownResetTokenIs422) {
  Expect422On(UseTicket("no-such-ticket-0123456789abcdefghijklmn", kNewPassword), "token");
  Expect422On(UseTicket("x", kNewPassword), "token");
  Reply none = anon_->Post("/api/v1/auth/password-reset", "{}");
  ASSERT_EQ(none.status, 422) << none.Summary();
  EXPECT_NE(At(none.Json(), "/error/fields/token"), nullptr) << none.body;
  EXPECT_NE(At(none.Json(), "/error/fields/password"), nullptr) << none.body;
}

TEST_F(PasswordTest, OnlyAdminsIssueResetTickets) {
  Reply other = rep_->Post("/api/v1/users/" + admin_id_ + "/password-reset");
  EXPECT_EQ(other.status, 403) << other.Summary();
  EXPECT_EQ(StrAt(other.Json(), "/error/code"), "permission_denied") << other.body;
  Reply self = rep_->Post("/api/v1/users/" + rep_id_ + "/password-reset");
  EXPECT_EQ(self.status, 403) << self.Summary();
  EXPECT_EQ(anon_->Post("/api/v1/users/" + rep_id_ + "/password-reset").status, 401);
  // A ticket for a user that does not exist.
  EXPECT_EQ(admin_->Post("/api/v1/users/987654/password-reset").status, 404);
}

// --- Users and passwords -------------------------------------------------------------------------

TEST_F(PasswordTest, UserCreatedWithoutPasswordGetsATicket) {
  Reply r = admin_->Post("/api/v1/users",
                         R"({"email": "nopass@example.com", "name": "No Pass", "role": "rep"})");
  ASSERT_EQ(r.status, 201) << r.Summary();
  json::value u = r.Json();
  ASSERT_NE(At(u, "/has_password"), nullptr) << r.body;
  EXPECT_EQ(u.at("has_password"), json::value(false)) << r.body;
  const std::string token = StrAt(u, "/password_reset/token");
  ASSERT_GE(token.size(), 20u) << "no password_reset ticket: " << r.body;
  EXPECT_EQ(StrAt(u, "/password_reset/user/id"), StrAt(u, "/id")) << r.body;

  // Nothing signs in as them yet, not even an empty password.
  EXPECT_EQ(Login("nopass@example.com", "whatever it is now").status, 401);

  ASSERT_EQ(UseTicket(token, kNewPassword).status, 204);
  Reply login = Login("nopass@example.com", kNewPassword);
  ASSERT_EQ(login.status, 200) << login.Summary();
  EXPECT_EQ(login.Json().at("user").at("has_password"), json::value(true)) << login.body;
}

TEST_F(PasswordTest, UserCreatedWithAPasswordGetsNoTicket) {
  Reply r = admin_->Post(
      "/api/v1/users",
      R"({"email": "withpass@example.com", "name": "With Pass", "role": "rep", "password": "a good long password"})");
  ASSERT_EQ(r.status, 201) << r.Summary();
  EXPECT_EQ(r.Json().at("has_password"), json::value(true)) << r.body;
  EXPECT_EQ(At(r.Json(), "/password_reset"), nullptr) << r.body;
  EXPECT_EQ(Login("withpass@example.com", "a good long password").status, 200);
}

TEST_F(PasswordTest, WeakPasswordOnCreateIs422AndCreatesNobody) {
  for (const char* weak : {"short", "1234567890", "QWERTYUIOP"}) {
    SCOPED_TRACE(weak);
    Reply r = admin_->Post("/api/v1/users",
                           Dump(json::object{{"email", "weak@example.com"},
                                             {"name", "Weak"},
                                             {"role", "rep"},
                                             {"password", weak}}));
    Expect422On(r, "password");
  }
  Reply list = admin_->Get("/api/v1/users");
  ASSERT_EQ(list.status, 200) << list.Summary();
  EXPECT_EQ(list.body.find("weak@example.com"), std::string::npos) << list.body;
}

TEST_F(PasswordTest, ThePasswordHashNeverLeaves) {
  ASSERT_EQ(admin_->Post("/api/v1/users",
                         R"({"email": "h@example.com", "name": "H", "role": "manager", "password": "a good long password"})")
                .status,
            201);
  auto check = [](const Reply& r, const std::string& what) {
    EXPECT_EQ(r.status / 100, 2) << what << ": " << r.Summary();
    EXPECT_EQ(r.body.find("$argon2"), std::string::npos) << what << ": " << r.body;
    EXPECT_EQ(r.body.find("password_hash"), std::string::npos) << what << ": " << r.body;
    EXPECT_EQ(r.body.find("\"password\""), std::string::npos) << what << ": " << r.body;
    EXPECT_EQ(r.body.find(RapportServer::kPassword), std::string::npos) << what << ": " << r.body;
  };
  Reply list = admin_->Get("/api/v1/users");
  check(list, "GET /users as admin");
  EXPECT_GE(list.Json().at("data").as_array().size(), 3u) << list.body;
  check(rep_->Get("/api/v1/users"), "GET /users as rep");
  check(admin_->Get("/api/v1/users/" + rep_id_), "GET /users/{id}");
  check(rep_->Get("/api/v1/auth/session"), "GET /auth/session");
  check(Login(RapportServer::kRepEmail, RapportServer::kPassword), "POST /auth/login");
  check(admin_->Patch("/api/v1/users/" + rep_id_, R"({"name": "Renamed"})"), "PATCH /users/{id}");
  check(admin_->Get("/api/v1/audit?limit=1000"), "GET /audit");
}

}  // namespace
