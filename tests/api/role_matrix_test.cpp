// The role matrix (issue 4): every route the server serves × every kind of caller → the expected
// status. The routes are checked against GET /api/v1/openapi.json, so a new route cannot be
// added without deciding here who may call it.
//
// Callers: API tokens of an admin, a manager and a rep; no credentials at all; a revoked token
// (the admin's: even an admin's revoked token gets nothing); an expired browser session (a second
// admin's, on a server with --session-idle 2s, sent with its CSRF token so the refusal is the
// expiry's, not the CSRF check's).
//
// Every request uses real ids (a customer the rep owns, the rep's own user id, fresh users and
// tokens where the call changes them) and a valid body, so the status is the permission's answer
// and not a validation error.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::FreshServerSuite;
using rapport_test::Headers;
using rapport_test::HttpClient;
using rapport_test::RapportServer;
using rapport_test::Reply;
using rapport_test::StrAt;

enum Caller { kAdmin, kManager, kRep, kNoAuth, kRevoked, kExpired, kCallerCount };
constexpr std::array<const char*, kCallerCount> kCallerNames = {"admin",   "manager", "rep",
                                                                "no auth", "revoked", "expired"};

using Expected = std::array<int, kCallerCount>;

// Signed-in roles get these; no auth, a revoked token and an expired session get 401.
Expected Roles(int admin, int manager, int rep) { return {admin, manager, rep, 401, 401, 401}; }
// A route that needs no credentials: everyone gets the same answer.
Expected Open(int status) { return {status, status, status, status, status, status}; }

constexpr const char* kManagerPassword = "manager passphrase 1";
constexpr const char* kSignInEmail = "signin@example.com";
constexpr const char* kSignInPassword = "signin passphrase 1";
constexpr auto kSessionIdle = std::chrono::seconds(2);

struct Request {
  std::string method;
  std::string target;
  std::string body;
};

class RoleMatrixTest : public FreshServerSuite {
 protected:
  void SetUp() override {
    StartServer({"--session-idle", std::to_string(kSessionIdle.count()) + "s"});
  }

  // POST/PATCH/... as the admin; expects `status` and returns the body.
  json::value AdminCall(const std::string& method, const std::string& target, const json::value& body,
                        int status) {
    Reply r = admin_->Send(method, target, body.is_null() ? std::string() : Dump(body));
    EXPECT_EQ(r.status, status) << method << " " << target << ": " << r.Summary();
    return r.status == status && !r.body.empty() ? r.Json() : json::value();
  }

  std::string NewUser(const std::string& role, const std::string& password = "") {
    json::object body{{"email", "user" + std::to_string(++serial_) + "@matrix.example.com"},
                      {"name", "Matrix user " + std::to_string(serial_)},
                      {"role", role}};
    if (!password.empty()) body["password"] = password;
    return StrAt(rapport_test::CreateUser(*admin_, body), "/id");
  }
  std::string NewTokenFor(const std::string& user_id) {
    return rapport_test::CreateToken(*admin_, user_id, "matrix");
  }
  // A fresh customer owned by the rep.
  std::string NewRepCustomer() {
    return StrAt(AdminCall("POST", "/api/v1/customers",
                           json::object{{"name", "Matrix customer " + std::to_string(++serial_)},
                                        {"owner_id", rep_id_}},
                           201),
                 "/id");
  }

  // Signs in as the sign-in user (an admin) and keeps the session cookie and CSRF token; checks that the
  // session works right after (retrying the sign-in if a loaded machine made it expire already).
  void SignInForExpiredSession() {
    for (int attempt = 0; attempt < 3; ++attempt) {
      HttpClient anon = server_->Client("");
      const auto before = std::chrono::steady_clock::now();
      Reply r = rapport_test::Login(anon, kSignInEmail, kSignInPassword);
      ASSERT_EQ(r.status, 200) << r.Summary();
      session_cookie_ = rapport_test::SessionCookie(r);
      ASSERT_FALSE(session_cookie_.empty()) << r.Header("set-cookie");
      csrf_ = StrAt(r.Json(), "/csrf_token");
      Reply check = anon.Get("/api/v1/auth/session", {{"Cookie", session_cookie_}});
      // The check may count as the session's last use: the idle time runs from its answer.
      last_used_ = std::chrono::steady_clock::now();
      if (check.status == 200 && last_used_ - before < kSessionIdle) return;
    }
    FAIL() << "could not use a session within " << kSessionIdle.count() << " s of signing in";
  }

  Reply Call(Caller caller, const Request& req) {
    switch (caller) {
      case kAdmin: return admin_->Send(req.method, req.target, req.body);
      case kManager: return manager_->Send(req.method, req.target, req.body);
      case kRep: return rep_->Send(req.method, req.target, req.body);
      case kNoAuth: return anonymous_->Send(req.method, req.target, req.body);
      case kRevoked: return revoked_->Send(req.method, req.target, req.body);
      case kExpired:
        return anonymous_->Send(req.method, req.target, req.body,
                                Headers{{"Cookie", session_cookie_}, {"X-CSRF-Token", csrf_}});
      default: break;
    }
    return {};
  }

  // The user a caller acts as (for routes about "your own" things).
  std::string UserOf(Caller caller) const {
    switch (caller) {
      case kManager: return manager_id_;
      case kRep:
      case kNoAuth: return rep_id_;
      default: return admin_id_;  // admin, and the revoked token and expired session were the admin's
    }
  }
  std::string PasswordOf(Caller caller) const {
    return caller == kManager ? kManagerPassword : RapportServer::kPassword;
  }

  std::unique_ptr<HttpClient>& admin_ = client_;  // the admin's client, by the name these tests use
  std::unique_ptr<HttpClient> manager_, anonymous_, revoked_;
  std::string admin_id_, manager_id_, rep_id_, rep_customer_, target_user_;
  std::string session_cookie_, csrf_;
  std::chrono::steady_clock::time_point last_used_;  // the session's last use, or later
  int serial_ = 0;
};

struct Route {
  Route(std::string m, std::string p, Expected e, std::function<Request(Caller)> r, std::string n = "")
      : method(std::move(m)), path(std::move(p)), expected(e), request(std::move(r)), note(std::move(n)) {}

  std::string method;  // upper case
  std::string path;    // as in the OpenAPI document
  Expected expected;
  std::function<Request(Caller)> request;
  std::string note;    // why, where the answer is not obvious
};

TEST_F(RoleMatrixTest, EveryRouteForEveryCaller) {
  // --- The callers and the things the requests refer to.
  {
    Reply me = admin_->Get("/api/v1/auth/session");
    ASSERT_EQ(me.status, 200) << me.Summary();
    admin_id_ = StrAt(me.Json(), "/user/id");
  }
  rep_ = std::make_unique<HttpClient>(server_->Client(server_->rep_token()));
  {
    Reply me = rep_->Get("/api/v1/auth/session");
    ASSERT_EQ(me.status, 200) << me.Summary();
    rep_id_ = StrAt(me.Json(), "/user/id");
  }
  manager_id_ = NewUser("manager", kManagerPassword);
  ASSERT_FALSE(manager_id_.empty());
  manager_ = std::make_unique<HttpClient>(server_->Client(NewTokenFor(manager_id_)));
  anonymous_ = std::make_unique<HttpClient>(server_->Client(""));
  {
    json::value t = AdminCall("POST", "/api/v1/tokens", json::object{{"name", "to revoke"}}, 201);
    revoked_ = std::make_unique<HttpClient>(server_->Client(StrAt(t, "/token")));
    ASSERT_EQ(revoked_->Get("/api/v1/workspace").status, 200) << "the token worked before";
    AdminCall("DELETE", "/api/v1/tokens/" + StrAt(t, "/id"), nullptr, 200);
  }
  {
    json::object signin{{"email", kSignInEmail}, {"name", "Sign-in user"}, {"role", "admin"},
                        {"password", kSignInPassword}};
    AdminCall("POST", "/api/v1/users", signin, 201);
  }
  ASSERT_NO_FATAL_FAILURE(SignInForExpiredSession());
  rep_customer_ = NewRepCustomer();
  target_user_ = NewUser("rep");
  ASSERT_FALSE(rep_customer_.empty() || target_user_.empty());

  const std::string customer = "/api/v1/customers/" + rep_customer_;
  // Commerce: a product, and a deal and an order of the rep's customer.
  const std::string product =
      "/api/v1/products/" + StrAt(AdminCall("POST", "/api/v1/products",
                                            json::object{{"name", "Matrix product"}, {"sku", "MATRIX-1"},
                                                         {"price_cents", 10000}, {"margin_cents", 4000}},
                                            201),
                                  "/id");
  const auto new_deal = [&] {
    return StrAt(AdminCall("POST", "/api/v1/deals",
                           json::object{{"customer_id", rep_customer_}, {"title", "Matrix deal"}, {"amount_cents", 5000}},
                           201),
                 "/id");
  };
  const auto new_order = [&] {
    return StrAt(AdminCall("POST", "/api/v1/orders", json::object{{"customer_id", rep_customer_}, {"amount_cents", 10000}}, 201),
                 "/id");
  };
  const std::string deal = "/api/v1/deals/" + new_deal();
  const std::string order = "/api/v1/orders/" + new_order();
  // Relationship records: a subscription of the rep's customer, a churned customer of the rep with
  // an order (a win-back cap of 10000), an event the rep's customer is invited to.
  const std::string product_id = product.substr(std::string("/api/v1/products/").size());
  const auto new_subscription = [&] {
    return StrAt(AdminCall("POST", "/api/v1/subscriptions",
                           json::object{{"customer_id", rep_customer_}, {"product_id", product_id}, {"term_months", 12}},
                           201),
                 "/id");
  };
  const std::string subscription = "/api/v1/subscriptions/" + new_subscription();
  const std::string churned = "/api/v1/customers/" + NewRepCustomer();
  AdminCall("POST", "/api/v1/orders",
            json::object{{"customer_id", churned.substr(std::string("/api/v1/customers/").size())}, {"amount_cents", 10000}},
            201);
  AdminCall("POST", churned + "/stage", json::object{{"stage", "romance"}}, 200);
  AdminCall("POST", churned + "/stage", json::object{{"stage", "churned"}, {"reason", "matrix"}}, 200);
  const std::string event =
      "/api/v1/events/" + StrAt(AdminCall("POST", "/api/v1/events",
                                          json::object{{"name", "Matrix event"}, {"starts_at", "2030-01-01T18:00:00Z"},
                                                       {"online", true}},
                                          201),
                                "/id");
  AdminCall("POST", event + "/invitations", json::object{{"customer_ids", json::array{rep_customer_}}}, 200);
  const auto fixed = [](std::string method, std::string target, std::string body = "") {
    return [=](Caller) { return Request{method, target, body}; };
  };
  // The romance engine: an interaction, tasks and cadence rules to act on.
  const std::string interaction =
      "/api/v1/interactions/" + StrAt(AdminCall("POST", customer + "/interactions", json::object{{"kind", "call"}}, 201), "/id");
  const auto new_task = [&](bool done) {
    const std::string id = StrAt(AdminCall("POST", "/api/v1/tasks",
                                           json::object{{"customer_id", rep_customer_}, {"due_at", "2030-01-01T09:00:00Z"}}, 201),
                                 "/id");
    if (done) AdminCall("POST", "/api/v1/tasks/" + id + "/complete", json::value(), 200);
    return "/api/v1/tasks/" + id;
  };
  const std::string task = new_task(false);
  const auto new_rule = [&] {
    return "/api/v1/cadences/" +
           StrAt(AdminCall("POST", "/api/v1/cadences",
                           json::object{{"name", "Matrix rule " + std::to_string(++serial_)}, {"type", "touch_every"}, {"days", 60}}, 201),
                 "/id");
  };
  const std::string rule = new_rule();
  // Care: cases of the rep's customer (the rep owns them), feedback, a promise.
  const auto new_case = [&] {
    return "/api/v1/cases/" + StrAt(AdminCall("POST", "/api/v1/cases",
                                              json::object{{"customer_id", rep_customer_}, {"title", "Matrix case " + std::to_string(++serial_)}},
                                              201),
                                    "/id");
  };
  const std::string care_case = new_case();
  const std::string feedback =
      "/api/v1/feedback/" + StrAt(AdminCall("POST", "/api/v1/feedback",
                                            json::object{{"customer_id", rep_customer_}, {"kind", "nps"}, {"score", 9}}, 201),
                                  "/id");
  const auto new_promise = [&] {
    return "/api/v1/promises/" + StrAt(AdminCall("POST", "/api/v1/promises",
                                                 json::object{{"customer_id", rep_customer_}, {"description", "Matrix promise"},
                                                              {"due_at", "2030-01-01T09:00:00Z"}},
                                                 201),
                                       "/id");
  };
  const std::string promise = new_promise();

  // --- The matrix.
  const std::vector<Route> routes = {
      {"GET", "/healthz", Open(200), fixed("GET", "/healthz")},
      {"GET", "/api/v1/openapi.json", Open(200), fixed("GET", "/api/v1/openapi.json")},
      {"GET", "/api/v1/workspace", Roles(200, 200, 200), fixed("GET", "/api/v1/workspace")},

      {"GET", "/api/v1/customers", Roles(200, 200, 200), fixed("GET", "/api/v1/customers")},
      {"POST", "/api/v1/customers", Roles(201, 201, 201),
       [](Caller c) {
         return Request{"POST", "/api/v1/customers",
                        Dump(json::object{{"name", std::string("Created by ") + kCallerNames[c]}})};
       }},
      {"GET", "/api/v1/customers/{id}", Roles(200, 200, 200), fixed("GET", customer)},
      {"PATCH", "/api/v1/customers/{id}", Roles(200, 200, 200),
       [&](Caller c) {
         return Request{"PATCH", customer,
                        Dump(json::object{{"source", std::string("patched by ") + kCallerNames[c]}})};
       }},
      {"DELETE", "/api/v1/customers/{id}", Roles(204, 204, 204),
       [&](Caller) { return Request{"DELETE", "/api/v1/customers/" + NewRepCustomer(), ""}; }},
      {"POST", "/api/v1/customers/{id}/stage", Roles(200, 200, 200),
       [&](Caller) {
         return Request{"POST", "/api/v1/customers/" + NewRepCustomer() + "/stage", R"({"stage": "lead"})"};
       }},
      {"GET", "/api/v1/customers/{id}/history", Roles(200, 200, 200), fixed("GET", customer + "/history")},
      {"GET", "/api/v1/customers/{id}/export", Roles(200, 200, 200), fixed("GET", customer + "/export")},
      {"GET", "/api/v1/customers/stage-counts", Roles(200, 200, 200), fixed("GET", "/api/v1/customers/stage-counts"),
       "every caller counts the customers they see"},
      {"POST", "/api/v1/customers/reassign", Roles(200, 200, 403),
       [&](Caller) {
         return Request{"POST", "/api/v1/customers/reassign",
                        Dump(json::object{{"customer_ids", json::array{NewRepCustomer()}}, {"owner_id", rep_id_}})};
       },
       "only managers and admins give customers to another user"},
      {"POST", "/api/v1/customers/{id}/erase", Roles(200, 403, 403),
       [&](Caller) { return Request{"POST", "/api/v1/customers/" + NewRepCustomer() + "/erase", ""}; }},

      // Signing in needs no credentials, and whatever credentials come along do not matter: the
      // right password signs in for every caller (a wrong one would be a 401 we could not tell
      // apart from "needs auth", and would trip the throttle).
      {"POST", "/api/v1/auth/login", Open(200),
       fixed("POST", "/api/v1/auth/login",
             Dump(json::object{{"email", kSignInEmail}, {"password", kSignInPassword}})),
       "right credentials: 200 whatever else is sent"},
      // Sign-out ends a browser session; a bearer-token request has none to end.
      {"POST", "/api/v1/auth/logout", Roles(401, 401, 401), fixed("POST", "/api/v1/auth/logout"),
       "bearer tokens have no session to end"},
      {"GET", "/api/v1/auth/session", Roles(200, 200, 200), fixed("GET", "/api/v1/auth/session")},
      {"POST", "/api/v1/auth/password", Roles(204, 204, 204),
       [&](Caller c) {
         return Request{"POST", "/api/v1/auth/password",
                        Dump(json::object{{"current_password", PasswordOf(c)},
                                          {"new_password", std::string("new passphrase for ") + kCallerNames[c]}})};
       }},
      // Needs no credentials (the reset token is the credential): an unknown token is a 422 on
      // `token` for everyone.
      {"POST", "/api/v1/auth/password-reset", Open(422),
       fixed("POST", "/api/v1/auth/password-reset",
             R"({"token": "not-a-real-reset-token-0123456789", "password": "a perfectly fine passphrase"})"),
       "unknown reset token: 422 on token"},

      {"GET", "/api/v1/users", Roles(200, 200, 200), fixed("GET", "/api/v1/users")},
      {"POST", "/api/v1/users", Roles(201, 403, 403),
       [&](Caller c) {
         return Request{"POST", "/api/v1/users",
                        Dump(json::object{{"email", "new" + std::to_string(++serial_) + "@matrix.example.com"},
                                          {"name", std::string("Added by ") + kCallerNames[c]},
                                          {"role", "rep"}})};
       }},
      {"GET", "/api/v1/users/{id}", Roles(200, 200, 200), fixed("GET", "/api/v1/users/" + rep_id_)},
      {"PATCH", "/api/v1/users/{id}", Roles(200, 403, 403),
       [&](Caller c) {
         return Request{"PATCH", "/api/v1/users/" + target_user_,
                        Dump(json::object{{"name", std::string("Renamed by ") + kCallerNames[c]}, {"team", "west"}})};
       }},
      {"POST", "/api/v1/users/{id}/deactivate", Roles(200, 403, 403),
       [&](Caller) {
         return Request{"POST", "/api/v1/users/" + NewUser("rep") + "/deactivate",
                        Dump(json::object{{"reassign_to", admin_id_}})};
       }},
      {"POST", "/api/v1/users/{id}/activate", Roles(200, 403, 403),
       [&](Caller) {
         const std::string id = NewUser("rep");
         AdminCall("POST", "/api/v1/users/" + id + "/deactivate", json::object{}, 200);
         return Request{"POST", "/api/v1/users/" + id + "/activate", ""};
       }},
      {"POST", "/api/v1/users/{id}/password-reset", Roles(201, 403, 403),
       [&](Caller) { return Request{"POST", "/api/v1/users/" + NewUser("rep") + "/password-reset", ""}; }},

      {"GET", "/api/v1/tokens", Roles(200, 200, 200), fixed("GET", "/api/v1/tokens")},
      {"POST", "/api/v1/tokens", Roles(201, 201, 201), fixed("POST", "/api/v1/tokens", R"({"name": "matrix"})")},
      // Each caller revokes a fresh token of their own.
      {"DELETE", "/api/v1/tokens/{id}", Roles(200, 200, 200),
       [&](Caller c) {
         json::value t = AdminCall("POST", "/api/v1/tokens",
                                   json::object{{"name", "to revoke"}, {"user_id", UserOf(c)}}, 201);
         return Request{"DELETE", "/api/v1/tokens/" + StrAt(t, "/id"), ""};
       }},
      {"GET", "/api/v1/products", Roles(200, 200, 200), fixed("GET", "/api/v1/products")},
      {"POST", "/api/v1/products", Roles(201, 201, 403),
       [&](Caller c) {
         return Request{"POST", "/api/v1/products",
                        Dump(json::object{{"name", std::string("Product by ") + kCallerNames[c]},
                                          {"sku", "SKU-" + std::to_string(++serial_)}, {"price_cents", 100}})};
       },
       "the catalogue is managed by managers and admins"},
      {"GET", "/api/v1/products/{id}", Roles(200, 200, 200), fixed("GET", product)},
      {"PATCH", "/api/v1/products/{id}", Roles(200, 200, 403),
       [&](Caller) { return Request{"PATCH", product, Dump(json::object{{"price_cents", 10000 + ++serial_}})}; }},
      {"GET", "/api/v1/deals", Roles(200, 200, 200), fixed("GET", "/api/v1/deals")},
      {"POST", "/api/v1/deals", Roles(201, 201, 201),
       fixed("POST", "/api/v1/deals", Dump(json::object{{"customer_id", rep_customer_}, {"title", "New"}, {"amount_cents", 100}}))},
      {"GET", "/api/v1/deals/{id}", Roles(200, 200, 200), fixed("GET", deal)},
      {"PATCH", "/api/v1/deals/{id}", Roles(200, 200, 200),
       [&](Caller) { return Request{"PATCH", deal, Dump(json::object{{"amount_cents", 5000 + ++serial_}})}; }},
      {"POST", "/api/v1/deals/{id}/stage", Roles(200, 200, 200),
       [&](Caller) { return Request{"POST", "/api/v1/deals/" + new_deal() + "/stage", R"({"stage": "negotiation"})"}; }},
      {"GET", "/api/v1/pipeline", Roles(200, 200, 200), fixed("GET", "/api/v1/pipeline")},
      {"GET", "/api/v1/orders", Roles(200, 200, 200), fixed("GET", "/api/v1/orders")},
      {"POST", "/api/v1/orders", Roles(201, 201, 201),
       fixed("POST", "/api/v1/orders", Dump(json::object{{"customer_id", rep_customer_}, {"amount_cents", 2500}}))},
      {"GET", "/api/v1/orders/{id}", Roles(200, 200, 200), fixed("GET", order)},
      {"POST", "/api/v1/orders/{id}/refund", Roles(200, 200, 200),
       [&](Caller) {
         return Request{"POST", "/api/v1/orders/" + new_order() + "/refund", R"({"amount_cents": 100, "reason": "matrix"})"};
       }},
      {"POST", "/api/v1/orders/{id}/cancel", Roles(200, 200, 200),
       [&](Caller) { return Request{"POST", "/api/v1/orders/" + new_order() + "/cancel", R"({"reason": "matrix"})"}; }},
      {"GET", "/api/v1/customers/{id}/loyalty", Roles(200, 200, 200), fixed("GET", customer + "/loyalty")},
      {"GET", "/api/v1/customers/{id}/loyalty/ledger", Roles(200, 200, 200), fixed("GET", customer + "/loyalty/ledger")},
      {"POST", "/api/v1/customers/{id}/loyalty/redeem", Roles(201, 201, 201),
       fixed("POST", customer + "/loyalty/redeem", R"({"points": 1, "reward": "matrix mug"})"),
       "the orders above earned the points"},
      {"POST", "/api/v1/customers/{id}/loyalty/adjust", Roles(201, 201, 403),
       fixed("POST", customer + "/loyalty/adjust", R"({"points": 5, "reason": "matrix goodwill"})")},
      {"GET", "/api/v1/loyalty/settings", Roles(200, 200, 200), fixed("GET", "/api/v1/loyalty/settings")},
      {"PUT", "/api/v1/loyalty/settings", Roles(200, 200, 403),
       fixed("PUT", "/api/v1/loyalty/settings",
             R"({"points_per_unit": 1, "window_days": 365, "tiers": [{"name": "bronze", "min_orders": 0}, {"name": "gold", "min_orders": 5}]})")},
      {"POST", "/api/v1/usage", Roles(200, 200, 200),
       [&](Caller) {
         return Request{"POST", "/api/v1/usage",
                        Dump(json::object{{"measurements", json::array{json::object{
                                               {"customer_id", rep_customer_}, {"product_id", product.substr(product.rfind('/') + 1)},
                                               {"metric", "seats"}, {"period", "2026-10-01"}, {"value", 3}}}}})};
       }},
      {"GET", "/api/v1/customers/{id}/usage", Roles(200, 200, 200), fixed("GET", customer + "/usage")},
      {"GET", "/api/v1/customers/{id}/cross-sell", Roles(200, 200, 200), fixed("GET", customer + "/cross-sell")},
      {"GET", "/api/v1/customers/{id}/next-actions", Roles(200, 200, 200), fixed("GET", customer + "/next-actions")},
      {"GET", "/api/v1/subscriptions", Roles(200, 200, 200), fixed("GET", "/api/v1/subscriptions")},
      {"POST", "/api/v1/subscriptions", Roles(201, 201, 201),
       fixed("POST", "/api/v1/subscriptions",
             Dump(json::object{{"customer_id", rep_customer_}, {"product_id", product_id}, {"term_months", 1}}))},
      {"GET", "/api/v1/subscriptions/{id}", Roles(200, 200, 200), fixed("GET", subscription)},
      {"POST", "/api/v1/subscriptions/{id}/renew", Roles(200, 200, 200), fixed("POST", subscription + "/renew")},
      {"POST", "/api/v1/subscriptions/{id}/cancel", Roles(200, 200, 200),
       [&](Caller) {
         return Request{"POST", "/api/v1/subscriptions/" + new_subscription() + "/cancel", R"({"reason": "matrix"})"};
       }},
      {"GET", "/api/v1/renewals", Roles(200, 200, 200), fixed("GET", "/api/v1/renewals")},
      {"GET", "/api/v1/renewals/settings", Roles(200, 200, 200), fixed("GET", "/api/v1/renewals/settings")},
      {"PUT", "/api/v1/renewals/settings", Roles(200, 200, 403),
       fixed("PUT", "/api/v1/renewals/settings", R"({"renewal_notice_days": 14})")},
      {"GET", "/api/v1/customers/{id}/win-back", Roles(200, 200, 200), fixed("GET", churned + "/win-back")},
      {"POST", "/api/v1/customers/{id}/win-back-offers", Roles(201, 201, 201),
       fixed("POST", churned + "/win-back-offers", R"({"description": "matrix offer", "cost_cents": 100})"),
       "three offers of 100 fit the churned customer's cap of 10000"},
      {"GET", "/api/v1/referrals", Roles(200, 200, 200), fixed("GET", "/api/v1/referrals")},
      {"POST", "/api/v1/referrals", Roles(201, 201, 201),
       [&](Caller) {
         return Request{"POST", "/api/v1/referrals",
                        Dump(json::object{{"referrer_id", rep_customer_}, {"referred_id", NewRepCustomer()}})};
       }},
      {"GET", "/api/v1/referrals/leaderboard", Roles(200, 200, 200), fixed("GET", "/api/v1/referrals/leaderboard")},
      {"GET", "/api/v1/events", Roles(200, 200, 200), fixed("GET", "/api/v1/events")},
      {"POST", "/api/v1/events", Roles(201, 201, 403),
       fixed("POST", "/api/v1/events", R"({"name": "Matrix gala", "starts_at": "2030-02-01T19:00:00Z", "place": "Hall"})"),
       "managers and admins organise events"},
      {"GET", "/api/v1/events/targets", Roles(200, 200, 200), fixed("GET", "/api/v1/events/targets")},
      {"GET", "/api/v1/events/{id}", Roles(200, 200, 200), fixed("GET", event)},
      {"PATCH", "/api/v1/events/{id}", Roles(200, 200, 403),
       [&](Caller) { return Request{"PATCH", event, Dump(json::object{{"name", "Matrix event " + std::to_string(++serial_)}})}; }},
      {"GET", "/api/v1/events/{id}/invitations", Roles(200, 200, 200), fixed("GET", event + "/invitations")},
      {"POST", "/api/v1/events/{id}/invitations", Roles(200, 200, 200),
       fixed("POST", event + "/invitations", Dump(json::object{{"customer_ids", json::array{rep_customer_}}})),
       "re-inviting is reported, not refused"},
      {"PATCH", "/api/v1/events/{id}/invitations/{customer_id}", Roles(200, 200, 200),
       fixed("PATCH", event + "/invitations/" + rep_customer_, R"({"response": "accepted", "attended": true})")},
      {"GET", "/api/v1/customers/{id}/invitations", Roles(200, 200, 200), fixed("GET", customer + "/invitations")},
      {"POST", "/api/v1/customers/{id}/interactions", Roles(201, 201, 201),
       fixed("POST", customer + "/interactions", R"({"kind": "email", "summary": "matrix"})")},
      {"GET", "/api/v1/interactions/{id}", Roles(200, 200, 200), fixed("GET", interaction)},
      {"GET", "/api/v1/customers/{id}/timeline", Roles(200, 200, 200), fixed("GET", customer + "/timeline")},
      {"GET", "/api/v1/tasks", Roles(200, 200, 200), fixed("GET", "/api/v1/tasks")},
      {"POST", "/api/v1/tasks", Roles(201, 201, 201),
       fixed("POST", "/api/v1/tasks", Dump(json::object{{"customer_id", rep_customer_}, {"due_at", "2030-01-02T09:00:00Z"}})),
       "the task goes to the customer's owner, the rep"},
      {"GET", "/api/v1/tasks/{id}", Roles(200, 200, 200), fixed("GET", task)},
      {"PATCH", "/api/v1/tasks/{id}", Roles(200, 200, 200), fixed("PATCH", task, R"({"notes": "matrix"})")},
      {"POST", "/api/v1/tasks/{id}/complete", Roles(200, 200, 200),
       [&](Caller) { return Request{"POST", new_task(false) + "/complete", ""}; }},
      {"POST", "/api/v1/tasks/{id}/reopen", Roles(200, 200, 200), [&](Caller) { return Request{"POST", new_task(true) + "/reopen", ""}; }},
      {"GET", "/api/v1/cadences", Roles(200, 200, 200), fixed("GET", "/api/v1/cadences")},
      {"POST", "/api/v1/cadences", Roles(201, 201, 403),
       fixed("POST", "/api/v1/cadences", R"({"name": "Matrix", "type": "after_order", "days": 30, "task_kind": "check_in"})"),
       "managers and admins set the cadences"},
      {"GET", "/api/v1/cadences/{id}", Roles(200, 200, 200), fixed("GET", rule)},
      {"PATCH", "/api/v1/cadences/{id}", Roles(200, 200, 403), fixed("PATCH", rule, R"({"days": 50})")},
      {"DELETE", "/api/v1/cadences/{id}", Roles(204, 204, 403), [&](Caller) { return Request{"DELETE", new_rule(), ""}; }},
      {"POST", "/api/v1/cadences/run", Roles(200, 200, 403), fixed("POST", "/api/v1/cadences/run")},
      {"GET", "/api/v1/cadences/scheduler", Roles(200, 200, 200), fixed("GET", "/api/v1/cadences/scheduler")},
      {"GET", "/api/v1/today", Roles(200, 200, 200), fixed("GET", "/api/v1/today")},
      {"GET", "/api/v1/today/team", Roles(200, 200, 403), fixed("GET", "/api/v1/today/team")},
      {"GET", "/api/v1/cases", Roles(200, 200, 200), fixed("GET", "/api/v1/cases")},
      {"POST", "/api/v1/cases", Roles(201, 201, 201),
       fixed("POST", "/api/v1/cases", Dump(json::object{{"customer_id", rep_customer_}, {"title", "Matrix"}})),
       "the case goes to the customer's owner, the rep"},
      {"GET", "/api/v1/cases/{id}", Roles(200, 200, 200), fixed("GET", care_case)},
      {"PATCH", "/api/v1/cases/{id}", Roles(200, 200, 200), fixed("PATCH", care_case, R"({"description": "matrix"})")},
      {"POST", "/api/v1/cases/{id}/assign", Roles(200, 200, 200),
       [&](Caller) { return Request{"POST", new_case() + "/assign", Dump(json::object{{"owner_id", manager_id_}, {"reason", "matrix"}})}; },
       "the rep owns the case, so may hand it on"},
      {"GET", "/api/v1/cases/{id}/events", Roles(200, 200, 200), fixed("GET", care_case + "/events")},
      {"GET", "/api/v1/cases/policy", Roles(200, 200, 200), fixed("GET", "/api/v1/cases/policy")},
      {"PUT", "/api/v1/cases/policy", Roles(200, 200, 403), fixed("PUT", "/api/v1/cases/policy", R"({"low": {"respond_minutes": 4000}})"),
       "managers and admins set the deadlines"},
      {"GET", "/api/v1/cases/figures", Roles(200, 200, 200), fixed("GET", "/api/v1/cases/figures")},
      {"GET", "/api/v1/customers/{id}/care", Roles(200, 200, 200), fixed("GET", customer + "/care")},
      {"GET", "/api/v1/feedback", Roles(200, 200, 200), fixed("GET", "/api/v1/feedback")},
      {"POST", "/api/v1/feedback", Roles(201, 201, 201),
       fixed("POST", "/api/v1/feedback", Dump(json::object{{"customer_id", rep_customer_}, {"kind", "csat"}, {"score", 5}}))},
      {"GET", "/api/v1/feedback/{id}", Roles(200, 200, 200), fixed("GET", feedback)},
      {"GET", "/api/v1/feedback/figures", Roles(200, 200, 200), fixed("GET", "/api/v1/feedback/figures?by=month")},
      {"GET", "/api/v1/care/settings", Roles(200, 200, 200), fixed("GET", "/api/v1/care/settings")},
      {"PUT", "/api/v1/care/settings", Roles(200, 200, 403), fixed("PUT", "/api/v1/care/settings", R"({"detractor_max_score": 6})"),
       "managers and admins decide when feedback opens a case"},
      {"GET", "/api/v1/promises", Roles(200, 200, 200), fixed("GET", "/api/v1/promises")},
      {"POST", "/api/v1/promises", Roles(201, 201, 201),
       fixed("POST", "/api/v1/promises",
             Dump(json::object{{"customer_id", rep_customer_}, {"description", "Matrix"}, {"due_at", "2030-01-01T09:00:00Z"}}))},
      {"GET", "/api/v1/promises/{id}", Roles(200, 200, 200), fixed("GET", promise)},
      {"PATCH", "/api/v1/promises/{id}", Roles(200, 200, 200), fixed("PATCH", promise, R"({"note": "matrix"})")},
      {"GET", "/api/v1/replies", Roles(200, 200, 200), fixed("GET", "/api/v1/replies")},
      {"GET", "/api/v1/replies/figures", Roles(200, 200, 200), fixed("GET", "/api/v1/replies/figures")},
      {"GET", "/api/v1/acquisition-spend", Roles(200, 200, 200), fixed("GET", "/api/v1/acquisition-spend")},
      {"POST", "/api/v1/acquisition-spend", Roles(201, 200, 403),
       fixed("POST", "/api/v1/acquisition-spend", R"({"source": "matrix", "period": "2026-01", "amount_cents": 1000})"),
       "managers and admins enter spend; the first entry is created, the next replaces it"},
      {"PUT", "/api/v1/acquisition-spend", Roles(200, 200, 403),
       fixed("PUT", "/api/v1/acquisition-spend", R"({"source": "matrix", "period": "2026-02", "amount_cents": 1000})"),
       "managers and admins enter spend"},
      {"GET", "/api/v1/customers/{id}/value", Roles(200, 200, 200), fixed("GET", customer + "/value")},
      {"GET", "/api/v1/economics/summary", Roles(200, 200, 403), fixed("GET", "/api/v1/economics/summary"),
       "portfolio figures are for managers and admins"},
      {"GET", "/api/v1/economics/cohorts", Roles(200, 200, 403), fixed("GET", "/api/v1/economics/cohorts"),
       "portfolio figures are for managers and admins"},
      {"GET", "/api/v1/economics/what-if", Roles(200, 200, 403),
       fixed("GET", "/api/v1/economics/what-if?retention_uplift=0.05"), "portfolio figures are for managers and admins"},
      {"GET", "/api/v1/economics/funnel", Roles(200, 200, 403), fixed("GET", "/api/v1/economics/funnel"),
       "portfolio figures are for managers and admins"},
      {"GET", "/api/v1/economics/p-alive", Roles(200, 200, 403), fixed("GET", "/api/v1/economics/p-alive"),
       "portfolio figures are for managers and admins"},
      {"GET", "/api/v1/audit", Roles(200, 200, 403), fixed("GET", "/api/v1/audit")},
      {"GET", "/api/v1/jobs", Roles(200, 200, 403), fixed("GET", "/api/v1/jobs")},
  };

  // --- The table covers exactly the routes the server documents.
  std::set<std::string> documented, tabled;
  {
    Reply doc = anonymous_->Get("/api/v1/openapi.json");
    ASSERT_EQ(doc.status, 200) << doc.Summary();
    const json::value v = doc.Json();
    ASSERT_TRUE(At(v, "/paths") && At(v, "/paths")->is_object()) << doc.body.substr(0, 500);
    for (const auto& [path, item] : v.at("paths").as_object()) {
      ASSERT_TRUE(item.is_object()) << path;
      for (const auto& [method, op] : item.as_object()) {
        std::string m(method);
        if (m != "get" && m != "put" && m != "post" && m != "patch" && m != "delete" && m != "head" &&
            m != "options")
          continue;  // "parameters", "summary", ...
        for (char& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        documented.insert(m + " " + std::string(path));
      }
    }
  }
  for (const Route& r : routes) {
    EXPECT_TRUE(tabled.insert(r.method + " " + r.path).second) << "twice in the table: " << r.method << " " << r.path;
  }
  for (const auto& route : documented) {
    EXPECT_TRUE(tabled.contains(route)) << "route missing from the role matrix: " << route
                                        << " (add a row saying who may call it)";
  }
  for (const auto& route : tabled) {
    EXPECT_TRUE(documented.contains(route)) << "the matrix has " << route
                                            << ", which the OpenAPI document does not list";
  }

  // --- Let the session expire: no request uses it after the check that followed sign-in.
  const auto expired_at = last_used_ + kSessionIdle + std::chrono::milliseconds(1500);
  std::this_thread::sleep_until(expired_at);

  // --- Run it.
  std::ostringstream table, mismatches;
  int mismatch_count = 0;
  table << "route" << std::string(44 - 5, ' ');
  for (const char* name : kCallerNames) table << "  " << name;
  table << "\n";
  for (const Route& route : routes) {
    std::string row = route.method + " " + route.path;
    row.resize(std::max<std::size_t>(row.size(), 44), ' ');
    table << row;
    for (int c = 0; c < kCallerCount; ++c) {
      const Caller caller = static_cast<Caller>(c);
      const Request req = route.request(caller);
      Reply r = Call(caller, req);
      const int want = route.expected[c];
      std::string problem;
      if (r.status != want) {
        problem = "expected " + std::to_string(want) + ", got " + std::to_string(r.status);
      } else if (want == 401 || want == 403) {
        const std::string code = StrAt(r.Json(), "/error/code");
        const std::string want_code = want == 401 ? "unauthenticated" : "permission_denied";
        if (code != want_code) problem = "error code " + code + ", expected " + want_code;
      }
      std::string cell = std::to_string(r.status) + (problem.empty() ? "" : "!");
      cell.resize(std::max<std::size_t>(cell.size(), std::string(kCallerNames[c]).size()), ' ');
      table << "  " << cell;
      if (!problem.empty()) {
        ++mismatch_count;
        mismatches << "  " << route.method << " " << route.path << " as " << kCallerNames[c] << ": "
                   << problem << "\n      request: " << req.method << " " << req.target
                   << (req.body.empty() ? "" : " " + req.body) << "\n      response: " << r.Summary().substr(0, 300)
                   << (route.note.empty() ? "" : "\n      note: " + route.note) << "\n";
      }
    }
    table << "\n";
  }
  EXPECT_EQ(mismatch_count, 0) << mismatch_count << " mismatches (! in the table):\n"
                               << mismatches.str() << "\nstatus by route and caller:\n"
                               << table.str();
  if (mismatch_count == 0) std::cout << table.str();
}

}  // namespace
