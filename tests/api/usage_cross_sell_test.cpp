// Usage signals and cross-sell (issue 5) over HTTP: batches of measurements, under-use and
// outgrowing with their numbers, and association rules with support, confidence and lift
// computed on a hand-made order history.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::FreshServerWithIdsSuite;
using rapport_test::Reply;
using rapport_test::StrAt;

double NumAt(const json::value& v, std::string_view pointer) {
  const auto* p = At(v, pointer);
  return p && p->is_number() ? p->to_number<double>() : -1;
}

class UsageCrossSellTest : public FreshServerWithIdsSuite {
 protected:
  std::string Create(const std::string& target, const json::object& body) {
    Reply r = client_->Post(target, Dump(body));
    EXPECT_EQ(r.status, 201) << target << " " << r.Summary();
    return StrAt(r.Json(), "/id");
  }
  std::string Product(const std::string& sku, json::object limits = {}) {
    return Create("/api/v1/products", {{"name", sku}, {"sku", sku}, {"price_cents", 1000}, {"margin_cents", 500}, {"limits", limits}});
  }
  std::string CustomerWith(const std::vector<std::string>& products) {
    const std::string c = Create("/api/v1/customers", {{"name", "Buyer " + std::to_string(++serial_)}});
    json::array lines;
    for (const auto& p : products) lines.push_back(json::object{{"product_id", p}});
    if (!lines.empty()) Create("/api/v1/orders", {{"customer_id", c}, {"lines", lines}});
    return c;
  }
  int serial_ = 0;
};

TEST_F(UsageCrossSellTest, CrossSellRulesHaveExactSupportConfidenceAndLift) {
  const std::string a = Product("A"), b = Product("B"), c = Product("C"), d = Product("D");
  CustomerWith({a, b});
  CustomerWith({a, b});
  CustomerWith({a, b, c});
  CustomerWith({a, c});
  CustomerWith({b});
  CustomerWith({d});
  CustomerWith({d});
  // Bought in two orders: the second order adds only the pair counts it has not yet counted.
  const std::string target = CustomerWith({a});
  // 8 customers bought something; A: 5 buyers, B: 4; A and B together: 3. A and C together: 2,
  // below the 3 customers a rule needs.
  Reply r = client_->Get("/api/v1/customers/" + target + "/cross-sell");
  ASSERT_EQ(r.status, 200) << r.Summary();
  const json::value v = r.Json();
  ASSERT_EQ(v.at("data").as_array().size(), 1u) << Dump(v);
  EXPECT_EQ(StrAt(v, "/data/0/product_id"), b);
  EXPECT_EQ(StrAt(v, "/data/0/because_of"), a);
  EXPECT_EQ(NumAt(v, "/data/0/customers_together"), 3);
  EXPECT_DOUBLE_EQ(NumAt(v, "/data/0/support"), 0.375);     // 3 / 8
  EXPECT_DOUBLE_EQ(NumAt(v, "/data/0/confidence"), 0.6);    // 3 / 5
  EXPECT_DOUBLE_EQ(NumAt(v, "/data/0/lift"), 1.2);          // 0.6 / (4 / 8)
  EXPECT_NE(StrAt(v, "/data/0/reason").find("3 customers"), std::string::npos);

  // Once the target buys B, B is no longer suggested; buying it again counts nothing twice.
  Create("/api/v1/orders", {{"customer_id", target}, {"lines", json::array{json::object{{"product_id", b}}}}});
  Create("/api/v1/orders", {{"customer_id", target}, {"lines", json::array{json::object{{"product_id", b}}}}});
  EXPECT_EQ(client_->Get("/api/v1/customers/" + target + "/cross-sell").Json().at("data").as_array().size(), 0u);
  // A retired product is never offered.
  const std::string other = CustomerWith({a});
  ASSERT_EQ(client_->Patch("/api/v1/products/" + b, R"({"active": false})").status, 200);
  EXPECT_EQ(client_->Get("/api/v1/customers/" + other + "/cross-sell").Json().at("data").as_array().size(), 0u);
  EXPECT_EQ(client_->Get("/api/v1/customers/" + other + "/cross-sell?limit=0").status, 422);
  EXPECT_EQ(rep_->Get("/api/v1/customers/" + other + "/cross-sell").status, 404);
}

TEST_F(UsageCrossSellTest, UsageSignalsNameTheirNumbers) {
  const std::string plan = Product("PLAN", json::object{{"seats", 10}});
  const std::string c = CustomerWith({plan});
  json::array m;
  auto add = [&](const char* metric, const char* period, double value) {
    m.push_back(json::object{{"customer_id", c}, {"product_id", plan}, {"metric", metric}, {"period", period}, {"value", value}});
  };
  add("seats", "2026-07-01", 8);
  add("seats", "2026-08-01", 8);
  add("seats", "2026-09-01", 9.5);
  add("seats", "2026-10-01", 9.2);
  add("logins", "2026-07-01", 100);
  add("logins", "2026-08-01", 120);
  add("logins", "2026-09-01", 110);
  add("logins", "2026-10-01", 40);
  Reply stored = client_->Post("/api/v1/usage", Dump(json::object{{"measurements", m}}));
  ASSERT_EQ(stored.status, 200) << stored.Summary();
  EXPECT_EQ(NumAt(stored.Json(), "/stored"), 8);

  Reply r = client_->Get("/api/v1/customers/" + c + "/next-actions");
  ASSERT_EQ(r.status, 200) << r.Summary();
  const json::value v = r.Json();
  bool under = false, outgrowing = false;
  for (const auto& a : v.at("data").as_array()) {
    const std::string kind(a.at("kind").as_string());
    if (kind == "under_use") {
      under = true;
      EXPECT_EQ(StrAt(a, "/metric"), "logins");
      EXPECT_DOUBLE_EQ(NumAt(a, "/baseline"), 110);
      EXPECT_DOUBLE_EQ(NumAt(a, "/value"), 40);
    } else if (kind == "outgrowing") {
      outgrowing = true;
      EXPECT_EQ(StrAt(a, "/metric"), "seats");
      EXPECT_DOUBLE_EQ(NumAt(a, "/limit"), 10);
      EXPECT_NE(StrAt(a, "/reason").find("2 of the last 3"), std::string::npos) << StrAt(a, "/reason");
    }
  }
  EXPECT_TRUE(under) << Dump(v);
  EXPECT_TRUE(outgrowing) << Dump(v);

  // Re-sending a period replaces it: logins recover, the under-use signal goes away.
  Reply again = client_->Post("/api/v1/usage", Dump(json::object{{"measurements", json::array{json::object{
      {"customer_id", c}, {"product_id", plan}, {"metric", "logins"}, {"period", "2026-10-01"}, {"value", 115}}}}}));
  ASSERT_EQ(again.status, 200);
  const json::value after = client_->Get("/api/v1/customers/" + c + "/next-actions").Json();
  for (const auto& a : after.at("data").as_array())
    EXPECT_NE(StrAt(a, "/kind"), "under_use") << Dump(a);
  const json::value series = client_->Get("/api/v1/customers/" + c + "/usage?since=2026-09-01").Json();
  EXPECT_EQ(series.at("data").as_array().size(), 4u) << Dump(series);
}

TEST_F(UsageCrossSellTest, ABadBatchStoresNothingAndNamesEachItem) {
  const std::string plan = Product("PLAN");
  const std::string c = CustomerWith({});
  Reply bad = client_->Post("/api/v1/usage", Dump(json::object{{"measurements", json::array{
      json::object{{"customer_id", c}, {"product_id", plan}, {"metric", "seats"}, {"period", "2026-10-01"}, {"value", 3}},
      json::object{{"customer_id", "99999"}, {"product_id", plan}, {"metric", ""}, {"period", "October"}, {"value", -1}},
      json::object{{"customer_id", c}, {"product_id", plan}, {"metric", "seats"}, {"period", "2026-11-01"}, {"colour", 1}}}}}));
  ASSERT_EQ(bad.status, 422) << bad.Summary();
  const json::value body = bad.Json();
  for (const char* f : {"measurements[1].customer_id", "measurements[1].metric", "measurements[1].period",
                        "measurements[1].value", "measurements[2].value", "measurements[2].colour"})
    EXPECT_TRUE(body.at("error").at("fields").as_object().contains(f)) << f << " in " << bad.body;
  EXPECT_EQ(client_->Get("/api/v1/customers/" + c + "/usage").Json().at("data").as_array().size(), 0u);
  EXPECT_EQ(client_->Post("/api/v1/usage", R"({"measurements": []})").status, 422);
  EXPECT_EQ(client_->Post("/api/v1/usage", R"({})").status, 422);
}

// The date `days` from today (UTC), YYYY-MM-DD: the server runs on the real clock.
std::string DateFromToday(int days) {
  const auto t = std::chrono::system_clock::now() + std::chrono::hours(24 * days);
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

TEST_F(UsageCrossSellTest, NextActionsBringRenewalsChurnSignalsAndWinBack) {
  const std::string plan = Product("PLAN");
  const std::string c = CustomerWith({plan});
  // Renews in about 10 days (a year after 355 days ago), one missed a month ago, one cancelled.
  const std::string upcoming = Create("/api/v1/subscriptions", {{"customer_id", c}, {"product_id", plan}, {"term_months", 12},
                                                               {"started_on", DateFromToday(-355)}});
  const std::string missed = Create("/api/v1/subscriptions", {{"customer_id", c}, {"product_id", plan}, {"term_months", 12},
                                                             {"started_on", DateFromToday(-400)}, {"auto_renew", false}});
  const std::string cancelled = Create("/api/v1/subscriptions", {{"customer_id", c}, {"product_id", plan}, {"term_months", 1}});
  ASSERT_EQ(client_->Post("/api/v1/subscriptions/" + cancelled + "/cancel", R"({"reason": "too expensive"})").status, 200);
  json::value v = client_->Get("/api/v1/customers/" + c + "/next-actions").Json();
  std::map<std::string, json::value> by_subscription;
  for (const auto& a : v.at("data").as_array())
    if (const auto* s = a.as_object().if_contains("subscription_id")) by_subscription[std::string(s->as_string())] = a;
  ASSERT_TRUE(by_subscription.contains(upcoming)) << Dump(v);
  EXPECT_EQ(StrAt(by_subscription[upcoming], "/renewal"), "upcoming");
  const double days = NumAt(by_subscription[upcoming], "/days_until");
  EXPECT_GE(days, 9);
  EXPECT_LE(days, 11);
  ASSERT_TRUE(by_subscription.contains(missed)) << Dump(v);
  EXPECT_EQ(StrAt(by_subscription[missed], "/renewal"), "missed");
  ASSERT_TRUE(by_subscription.contains(cancelled)) << Dump(v);
  EXPECT_EQ(StrAt(by_subscription[cancelled], "/kind"), "churn_signal");
  EXPECT_NE(StrAt(by_subscription[cancelled], "/reason").find("too expensive"), std::string::npos);

  // A churned customer gets a win-back action with the cap, first in the list.
  ASSERT_EQ(client_->Post("/api/v1/customers/" + c + "/stage", R"({"stage": "romance"})").status, 200);
  ASSERT_EQ(client_->Post("/api/v1/customers/" + c + "/stage", R"({"stage": "churned", "reason": "went quiet"})").status, 200);
  v = client_->Get("/api/v1/customers/" + c + "/next-actions").Json();
  EXPECT_EQ(StrAt(v, "/data/0/kind"), "win_back") << Dump(v);
  const json::value status = client_->Get("/api/v1/customers/" + c + "/win-back").Json();
  EXPECT_EQ(NumAt(v, "/data/0/cap_cents"), NumAt(status, "/cap_cents")) << Dump(status);
  EXPECT_EQ(rep_->Get("/api/v1/customers/" + c + "/next-actions").status, 404);
}

}  // namespace
