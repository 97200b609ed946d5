// Subscriptions and renewals (issue 5): renewal dates anchored on the start date (Jan 31 + 1 month
// = Feb 28, then Mar 31), renewals that record their revenue as an order, cancellations, the
// renewals list (upcoming / missed / overdue, computed when read), visibility and the errors.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <set>
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
using rapport_test::StrAt;

using Days = std::chrono::sys_days;

Days Today() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

std::string DateText(Days d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

Days ParseDateText(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  std::sscanf(text.c_str(), "%d-%u-%u", &y, &m, &d);
  return Days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

class SubscriptionsTest : public rapport_test::FreshServerWithIdsSuite {
 protected:
  void SetUp() override {
    FreshServerWithIdsSuite::SetUp();
    if (HasFatalFailure()) return;
    Reply p = client_->Post("/api/v1/products", Dump(json::object{{"name", "Pro plan"}, {"sku", "PLAN-PRO"},
                                                                    {"price_cents", 12000}, {"margin_cents", 9000}}));
    ASSERT_EQ(p.status, 201) << p.Summary();
    product_ = StrAt(p.Json(), "/id");
    customer_ = NewCustomer(*client_, "Subscriber");
    ASSERT_FALSE(customer_.empty());
  }

  static std::string NewCustomer(HttpClient& as, const std::string& name) {
    Reply r = as.Post("/api/v1/customers", Dump(json::object{{"name", name}}));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? StrAt(r.Json(), "/id") : "";
  }

  json::value Start(json::object body, HttpClient* as = nullptr) {
    if (!body.contains("customer_id")) body["customer_id"] = customer_;
    if (!body.contains("product_id")) body["product_id"] = product_;
    Reply r = (as ? *as : *client_).Post("/api/v1/subscriptions", Dump(body));
    EXPECT_EQ(r.status, 201) << Dump(body) << " -> " << r.Summary();
    return r.status == 201 ? r.Json() : json::value();
  }

  json::value Renew(const std::string& id, const std::string& body = "") {
    Reply r = client_->Post("/api/v1/subscriptions/" + id + "/renew", body);
    EXPECT_EQ(r.status, 200) << r.Summary();
    return r.status == 200 ? r.Json() : json::value();
  }

  void ExpectInvalid(const Reply& r, const std::vector<std::string>& fields) {
    EXPECT_EQ(r.status, 422) << r.Summary();
    if (r.status != 422) return;
    const json::value v = r.Json();
    for (const auto& f : fields) EXPECT_NE(At(v, "/error/fields/" + f), nullptr) << "field " << f << ": " << r.body;
  }

  std::string product_, customer_;
};

TEST_F(SubscriptionsTest, StartDerivesTheRenewalDateAndRecordsAStartedEvent) {
  json::value s = Start({{"started_on", "2025-01-31"}, {"term_months", 1}});
  ASSERT_FALSE(s.is_null());
  EXPECT_EQ(StrAt(s, "/started_on"), "2025-01-31");
  EXPECT_EQ(StrAt(s, "/renews_on"), "2025-02-28") << "Jan 31 + 1 month is clamped to Feb 28";
  EXPECT_EQ(IntAt(s, "/term_months"), 1);
  EXPECT_EQ(IntAt(s, "/renewals"), 0);
  EXPECT_EQ(IntAt(s, "/price_cents"), 12000) << "the product's price by default";
  EXPECT_EQ(StrAt(s, "/currency"), "USD");
  EXPECT_EQ(StrAt(s, "/status"), "active");
  EXPECT_EQ(At(s, "/auto_renew")->as_bool(), false);
  EXPECT_TRUE(IsNullAt(s, "/cancelled_at"));
  EXPECT_EQ(StrAt(s, "/customer_id"), customer_);
  EXPECT_EQ(StrAt(s, "/product_id"), product_);
  ASSERT_EQ(At(s, "/events")->as_array().size(), 1u) << Dump(s);
  EXPECT_EQ(StrAt(s, "/events/0/kind"), "started");
  EXPECT_EQ(StrAt(s, "/events/0/to_date"), "2025-02-28");

  // A leap day start, yearly: Feb 28 in the years between, Feb 29 again in the next leap year.
  json::value leap = Start({{"started_on", "2024-02-29"}, {"term_months", 12}, {"price_cents", 100000}});
  EXPECT_EQ(StrAt(leap, "/renews_on"), "2025-02-28");
  EXPECT_EQ(IntAt(leap, "/price_cents"), 100000);
  // A quarter from Nov 30 ends on Feb 28 (2026 is not a leap year).
  EXPECT_EQ(StrAt(Start({{"started_on", "2025-11-30"}, {"term_months", 3}}), "/renews_on"), "2026-02-28");
  // Dec 31 + 2 months in a leap year: Feb 29.
  EXPECT_EQ(StrAt(Start({{"started_on", "2023-12-31"}, {"term_months", 2}}), "/renews_on"), "2024-02-29");

  Reply got = client_->Get("/api/v1/subscriptions/" + StrAt(s, "/id"));
  ASSERT_EQ(got.status, 200) << got.Summary();
  EXPECT_EQ(got.Json(), s);
  EXPECT_EQ(got.Header("etag"), "\"1\"");
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "subscription.create").size(), 4u);
}

TEST_F(SubscriptionsTest, RenewAdvancesByTheTermAnchoredOnTheStartAndRecordsTheRevenue) {
  json::value s = Start({{"started_on", "2025-01-31"}, {"term_months", 1}});
  const std::string id = StrAt(s, "/id");
  ASSERT_FALSE(id.empty());

  json::value r1 = Renew(id);
  EXPECT_EQ(StrAt(r1, "/subscription/renews_on"), "2025-03-31") << "anchored on Jan 31: no drift to Mar 28";
  EXPECT_EQ(IntAt(r1, "/subscription/renewals"), 1);
  EXPECT_EQ(IntAt(r1, "/subscription/version"), 2);
  ASSERT_TRUE(At(r1, "/order") && At(r1, "/order")->is_object()) << Dump(r1);
  EXPECT_EQ(IntAt(r1, "/order/amount_cents"), 12000);
  EXPECT_EQ(IntAt(r1, "/order/margin_cents"), 9000) << "derived from the product's margin";
  EXPECT_EQ(StrAt(r1, "/order/customer_id"), customer_);
  EXPECT_EQ(StrAt(r1, "/order/lines/0/product_id"), product_);
  EXPECT_EQ(StrAt(r1, "/order/channel"), "subscription renewal");
  ASSERT_EQ(At(r1, "/subscription/events")->as_array().size(), 2u);
  EXPECT_EQ(StrAt(r1, "/subscription/events/1/kind"), "renewed");
  EXPECT_EQ(StrAt(r1, "/subscription/events/1/from_date"), "2025-02-28");
  EXPECT_EQ(StrAt(r1, "/subscription/events/1/to_date"), "2025-03-31");
  EXPECT_EQ(StrAt(r1, "/subscription/events/1/order_id"), StrAt(r1, "/order/id"));

  // Without an order this time.
  json::value r2 = Renew(id, R"({"record_order": false})");
  EXPECT_EQ(StrAt(r2, "/subscription/renews_on"), "2025-04-30");
  EXPECT_TRUE(IsNullAt(r2, "/order")) << Dump(r2);
  EXPECT_TRUE(IsNullAt(r2, "/subscription/events/2/order_id"));
  EXPECT_EQ(StrAt(Renew(id), "/subscription/renews_on"), "2025-05-31");

  // Two renewals recorded revenue: two orders, and the customer moved to order.
  json::value orders = rapport_test::GetJson(*client_, "/api/v1/orders?customer_id=" + customer_);
  ASSERT_TRUE(orders.is_object());
  EXPECT_EQ(orders.at("data").as_array().size(), 2u);
  EXPECT_EQ(StrAt(rapport_test::GetJson(*client_, "/api/v1/customers/" + customer_), "/stage"), "order");
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "subscription.renew").size(), 3u);

  // Yearly from a leap day, renewed three times: Feb 28 2026, Feb 28 2027, Feb 29 2028.
  const std::string leap = StrAt(Start({{"started_on", "2024-02-29"}, {"term_months", 12}}), "/id");
  EXPECT_EQ(StrAt(Renew(leap, R"({"record_order": false})"), "/subscription/renews_on"), "2026-02-28");
  EXPECT_EQ(StrAt(Renew(leap, R"({"record_order": false})"), "/subscription/renews_on"), "2027-02-28");
  EXPECT_EQ(StrAt(Renew(leap, R"({"record_order": false})"), "/subscription/renews_on"), "2028-02-29");

  ExpectInvalid(client_->Post("/api/v1/subscriptions/" + id + "/renew", R"({"record_order": "yes"})"), {"record_order"});
  ExpectInvalid(client_->Post("/api/v1/subscriptions/" + id + "/renew", R"({"orders": false})"), {"orders"});
  EXPECT_EQ(client_->Post("/api/v1/subscriptions/999999/renew", "").status, 404);
}

TEST_F(SubscriptionsTest, CancelNeedsAReasonAndIsFinal) {
  const std::string id = StrAt(Start({{"term_months", 12}, {"auto_renew", true}}), "/id");
  ASSERT_FALSE(id.empty());
  ExpectInvalid(client_->Post("/api/v1/subscriptions/" + id + "/cancel", "{}"), {"reason"});
  ExpectInvalid(client_->Post("/api/v1/subscriptions/" + id + "/cancel", R"({"reason": "   "})"), {"reason"});
  Reply c = client_->Post("/api/v1/subscriptions/" + id + "/cancel", R"({"reason": "moved to a competitor"})");
  ASSERT_EQ(c.status, 200) << c.Summary();
  const json::value s = c.Json();
  EXPECT_EQ(StrAt(s, "/status"), "cancelled");
  EXPECT_EQ(StrAt(s, "/cancel_reason"), "moved to a competitor");
  EXPECT_FALSE(IsNullAt(s, "/cancelled_at"));
  ASSERT_EQ(At(s, "/events")->as_array().size(), 2u);
  EXPECT_EQ(StrAt(s, "/events/1/kind"), "cancelled");
  EXPECT_EQ(StrAt(s, "/events/1/reason"), "moved to a competitor");

  Reply again = client_->Post("/api/v1/subscriptions/" + id + "/cancel", R"({"reason": "twice"})");
  EXPECT_EQ(again.status, 409) << again.Summary();
  Reply renew = client_->Post("/api/v1/subscriptions/" + id + "/renew", "");
  EXPECT_EQ(renew.status, 409) << renew.Summary();
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "subscription.cancel").size(), 1u);
  EXPECT_EQ(client_->Post("/api/v1/subscriptions/999999/cancel", R"({"reason": "x"})").status, 404);
}

TEST_F(SubscriptionsTest, InvalidInputNamesEveryField) {
  ExpectInvalid(client_->Post("/api/v1/subscriptions", "{}"), {"customer_id", "product_id", "term_months"});
  ExpectInvalid(client_->Post("/api/v1/subscriptions",
                              Dump(json::object{{"customer_id", customer_}, {"product_id", product_}, {"term_months", 0}})),
                {"term_months"});
  ExpectInvalid(client_->Post("/api/v1/subscriptions",
                              Dump(json::object{{"customer_id", customer_}, {"product_id", product_}, {"term_months", 121}})),
                {"term_months"});
  ExpectInvalid(client_->Post("/api/v1/subscriptions", Dump(json::object{{"customer_id", "999999"},
                                                                          {"product_id", "999999"},
                                                                          {"term_months", 12}})),
                {"customer_id", "product_id"});
  ExpectInvalid(client_->Post("/api/v1/subscriptions",
                              Dump(json::object{{"customer_id", customer_}, {"product_id", product_}, {"term_months", 12},
                                                {"started_on", "2025-02-30"}, {"price_cents", -1},
                                                {"currency", "EUR"}, {"renews_on", "2026-01-01"}, {"colour", "red"}})),
                {"started_on", "price_cents", "currency", "renews_on", "colour"});
  EXPECT_EQ(client_->Get("/api/v1/subscriptions/999999").status, 404);
  ExpectInvalid(client_->Get("/api/v1/subscriptions?status=paused&renews_before=soon&customer_id=x"),
                {"status", "renews_before", "customer_id"});

  // A rep cannot start a subscription for a customer they do not see: 422 on customer_id.
  ExpectInvalid(rep_->Post("/api/v1/subscriptions", Dump(json::object{{"customer_id", customer_}, {"product_id", product_},
                                                                      {"term_months", 12}})),
                {"customer_id"});
}

TEST_F(SubscriptionsTest, ListFiltersAndPagesNewestFirst) {
  const std::string other = NewCustomer(*client_, "Other subscriber");
  std::vector<std::string> mine;
  mine.push_back(StrAt(Start({{"started_on", "2025-01-01"}, {"term_months", 1}}), "/id"));   // renews 2025-02-01
  mine.push_back(StrAt(Start({{"started_on", "2025-06-15"}, {"term_months", 12}}), "/id"));  // renews 2026-06-15
  mine.push_back(StrAt(Start({{"started_on", "2025-03-10"}, {"term_months", 6}}), "/id"));   // renews 2025-09-10
  const std::string theirs = StrAt(Start({{"customer_id", other}, {"term_months", 1}}), "/id");
  ASSERT_EQ(client_->Post("/api/v1/subscriptions/" + mine[2] + "/cancel", R"({"reason": "too expensive"})").status, 200);

  auto ids = [&](const std::string& query) {
    std::vector<std::string> out;
    json::value v = rapport_test::GetJson(*client_, "/api/v1/subscriptions?" + query);
    if (!v.is_object()) return out;
    for (const auto& s : v.at("data").as_array()) out.push_back(StrAt(s, "/id"));
    return out;
  };
  EXPECT_EQ(ids("customer_id=" + customer_), (std::vector<std::string>{mine[2], mine[1], mine[0]}));
  EXPECT_EQ(ids("customer_id=" + other), (std::vector<std::string>{theirs}));
  EXPECT_EQ(ids("status=cancelled"), (std::vector<std::string>{mine[2]}));
  EXPECT_EQ(ids("customer_id=" + customer_ + "&status=active"), (std::vector<std::string>{mine[1], mine[0]}));
  EXPECT_EQ(ids("customer_id=" + customer_ + "&renews_before=2025-09-11"), (std::vector<std::string>{mine[2], mine[0]}));
  EXPECT_EQ(ids("customer_id=" + customer_ + "&renews_before=2025-09-10"), (std::vector<std::string>{mine[0]}));

  const rapport_test::Walk walk = rapport_test::WalkPages(*client_, "/api/v1/subscriptions?limit=2");
  ASSERT_TRUE(walk.ok);
  EXPECT_EQ(walk.ids, (std::vector<std::string>{theirs, mine[2], mine[1], mine[0]}));
  EXPECT_EQ(walk.page_sizes, (std::vector<std::size_t>{2, 2}));
  EXPECT_EQ(client_->Get("/api/v1/subscriptions?cursor=abc").status, 422);

  // The rep sees none of the admin's customers' subscriptions.
  json::value rep_list = rapport_test::GetJson(*rep_, "/api/v1/subscriptions");
  ASSERT_TRUE(rep_list.is_object());
  EXPECT_TRUE(rep_list.at("data").as_array().empty()) << Dump(rep_list);
  EXPECT_EQ(rep_->Get("/api/v1/subscriptions/" + theirs).status, 404);
  EXPECT_EQ(rep_->Post("/api/v1/subscriptions/" + theirs + "/renew", "").status, 404);
  EXPECT_EQ(rep_->Post("/api/v1/subscriptions/" + theirs + "/cancel", R"({"reason": "x"})").status, 404);
}

TEST_F(SubscriptionsTest, RenewalsListsUpcomingMissedAndOverdueComputedWhenRead) {
  const Days today = Today();
  // Monthly from 20 days ago: renews in 8 to 11 days (by month length).
  json::value soon = Start({{"started_on", DateText(today - std::chrono::days(20))}, {"term_months", 1}});
  const int soon_days = static_cast<int>((ParseDateText(StrAt(soon, "/renews_on")) - today).count());
  ASSERT_GE(soon_days, 8);
  ASSERT_LE(soon_days, 11);
  // Yearly from today: renews in 365 or 366 days.
  json::value far = Start({{"term_months", 12}});
  // Monthly from about three months ago: the renewal date passed about two months ago.
  json::value missed = Start({{"started_on", DateText(today - std::chrono::days(92))}, {"term_months", 1}});
  json::value overdue = Start({{"started_on", DateText(today - std::chrono::days(92))}, {"term_months", 1},
                               {"auto_renew", true}});
  json::value gone = Start({{"started_on", DateText(today - std::chrono::days(92))}, {"term_months", 1}});
  ASSERT_EQ(client_->Post("/api/v1/subscriptions/" + StrAt(gone, "/id") + "/cancel", R"({"reason": "closed"})").status, 200);
  const int missed_days = static_cast<int>((ParseDateText(StrAt(missed, "/renews_on")) - today).count());
  ASSERT_LT(missed_days, -50);

  auto rows = [&](HttpClient& as, const std::string& query) {
    std::vector<std::pair<std::string, std::string>> out;  // (id, renewal)
    Reply r = as.Get("/api/v1/renewals" + query);
    EXPECT_EQ(r.status, 200) << r.Summary();
    if (r.status != 200) return out;
    const json::value v = r.Json();
    for (const auto& row : v.at("data").as_array()) out.emplace_back(StrAt(row, "/id"), StrAt(row, "/renewal"));
    return out;
  };
  using Rows = std::vector<std::pair<std::string, std::string>>;
  const std::string soon_id = StrAt(soon, "/id"), far_id = StrAt(far, "/id"), missed_id = StrAt(missed, "/id"),
                    overdue_id = StrAt(overdue, "/id");

  // The default window (30 days): oldest renewal date first.
  Reply list = client_->Get("/api/v1/renewals");
  ASSERT_EQ(list.status, 200) << list.Summary();
  const json::value v = list.Json();
  EXPECT_EQ(StrAt(v, "/as_of"), DateText(today));
  EXPECT_EQ(IntAt(v, "/within_days"), 30);
  EXPECT_EQ(rows(*client_, ""), (Rows{{missed_id, "missed"}, {overdue_id, "overdue"}, {soon_id, "upcoming"}}));
  const auto& data = v.at("data").as_array();
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(IntAt(data[0], "/days_until"), missed_days);
  EXPECT_EQ(At(data[0], "/churn_signal")->as_bool(), true);
  EXPECT_EQ(At(data[1], "/churn_signal")->as_bool(), false);
  EXPECT_EQ(IntAt(data[2], "/days_until"), soon_days);
  EXPECT_EQ(StrAt(data[2], "/status"), "active");

  // The window's edge is inclusive.
  EXPECT_EQ(rows(*client_, "?within_days=" + std::to_string(soon_days)),
            (Rows{{missed_id, "missed"}, {overdue_id, "overdue"}, {soon_id, "upcoming"}}));
  EXPECT_EQ(rows(*client_, "?within_days=" + std::to_string(soon_days - 1)),
            (Rows{{missed_id, "missed"}, {overdue_id, "overdue"}}));
  EXPECT_EQ(rows(*client_, "?within_days=366"),
            (Rows{{missed_id, "missed"}, {overdue_id, "overdue"}, {soon_id, "upcoming"}, {far_id, "upcoming"}}));
  EXPECT_EQ(rows(*client_, "?limit=1"), (Rows{{missed_id, "missed"}}));

  // The notice period is a workspace setting (managers and admins).
  Reply settings = client_->Get("/api/v1/renewals/settings");
  ASSERT_EQ(settings.status, 200);
  EXPECT_EQ(IntAt(settings.Json(), "/renewal_notice_days"), 30);
  EXPECT_EQ(rep_->Send("PUT", "/api/v1/renewals/settings", R"({"renewal_notice_days": 5})").status, 403);
  ExpectInvalid(client_->Send("PUT", "/api/v1/renewals/settings", R"({"renewal_notice_days": 400})"), {"renewal_notice_days"});
  ExpectInvalid(client_->Send("PUT", "/api/v1/renewals/settings", R"({})"), {"renewal_notice_days"});
  Reply put = client_->Send("PUT", "/api/v1/renewals/settings", R"({"renewal_notice_days": 5})");
  ASSERT_EQ(put.status, 200) << put.Summary();
  EXPECT_EQ(IntAt(put.Json(), "/renewal_notice_days"), 5);
  EXPECT_EQ(IntAt(rapport_test::GetJson(*client_, "/api/v1/renewals"), "/within_days"), 5);
  EXPECT_EQ(rows(*client_, ""), (Rows{{missed_id, "missed"}, {overdue_id, "overdue"}}));
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "renewals.configure").size(), 1u);

  // Missed is computed on read: the subscription itself is still active.
  EXPECT_EQ(StrAt(rapport_test::GetJson(*client_, "/api/v1/subscriptions/" + missed_id), "/status"), "active");
  // Renewing the missed one moves it a month on: still missed (about a month ago).
  EXPECT_EQ(StrAt(Renew(missed_id, R"({"record_order": false})"), "/subscription/status"), "active");

  // A rep sees the renewals of their own customers only.
  const std::string rep_customer = NewCustomer(*rep_, "Rep's subscriber");
  json::value rep_sub = Start({{"customer_id", rep_customer}, {"started_on", DateText(today - std::chrono::days(92))},
                               {"term_months", 1}},
                              rep_.get());
  EXPECT_EQ(rows(*rep_, ""), (Rows{{StrAt(rep_sub, "/id"), "missed"}}));

  ExpectInvalid(client_->Get("/api/v1/renewals?within_days=-1"), {"within_days"});
  ExpectInvalid(client_->Get("/api/v1/renewals?within_days=367"), {"within_days"});
  ExpectInvalid(client_->Get("/api/v1/renewals?days=3"), {"days"});
}

}  // namespace
