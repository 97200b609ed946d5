// Win-back (issue 5): the cap on what an offer to a churned customer may cost, with exact figures
// (historical average yearly net margin minus what was offered already), and referrals: who
// referred whom, the rules (once per customer, nobody refers themselves) and the leaderboard.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::IntAt;
using rapport_test::Dump;
using rapport_test::HttpClient;
using rapport_test::IsNullAt;
using rapport_test::Reply;
using rapport_test::IsoDaysAgo;
using rapport_test::StrAt;


class RelationshipTest : public rapport_test::FreshServerWithIdsSuite {
 protected:
  std::string NewCustomer(const std::string& name, HttpClient* as = nullptr) {
    Reply r = (as ? *as : *client_).Post("/api/v1/customers", Dump(json::object{{"name", name}}));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? StrAt(r.Json(), "/id") : "";
  }

  // An order without lines: the amount and margin as given.
  std::string Order(const std::string& customer, std::int64_t amount, std::int64_t margin, std::int64_t days_ago = 0) {
    json::object body{{"customer_id", customer}, {"amount_cents", amount}, {"margin_cents", margin}};
    if (days_ago > 0) body["ordered_at"] = IsoDaysAgo(days_ago);
    Reply r = client_->Post("/api/v1/orders", Dump(body));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? StrAt(r.Json(), "/id") : "";
  }

  void Move(const std::string& customer, const std::string& stage, const std::string& reason = "") {
    json::object body{{"stage", stage}};
    if (!reason.empty()) body["reason"] = reason;
    Reply r = client_->Post("/api/v1/customers/" + customer + "/stage", Dump(body));
    EXPECT_EQ(r.status, 200) << stage << ": " << r.Summary();
  }

  // An ordering customer moved to romance and then churned.
  void Churn(const std::string& customer) {
    Move(customer, "romance");
    Move(customer, "churned", "stopped buying");
  }

  json::value WinBack(const std::string& customer) { return rapport_test::GetJson(*client_, "/api/v1/customers/" + customer + "/win-back"); }

  Reply Offer(const std::string& customer, std::int64_t cost, const std::string& description = "20% off a year") {
    return client_->Post("/api/v1/customers/" + customer + "/win-back-offers",
                         Dump(json::object{{"description", description}, {"cost_cents", cost}}));
  }

  void ExpectInvalid(const Reply& r, const std::vector<std::string>& fields) {
    EXPECT_EQ(r.status, 422) << r.Summary();
    if (r.status != 422) return;
    const json::value v = r.Json();
    for (const auto& f : fields) EXPECT_NE(At(v, "/error/fields/" + f), nullptr) << "field " << f << ": " << r.body;
  }
};

TEST_F(RelationshipTest, WinBackCapIsTheYearlyMarginMinusWhatWasOffered) {
  const std::string c = NewCustomer("Lapsed Ltd");
  // Net margin of the non-cancelled orders: 40000 + 20000 + (10000 - 5000 refunded) = 65000, the
  // first 730 days ago.
  Order(c, 100000, 40000, 730);
  Order(c, 50000, 20000, 365);
  const std::string refunded = Order(c, 30000, 10000, 200);
  ASSERT_EQ(client_->Post("/api/v1/orders/" + refunded + "/refund", R"({"amount_cents": 15000, "margin_cents": 5000, "reason": "half returned"})").status, 200);
  const std::string cancelled = Order(c, 99999, 99999, 100);
  ASSERT_EQ(client_->Post("/api/v1/orders/" + cancelled + "/cancel", R"({"reason": "never shipped"})").status, 200);

  // Not churned yet: figures up to now, not eligible, no offers.
  json::value before = WinBack(c);
  EXPECT_EQ(At(before, "/eligible")->as_bool(), false) << Dump(before);
  EXPECT_EQ(StrAt(before, "/stage"), "order");
  EXPECT_TRUE(IsNullAt(before, "/churned_at"));
  Reply refused = Offer(c, 100);
  EXPECT_EQ(refused.status, 409) << refused.Summary();

  Churn(c);
  json::value w = WinBack(c);
  EXPECT_EQ(At(w, "/eligible")->as_bool(), true) << Dump(w);
  EXPECT_EQ(StrAt(w, "/stage"), "churned");
  EXPECT_FALSE(IsNullAt(w, "/churned_at"));
  EXPECT_EQ(IntAt(w, "/orders"), 3);
  EXPECT_EQ(IntAt(w, "/net_margin_cents"), 65000);
  EXPECT_EQ(IntAt(w, "/days"), 730);
  EXPECT_EQ(IntAt(w, "/expected_margin_cents"), 32500) << "65000 * 365 / 730";
  EXPECT_EQ(IntAt(w, "/spent_cents"), 0);
  EXPECT_EQ(IntAt(w, "/cap_cents"), 32500);
  EXPECT_EQ(StrAt(w, "/currency"), "USD");
  EXPECT_TRUE(At(w, "/offers")->as_array().empty());

  Reply first = Offer(c, 20000);
  ASSERT_EQ(first.status, 201) << first.Summary();
  const json::value f = first.Json();
  EXPECT_EQ(IntAt(f, "/offer/cost_cents"), 20000);
  EXPECT_EQ(IntAt(f, "/offer/cap_at_offer_cents"), 32500);
  EXPECT_EQ(StrAt(f, "/offer/description"), "20% off a year");
  EXPECT_EQ(StrAt(f, "/offer/by"), admin_id_);
  EXPECT_EQ(IntAt(f, "/win_back/spent_cents"), 20000);
  EXPECT_EQ(IntAt(f, "/win_back/cap_cents"), 12500);

  // One cent above the cap: refused, with the figure.
  Reply over = Offer(c, 12501);
  ASSERT_EQ(over.status, 422) << over.Summary();
  EXPECT_NE(At(over.Json(), "/error/fields/cost_cents"), nullptr);
  EXPECT_NE(StrAt(over.Json(), "/error/message").find("at most 125.00 USD may be spent"), std::string::npos) << over.body;

  Reply exact = Offer(c, 12500, "a free month");
  ASSERT_EQ(exact.status, 201) << exact.Summary();
  EXPECT_EQ(IntAt(exact.Json(), "/offer/cap_at_offer_cents"), 12500);
  EXPECT_EQ(IntAt(exact.Json(), "/win_back/cap_cents"), 0);
  Reply none_left = Offer(c, 1);
  ASSERT_EQ(none_left.status, 422) << none_left.Summary();
  EXPECT_NE(StrAt(none_left.Json(), "/error/message").find("at most 0.00 USD may be spent"), std::string::npos);
  EXPECT_EQ(Offer(c, 0, "a handwritten card").status, 201) << "a free gesture fits a cap of 0";

  json::value after = WinBack(c);
  EXPECT_EQ(IntAt(after, "/spent_cents"), 32500);
  EXPECT_EQ(IntAt(after, "/cap_cents"), 0);
  ASSERT_EQ(At(after, "/offers")->as_array().size(), 3u);
  EXPECT_EQ(StrAt(after, "/offers/1/description"), "a free month");
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "winback.offer").size(), 3u);

  ExpectInvalid(client_->Post("/api/v1/customers/" + c + "/win-back-offers", "{}"), {"description", "cost_cents"});
  ExpectInvalid(client_->Post("/api/v1/customers/" + c + "/win-back-offers", R"({"description": "x", "cost_cents": -1})"),
                {"cost_cents"});
  ExpectInvalid(client_->Post("/api/v1/customers/" + c + "/win-back-offers", R"({"description": "x", "cost_cents": 1, "cap": 2})"),
                {"cap"});
  EXPECT_EQ(client_->Get("/api/v1/customers/999999/win-back").status, 404);
  EXPECT_EQ(Offer("999999", 1).status, 404);
  EXPECT_EQ(rep_->Get("/api/v1/customers/" + c + "/win-back").status, 404) << "not the rep's customer";
}

TEST_F(RelationshipTest, WinBackCountsAtLeastAYearAndRoundsTowardZero) {
  // One order 100 days before churning: a year counts as the minimum, 10000 * 365 / 365.
  const std::string young = NewCustomer("Young");
  Order(young, 20000, 10000, 100);
  Churn(young);
  json::value y = WinBack(young);
  EXPECT_EQ(IntAt(y, "/days"), 100);
  EXPECT_EQ(IntAt(y, "/expected_margin_cents"), 10000);

  // 10001 over 400 days: 3650365 / 400 = 9125.9125, rounded toward zero.
  const std::string old = NewCustomer("Old");
  Order(old, 10001, 10001, 400);
  Churn(old);
  EXPECT_EQ(IntAt(WinBack(old), "/expected_margin_cents"), 9125);
  EXPECT_EQ(IntAt(WinBack(old), "/cap_cents"), 9125);
  EXPECT_EQ(Offer(old, 9126).status, 422);
  EXPECT_EQ(Offer(old, 9125).status, 201);
}

TEST_F(RelationshipTest, ReferralsAreRecordedOnceAndRefuseBadCustomers) {
  const std::string a = NewCustomer("Alice Referrer"), b = NewCustomer("Bob Referred"), c = NewCustomer("Carol");
  Reply r = client_->Post("/api/v1/referrals", Dump(json::object{{"referrer_id", a}, {"referred_id", b},
                                                                 {"channel", "dinner party"}, {"note", "old friends"}}));
  ASSERT_EQ(r.status, 201) << r.Summary();
  const json::value ref = r.Json();
  EXPECT_EQ(StrAt(ref, "/referrer_id"), a);
  EXPECT_EQ(StrAt(ref, "/referrer_name"), "Alice Referrer");
  EXPECT_EQ(StrAt(ref, "/referred_id"), b);
  EXPECT_EQ(StrAt(ref, "/referred_name"), "Bob Referred");
  EXPECT_EQ(StrAt(ref, "/channel"), "dinner party");
  EXPECT_EQ(StrAt(ref, "/note"), "old friends");
  EXPECT_FALSE(IsNullAt(ref, "/referred_at"));

  // A customer is referred once, whoever claims it next.
  Reply twice = client_->Post("/api/v1/referrals", Dump(json::object{{"referrer_id", c}, {"referred_id", b}}));
  EXPECT_EQ(twice.status, 409) << twice.Summary();
  ExpectInvalid(client_->Post("/api/v1/referrals", Dump(json::object{{"referrer_id", c}, {"referred_id", c}})),
                {"referred_id"});
  ExpectInvalid(client_->Post("/api/v1/referrals", Dump(json::object{{"referrer_id", "999999"}, {"referred_id", c}})),
                {"referrer_id"});
  ExpectInvalid(client_->Post("/api/v1/referrals", Dump(json::object{{"referrer_id", a}, {"referred_id", "999999"}})),
                {"referred_id"});
  ExpectInvalid(client_->Post("/api/v1/referrals", "{}"), {"referrer_id", "referred_id"});
  ExpectInvalid(client_->Post("/api/v1/referrals", Dump(json::object{{"referrer_id", a}, {"referred_id", c},
                                                                     {"referred_at", "2999-01-01T00:00:00Z"},
                                                                     {"via", "x"}})),
                {"referred_at", "via"});
  // The rep sees neither customer: both named as unknown.
  ExpectInvalid(rep_->Post("/api/v1/referrals", Dump(json::object{{"referrer_id", a}, {"referred_id", c}})),
                {"referrer_id", "referred_id"});

  Reply second = client_->Post("/api/v1/referrals", Dump(json::object{{"referrer_id", a}, {"referred_id", c},
                                                                      {"referred_at", "2025-03-01T10:00:00Z"}}));
  ASSERT_EQ(second.status, 201) << second.Summary();
  EXPECT_EQ(StrAt(second.Json(), "/referred_at"), "2025-03-01T10:00:00.000Z");

  json::value by_a = rapport_test::GetJson(*client_, "/api/v1/referrals?referrer_id=" + a);
  ASSERT_TRUE(by_a.is_object());
  ASSERT_EQ(by_a.at("data").as_array().size(), 2u);
  EXPECT_EQ(StrAt(by_a, "/data/0/referred_id"), c) << "newest first";
  EXPECT_EQ(StrAt(by_a, "/data/1/referred_id"), b);
  json::value of_b = rapport_test::GetJson(*client_, "/api/v1/referrals?referred_id=" + b);
  ASSERT_EQ(of_b.at("data").as_array().size(), 1u);
  EXPECT_EQ(StrAt(of_b, "/data/0/id"), StrAt(ref, "/id"));
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "referral.create").size(), 2u);
  ExpectInvalid(client_->Get("/api/v1/referrals?referrer_id=abc"), {"referrer_id"});

  // The rep sees no referral between the admin's customers.
  json::value rep_list = rapport_test::GetJson(*rep_, "/api/v1/referrals");
  ASSERT_TRUE(rep_list.is_object());
  EXPECT_TRUE(rep_list.at("data").as_array().empty());
}

TEST_F(RelationshipTest, LeaderboardRanksByCustomersBroughtAndByMargin) {
  const std::string r1 = NewCustomer("Referrer One"), r2 = NewCustomer("Referrer Two"),
                    r3 = NewCustomer("Referrer Three");
  std::vector<std::string> n;
  for (int i = 1; i <= 5; ++i) n.push_back(NewCustomer("Newcomer " + std::to_string(i)));
  auto refer = [&](const std::string& from, const std::string& to) {
    Reply r = client_->Post("/api/v1/referrals", Dump(json::object{{"referrer_id", from}, {"referred_id", to}}));
    EXPECT_EQ(r.status, 201) << r.Summary();
  };
  refer(r1, n[0]);
  refer(r1, n[1]);
  refer(r2, n[2]);
  refer(r3, n[3]);
  refer(r3, n[4]);
  // r1's customers: 1000 net margin (n[1] bought nothing).
  Order(n[0], 5000, 1000);
  // r2's: 5000, and a cancelled order that does not count.
  Order(n[2], 20000, 5000);
  const std::string cancelled = Order(n[2], 99999, 99999);
  ASSERT_EQ(client_->Post("/api/v1/orders/" + cancelled + "/cancel", R"({"reason": "mistake"})").status, 200);
  // r3's: 600 + 400 from n[3], and 3000 less 1000 refunded from n[4]: 3000.
  Order(n[3], 1000, 600);
  Order(n[3], 1000, 400);
  const std::string refunded = Order(n[4], 6000, 3000);
  ASSERT_EQ(client_->Post("/api/v1/orders/" + refunded + "/refund", R"({"amount_cents": 2000, "margin_cents": 1000, "reason": "damaged"})").status, 200);
  // A referrer's own orders do not count.
  Order(r1, 100000, 100000);

  auto board = [&](const std::string& query) {
    std::vector<std::string> out;  // "id:brought:margin"
    json::value v = rapport_test::GetJson(*client_, "/api/v1/referrals/leaderboard" + query);
    if (!v.is_object()) return out;
    int rank = 0;
    for (const auto& row : v.at("data").as_array()) {
      EXPECT_EQ(IntAt(row, "/rank"), ++rank);
      out.push_back(StrAt(row, "/referrer_id") + ":" + std::to_string(IntAt(row, "/customers_brought")) + ":" +
                    std::to_string(IntAt(row, "/margin_cents")));
    }
    return out;
  };
  using V = std::vector<std::string>;
  // By customers: r1 and r3 brought two each, r3's made more margin.
  EXPECT_EQ(board(""), (V{r3 + ":2:3000", r1 + ":2:1000", r2 + ":1:5000"}));
  EXPECT_EQ(board("?by=customers"), (V{r3 + ":2:3000", r1 + ":2:1000", r2 + ":1:5000"}));
  EXPECT_EQ(board("?by=margin"), (V{r2 + ":1:5000", r3 + ":2:3000", r1 + ":2:1000"}));
  EXPECT_EQ(board("?by=margin&limit=2"), (V{r2 + ":1:5000", r3 + ":2:3000"}));
  json::value v = rapport_test::GetJson(*client_, "/api/v1/referrals/leaderboard?by=margin&limit=1");
  EXPECT_EQ(StrAt(v, "/by"), "margin");
  EXPECT_EQ(StrAt(v, "/data/0/referrer_name"), "Referrer Two");

  // A tie on both figures goes to the lower referrer id: r5 brings exactly what r2 brought.
  const std::string r5 = NewCustomer("Referrer Five"), n6 = NewCustomer("Newcomer 6");
  refer(r5, n6);
  Order(n6, 20000, 5000);
  EXPECT_EQ(board("?by=margin&limit=3"), (V{r2 + ":1:5000", r5 + ":1:5000", r3 + ":2:3000"}));

  EXPECT_EQ(client_->Get("/api/v1/referrals/leaderboard?by=revenue").status, 422);
  EXPECT_EQ(client_->Get("/api/v1/referrals/leaderboard?limit=0").status, 422);
  // The rep sees none of these customers: an empty board.
  json::value rep_board = rapport_test::GetJson(*rep_, "/api/v1/referrals/leaderboard");
  ASSERT_TRUE(rep_board.is_object());
  EXPECT_TRUE(rep_board.at("data").as_array().empty());
}

}  // namespace
