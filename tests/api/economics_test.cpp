// Customer economics over HTTP (issue 8): acquisition spend (created, replaced, validated, managers
// only) and the CAC it gives; a customer's value with its cumulative margin and break-even month,
// 200 with reasons before any model; the portfolio (summary, cohorts, what-if) on an empty
// database with nulls and reasons, the what-if's parameter checks, and reps kept out.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::HttpClient;
using rapport_test::Reply;
using rapport_test::StrAt;

class EconomicsApiTest : public rapport_test::FreshServerWithIdsSuite {
 protected:
  json::value Ok(Reply r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.Summary();
    return r.status == status ? r.Json() : json::value();
  }
  std::set<std::string> FieldsOf(const Reply& r) {
    std::set<std::string> out;
    const json::value body = r.Json();
    if (const auto* f = At(body, "/error/fields"))
      for (const auto& [k, v] : f->as_object()) out.insert(std::string(k));
    return out;
  }
};

TEST_F(EconomicsApiTest, SpendIsEnteredReplacedAndGivesTheCac) {
  for (const char* name : {"A", "B"})
    Ok(client_->Post("/api/v1/customers", Dump(json::object{{"name", name}, {"source", "ads"}})), 201, "customer");
  const std::string month = StrAt(Ok(client_->Get("/api/v1/customers?limit=1"), 200, "list"), "/data/0/created_at").substr(0, 7);
  auto body = json::object{{"source", "ads"}, {"period", month}, {"amount_cents", 10'000}};
  auto created = Ok(client_->Post("/api/v1/acquisition-spend", Dump(body)), 201, "create");
  EXPECT_EQ(At(created, "/customers_acquired")->as_int64(), 2);
  EXPECT_EQ(At(created, "/cac_cents")->as_int64(), 5'000);
  EXPECT_EQ(StrAt(created, "/currency"), "USD");
  body["amount_cents"] = 30'000;
  auto replaced = Ok(client_->Send("PUT", "/api/v1/acquisition-spend", Dump(body)), 200, "replace");
  EXPECT_EQ(At(replaced, "/cac_cents")->as_int64(), 15'000);
  auto list = Ok(client_->Get("/api/v1/acquisition-spend"), 200, "list");
  ASSERT_EQ(At(list, "/data")->as_array().size(), 1u);
  EXPECT_EQ(At(list, "/data/0/amount_cents")->as_int64(), 30'000);

  // A customer of that source and month without a cost of their own gets the allocated CAC.
  const std::string id = StrAt(Ok(client_->Get("/api/v1/customers?limit=1"), 200, "list"), "/data/0/id");
  auto value = Ok(client_->Get("/api/v1/customers/" + id + "/value"), 200, "value");
  EXPECT_EQ(At(value, "/acquisition_cost_cents")->as_int64(), 15'000);
  EXPECT_EQ(StrAt(value, "/acquisition_cost_basis"), "allocated");

  // Every bad field at once; nothing changes.
  Reply bad = client_->Post("/api/v1/acquisition-spend",
                            Dump(json::object{{"source", ""}, {"period", "2026-13"}, {"amount_cents", -1}}));
  EXPECT_EQ(bad.status, 422) << bad.Summary();
  EXPECT_EQ(FieldsOf(bad), (std::set<std::string>{"source", "period", "amount_cents"}));
  bad = client_->Post("/api/v1/acquisition-spend", Dump(json::object{{"source", "ads"}, {"amount_cents", "lots"}, {"extra", 1}}));
  EXPECT_EQ(bad.status, 422) << bad.Summary();
  EXPECT_EQ(FieldsOf(bad), (std::set<std::string>{"period", "amount_cents", "extra"}));
  EXPECT_EQ(rep_->Post("/api/v1/acquisition-spend", Dump(body)).status, 403);
  EXPECT_EQ(rep_->Get("/api/v1/acquisition-spend").status, 200);
  list = Ok(client_->Get("/api/v1/acquisition-spend"), 200, "list");
  EXPECT_EQ(At(list, "/data/0/amount_cents")->as_int64(), 30'000);
}

TEST_F(EconomicsApiTest, ACustomersValueWithItsMarginAndBreakEven) {
  auto customer = Ok(client_->Post("/api/v1/customers", Dump(json::object{{"name", "Ada"}, {"acquisition_cost_cents", 5'000}})),
                     201, "customer");
  const std::string id = StrAt(customer, "/id");
  // Before any order: 200, zero history, nulls with reasons.
  auto empty = Ok(client_->Get("/api/v1/customers/" + id + "/value"), 200, "value");
  EXPECT_EQ(At(empty, "/historical_value_cents")->as_int64(), 0);
  EXPECT_TRUE(At(empty, "/p_alive")->is_null());
  EXPECT_TRUE(At(empty, "/predicted_clv_cents")->is_null());
  EXPECT_TRUE(At(empty, "/break_even_month")->is_null());
  for (const char* f : {"p_alive", "expected_purchases_90d", "predicted_clv_cents", "break_even_month"})
    EXPECT_NE(At(empty, std::string("/reasons/") + f), nullptr) << f;

  for (int margin : {2'000, 4'000})
    Ok(client_->Post("/api/v1/orders", Dump(json::object{{"customer_id", id}, {"amount_cents", margin * 3}, {"margin_cents", margin}})),
       201, "order");
  auto v = Ok(client_->Get("/api/v1/customers/" + id + "/value"), 200, "value");
  EXPECT_EQ(At(v, "/acquisition_cost_cents")->as_int64(), 5'000);
  EXPECT_EQ(StrAt(v, "/acquisition_cost_basis"), "customer");
  EXPECT_EQ(At(v, "/historical_value_cents")->as_int64(), 18'000);
  EXPECT_EQ(At(v, "/historical_margin_cents")->as_int64(), 6'000);
  const auto& months = At(v, "/cumulative_margin")->as_array();
  ASSERT_EQ(months.size(), 1u) << "acquired this month";
  EXPECT_EQ(At(months[0], "/cumulative_margin_cents")->as_int64(), 6'000);
  EXPECT_EQ(StrAt(v, "/break_even_month"), StrAt(v, "/acquisition_month"));
  EXPECT_TRUE(At(v, "/p_alive")->is_null()) << "no model fitted on one customer";

  EXPECT_EQ(client_->Get("/api/v1/customers/999999/value").status, 404);
  EXPECT_EQ(anon_->Get("/api/v1/customers/" + id + "/value").status, 401);
  EXPECT_EQ(rep_->Get("/api/v1/customers/" + id + "/value").status, 404) << "not the rep's customer";
}

TEST_F(EconomicsApiTest, ThePortfolioAnswersOnAnEmptyDatabaseWithReasons) {
  auto summary = Ok(client_->Get("/api/v1/economics/summary"), 200, "summary");
  EXPECT_TRUE(At(summary, "/overall/cac_cents")->is_null());
  EXPECT_TRUE(At(summary, "/overall/ltv_cents")->is_null());
  EXPECT_TRUE(At(summary, "/overall/ltv_to_cac")->is_null());
  EXPECT_TRUE(At(summary, "/overall/median_months_to_break_even")->is_null());
  EXPECT_NE(At(summary, "/overall/reasons/cac_cents"), nullptr);
  EXPECT_NE(At(summary, "/reasons/model"), nullptr);
  auto cohorts = Ok(client_->Get("/api/v1/economics/cohorts"), 200, "cohorts");
  EXPECT_TRUE(At(cohorts, "/cohorts")->as_array().empty());
  EXPECT_NE(At(cohorts, "/reasons/rows"), nullptr);
  auto what_if = Ok(client_->Get("/api/v1/economics/what-if?retention_uplift=0.05&horizon_months=24"), 200, "what-if");
  EXPECT_TRUE(At(what_if, "/value_cents")->is_null());
  EXPECT_NE(At(what_if, "/reasons/value_cents"), nullptr);
  EXPECT_EQ(At(what_if, "/horizon_months")->as_int64(), 24);
  EXPECT_FALSE(At(what_if, "/assumptions")->as_array().empty());

  for (const char* q : {"retention_uplift=0", "retention_uplift=1.5", "retention_uplift=-0.1", "retention_uplift=abc",
                        "retention_uplift=", ""}) {
    Reply r = client_->Get(std::string("/api/v1/economics/what-if?") + q);
    EXPECT_EQ(r.status, 422) << q << ": " << r.Summary();
    EXPECT_TRUE(FieldsOf(r).contains("retention_uplift")) << q;
  }
  Reply r = client_->Get("/api/v1/economics/what-if?retention_uplift=1&horizon_months=0");
  EXPECT_EQ(r.status, 422) << r.Summary();
  EXPECT_EQ(FieldsOf(r), (std::set<std::string>{"horizon_months"}));
  r = client_->Get("/api/v1/economics/summary?by=source");
  EXPECT_EQ(r.status, 422) << "unknown parameter";
  EXPECT_EQ(client_->Get("/api/v1/economics/what-if?retention_uplift=1").status, 200) << "1 is allowed";
  for (const char* path : {"/api/v1/economics/summary", "/api/v1/economics/cohorts", "/api/v1/economics/what-if?retention_uplift=0.05"})
    EXPECT_EQ(rep_->Get(path).status, 403) << path;
}

}  // namespace
