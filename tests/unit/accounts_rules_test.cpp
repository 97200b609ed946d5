// The account rules that depend on time or on exact values, checked with a manual clock on both
// backends: login throttling and its back-off, session expiry, reset tickets, password policy,
// and the audit diff of a customer.
#include <gtest/gtest.h>

#include "domain/auth/auth_service.hpp"
#include "domain/auth/password_policy.hpp"
#include "domain/customer/customer_audit.hpp"
#include "http/client_address.hpp"
#include "store_test_fixture.hpp"

namespace rapport::domain {
namespace {

using store::testing::StoreFixture;

constexpr const char* kPassword = "long enough password";
constexpr const char* kAddress = "192.0.2.7";

class AccountRulesTest : public StoreFixture {
 protected:
  AuthService Auth(SessionLimits limits = {}) { return AuthService(*db_, clock_, limits); }
  void Advance(std::int64_t seconds) { clock_.AdvanceMs(seconds * 1000); }
};

TEST_P(AccountRulesTest, FiveFailuresAreFreeThenLockoutDoublesUpToFifteenMinutes) {
  auto auth = Auth();
  for (int i = 1; i <= 5; ++i) {
    auto r = auth.Login("owner@example.com", "wrong password!", kAddress);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kUnauthenticated) << "attempt " << i;
  }
  // Locked for 30 s: even the right password is refused, with the wait.
  auto locked = auth.Login("owner@example.com", kPassword, kAddress);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, core::ErrorCode::kTooManyRequests);
  EXPECT_EQ(locked.error().retry_after_seconds, 30);
  Advance(29);
  EXPECT_EQ(auth.Login("owner@example.com", kPassword, kAddress).error().retry_after_seconds, 1);
  Advance(1);
  // The 6th failure doubles the lockout to 60 s.
  EXPECT_EQ(auth.Login("owner@example.com", "wrong password!", kAddress).error().code,
            core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth.Login("owner@example.com", kPassword, kAddress).error().retry_after_seconds, 60);
  // Doubling stops at 15 minutes (failures stay inside the 15-minute window).
  for (int i = 0; i < 8; ++i) {
    Advance(auth.Login("owner@example.com", kPassword, kAddress).error().retry_after_seconds);
    ASSERT_FALSE(auth.Login("owner@example.com", "wrong password!", kAddress));
  }
  EXPECT_EQ(auth.Login("owner@example.com", kPassword, kAddress).error().retry_after_seconds, 15 * 60);
}

TEST_P(AccountRulesTest, SuccessClearsTheCountersAndOldFailuresExpire) {
  auto auth = Auth();
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(auth.Login("owner@example.com", "wrong password!", kAddress));
  ASSERT_TRUE(auth.Login("OWNER@example.com", kPassword, kAddress));
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(auth.Login("owner@example.com", "wrong password!", kAddress));
  EXPECT_TRUE(auth.Login("owner@example.com", kPassword, kAddress)) << "8 failures, but never 5 in a row";
  // Four failures, then a quiet window: the next four start a new count.
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(auth.Login("owner@example.com", "wrong password!", kAddress));
  Advance(16 * 60);
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(auth.Login("owner@example.com", "wrong password!", kAddress));
  EXPECT_TRUE(auth.Login("owner@example.com", kPassword, kAddress));
}

TEST_P(AccountRulesTest, TheAddressIsThrottledAcrossAccounts) {
  auto auth = Auth();
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(auth.Login("nobody" + std::to_string(i) + "@example.com", "x", kAddress).error().code,
              core::ErrorCode::kUnauthenticated);
  auto r = auth.Login("owner@example.com", kPassword, kAddress);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kTooManyRequests);
  // Another address is not affected.
  EXPECT_TRUE(auth.Login("owner@example.com", kPassword, "198.51.100.1"));
}

TEST_P(AccountRulesTest, UnknownEmailAndWrongPasswordGiveTheSameError) {
  auto auth = Auth();
  auto unknown = auth.Login("nobody@example.com", kPassword, kAddress);
  auto wrong = auth.Login("owner@example.com", "not the password", kAddress);
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(unknown.error().code, wrong.error().code);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
}

TEST_P(AccountRulesTest, SessionsEndWhenIdleOrPastTheirAbsoluteLimit) {
  auto auth = Auth(SessionLimits{std::chrono::minutes(30), std::chrono::hours(8)});
  auto in = auth.Login("owner@example.com", kPassword, kAddress);
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_TRUE(auth.AuthenticateSession(in->session_secret, kAddress));
  // Used every 29 minutes: alive until the 8-hour limit.
  for (int i = 0; i < 16; ++i) {
    Advance(29 * 60);
    EXPECT_TRUE(auth.AuthenticateSession(in->session_secret, kAddress)) << i;
  }
  Advance(29 * 60);  // 8 h 13 min after sign-in
  EXPECT_FALSE(auth.AuthenticateSession(in->session_secret, kAddress));
  // Idle: 30 minutes without a request.
  auto again = auth.Login("owner@example.com", kPassword, kAddress);
  ASSERT_TRUE(again);
  Advance(30 * 60);
  auto idle = auth.AuthenticateSession(again->session_secret, kAddress);
  ASSERT_FALSE(idle);
  EXPECT_EQ(idle.error().code, core::ErrorCode::kUnauthenticated);
}

TEST_P(AccountRulesTest, ResetTicketsWorkOnceAndExpireAfter24Hours) {
  auto ticket = users_->IssuePasswordReset(actor_, actor_.user_id);
  ASSERT_TRUE(ticket) << ticket.error().message;
  EXPECT_EQ(ticket->expires_at.ms - clock_.Now().ms, kResetTicketLifetimeMs);
  ASSERT_TRUE(users_->ResetPassword(ticket->secret, "a brand new password", kAddress));
  auto reuse = users_->ResetPassword(ticket->secret, "another new password", kAddress);
  ASSERT_FALSE(reuse);
  EXPECT_TRUE(reuse.error().fields.contains("token"));
  EXPECT_TRUE(Auth().Login("owner@example.com", "a brand new password", kAddress));

  auto late = users_->IssuePasswordReset(actor_, actor_.user_id);
  ASSERT_TRUE(late);
  Advance(24 * 3600);
  EXPECT_FALSE(users_->ResetPassword(late->secret, "a third new password", kAddress));
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountRulesTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(PasswordPolicy, LengthAndTheCommonList) {
  EXPECT_TRUE(PasswordProblem("123456789").has_value());
  EXPECT_NE(PasswordProblem("short").value().find("at least 10"), std::string::npos);
  for (const char* common : {"1234567890", "qwertyuiop", "QWERTYUIOP", "1q2w3e4r5t", "michael1234"}) {
    const auto problem = PasswordProblem(common);
    if (std::string(common) == "michael1234") {
      EXPECT_FALSE(problem) << "not on the list";
    } else {
      ASSERT_TRUE(problem) << common;
      EXPECT_NE(problem->find("common"), std::string::npos) << common;
    }
  }
  EXPECT_FALSE(PasswordProblem("correct horse battery"));
  EXPECT_FALSE(PasswordProblem("ÅÄÖåäöÅÄÖå"));  // ten characters, twenty bytes
  EXPECT_TRUE(PasswordProblem(std::string(1001, 'x')).has_value());
}

TEST(CustomerAudit, ACreateListsEverySetFieldAndAnUpdateOnlyWhatChanged) {
  Customer before;
  before.id = 7;
  before.name = "Ada";
  before.owner_id = 1;
  before.email = "ada@example.com";
  before.custom["industry"] = "\"shipping\"";
  const auto created = CustomerChanges(nullptr, before);
  std::map<std::string, FieldChange> by_field;
  for (const auto& c : created) by_field[c.field] = c;
  EXPECT_EQ(by_field.at("name"), (FieldChange{"name", std::nullopt, "\"Ada\""}));
  EXPECT_EQ(by_field.at("custom.industry").after, "\"shipping\"");
  EXPECT_EQ(by_field.at("stage").after, "\"contact\"");
  EXPECT_FALSE(by_field.contains("phone"));

  Customer after = before;
  after.name = "Ada \"the\" Countess";
  after.email.reset();
  after.address.city = "London";
  after.custom.erase("industry");
  const auto changed = CustomerChanges(&before, after);
  ASSERT_EQ(changed.size(), 4u);
  EXPECT_EQ(changed[0], (FieldChange{"address.city", std::nullopt, "\"London\""}));
  EXPECT_EQ(changed[1], (FieldChange{"custom.industry", "\"shipping\"", std::nullopt}));
  EXPECT_EQ(changed[2], (FieldChange{"email", "\"ada@example.com\"", std::nullopt}));
  EXPECT_EQ(changed[3], (FieldChange{"name", "\"Ada\"", "\"Ada \\\"the\\\" Countess\""}));
  EXPECT_TRUE(CustomerChanges(&after, after).empty());
}

TEST(ClientAddress, OnlyTrustedProxiesMayNameTheClient) {
  auto resolve = [](std::string peer, std::vector<std::pair<std::string, std::string>> headers) {
    http::Request req;
    req.remote_address = std::move(peer);
    req.headers = std::move(headers);
    http::ResolveClientAddress(req, {"10.0.0.1", "10.0.0.2"});
    return req.remote_address;
  };
  EXPECT_EQ(resolve("10.0.0.1", {{"x-forwarded-for", "203.0.113.9"}}), "203.0.113.9");
  // Right to left, skipping trusted hops; what the client itself wrote further left is ignored.
  EXPECT_EQ(resolve("10.0.0.1", {{"x-forwarded-for", "1.1.1.1, 203.0.113.9, 10.0.0.2"}}), "203.0.113.9");
  EXPECT_EQ(resolve("10.0.0.1", {{"x-forwarded-for", "1.1.1.1"}, {"x-forwarded-for", "203.0.113.9"}}),
            "203.0.113.9");
  // An untrusted peer cannot claim another address.
  EXPECT_EQ(resolve("198.51.100.4", {{"x-forwarded-for", "203.0.113.9"}}), "198.51.100.4");
  EXPECT_EQ(resolve("10.0.0.1", {}), "10.0.0.1");
}

}  // namespace
}  // namespace rapport::domain
