// Password guesses are throttled however fast they arrive (issue 21, hole 2): an attempt is
// counted before its password is checked, so guesses sent all at once get no more checks than
// guesses sent one after another; unknown emails and wrong current passwords are throttled too.
//
// Every test runs its own server: failed sign-ins count against the client address.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::Dump;
using rapport_test::FreshServerSuite;
using rapport_test::HttpClient;
using rapport_test::RapportServer;
using rapport_test::Reply;

class PasswordGuessingTest : public FreshServerSuite {
 protected:
  // `n` clients, each connected first, send `body` to `target` at the same moment (with `token`
  // as their bearer token, "" for none); returns each answer's status.
  std::vector<int> AllAtOnce(int n, const std::string& target, const std::string& body,
                             const std::string& token) {
    std::vector<int> statuses(static_cast<std::size_t>(n), 0);
    std::latch ready(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&, i] {
        HttpClient c = server_->Client(token);
        c.Get("/healthz");
        ready.arrive_and_wait();
        try {
          statuses[static_cast<std::size_t>(i)] = c.Post(target, body).status;
        } catch (const std::exception&) {
          statuses[static_cast<std::size_t>(i)] = -1;
        }
      });
    }
    for (auto& t : threads) t.join();
    return statuses;
  }
  static int Count(const std::vector<int>& statuses, int status) {
    int n = 0;
    for (int s : statuses) n += s == status;
    return n;
  }
};

std::string LoginBody(const std::string& email, const std::string& password) {
  return Dump(json::object{{"email", email}, {"password", password}});
}

// Before the fix: 64 concurrent wrong passwords for one account got 57 checked against 5 allowed.
TEST_F(PasswordGuessingTest, ConcurrentWrongPasswordsGetFiveChecks) {
  auto statuses = AllAtOnce(64, "/api/v1/auth/login",
                            LoginBody(RapportServer::kRepEmail, "not the password at all"), "");
  EXPECT_EQ(Count(statuses, 401), 5);
  EXPECT_EQ(Count(statuses, 429), 59);
  // The account is locked now, even for the right password.
  Reply right = rapport_test::Login(*anon_, RapportServer::kRepEmail, RapportServer::kPassword);
  EXPECT_EQ(right.status, 429) << right.Summary();
  EXPECT_FALSE(right.Header("retry-after").empty());
}

TEST_F(PasswordGuessingTest, UnknownEmailsAreThrottledToo) {
  auto statuses = AllAtOnce(32, "/api/v1/auth/login",
                            LoginBody("nobody-here@example.com", "some password guess"), "");
  EXPECT_EQ(Count(statuses, 401), 5);
  EXPECT_EQ(Count(statuses, 429), 27);
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "auth.login_failed").size(), 5u);
}

// Before the fix: 12 wrong current passwords got 12 checks (422 each) and no audit entry.
TEST_F(PasswordGuessingTest, WrongCurrentPasswordsAreThrottledAndAudited) {
  const std::string body = Dump(json::object{{"current_password", "a wrong guess of it"},
                                             {"new_password", "a brand new passphrase"}});
  std::vector<int> statuses;
  for (int i = 0; i < 12; ++i) statuses.push_back(rep_->Post("/api/v1/auth/password", body).status);
  EXPECT_EQ(Count(statuses, 422), 5);
  EXPECT_EQ(Count(statuses, 429), 7);
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "user.password_change_failed").size(), 5u);
  // All at once gets no more checks either (a second user, a fresh count).
  auto carol = rapport_test::CreateUserWithToken(
      *client_, json::object{{"email", "carol@example.com"}, {"name", "Carol"}, {"role", "rep"},
                             {"password", "carol's own passphrase"}}, "guessing");
  auto concurrent = AllAtOnce(32, "/api/v1/auth/password", body, carol.token);
  EXPECT_EQ(Count(concurrent, 422), 5);
  EXPECT_EQ(Count(concurrent, 429), 27);
  // The right password is refused while locked out, and nothing changed.
  Reply locked = rep_->Post("/api/v1/auth/password",
                            Dump(json::object{{"current_password", RapportServer::kPassword},
                                              {"new_password", "a brand new passphrase"}}));
  EXPECT_EQ(locked.status, 429) << locked.Summary();
}

}  // namespace
