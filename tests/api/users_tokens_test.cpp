// Users and API tokens (docs/accounts.md, "Users" and "Tokens"): who may manage users, the
// last-admin rule, offboarding (deactivate with reassignment), and tokens: shown once, listed
// without secrets, revoked or expired at once, other users' tokens hidden.
//
// Every test runs its own server on its own database.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <set>
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
using rapport_test::Dump;
using rapport_test::FreshServerWithIdsSuite;
using rapport_test::HttpClient;
using rapport_test::IdText;
using rapport_test::IsNullAt;
using rapport_test::RapportServer;
using rapport_test::Reply;
using rapport_test::StrAt;
using std::chrono::milliseconds;

// ISO 8601 UTC with milliseconds, like the API writes it.
std::string Iso8601(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

void ExpectError(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.Summary();
  if (r.body.empty()) return;
  EXPECT_EQ(StrAt(r.Json(), "/error/code"), code) << r.Summary();
}

void Expect422On(const Reply& r, const std::string& field) {
  ASSERT_EQ(r.status, 422) << r.Summary();
  EXPECT_EQ(StrAt(r.Json(), "/error/code"), "invalid_argument") << r.body;
  EXPECT_NE(At(r.Json(), "/error/fields/" + field), nullptr)
      << "expected error.fields." << field << ": " << r.body;
}

class AccountsTest : public FreshServerWithIdsSuite {
 protected:
  std::unique_ptr<HttpClient>& admin_ = client_;  // the admin's client, by the name these tests use

  // Creates a user (as the admin, 201 expected) and returns it.
  json::value CreateUser(const std::string& email, const std::string& role,
                         const std::string& team = "") {
    json::object body{{"email", email}, {"name", "User " + email}, {"role", role},
                      {"password", "a good long password"}};
    if (!team.empty()) body["team"] = team;
    return rapport_test::CreateUser(*admin_, body);
  }

  // A new API token for `user_id`, made by the admin; "" on failure.
  std::string TokenFor(const std::string& user_id) {
    return rapport_test::CreateToken(*admin_, user_id, "for " + user_id);
  }

  // A manager user and a client carrying their token.
  std::unique_ptr<HttpClient> Manager() {
    json::value m = CreateUser("manager@example.com", "manager");
    const std::string token = TokenFor(StrAt(m, "/id"));
    return std::make_unique<HttpClient>(server_->Client(token));
  }

  // Audit entries with this action, newest first.
  std::vector<json::value> Audit(const std::string& action) {
    return rapport_test::AuditEntries(*admin_, action);
  }

  json::value GetCustomer(const std::string& id) {
    return rapport_test::GetJson(*admin_, "/api/v1/customers/" + id);
  }
  json::value GetUser(const std::string& id) {
    return rapport_test::GetJson(*admin_, "/api/v1/users/" + id);
  }
};

class UsersTest : public AccountsTest {};
class TokensTest : public AccountsTest {};

// --- Users ---------------------------------------------------------------------------------------

TEST_F(UsersTest, AdminCreatesAUser) {
  Reply r = admin_->Post(
      "/api/v1/users",
      R"({"email": "Carol@Example.com", "name": "Carol", "role": "manager", "team": "north", "password": "a good long password"})");
  ASSERT_EQ(r.status, 201) << r.Summary();
  json::value u = r.Json();
  const std::string id = StrAt(u, "/id");
  EXPECT_EQ(r.Header("location"), "/api/v1/users/" + id);
  EXPECT_EQ(StrAt(u, "/name"), "Carol");
  EXPECT_EQ(StrAt(u, "/role"), "manager");
  EXPECT_EQ(StrAt(u, "/team"), "north");
  EXPECT_EQ(u.at("active"), json::value(true)) << r.body;

  json::value again = GetUser(id);
  EXPECT_EQ(StrAt(again, "/email"), StrAt(u, "/email"));
  EXPECT_EQ(StrAt(again, "/role"), "manager");

  // The same email in another case is the same user.
  Reply dup = admin_->Post(
      "/api/v1/users", R"({"email": "cAROL@example.COM", "name": "Carol 2", "role": "rep"})");
  ExpectError(dup, 409, "conflict");
  Reply dup_rep = admin_->Post("/api/v1/users",
                               R"({"email": "REP@example.com", "name": "Rep 2", "role": "rep"})");
  ExpectError(dup_rep, 409, "conflict");
}

TEST_F(UsersTest, InvalidUsersAre422) {
  Expect422On(admin_->Post("/api/v1/users",
                           R"({"email": "boss@example.com", "name": "Boss", "role": "boss"})"),
              "role");
  Reply none = admin_->Post("/api/v1/users", "{}");
  Expect422On(none, "email");
  Expect422On(none, "name");
  Expect422On(none, "role");
  Reply list = admin_->Get("/api/v1/users");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json().at("data").as_array().size(), 2u) << list.body;
}

TEST_F(UsersTest, OnlyAdminsManageUsersButEveryoneReadsThem) {
  std::unique_ptr<HttpClient> manager = Manager();
  const std::string body = R"({"email": "x@example.com", "name": "X", "role": "rep"})";
  ExpectError(rep_->Post("/api/v1/users", body), 403, "permission_denied");
  ExpectError(manager->Post("/api/v1/users", body), 403, "permission_denied");
  ExpectError(rep_->Patch("/api/v1/users/" + rep_id_, R"({"role": "admin"})"), 403,
              "permission_denied");
  ExpectError(manager->Patch("/api/v1/users/" + rep_id_, R"({"name": "Renamed"})"), 403,
              "permission_denied");
  ExpectError(rep_->Post("/api/v1/users/" + admin_id_ + "/deactivate", "{}"), 403,
              "permission_denied");
  ExpectError(manager->Post("/api/v1/users/" + rep_id_ + "/deactivate", "{}"), 403,
              "permission_denied");
  EXPECT_EQ(StrAt(GetUser(rep_id_), "/role"), "rep");
  EXPECT_EQ(StrAt(GetUser(rep_id_), "/name"), "Rep");
  EXPECT_EQ(GetUser(rep_id_).at("active"), json::value(true));

  for (HttpClient* c : {admin_.get(), rep_.get(), manager.get()}) {
    Reply list = c->Get("/api/v1/users");
    ASSERT_EQ(list.status, 200) << list.Summary();
    std::set<std::string> emails;
    const json::value page = list.Json();
    for (const json::value& u : page.at("data").as_array()) emails.insert(StrAt(u, "/email"));
    EXPECT_EQ(emails, (std::set<std::string>{RapportServer::kAdminEmail, RapportServer::kRepEmail,
                                             "manager@example.com"}))
        << list.body;
    EXPECT_EQ(c->Get("/api/v1/users/" + admin_id_).status, 200);
  }
  EXPECT_EQ(server_->Client("").Get("/api/v1/users").status, 401);
}

TEST_F(UsersTest, PatchChangesNameRoleAndTeam) {
  Reply r = admin_->Patch("/api/v1/users/" + rep_id_,
                          R"({"name": "Rita Rep", "role": "manager", "team": "west"})");
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(StrAt(r.Json(), "/name"), "Rita Rep");
  EXPECT_EQ(StrAt(r.Json(), "/role"), "manager");
  EXPECT_EQ(StrAt(r.Json(), "/team"), "west");
  json::value u = GetUser(rep_id_);
  EXPECT_EQ(StrAt(u, "/name"), "Rita Rep");
  EXPECT_EQ(StrAt(u, "/role"), "manager");
  EXPECT_EQ(StrAt(u, "/team"), "west");
  // The new role applies at once to the user's token: managers read the audit log, reps do not.
  EXPECT_EQ(rep_->Get("/api/v1/audit").status, 200);

  Reply no_team = admin_->Patch("/api/v1/users/" + rep_id_, R"({"team": null, "role": "rep"})");
  ASSERT_EQ(no_team.status, 200) << no_team.Summary();
  EXPECT_TRUE(IsNullAt(no_team.Json(), "/team")) << no_team.body;
  EXPECT_EQ(StrAt(no_team.Json(), "/role"), "rep");
  EXPECT_EQ(StrAt(no_team.Json(), "/name"), "Rita Rep") << "unsent fields stay";
  EXPECT_EQ(rep_->Get("/api/v1/audit").status, 403);

  // Taking another user's email (in any case) is a conflict.
  ExpectError(admin_->Patch("/api/v1/users/" + rep_id_, R"({"email": "Admin@Example.com"})"), 409,
              "conflict");
  ExpectError(admin_->Patch("/api/v1/users/987654", R"({"name": "Nobody"})"), 404, "not_found");
}

TEST_F(UsersTest, PatchRefusesActiveAndPassword) {
  Expect422On(admin_->Patch("/api/v1/users/" + rep_id_, R"({"active": false})"), "active");
  Expect422On(admin_->Patch("/api/v1/users/" + rep_id_, R"({"password": "a good long password"})"),
              "password");
  EXPECT_EQ(GetUser(rep_id_).at("active"), json::value(true));
  EXPECT_EQ(rep_->Get("/api/v1/customers").status, 200);
}

TEST_F(UsersTest, TheLastActiveAdminCannotBeDemotedOrDeactivated) {
  ExpectError(admin_->Patch("/api/v1/users/" + admin_id_, R"({"role": "manager"})"), 409,
              "conflict");
  ExpectError(admin_->Post("/api/v1/users/" + admin_id_ + "/deactivate", "{}"), 409, "conflict");
  json::value admin = GetUser(admin_id_);
  EXPECT_EQ(StrAt(admin, "/role"), "admin");
  EXPECT_EQ(admin.at("active"), json::value(true));

  // A deactivated admin does not count.
  json::value inactive = CreateUser("inactive-admin@example.com", "admin");
  ASSERT_EQ(admin_->Post("/api/v1/users/" + StrAt(inactive, "/id") + "/deactivate", "{}").status,
            200);
  ExpectError(admin_->Patch("/api/v1/users/" + admin_id_, R"({"role": "rep"})"), 409, "conflict");

  // With a second active admin, the first may step down.
  json::value second = CreateUser("second-admin@example.com", "admin");
  const std::string second_id = StrAt(second, "/id");
  HttpClient second_admin = server_->Client(TokenFor(second_id));
  Reply demote = admin_->Patch("/api/v1/users/" + admin_id_, R"({"role": "manager"})");
  EXPECT_EQ(demote.status, 200) << demote.Summary();
  EXPECT_EQ(StrAt(GetUser(admin_id_), "/role"), "manager");
  // Now the second one is the last.
  ExpectError(second_admin.Patch("/api/v1/users/" + second_id, R"({"role": "rep"})"), 409,
              "conflict");
  EXPECT_EQ(StrAt(GetUser(second_id), "/role"), "admin");
}

// Offboarding: a rep owning three customers (one archived) hands them over in one request.
TEST_F(UsersTest, DeactivateReassignsCustomersAndRevokesAccessAtOnce) {
  std::vector<std::string> ids;
  for (const char* name : {"Owned One", "Owned Two", "Owned Three"}) {
    Reply r = rep_->Post("/api/v1/customers", Dump(json::object{{"name", name}}));
    ASSERT_EQ(r.status, 201) << r.Summary();
    EXPECT_EQ(StrAt(r.Json(), "/owner_id"), rep_id_);
    ids.push_back(StrAt(r.Json(), "/id"));
  }
  ASSERT_EQ(rep_->Delete("/api/v1/customers/" + ids[2]).status / 100, 2) << "archive";
  const std::string cookie = [&] {
    Reply login = rapport_test::Login(*anon_, RapportServer::kRepEmail, RapportServer::kPassword);
    EXPECT_EQ(login.status, 200) << login.Summary();
    return rapport_test::SessionCookie(login);
  }();
  auto session_status = [&] {
    return server_->Client("").Get("/api/v1/auth/session", {{"Cookie", cookie}}).status;
  };
  ASSERT_EQ(session_status(), 200);

  // reassign_to is required when they own customers; nothing happens without it.
  const std::string deactivate = "/api/v1/users/" + rep_id_ + "/deactivate";
  Expect422On(admin_->Post(deactivate, "{}"), "reassign_to");
  // ... and must be another, existing, active user.
  Expect422On(admin_->Post(deactivate, Dump(json::object{{"reassign_to", rep_id_}})), "reassign_to");
  Expect422On(admin_->Post(deactivate, R"({"reassign_to": "987654"})"), "reassign_to");
  EXPECT_EQ(GetUser(rep_id_).at("active"), json::value(true));
  EXPECT_EQ(rep_->Get("/api/v1/customers").status, 200) << "the token still works";
  EXPECT_EQ(session_status(), 200) << "the session still works";
  for (const std::string& id : ids) EXPECT_EQ(StrAt(GetCustomer(id), "/owner_id"), rep_id_);
  EXPECT_TRUE(Audit("user.deactivate").empty());
  EXPECT_TRUE(Audit("customer.reassign").empty());

  Reply off = admin_->Post(deactivate, Dump(json::object{{"reassign_to", admin_id_}}));
  ASSERT_EQ(off.status, 200) << off.Summary();
  json::value out = off.Json();
  EXPECT_EQ(StrAt(out, "/user/id"), rep_id_) << off.body;
  EXPECT_EQ(out.at("user").at("active"), json::value(false)) << off.body;
  EXPECT_EQ(IdText(At(out, "/reassigned_to")), admin_id_) << off.body;
  ASSERT_NE(At(out, "/customers_reassigned"), nullptr) << off.body;
  EXPECT_EQ(out.at("customers_reassigned"), json::value(3)) << off.body;
  ASSERT_NE(At(out, "/tokens_revoked"), nullptr) << off.body;
  EXPECT_GE(out.at("tokens_revoked").to_number<std::int64_t>(), 1) << off.body;
  ASSERT_NE(At(out, "/sessions_ended"), nullptr) << off.body;
  EXPECT_GE(out.at("sessions_ended").to_number<std::int64_t>(), 1) << off.body;

  ExpectError(rep_->Get("/api/v1/customers"), 401, "unauthenticated");
  EXPECT_EQ(session_status(), 401);
  for (const std::string& id : ids) EXPECT_EQ(StrAt(GetCustomer(id), "/owner_id"), admin_id_) << id;
  EXPECT_FALSE(IsNullAt(GetCustomer(ids[2]), "/archived_at")) << "still archived";

  std::vector<json::value> deactivations = Audit("user.deactivate");
  ASSERT_EQ(deactivations.size(), 1u);
  EXPECT_EQ(IdText(At(deactivations[0], "/entity_id")), rep_id_) << Dump(deactivations[0]);
  EXPECT_EQ(IdText(At(deactivations[0], "/user_id")), admin_id_) << Dump(deactivations[0]);
  std::vector<json::value> reassigns = Audit("customer.reassign");
  ASSERT_EQ(reassigns.size(), 3u);
  std::set<std::string> reassigned;
  for (const json::value& e : reassigns) {
    reassigned.insert(IdText(At(e, "/customer_id")));
    EXPECT_EQ(IdText(At(e, "/changes/owner_id/before")), rep_id_) << Dump(e);
    EXPECT_EQ(IdText(At(e, "/changes/owner_id/after")), admin_id_) << Dump(e);
  }
  EXPECT_EQ(reassigned, std::set<std::string>(ids.begin(), ids.end()));

  // Activation lets them sign in again; revoked tokens stay revoked.
  Reply on = admin_->Post("/api/v1/users/" + rep_id_ + "/activate");
  ASSERT_EQ(on.status, 200) << on.Summary();
  EXPECT_EQ(StrAt(on.Json(), "/id"), rep_id_) << on.body;
  EXPECT_EQ(on.Json().at("active"), json::value(true)) << on.body;
  EXPECT_EQ(GetUser(rep_id_).at("active"), json::value(true));
  EXPECT_EQ(rep_->Get("/api/v1/customers").status, 401);
  Reply login = rapport_test::Login(*anon_, RapportServer::kRepEmail, RapportServer::kPassword);
  EXPECT_EQ(login.status, 200) << login.Summary();
  EXPECT_EQ(Audit("user.activate").size(), 1u);
}

TEST_F(UsersTest, DeactivatingAUserWithoutCustomersNeedsNoReassignment) {
  json::value m = CreateUser("quiet@example.com", "manager");
  Reply off = admin_->Post("/api/v1/users/" + StrAt(m, "/id") + "/deactivate", "{}");
  ASSERT_EQ(off.status, 200) << off.Summary();
  EXPECT_EQ(off.Json().at("customers_reassigned"), json::value(0)) << off.body;
  EXPECT_EQ(off.Json().at("user").at("active"), json::value(false)) << off.body;
}

// --- Tokens --------------------------------------------------------------------------------------

TEST_F(TokensTest, CreatedTokenIsShownOnceListedWithoutSecretAndRevokedAtOnce) {
  Reply made = admin_->Post("/api/v1/tokens", R"({"name": "ci pipeline"})");
  ASSERT_EQ(made.status, 201) << made.Summary();
  json::value t = made.Json();
  const std::string secret = StrAt(t, "/token");
  const std::string id = StrAt(t, "/id");
  EXPECT_EQ(secret.rfind("rpt_", 0), 0u) << made.body;
  EXPECT_GE(secret.size(), 4u + 40u) << "256 random bits: " << made.body;
  EXPECT_EQ(StrAt(t, "/name"), "ci pipeline");
  EXPECT_EQ(StrAt(t, "/user_id"), admin_id_);

  Reply list = admin_->Get("/api/v1/tokens");
  ASSERT_EQ(list.status, 200) << list.Summary();
  EXPECT_EQ(list.body.find(secret), std::string::npos) << "the secret is shown once: " << list.body;
  EXPECT_EQ(list.body.find(secret.substr(4)), std::string::npos) << list.body;
  bool found = false;
  const json::value page = list.Json();
  for (const json::value& e : page.at("data").as_array()) {
    for (const char* key : {"token", "secret", "hash", "token_hash"})
      EXPECT_FALSE(e.as_object().contains(key)) << key << " in " << Dump(e);
    if (StrAt(e, "/id") == id) {
      found = true;
      EXPECT_EQ(StrAt(e, "/name"), "ci pipeline");
      EXPECT_TRUE(IsNullAt(e, "/revoked_at")) << Dump(e);
    }
  }
  EXPECT_TRUE(found) << "token " << id << " not listed: " << list.body;

  HttpClient with = server_->Client(secret);
  EXPECT_EQ(with.Get("/api/v1/customers").status, 200);
  EXPECT_EQ(with.Post("/api/v1/customers", R"({"name": "By Token"})").status, 201);

  Reply revoked = admin_->Delete("/api/v1/tokens/" + id);
  ASSERT_EQ(revoked.status, 200) << revoked.Summary();
  EXPECT_FALSE(IsNullAt(revoked.Json(), "/revoked_at")) << revoked.body;
  ExpectError(with.Get("/api/v1/customers"), 401, "unauthenticated");
  ExpectError(with.Post("/api/v1/customers", R"({"name": "Too Late"})"), 401, "unauthenticated");
  EXPECT_EQ(admin_->Get("/api/v1/customers").status, 200) << "other tokens keep working";
  for (const char* action : {"token.create", "token.revoke"}) {
    int entries = 0;
    for (const json::value& e : Audit(action)) entries += IdText(At(e, "/entity_id")) == id;
    EXPECT_EQ(entries, 1) << action;
  }
}

TEST_F(TokensTest, RepsCannotSeeOrRevokeOthersTokens) {
  Reply made = admin_->Post("/api/v1/tokens", R"({"name": "admin only"})");
  ASSERT_EQ(made.status, 201) << made.Summary();
  const std::string id = StrAt(made.Json(), "/id");
  HttpClient admin_new = server_->Client(StrAt(made.Json(), "/token"));

  Reply mine = rep_->Get("/api/v1/tokens");
  ASSERT_EQ(mine.status, 200) << mine.Summary();
  const json::value page = mine.Json();
  EXPECT_FALSE(page.at("data").as_array().empty()) << "the rep's own token: " << mine.body;
  for (const json::value& e : page.at("data").as_array())
    EXPECT_EQ(StrAt(e, "/user_id"), rep_id_) << Dump(e);

  ExpectError(rep_->Delete("/api/v1/tokens/" + id), 404, "not_found");
  ExpectError(rep_->Get("/api/v1/tokens?all=true"), 403, "permission_denied");
  EXPECT_EQ(admin_new.Get("/api/v1/customers").status, 200) << "still valid";

  // A rep cannot make a token for someone else.
  ExpectError(rep_->Post("/api/v1/tokens",
                         Dump(json::object{{"name", "sneaky"}, {"user_id", admin_id_}})),
              403, "permission_denied");

  // Admins see everyone's with ?all=true, one user's with ?user_id=.
  Reply all = admin_->Get("/api/v1/tokens?all=true");
  ASSERT_EQ(all.status, 200) << all.Summary();
  std::set<std::string> owners;
  const json::value all_page = all.Json();
  for (const json::value& e : all_page.at("data").as_array()) owners.insert(StrAt(e, "/user_id"));
  EXPECT_EQ(owners, (std::set<std::string>{admin_id_, rep_id_})) << all.body;
  Reply reps = admin_->Get("/api/v1/tokens?user_id=" + rep_id_);
  ASSERT_EQ(reps.status, 200) << reps.Summary();
  const json::value reps_page = reps.Json();
  ASSERT_FALSE(reps_page.at("data").as_array().empty()) << reps.body;
  for (const json::value& e : reps_page.at("data").as_array())
    EXPECT_EQ(StrAt(e, "/user_id"), rep_id_) << Dump(e);

  // ... and may revoke the rep's.
  const std::string rep_token_id = StrAt(reps_page.at("data").as_array()[0], "/id");
  ASSERT_EQ(admin_->Delete("/api/v1/tokens/" + rep_token_id).status, 200);
  ExpectError(rep_->Get("/api/v1/customers"), 401, "unauthenticated");
}

TEST_F(TokensTest, ExpiringTokenWorksUntilItsExpiry) {
  const auto start = std::chrono::system_clock::now();
  const auto expiry = start + milliseconds(2000);
  Reply made = admin_->Post(
      "/api/v1/tokens", Dump(json::object{{"name", "short-lived"}, {"expires_at", Iso8601(expiry)}}));
  ASSERT_EQ(made.status, 201) << made.Summary();
  EXPECT_EQ(StrAt(made.Json(), "/expires_at"), Iso8601(expiry)) << made.body;
  HttpClient c = server_->Client(StrAt(made.Json(), "/token"));
  Reply early = c.Get("/api/v1/customers");
  if (std::chrono::system_clock::now() < expiry) {
    EXPECT_EQ(early.status, 200) << early.Summary();
  }
  std::this_thread::sleep_until(expiry + milliseconds(300));
  ExpectError(c.Get("/api/v1/customers"), 401, "unauthenticated");
}

TEST_F(TokensTest, ExpiryInThePastIs422) {
  const auto past = std::chrono::system_clock::now() - std::chrono::hours(1);
  Expect422On(admin_->Post("/api/v1/tokens",
                           Dump(json::object{{"name", "stale"}, {"expires_at", Iso8601(past)}})),
              "expires_at");
  Expect422On(admin_->Post("/api/v1/tokens", R"({"name": "bad", "expires_at": "tomorrow"})"),
              "expires_at");
  Reply list = admin_->Get("/api/v1/tokens");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json().at("data").as_array().size(), 1u) << "only the test's own: " << list.body;
}

}  // namespace
