// The web app's data routes (issue 9) over real HTTP: board counts per stage with the list's
// filters and a rep's scope, and the Economics screen's funnel and probability-alive histogram
// (managers and admins; bad periods are a 422 naming the parameter; an empty database answers 200
// with nulls and reasons).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::Dump;
using rapport_test::Reply;
using rapport_test::StrAt;

class BoardEconomicsTest : public rapport_test::FreshServerWithIdsSuite {
 protected:
  std::string Make(rapport_test::HttpClient& who, const json::object& body) {
    Reply r = who.Post("/api/v1/customers", Dump(body));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return StrAt(r.Json(), "/id");
  }
  static std::int64_t CountOf(const json::value& v, const std::string& stage, const char* key = "count") {
    for (const auto& row : v.at("data").as_array())
      if (row.at("stage").as_string() == stage) return row.at(key).as_int64();
    ADD_FAILURE() << "no row for " << stage;
    return -1;
  }
  static bool NamesField(const Reply& r, const std::string& field) {
    const json::value v = r.Json();
    const auto* e = v.as_object().if_contains("error");
    return e && e->as_object().contains("fields") && e->at("fields").as_object().contains(field);
  }
};

TEST_F(BoardEconomicsTest, StageCountsHaveEveryStageFiltersAndTheRepsScope) {
  const auto a = Make(*client_, {{"name", "Count A"}, {"source", "ads"}, {"tags", json::array{"vip"}}});
  Make(*client_, {{"name", "Count B"}, {"source", "fair"}});
  Make(*rep_, {{"name", "Count C"}, {"source", "ads"}});
  ASSERT_EQ(client_->Post("/api/v1/customers/" + a + "/stage", R"({"stage": "proposal"})").status, 200);
  Reply all = client_->Get("/api/v1/customers/stage-counts");
  ASSERT_EQ(all.status, 200) << all.Summary();
  const json::value v = all.Json();
  EXPECT_EQ(v.at("data").as_array().size(), 8u);
  EXPECT_EQ(v.at("total").as_int64(), 3);
  EXPECT_EQ(CountOf(v, "contact"), 2);
  EXPECT_EQ(CountOf(v, "proposal"), 1);
  EXPECT_EQ(CountOf(v, "churned"), 0);
  EXPECT_EQ(CountOf(v, "contact", "value_cents"), 0);
  EXPECT_FALSE(StrAt(v, "/currency").empty());
  EXPECT_EQ(CountOf(client_->Get("/api/v1/customers/stage-counts?source=ads").Json(), "contact"), 1);
  EXPECT_EQ(CountOf(client_->Get("/api/v1/customers/stage-counts?tag=vip").Json(), "proposal"), 1);
  EXPECT_EQ(client_->Get("/api/v1/customers/stage-counts?tag=vip").Json().at("total").as_int64(), 1);
  EXPECT_EQ(client_->Get("/api/v1/customers/stage-counts?owner_id=" + rep_id_).Json().at("total").as_int64(), 1);
  EXPECT_EQ(client_->Get("/api/v1/customers/stage-counts?q=count+b").Json().at("total").as_int64(), 1);
  Reply mine = rep_->Get("/api/v1/customers/stage-counts");
  ASSERT_EQ(mine.status, 200) << mine.Summary();
  EXPECT_EQ(mine.Json().at("total").as_int64(), 1) << "a rep counts only their own customers";
  Reply bad = client_->Get("/api/v1/customers/stage-counts?owner_id=x&stage=lead");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(NamesField(bad, "owner_id")) << bad.body;
  EXPECT_TRUE(NamesField(bad, "stage")) << "unknown parameter: " << bad.body;
  EXPECT_EQ(anon_->Get("/api/v1/customers/stage-counts").status, 401);
}

TEST_F(BoardEconomicsTest, TheFunnelCountsTheStagesReachedInThePeriod) {
  const auto a = Make(*client_, {{"name", "Funnel A"}});
  Make(*client_, {{"name", "Funnel B"}});
  ASSERT_EQ(client_->Post("/api/v1/customers/" + a + "/stage", R"({"stage": "proposal"})").status, 200);
  Reply r = client_->Get("/api/v1/economics/funnel");
  ASSERT_EQ(r.status, 200) << r.Summary();
  const json::value v = r.Json();
  const auto& stages = v.at("stages").as_array();
  ASSERT_EQ(stages.size(), 6u);
  EXPECT_EQ(stages[0].at("stage").as_string(), "contact");
  EXPECT_EQ(stages[0].at("reached").as_int64(), 2);
  EXPECT_EQ(stages[1].at("reached").as_int64(), 1);
  EXPECT_DOUBLE_EQ(stages[1].at("conversion").as_double(), 0.5);
  EXPECT_EQ(stages[2].at("reached").as_int64(), 1);
  EXPECT_TRUE(stages[0].at("conversion").is_null());
  EXPECT_TRUE(stages[4].at("conversion").is_null());
  EXPECT_TRUE(v.at("reasons").as_object().empty());
  // A period before anything happened: zeros with a reason.
  Reply old = client_->Get("/api/v1/economics/funnel?from=2001-01-01&to=2002-01-01");
  ASSERT_EQ(old.status, 200) << old.Summary();
  EXPECT_TRUE(old.Json().at("reasons").as_object().contains("stages"));
  EXPECT_EQ(StrAt(old.Json(), "/from"), "2001-01-01T00:00:00.000Z");
}

TEST_F(BoardEconomicsTest, BadPeriodsAreNamedAndRepsAreRefused) {
  Reply bad = client_->Get("/api/v1/economics/funnel?from=yesterday&to=2026-13-40");
  EXPECT_EQ(bad.status, 422) << bad.Summary();
  EXPECT_TRUE(NamesField(bad, "from")) << bad.body;
  EXPECT_TRUE(NamesField(bad, "to")) << bad.body;
  Reply backwards = client_->Get("/api/v1/economics/funnel?from=2026-02-01&to=2026-01-01");
  EXPECT_EQ(backwards.status, 422);
  EXPECT_TRUE(NamesField(backwards, "from")) << backwards.body;
  Reply unknown = client_->Get("/api/v1/economics/funnel?since=2026-01-01");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_TRUE(NamesField(unknown, "since")) << unknown.body;
  EXPECT_EQ(rep_->Get("/api/v1/economics/funnel").status, 403);
  EXPECT_EQ(rep_->Get("/api/v1/economics/p-alive").status, 403);
}

TEST_F(BoardEconomicsTest, PAliveOnAnEmptyDatabaseIsNullsAndReasons) {
  Make(*client_, {{"name", "Unscored"}});
  Reply r = client_->Get("/api/v1/economics/p-alive");
  ASSERT_EQ(r.status, 200) << r.Summary();
  const json::value v = r.Json();
  ASSERT_EQ(v.at("bins").as_array().size(), 10u);
  EXPECT_DOUBLE_EQ(v.at("bins").as_array()[9].at("to").as_double(), 1.0);
  EXPECT_EQ(v.at("scored").as_int64(), 0);
  EXPECT_EQ(v.at("unscored").as_int64(), 1);
  // The server's scoring job may have run already (it fits nothing on one customer): either way
  // there is no model, and the reason says why.
  EXPECT_TRUE(v.at("model").is_null());
  EXPECT_EQ(v.at("version").is_null(), v.at("fitted_at").is_null());
  EXPECT_TRUE(v.at("reasons").as_object().contains("model")) << r.body;
  EXPECT_TRUE(v.at("reasons").as_object().contains("bins"));
}

}  // namespace
