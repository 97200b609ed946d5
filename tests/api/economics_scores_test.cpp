// The scores in use over HTTP (issue 8): Today's forgotten customers ranked by predicted value once
// `rapport score` ran (pages follow the new ranking), the win-back cap from the predicted value if
// alive (the historical yearly margin before), and a scoring run the server asks for itself after
// many changes to customers and orders — not for fewer — with its options checked.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::CliResult;
using rapport_test::Dump;
using rapport_test::IntAt;
using rapport_test::IsNullAt;
using rapport_test::IsoDaysAgo;
using rapport_test::Reply;
using rapport_test::RunCli;
using rapport_test::StrAt;

class EconomicsScoresApiTest : public rapport_test::FreshServerWithIdsSuite {
 protected:
  json::value Ok(Reply r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.Summary();
    return r.status == status ? r.Json() : json::value();
  }
  std::string NewCustomer(const std::string& name) {
    return StrAt(Ok(client_->Post("/api/v1/customers", Dump(json::object{{"name", name}})), 201, "customer"), "/id");
  }
  void Order(const std::string& customer, std::int64_t amount, std::int64_t margin, std::int64_t days_ago) {
    Ok(client_->Post("/api/v1/orders", Dump(json::object{{"customer_id", customer}, {"amount_cents", amount},
                                                         {"margin_cents", margin}, {"ordered_at", IsoDaysAgo(days_ago)}})),
       201, "order");
  }
  // 40 buyers over the past year: customer i first bought 360 - 4i days ago, then every
  // (i % 5 + 1) * 10 days, (i % 4 + 1) purchases in all; margins grow with i.
  std::vector<std::string> Book() {
    std::vector<std::string> ids;
    for (int i = 0; i < 40; ++i) {
      ids.push_back(NewCustomer("Buyer " + std::to_string(i)));
      for (int k = 0; k < i % 4 + 1; ++k)
        Order(ids.back(), 3'000 + 150 * i + 70 * k, 900 + 25 * i, 360 - 4 * i - k * (i % 5 + 1) * 10);
    }
    return ids;
  }
  void Score() {
    CliResult r = RunCli({"score", "--db", server_->db_path()}, "", std::chrono::seconds(120));
    ASSERT_EQ(r.exit_code, 0) << rapport_test::Show(r);
  }
  // Every forgotten customer of the admin, `limit` per page.
  std::vector<json::value> Forgotten(int limit) {
    std::vector<json::value> all;
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
      json::value t = Ok(client_->Get("/api/v1/today?limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor)),
                         200, "today");
      const auto* data = At(t, "/forgotten/data");
      if (!data) break;
      for (const auto& f : data->as_array()) all.push_back(f);
      if (IsNullAt(t, "/forgotten/next_cursor")) break;
      cursor = StrAt(t, "/forgotten/next_cursor");
    }
    return all;
  }
  static bool RankedDescending(const std::vector<json::value>& list) {
    for (std::size_t i = 1; i < list.size(); ++i) {
      const auto a = IntAt(list[i - 1], "/rank_value_cents"), b = IntAt(list[i], "/rank_value_cents");
      if (a < b || (a == b && std::stoll(StrAt(list[i - 1], "/customer_id")) > std::stoll(StrAt(list[i], "/customer_id"))))
        return false;
    }
    return true;
  }
  // runs of the job `name` in GET /api/v1/jobs (-1 when it is not listed).
  std::int64_t RunsOf(const std::string& name) {
    json::value jobs = Ok(client_->Get("/api/v1/jobs"), 200, "jobs");
    const auto* data = At(jobs, "/data");
    if (!data) return -1;
    for (const auto& j : data->as_array())
      if (StrAt(j, "/name") == name && !j.as_object().at("running").as_bool()) return IntAt(j, "/runs");
    return -1;
  }
  // Polls until the scoring job has completed `runs` runs, at most `seconds`.
  bool WaitForScoringRuns(std::int64_t runs, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
      if (RunsOf("scoring") >= runs) return true;
      ::usleep(100'000);
    }
    return false;
  }
};

TEST_F(EconomicsScoresApiTest, TodayRanksByPredictedValueOnceScoredAndPagesFollow) {
  const auto ids = Book();
  const auto before = Forgotten(50);
  ASSERT_EQ(before.size(), ids.size()) << "never touched: every buyer is forgotten";
  for (const auto& f : before) {
    EXPECT_TRUE(IsNullAt(f, "/predicted_clv_cents")) << Dump(f);
    EXPECT_EQ(IntAt(f, "/rank_value_cents"), IntAt(f, "/value_cents"));
  }
  EXPECT_TRUE(RankedDescending(before));

  Score();
  const auto after = Forgotten(6);
  ASSERT_EQ(after.size(), ids.size());
  EXPECT_TRUE(RankedDescending(after));
  for (const auto& f : after) {
    ASSERT_FALSE(IsNullAt(f, "/predicted_clv_cents")) << Dump(f);
    EXPECT_EQ(IntAt(f, "/rank_value_cents"), IntAt(f, "/predicted_clv_cents"));
  }
  // The same figure as the customer's value page.
  for (std::size_t i : {std::size_t{0}, after.size() / 2, after.size() - 1}) {
    const std::string id = StrAt(after[i], "/customer_id");
    json::value v = Ok(client_->Get("/api/v1/customers/" + id + "/value"), 200, "value");
    EXPECT_EQ(IntAt(v, "/predicted_clv_cents"), IntAt(after[i], "/predicted_clv_cents")) << id;
  }
  std::vector<std::string> by_margin, by_prediction, one_page;
  for (const auto& f : before) by_margin.push_back(StrAt(f, "/customer_id"));
  for (const auto& f : after) by_prediction.push_back(StrAt(f, "/customer_id"));
  for (const auto& f : Forgotten(100)) one_page.push_back(StrAt(f, "/customer_id"));
  EXPECT_NE(by_margin, by_prediction) << "the past margin and the predicted value rank them differently";
  EXPECT_EQ(one_page, by_prediction);

  // Bad cursors and limits are refused.
  for (const char* bad : {"cursor=abc", "cursor=12", "cursor=5.0", "limit=0", "limit=abc"})
    EXPECT_EQ(client_->Get(std::string("/api/v1/today?") + bad).status, 422) << bad;
}

TEST_F(EconomicsScoresApiTest, TheWinBackCapIsThePredictedValueIfAliveOnceScored) {
  const auto ids = Book();
  const std::string c = ids[30];  // three purchases, ten days apart
  for (const char* stage : {"romance", "churned"}) {
    json::object body{{"stage", stage}};
    if (std::string(stage) == "churned") body["reason"] = "stopped buying";
    Ok(client_->Post("/api/v1/customers/" + c + "/stage", Dump(body)), 200, stage);
  }
  json::value historical = Ok(client_->Get("/api/v1/customers/" + c + "/win-back"), 200, "win-back");
  EXPECT_EQ(StrAt(historical, "/cap_basis"), "historical_yearly_margin") << Dump(historical);
  EXPECT_TRUE(IsNullAt(historical, "/predicted_value_if_alive_cents"));
  EXPECT_TRUE(IsNullAt(historical, "/p_alive"));
  EXPECT_EQ(IntAt(historical, "/expected_margin_cents"), IntAt(historical, "/historical_yearly_margin_cents"));
  EXPECT_EQ(IntAt(historical, "/historical_yearly_margin_cents"), 3 * (900 + 25 * 30)) << "under a year: the whole margin";

  Score();
  json::value value = Ok(client_->Get("/api/v1/customers/" + c + "/value"), 200, "value");
  ASSERT_FALSE(IsNullAt(value, "/predicted_clv_cents")) << Dump(value);
  const double p_alive = At(value, "/p_alive")->as_double();
  json::value w = Ok(client_->Get("/api/v1/customers/" + c + "/win-back"), 200, "win-back");
  EXPECT_EQ(StrAt(w, "/cap_basis"), "predicted_value_if_alive") << Dump(w);
  EXPECT_DOUBLE_EQ(At(w, "/p_alive")->as_double(), p_alive);
  const std::int64_t if_alive = IntAt(w, "/predicted_value_if_alive_cents");
  EXPECT_NEAR(static_cast<double>(if_alive), IntAt(value, "/predicted_clv_cents") / p_alive, 0.5 / p_alive + 0.5);
  EXPECT_EQ(IntAt(w, "/expected_margin_cents"), if_alive);
  EXPECT_EQ(IntAt(w, "/cap_cents"), if_alive);
  EXPECT_EQ(IntAt(w, "/historical_yearly_margin_cents"), IntAt(historical, "/historical_yearly_margin_cents"));
  ASSERT_GT(if_alive, 0);

  Reply over = client_->Post("/api/v1/customers/" + c + "/win-back-offers",
                             Dump(json::object{{"description", "a voucher"}, {"cost_cents", if_alive + 1}}));
  ASSERT_EQ(over.status, 422) << over.Summary();
  EXPECT_NE(over.body.find("predicted value over 12 months if still buying"), std::string::npos) << over.body;
  Reply exact = client_->Post("/api/v1/customers/" + c + "/win-back-offers",
                              Dump(json::object{{"description", "a voucher"}, {"cost_cents", if_alive}}));
  ASSERT_EQ(exact.status, 201) << exact.Summary();
  EXPECT_EQ(IntAt(exact.Json(), "/offer/cap_at_offer_cents"), if_alive);
  EXPECT_EQ(IntAt(exact.Json(), "/win_back/cap_cents"), 0);

  // The next best action carries the same cap and its basis.
  json::value actions = Ok(client_->Get("/api/v1/customers/" + c + "/next-actions"), 200, "next actions");
  bool found = false;
  if (const auto* data = At(actions, "/data"))
    for (const auto& a : data->as_array())
      if (StrAt(a, "/kind") == "win_back") {
        found = true;
        EXPECT_EQ(StrAt(a, "/cap_basis"), "predicted_value_if_alive") << Dump(a);
        EXPECT_EQ(IntAt(a, "/cap_cents"), 0);
      }
  EXPECT_TRUE(found) << Dump(actions);
}

TEST_F(EconomicsScoresApiTest, ManyChangesMakeTheServerRescoreSoonAndFewDoNot) {
  StartServer({"--rescore-after", "30", "--rescore-gap", "1s", "--housekeeping-interval", "1s"});
  if (HasFatalFailure()) return;
  ASSERT_TRUE(WaitForScoringRuns(1, 10)) << "the first run starts with the server";

  // 20 changes (customers created): under the threshold, no run however long we wait.
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(NewCustomer("Imported " + std::to_string(i)));
  ::sleep(4);  // four checks
  EXPECT_EQ(RunsOf("scoring"), 1) << server_->ReadLog();

  // Ten orders more: 30 changes since the run began, so the server runs it again within seconds.
  for (int i = 0; i < 10; ++i) Order(ids[static_cast<std::size_t>(i)], 2'000, 700, 3);
  ASSERT_TRUE(WaitForScoringRuns(2, 20)) << server_->ReadLog();
  json::value v = Ok(client_->Get("/api/v1/customers/" + ids[0] + "/value"), 200, "value");
  EXPECT_FALSE(IsNullAt(v, "/scored_at")) << "scored by the requested run: " << Dump(v);
  EXPECT_NE(server_->ReadLog().find("changes to customers and orders since the last run"), std::string::npos);
  ::sleep(3);
  EXPECT_EQ(RunsOf("scoring"), 2) << "nothing changed since: back to the nightly schedule";
}

TEST_F(EconomicsScoresApiTest, TheRescoringOptionsAreChecked) {
  const std::string db = server_->dir() + "/other.db";
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--rescore-gap", "soon"}, {"--rescore-gap", "0s"}, {"--rescore-after", "-1"},
        {"--rescore-after", "many"}, {"--housekeeping-interval", "0s"}}) {
    std::vector<std::string> args{"serve", "--db", db, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), bad.begin(), bad.end());
    CliResult r = RunCli(args, "", std::chrono::seconds(10));
    EXPECT_NE(r.exit_code, 0) << bad[0] << " " << bad[1] << ": " << rapport_test::Show(r);
    EXPECT_NE(r.err.find(bad[0]), std::string::npos) << rapport_test::Show(r);
  }
}

// The board's cards: include=value adds each listed customer's stored value figures, null for a
// customer no scoring run has seen; anything else in include is refused by name.
TEST_F(EconomicsScoresApiTest, TheListIncludesStoredValuesOnRequest) {
  const auto book = Book();
  Score();
  const std::string fresh = NewCustomer("Never scored");
  const json::value page = Ok(client_->Get("/api/v1/customers?include=value&limit=100"), 200, "list with values");
  int buyers = 0;
  for (const auto& row : page.at("data").as_array()) {
    if (StrAt(row, "/id") == fresh) {
      EXPECT_TRUE(row.at("historical_value_cents").is_null()) << Dump(row);
      EXPECT_TRUE(row.at("predicted_clv_cents").is_null()) << Dump(row);
      continue;
    }
    ++buyers;
    EXPECT_GT(row.at("historical_value_cents").as_int64(), 0) << Dump(row);
    EXPECT_TRUE(row.at("predicted_clv_cents").is_int64()) << Dump(row);
  }
  EXPECT_EQ(buyers, static_cast<int>(book.size()));
  const json::value plain = Ok(client_->Get("/api/v1/customers?limit=1"), 200, "plain list");
  EXPECT_FALSE(plain.at("data").as_array()[0].as_object().contains("historical_value_cents"));
  Reply bad = client_->Get("/api/v1/customers?include=everything");
  EXPECT_EQ(bad.status, 422) << bad.Summary();
  EXPECT_NE(bad.body.find("include"), std::string::npos) << bad.body;
}

}  // namespace
