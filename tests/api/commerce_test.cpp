// Products, deals, the pipeline, orders and loyalty (issue 5) over HTTP, with exact numbers:
// deal -> order -> lifecycle effects, margin derivation, refunds and cancellations with their
// points, tiers, redemption limits, and the error cases (each names its field).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <string>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::IntAt;
using rapport_test::Dump;
using rapport_test::FreshServerWithIdsSuite;
using rapport_test::HttpClient;
using rapport_test::IsNullAt;
using rapport_test::Reply;
using rapport_test::IsoDaysAgo;
using rapport_test::StrAt;


class CommerceTest : public FreshServerWithIdsSuite {
 protected:
  json::value Post(HttpClient& c, const std::string& target, const json::object& body, int status) {
    Reply r = c.Post(target, Dump(body));
    EXPECT_EQ(r.status, status) << target << " " << Dump(body) << " -> " << r.Summary();
    return r.body.empty() ? json::value() : r.Json();
  }
  std::string Product(const std::string& sku, std::int64_t price, std::int64_t margin) {
    return StrAt(Post(*client_, "/api/v1/products",
                      {{"name", "Product " + sku}, {"sku", sku}, {"price_cents", price}, {"margin_cents", margin}}, 201),
                 "/id");
  }
  std::string Customer(const std::string& name, HttpClient* as = nullptr) {
    return StrAt(Post(as ? *as : *client_, "/api/v1/customers", {{"name", name}}, 201), "/id");
  }
  std::string Order(const std::string& customer, std::int64_t amount, const std::string& at = "") {
    json::object body{{"customer_id", customer}, {"amount_cents", amount}};
    if (!at.empty()) body["ordered_at"] = at;
    return StrAt(Post(*client_, "/api/v1/orders", body, 201), "/id");
  }
  std::string Stage(const std::string& customer) {
    return StrAt(client_->Get("/api/v1/customers/" + customer).Json(), "/stage");
  }
};

TEST_F(CommerceTest, ProductsValidateAndKeepSkusUnique) {
  const std::string widget = Product("W-1", 10000, 4000);
  json::value p = client_->Get("/api/v1/products/" + widget).Json();
  EXPECT_EQ(StrAt(p, "/sku"), "W-1");
  EXPECT_EQ(IntAt(p, "/margin_cents"), 4000);
  EXPECT_EQ(StrAt(p, "/currency"), "USD");

  Reply dup = client_->Post("/api/v1/products", Dump(json::object{{"name", "Copy"}, {"sku", "w-1"}, {"price_cents", 1}}));
  EXPECT_EQ(dup.status, 409) << dup.Summary();

  Reply bad = client_->Post("/api/v1/products", Dump(json::object{{"sku", ""}, {"price_cents", -5}, {"margin_cents", 10},
                                                                   {"limits", json::object{{"seats", 0}}}, {"colour", "red"}}));
  ASSERT_EQ(bad.status, 422) << bad.Summary();
  const json::value fields = bad.Json().at("error").at("fields");
  for (const char* f : {"name", "sku", "price_cents", "limits.seats", "colour"})
    EXPECT_TRUE(fields.as_object().contains(f)) << f << " in " << Dump(fields);

  Reply over = client_->Post("/api/v1/products", Dump(json::object{{"name", "X"}, {"sku", "X"}, {"price_cents", 100}, {"margin_cents", 101}}));
  EXPECT_EQ(over.status, 422);
  EXPECT_TRUE(At(over.Json(), "/error/fields/margin_cents")) << over.Summary();

  // Complements must exist and not be the product itself; reps cannot edit the catalogue.
  const std::string gadget = Product("G-1", 2500, 1000);
  Reply self = client_->Patch("/api/v1/products/" + widget, Dump(json::object{{"complements", json::array{widget}}}));
  EXPECT_EQ(self.status, 422) << self.Summary();
  Reply ok = client_->Patch("/api/v1/products/" + widget, Dump(json::object{{"complements", json::array{gadget}}}));
  ASSERT_EQ(ok.status, 200) << ok.Summary();
  EXPECT_EQ(StrAt(ok.Json(), "/complements/0"), gadget);
  EXPECT_EQ(rep_->Patch("/api/v1/products/" + widget, R"({"price_cents": 1})").status, 403);
  EXPECT_EQ(rep_->Get("/api/v1/products/" + widget).status, 200);

  // Stale If-Match.
  Reply stale = client_->Patch("/api/v1/products/" + widget, R"({"active": false})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412) << stale.Summary();

  json::value list = client_->Get("/api/v1/products?q=w-").Json();
  ASSERT_EQ(list.at("data").as_array().size(), 1u) << Dump(list);
  EXPECT_EQ(client_->Get("/api/v1/products?active=maybe").status, 422);
}

TEST_F(CommerceTest, WinningADealPlacesItsOrderAndMovesTheCustomerToOrder) {
  const std::string widget = Product("W-1", 10000, 4000);
  const std::string gadget = Product("G-1", 2500, 1000);
  const std::string ada = Customer("Ada");
  json::value deal = Post(*client_, "/api/v1/deals",
                          {{"customer_id", ada}, {"title", "Rollout"}, {"expected_close_date", "2026-12-15"},
                           {"lines", json::array{json::object{{"product_id", widget}, {"quantity", 2}, {"unit_price_cents", 9000}},
                                                 json::object{{"product_id", gadget}}}}},
                          201);
  const std::string id = StrAt(deal, "/id");
  EXPECT_EQ(IntAt(deal, "/amount_cents"), 2 * 9000 + 2500);
  EXPECT_EQ(StrAt(deal, "/stage"), "proposal");
  EXPECT_EQ(StrAt(deal, "/owner_id"), admin_id_);

  Reply won = client_->Post("/api/v1/deals/" + id + "/stage", R"({"stage": "won"})");
  ASSERT_EQ(won.status, 200) << won.Summary();
  const json::value w = won.Json();
  EXPECT_EQ(StrAt(w, "/deal/stage"), "won");
  EXPECT_EQ(StrAt(w, "/deal/order_id"), StrAt(w, "/order/id"));
  EXPECT_EQ(IntAt(w, "/order/amount_cents"), 20500);
  // Discounted widgets: unit cost 6000, so 2 × (9000 − 6000) + 1000 of margin.
  EXPECT_EQ(IntAt(w, "/order/margin_cents"), 2 * 3000 + 1000);
  EXPECT_EQ(StrAt(w, "/order/deal_id"), id);
  EXPECT_EQ(StrAt(w, "/customer/stage"), "order");
  EXPECT_TRUE(IsNullAt(w, "/suggestion"));
  // Every stage passed is recorded, the last one naming the order.
  json::value history = client_->Get("/api/v1/customers/" + ada + "/history").Json();
  ASSERT_EQ(history.at("data").as_array().size(), 4u) << Dump(history);
  EXPECT_EQ(StrAt(history, "/data/3/to"), "order");
  EXPECT_EQ(StrAt(history, "/data/3/reason"), "order " + StrAt(w, "/order/id"));

  // A won deal is final.
  Reply again = client_->Post("/api/v1/deals/" + id + "/stage", R"({"stage": "negotiation"})");
  EXPECT_EQ(again.status, 409) << again.Summary();
  EXPECT_EQ(client_->Patch("/api/v1/deals/" + id, R"({"title": "x"})").status, 409);

  // A second deal for the customer, now in romance, leaves the stage alone.
  ASSERT_EQ(client_->Post("/api/v1/customers/" + ada + "/stage", R"({"stage": "romance"})").status, 200);
  const std::string second = StrAt(Post(*client_, "/api/v1/deals", {{"customer_id", ada}, {"title", "Upsell"}, {"amount_cents", 700}}, 201), "/id");
  Reply won2 = client_->Post("/api/v1/deals/" + second + "/stage", R"({"stage": "won"})");
  ASSERT_EQ(won2.status, 200) << won2.Summary();
  EXPECT_EQ(StrAt(won2.Json(), "/customer/stage"), "romance");
  // Without lines or margin, the whole amount counts as margin.
  EXPECT_EQ(IntAt(won2.Json(), "/order/margin_cents"), 700);
}

TEST_F(CommerceTest, LosingTheOnlyOpenDealSuggestsButDoesNotForceTheLostExit) {
  const std::string bob = Customer("Bob");
  ASSERT_EQ(client_->Post("/api/v1/customers/" + bob + "/stage", R"({"stage": "proposal"})").status, 200);
  const std::string a = StrAt(Post(*client_, "/api/v1/deals", {{"customer_id", bob}, {"title", "A"}, {"amount_cents", 100}}, 201), "/id");
  const std::string b = StrAt(Post(*client_, "/api/v1/deals", {{"customer_id", bob}, {"title", "B"}, {"amount_cents", 100}}, 201), "/id");

  Reply no_reason = client_->Post("/api/v1/deals/" + a + "/stage", R"({"stage": "lost"})");
  ASSERT_EQ(no_reason.status, 422) << no_reason.Summary();
  EXPECT_TRUE(At(no_reason.Json(), "/error/fields/lost_reason"));

  Reply lost_a = client_->Post("/api/v1/deals/" + a + "/stage", R"({"stage": "lost", "lost_reason": "budget", "competitor": "Acme"})");
  ASSERT_EQ(lost_a.status, 200) << lost_a.Summary();
  EXPECT_TRUE(IsNullAt(lost_a.Json(), "/suggestion")) << "deal B is still open";
  EXPECT_EQ(StrAt(lost_a.Json(), "/deal/competitor"), "Acme");

  Reply lost_b = client_->Post("/api/v1/deals/" + b + "/stage", R"({"stage": "lost", "lost_reason": "went quiet"})");
  ASSERT_EQ(lost_b.status, 200) << lost_b.Summary();
  EXPECT_EQ(StrAt(lost_b.Json(), "/suggestion/action"), "mark_customer_lost");
  EXPECT_EQ(StrAt(lost_b.Json(), "/suggestion/request/reason"), "went quiet");
  EXPECT_EQ(Stage(bob), "proposal") << "only suggested, not done";

  // Lost cannot be won without re-opening; re-opening clears the reason.
  EXPECT_EQ(client_->Post("/api/v1/deals/" + b + "/stage", R"({"stage": "won"})").status, 409);
  Reply reopened = client_->Post("/api/v1/deals/" + b + "/stage", R"({"stage": "negotiation"})");
  ASSERT_EQ(reopened.status, 200) << reopened.Summary();
  EXPECT_TRUE(IsNullAt(reopened.Json(), "/deal/lost_reason"));
  EXPECT_EQ(client_->Post("/api/v1/deals/" + b + "/stage", R"({"stage": "negotiation"})").status, 409);
  EXPECT_EQ(client_->Post("/api/v1/deals/" + b + "/stage", R"({"stage": "closed"})").status, 422);
}

TEST_F(CommerceTest, DealValidationNamesEveryBadField) {
  Reply bad = client_->Post("/api/v1/deals", Dump(json::object{{"customer_id", "999999"}, {"amount_cents", -1},
                                                                {"expected_close_date", "2026-13-01"}, {"stage", "won"}}));
  ASSERT_EQ(bad.status, 422) << bad.Summary();
  const json::value body = bad.Json();
  const auto& f = body.at("error").at("fields").as_object();
  for (const char* k : {"customer_id", "title", "expected_close_date", "stage"}) EXPECT_TRUE(f.contains(k)) << k << " " << bad.body;
  // Lines must exist and match a given amount.
  const std::string c = Customer("Cy");
  Reply lines = client_->Post("/api/v1/deals", Dump(json::object{{"customer_id", c}, {"title", "T"}, {"amount_cents", 5},
                                                                  {"lines", json::array{json::object{{"product_id", "424242"}}}}}));
  ASSERT_EQ(lines.status, 422);
  EXPECT_TRUE(At(lines.Json(), "/error/fields/lines[0].product_id")) << lines.body;
}

TEST_F(CommerceTest, RepsSeeOnlyDealsAndOrdersOfTheirCustomers) {
  const std::string mine = Customer("Rep's own", rep_.get());
  const std::string other = Customer("Admin's");
  const std::string other_deal = StrAt(Post(*client_, "/api/v1/deals", {{"customer_id", other}, {"title", "Hidden"}, {"amount_cents", 1}}, 201), "/id");
  const std::string other_order = Order(other, 500);
  const std::string my_deal = StrAt(Post(*rep_, "/api/v1/deals", {{"customer_id", mine}, {"title", "Mine"}, {"amount_cents", 1}}, 201), "/id");
  EXPECT_EQ(rep_->Get("/api/v1/deals/" + other_deal).status, 404);
  EXPECT_EQ(rep_->Get("/api/v1/orders/" + other_order).status, 404);
  EXPECT_EQ(rep_->Post("/api/v1/orders/" + other_order + "/refund", R"({"amount_cents": 1, "reason": "x"})").status, 404);
  Reply refused = rep_->Post("/api/v1/deals", Dump(json::object{{"customer_id", other}, {"title", "x"}, {"amount_cents", 1}}));
  EXPECT_EQ(refused.status, 422) << refused.Summary();
  json::value list = rep_->Get("/api/v1/deals").Json();
  ASSERT_EQ(list.at("data").as_array().size(), 1u) << Dump(list);
  EXPECT_EQ(StrAt(list, "/data/0/id"), my_deal);
  EXPECT_EQ(rep_->Get("/api/v1/orders").Json().at("data").as_array().size(), 0u);
  json::value pipeline = rep_->Get("/api/v1/pipeline").Json();
  EXPECT_EQ(IntAt(pipeline, "/stages/0/count"), 1) << Dump(pipeline);
}

TEST_F(CommerceTest, PipelineFiguresAndForecast) {
  const std::string c = Customer("Pipe");
  auto deal = [&](std::int64_t amount, const char* date) {
    json::object body{{"customer_id", c}, {"title", "D"}, {"amount_cents", amount}};
    if (date) body["expected_close_date"] = date;
    return StrAt(Post(*client_, "/api/v1/deals", body, 201), "/id");
  };
  deal(1000, "2027-01-10");
  deal(2000, "2027-01-20");
  const std::string n = deal(5000, "2027-02-01");
  deal(300, nullptr);
  ASSERT_EQ(client_->Post("/api/v1/deals/" + n + "/stage", R"({"stage": "negotiation"})").status, 200);
  const std::string w = deal(7000, nullptr);
  ASSERT_EQ(client_->Post("/api/v1/deals/" + w + "/stage", R"({"stage": "won"})").status, 200);
  json::value p = client_->Get("/api/v1/pipeline").Json();
  EXPECT_EQ(StrAt(p, "/stages/0/stage"), "proposal");
  EXPECT_EQ(IntAt(p, "/stages/0/count"), 3);
  EXPECT_EQ(IntAt(p, "/stages/0/amount_cents"), 3300);
  EXPECT_EQ(IntAt(p, "/stages/0/weighted_amount_cents"), 300 + 600 + 90);
  EXPECT_EQ(IntAt(p, "/stages/1/count"), 1);
  EXPECT_EQ(IntAt(p, "/stages/1/weighted_amount_cents"), 3000);
  EXPECT_EQ(IntAt(p, "/stages/2/amount_cents"), 7000);
  EXPECT_EQ(IntAt(p, "/stages/3/count"), 0);
  ASSERT_EQ(p.at("forecast").as_array().size(), 3u) << Dump(p);
  EXPECT_EQ(StrAt(p, "/forecast/0/month"), "2027-01");
  EXPECT_EQ(IntAt(p, "/forecast/0/amount_cents"), 3000);
  EXPECT_EQ(StrAt(p, "/forecast/1/month"), "2027-02");
  EXPECT_EQ(IntAt(p, "/forecast/1/weighted_amount_cents"), 3000);
  EXPECT_TRUE(IsNullAt(p, "/forecast/2/month")) << "unscheduled deals come last";
  EXPECT_EQ(client_->Get("/api/v1/pipeline?owner_id=abc").status, 422);
}

TEST_F(CommerceTest, OrdersRefundsAndCancellationsAreRecordedNotDeleted) {
  const std::string widget = Product("W-1", 10000, 4000);
  const std::string c = Customer("Dora");
  json::value o = Post(*client_, "/api/v1/orders",
                       {{"customer_id", c}, {"channel", "web"},
                        {"lines", json::array{json::object{{"product_id", widget}, {"quantity", 3}}}}},
                       201);
  const std::string id = StrAt(o, "/id");
  EXPECT_EQ(IntAt(o, "/amount_cents"), 30000);
  EXPECT_EQ(IntAt(o, "/margin_cents"), 12000);
  EXPECT_EQ(StrAt(o, "/status"), "placed");
  EXPECT_EQ(Stage(c), "order");

  Reply over = client_->Post("/api/v1/orders/" + id + "/refund", R"({"amount_cents": 30001, "reason": "too much"})");
  ASSERT_EQ(over.status, 422) << over.Summary();
  EXPECT_NE(over.body.find("300.00 USD"), std::string::npos) << over.body;
  EXPECT_EQ(client_->Post("/api/v1/orders/" + id + "/refund", R"({"amount_cents": 100})").status, 422);

  Reply part = client_->Post("/api/v1/orders/" + id + "/refund", R"({"amount_cents": 10000, "reason": "one returned"})");
  ASSERT_EQ(part.status, 200) << part.Summary();
  EXPECT_EQ(StrAt(part.Json(), "/status"), "partially_refunded");
  EXPECT_EQ(IntAt(part.Json(), "/net_amount_cents"), 20000);
  EXPECT_EQ(IntAt(part.Json(), "/net_margin_cents"), 8000);
  // Points follow the net amount: 300 earned, 100 taken back.
  json::value loyalty = client_->Get("/api/v1/customers/" + c + "/loyalty").Json();
  EXPECT_EQ(IntAt(loyalty, "/balance"), 200) << Dump(loyalty);

  Reply cancel = client_->Post("/api/v1/orders/" + id + "/cancel", R"({"reason": "customer changed mind"})");
  ASSERT_EQ(cancel.status, 200) << cancel.Summary();
  EXPECT_EQ(StrAt(cancel.Json(), "/status"), "cancelled");
  EXPECT_EQ(IntAt(cancel.Json(), "/net_amount_cents"), 0);
  ASSERT_EQ(cancel.Json().at("adjustments").as_array().size(), 2u);
  EXPECT_EQ(StrAt(cancel.Json(), "/adjustments/1/kind"), "cancellation");
  EXPECT_EQ(IntAt(cancel.Json(), "/adjustments/1/amount_cents"), 20000);
  EXPECT_EQ(client_->Post("/api/v1/orders/" + id + "/cancel", R"({"reason": "again"})").status, 409);
  EXPECT_EQ(client_->Post("/api/v1/orders/" + id + "/refund", R"({"amount_cents": 1, "reason": "x"})").status, 409);
  EXPECT_EQ(IntAt(client_->Get("/api/v1/customers/" + c + "/loyalty").Json(), "/balance"), 0);
  // Still listed, as cancelled.
  json::value cancelled = client_->Get("/api/v1/orders?status=cancelled&customer_id=" + c).Json();
  ASSERT_EQ(cancelled.at("data").as_array().size(), 1u);
  EXPECT_EQ(client_->Get("/api/v1/orders/" + id).status, 200);
}

TEST_F(CommerceTest, OrderValidationAndListing) {
  const std::string c = Customer("Eve");
  Reply bad = client_->Post("/api/v1/orders", Dump(json::object{{"customer_id", c}, {"currency", "EUR"},
                                                                 {"ordered_at", "2099-01-01T00:00:00Z"}, {"status", "placed"}}));
  ASSERT_EQ(bad.status, 422) << bad.Summary();
  const json::value body = bad.Json();
  const auto& f = body.at("error").at("fields").as_object();
  for (const char* k : {"currency", "ordered_at", "amount_cents", "status"}) EXPECT_TRUE(f.contains(k)) << k << " " << bad.body;
  EXPECT_EQ(client_->Post("/api/v1/orders", R"({"amount_cents": 5})").status, 422);
  Reply margin = client_->Post("/api/v1/orders", Dump(json::object{{"customer_id", c}, {"amount_cents", 5}, {"margin_cents", 6}}));
  EXPECT_EQ(margin.status, 422);

  Order(c, 100, "2026-01-10T10:00:00Z");
  Order(c, 200, "2026-02-10T10:00:00Z");
  Order(c, 300, "2026-03-10T10:00:00Z");
  json::value feb = client_->Get("/api/v1/orders?customer_id=" + c + "&since=2026-02-01&until=2026-03-01").Json();
  ASSERT_EQ(feb.at("data").as_array().size(), 1u) << Dump(feb);
  EXPECT_EQ(IntAt(feb, "/data/0/amount_cents"), 200);
  json::value page = client_->Get("/api/v1/orders?customer_id=" + c + "&limit=2").Json();
  ASSERT_EQ(page.at("data").as_array().size(), 2u);
  const std::string cursor = StrAt(page, "/next_cursor");
  ASSERT_FALSE(cursor.empty());
  json::value rest = client_->Get("/api/v1/orders?customer_id=" + c + "&limit=2&cursor=" + cursor).Json();
  ASSERT_EQ(rest.at("data").as_array().size(), 1u);
  EXPECT_EQ(IntAt(rest, "/data/0/amount_cents"), 100);
  EXPECT_TRUE(IsNullAt(rest, "/next_cursor"));
  EXPECT_EQ(client_->Get("/api/v1/orders?status=open").status, 422);
  EXPECT_EQ(client_->Get("/api/v1/orders?cursor=xyz").status, 422);
}

TEST_F(CommerceTest, AnOrderWinsBackAChurnedCustomer) {
  const std::string c = Customer("Fay");
  Order(c, 1000);
  ASSERT_EQ(client_->Post("/api/v1/customers/" + c + "/stage", R"({"stage": "romance"})").status, 200);
  ASSERT_EQ(client_->Post("/api/v1/customers/" + c + "/stage", R"({"stage": "churned", "reason": "moved away"})").status, 200);
  Order(c, 1000);
  EXPECT_EQ(Stage(c), "romance");
  // And a lost customer who orders is re-opened, then ordered.
  const std::string g = Customer("Gus");
  ASSERT_EQ(client_->Post("/api/v1/customers/" + g + "/stage", R"({"stage": "lost", "reason": "price"})").status, 200);
  Order(g, 1000);
  EXPECT_EQ(Stage(g), "order");
}

TEST_F(CommerceTest, LoyaltyPointsTiersRedemptionsAndSettings) {
  Reply settings = client_->Send("PUT", "/api/v1/loyalty/settings", R"({"points_per_unit": 2, "window_days": 30, "points_expire_days": null,
                                        "tiers": [{"name": "bronze", "min_orders": 0}, {"name": "silver", "min_orders": 2}, {"name": "gold", "min_orders": 3}]})");
  ASSERT_EQ(settings.status, 200) << settings.Summary();
  const std::string c = Customer("Hal");
  // 45 days ago falls outside the 30-day window; the two recent orders count.
  Order(c, 1050, IsoDaysAgo(45));
  Order(c, 1050, IsoDaysAgo(10));
  Order(c, 1050);
  json::value l = client_->Get("/api/v1/customers/" + c + "/loyalty").Json();
  EXPECT_EQ(IntAt(l, "/balance"), 3 * 21) << Dump(l);  // 10.50 × 2 = 21 points each
  EXPECT_EQ(IntAt(l, "/orders_in_window"), 2);
  EXPECT_EQ(StrAt(l, "/tier/name"), "silver");
  EXPECT_EQ(StrAt(l, "/next_tier/name"), "gold");
  EXPECT_EQ(IntAt(l, "/orders_to_next_tier"), 1);

  Reply too_many = client_->Post("/api/v1/customers/" + c + "/loyalty/redeem", R"({"points": 64, "reward": "mug"})");
  ASSERT_EQ(too_many.status, 409) << too_many.Summary();
  EXPECT_NE(too_many.body.find("has 63 points"), std::string::npos) << too_many.body;
  Reply redeemed = client_->Post("/api/v1/customers/" + c + "/loyalty/redeem", R"({"points": 60, "reward": "mug"})");
  ASSERT_EQ(redeemed.status, 201) << redeemed.Summary();
  EXPECT_EQ(IntAt(redeemed.Json(), "/points"), -60);
  EXPECT_EQ(StrAt(redeemed.Json(), "/kind"), "redeemed");
  EXPECT_EQ(rep_->Post("/api/v1/customers/" + c + "/loyalty/adjust", R"({"points": 5, "reason": "x"})").status, 403)
      << "adjusting is for managers and admins";
  Reply adjusted = client_->Post("/api/v1/customers/" + c + "/loyalty/adjust", R"({"points": -3, "reason": "correction"})");
  ASSERT_EQ(adjusted.status, 201) << adjusted.Summary();
  EXPECT_EQ(client_->Post("/api/v1/customers/" + c + "/loyalty/adjust", R"({"points": 0, "reason": "x"})").status, 422);
  EXPECT_EQ(IntAt(client_->Get("/api/v1/customers/" + c + "/loyalty").Json(), "/balance"), 0);
  json::value ledger = client_->Get("/api/v1/customers/" + c + "/loyalty/ledger?limit=2").Json();
  ASSERT_EQ(ledger.at("data").as_array().size(), 2u);
  EXPECT_EQ(StrAt(ledger, "/data/0/kind"), "adjusted");
  EXPECT_FALSE(IsNullAt(ledger, "/next_cursor"));

  Reply bad = client_->Send("PUT", "/api/v1/loyalty/settings", R"({"points_per_unit": 1, "window_days": 0, "tiers": [{"name": "a", "min_orders": 3}, {"name": "b", "min_orders": 1}]})");
  ASSERT_EQ(bad.status, 422) << bad.Summary();
  EXPECT_TRUE(At(bad.Json(), "/error/fields/window_days"));
  EXPECT_TRUE(At(bad.Json(), "/error/fields/tiers[1].min_orders")) << bad.body;
  EXPECT_EQ(rep_->Send("PUT", "/api/v1/loyalty/settings", R"({})").status, 403);
}

}  // namespace
