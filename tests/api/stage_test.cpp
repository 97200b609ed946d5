// The relationship lifecycle: POST /customers/{id}/stage and GET /customers/{id}/history.
// Stages in order contact -> lead -> proposal -> negotiation -> order -> romance; side exits lost
// (before the first order, with a reason) and churned (from romance, with a reason).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::HttpClient;
using rapport_test::IsNullAt;
using rapport_test::RapportServer;
using rapport_test::ServerSuite;
using rapport_test::Reply;
using rapport_test::StrAt;
using rapport_test::UrlEncode;

const std::regex kTimestamp(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");
const std::vector<std::string> kPreOrder = {"contact", "lead", "proposal", "negotiation"};

using Moves = std::vector<std::pair<std::string, std::string>>;  // (from, to)

Moves MovesOf(const json::value& transitions) {
  Moves out;
  if (!transitions.is_array()) return out;
  for (const auto& t : transitions.as_array()) out.emplace_back(StrAt(t, "/from"), StrAt(t, "/to"));
  return out;
}

class StageTest : public ServerSuite {
 protected:

  std::string NewCustomer(HttpClient* client = nullptr, std::string* owner = nullptr) {
    Reply r = (client ? *client : *client_).Post("/api/v1/customers", R"({"name": "Stage Sam"})");
    EXPECT_EQ(r.status, 201) << r.Summary();
    if (r.status != 201) return "0";
    if (owner != nullptr) *owner = StrAt(r.Json(), "/owner_id");
    return StrAt(r.Json(), "/id");
  }

  Reply Move(const std::string& id, const std::string& stage,
             std::optional<std::string> reason = std::nullopt,
             std::optional<std::string> competitor = std::nullopt, HttpClient* client = nullptr) {
    json::object body{{"stage", stage}};
    if (reason) body["reason"] = *reason;
    if (competitor) body["competitor"] = *competitor;
    return (client ? *client : *client_).Post("/api/v1/customers/" + id + "/stage", Dump(body));
  }

  // Moves and expects 200; returns the transitions.
  json::value MoveOk(const std::string& id, const std::string& stage,
                     std::optional<std::string> reason = std::nullopt) {
    Reply r = Move(id, stage, std::move(reason));
    EXPECT_EQ(r.status, 200) << "move " << id << " to " << stage << ": " << r.Summary();
    if (r.status != 200) return json::array();
    json::value v = r.Json();
    const json::value* t = At(v, "/transitions");
    EXPECT_TRUE(t && t->is_array()) << r.body;
    return t && t->is_array() ? *t : json::value(json::array());
  }

  // The whole history, following next_cursor.
  json::array History(const std::string& id, int limit = 500) {
    json::array all;
    std::string cursor;
    for (int page = 0; page < 1000; ++page) {
      std::string target = "/api/v1/customers/" + id + "/history?limit=" + std::to_string(limit);
      if (!cursor.empty()) target += "&cursor=" + UrlEncode(cursor);
      Reply r = client_->Get(target);
      EXPECT_EQ(r.status, 200) << target << ": " << r.Summary();
      if (r.status != 200) return all;
      json::value v = r.Json();
      const json::value* data = At(v, "/data");
      const json::value* next = At(v, "/next_cursor");
      if (!data || !data->is_array() || !next) {
        ADD_FAILURE() << "history must be {data:[...], next_cursor}: " << r.body;
        return all;
      }
      EXPECT_LE(data->as_array().size(), static_cast<std::size_t>(limit));
      for (const auto& t : data->as_array()) all.push_back(t);
      if (next->is_null()) return all;
      cursor = std::string(next->get_string());
    }
    ADD_FAILURE() << "history never ends";
    return all;
  }

  json::value Customer(const std::string& id) {
    Reply r = client_->Get("/api/v1/customers/" + id);
    EXPECT_EQ(r.status, 200) << r.Summary();
    return r.status == 200 ? r.Json() : json::value();
  }

  // Expects `r` to be an error with `status` and `code`; returns the error object.
  static json::value ExpectError(const Reply& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.Summary();
    json::value v;
    try {
      v = r.Json();
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      return v;
    }
    EXPECT_EQ(StrAt(v, "/error/code"), code) << r.body;
    return v;
  }

  // Moves that must be refused with 409 and change nothing; the message lists `allowed`.
  void ExpectConflict(const std::string& id, const std::string& target,
                      const std::vector<std::string>& allowed,
                      std::optional<std::string> reason = std::nullopt) {
    SCOPED_TRACE("move to " + target);
    json::value before = Customer(id);
    const std::size_t history_before = History(id).size();
    Reply r = Move(id, target, std::move(reason));
    json::value v = ExpectError(r, 409, "conflict");
    const std::string message = StrAt(v, "/error/message");
    for (const auto& a : allowed) {
      EXPECT_NE(message.find(a), std::string::npos)
          << "the 409 message should list the allowed move '" << a << "': " << message;
    }
    EXPECT_EQ(Customer(id), before) << "a refused move changes nothing";
    EXPECT_EQ(History(id).size(), history_before);
  }

  void ExpectInvalid(const std::string& id, const std::string& body, const std::string& field) {
    SCOPED_TRACE(body);
    json::value before = Customer(id);
    const std::size_t history_before = History(id).size();
    Reply r = client_->Post("/api/v1/customers/" + id + "/stage", body);
    json::value v = ExpectError(r, 422, "invalid_argument");
    EXPECT_NE(At(v, "/error/fields/" + field), nullptr)
        << "fields should name " << field << ": " << r.body;
    EXPECT_EQ(Customer(id), before) << "a rejected move changes nothing";
    EXPECT_EQ(History(id).size(), history_before);
  }

  const std::string& AdminId() {
    if (admin_id_.empty()) NewCustomer(nullptr, &admin_id_);
    return admin_id_;
  }

  static inline std::string admin_id_;
};

TEST_F(StageTest, NewCustomerIsInContactWithEmptyHistory) {
  const std::string id = NewCustomer();
  EXPECT_EQ(StrAt(Customer(id), "/stage"), "contact");
  Reply r = client_->Get("/api/v1/customers/" + id + "/history");
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(r.Json(), json::parse(R"({"data": [], "next_cursor": null})"));
}

TEST_F(StageTest, ForwardOneStepRecordsOneTransition) {
  const std::string id = NewCustomer();
  json::value before = Customer(id);
  Reply r = Move(id, "lead");
  ASSERT_EQ(r.status, 200) << r.Summary();
  json::value v = r.Json();
  ASSERT_TRUE(At(v, "/customer") && At(v, "/transitions")) << r.body;
  EXPECT_EQ(StrAt(v, "/customer/id"), id);
  EXPECT_EQ(StrAt(v, "/customer/stage"), "lead");
  const json::array& ts = v.at("transitions").as_array();
  ASSERT_EQ(ts.size(), 1u) << r.body;
  const json::value& t = ts[0];
  EXPECT_EQ(StrAt(t, "/from"), "contact");
  EXPECT_EQ(StrAt(t, "/to"), "lead");
  EXPECT_TRUE(std::regex_match(StrAt(t, "/at"), kTimestamp)) << StrAt(t, "/at");
  EXPECT_EQ(StrAt(t, "/by"), AdminId()) << "by is the caller's user id as a string";
  EXPECT_TRUE(IsNullAt(t, "/reason")) << r.body;
  EXPECT_TRUE(IsNullAt(t, "/competitor")) << r.body;
  EXPECT_EQ(StrAt(v, "/customer/stage_changed_at"), StrAt(t, "/at"));
  ASSERT_TRUE(At(v, "/customer/version") && At(before, "/version"));
  EXPECT_GT(v.at("customer").at("version").to_number<long long>(),
            before.at("version").to_number<long long>());

  json::value now = Customer(id);
  EXPECT_EQ(now, v.at("customer")) << "GET shows what the move returned";
  EXPECT_EQ(json::value(History(id)), v.at("transitions"));
}

TEST_F(StageTest, ForwardSeveralStepsRecordsEveryStagePassed) {
  const std::string id = NewCustomer();
  json::value ts = MoveOk(id, "negotiation");
  EXPECT_EQ(MovesOf(ts),
            (Moves{{"contact", "lead"}, {"lead", "proposal"}, {"proposal", "negotiation"}}));
  ASSERT_EQ(ts.as_array().size(), 3u);
  for (const auto& t : ts.as_array()) {
    EXPECT_EQ(StrAt(t, "/at"), StrAt(ts.as_array()[0], "/at")) << "one move, one timestamp";
    EXPECT_EQ(StrAt(t, "/by"), AdminId());
  }
  json::value more = MoveOk(id, "romance");
  EXPECT_EQ(MovesOf(more), (Moves{{"negotiation", "order"}, {"order", "romance"}}));
  EXPECT_EQ(MovesOf(History(id)), (Moves{{"contact", "lead"},
                                         {"lead", "proposal"},
                                         {"proposal", "negotiation"},
                                         {"negotiation", "order"},
                                         {"order", "romance"}}));
  EXPECT_EQ(StrAt(Customer(id), "/stage"), "romance");
}

TEST_F(StageTest, ContactToRomanceRecordsFiveTransitions) {
  const std::string id = NewCustomer();
  json::value ts = MoveOk(id, "romance");
  EXPECT_EQ(ts.as_array().size(), 5u) << Dump(ts);
}

TEST_F(StageTest, BackwardsBetweenPreOrderStagesIsAllowed) {
  const std::string id = NewCustomer();
  MoveOk(id, "negotiation");
  json::value back = MoveOk(id, "lead");
  ASSERT_FALSE(back.as_array().empty());
  EXPECT_EQ(StrAt(back.as_array().front(), "/from"), "negotiation");
  EXPECT_EQ(StrAt(back.as_array().back(), "/to"), "lead");
  EXPECT_EQ(StrAt(Customer(id), "/stage"), "lead");
  json::value to_contact = MoveOk(id, "contact");
  EXPECT_EQ(MovesOf(to_contact), (Moves{{"lead", "contact"}}));
  json::value fwd = MoveOk(id, "proposal");
  EXPECT_EQ(MovesOf(fwd), (Moves{{"contact", "lead"}, {"lead", "proposal"}}));
  EXPECT_EQ(StrAt(Customer(id), "/stage"), "proposal");
}

TEST_F(StageTest, NoWayBackAfterTheFirstOrder) {
  const std::string id = NewCustomer();
  MoveOk(id, "order");
  for (const auto& s : kPreOrder) ExpectConflict(id, s, {"romance"});
  ExpectConflict(id, "lost", {"romance"}, "changed their mind");
  MoveOk(id, "romance");
  for (const auto& s : kPreOrder) ExpectConflict(id, s, {"churned"});
  ExpectConflict(id, "order", {"churned"});
  ExpectConflict(id, "lost", {"churned"}, "changed their mind");
}

TEST_F(StageTest, SameStageIsAConflict) {
  const std::string id = NewCustomer();
  ExpectConflict(id, "contact", {"lead", "lost"});
  MoveOk(id, "proposal");
  ExpectConflict(id, "proposal", {"contact", "negotiation"});
}

TEST_F(StageTest, UnknownOrMissingStageIs422) {
  const std::string id = NewCustomer();
  ExpectInvalid(id, R"({"stage": "courting"})", "stage");
  ExpectInvalid(id, R"({"stage": ""})", "stage");
  ExpectInvalid(id, R"({"stage": 3})", "stage");
  ExpectInvalid(id, R"({"reason": "no stage"})", "stage");
  ExpectInvalid(id, R"({"stage": "lead", "when": "now"})", "when");
}

TEST_F(StageTest, LostNeedsAReasonAndMayNameACompetitor) {
  const std::string id = NewCustomer();
  ExpectInvalid(id, R"({"stage": "lost"})", "reason");
  ExpectInvalid(id, R"({"stage": "lost", "reason": ""})", "reason");
  ExpectInvalid(id, R"({"stage": "lost", "competitor": "Globex"})", "reason");

  Reply r = Move(id, "lost", "went with a cheaper offer", "Globex");
  ASSERT_EQ(r.status, 200) << r.Summary();
  json::value v = r.Json();
  EXPECT_EQ(StrAt(v, "/customer/stage"), "lost");
  ASSERT_EQ(v.at("transitions").as_array().size(), 1u) << r.body;
  const json::value& t = v.at("transitions").as_array()[0];
  EXPECT_EQ(StrAt(t, "/from"), "contact");
  EXPECT_EQ(StrAt(t, "/to"), "lost");
  EXPECT_EQ(StrAt(t, "/reason"), "went with a cheaper offer");
  EXPECT_EQ(StrAt(t, "/competitor"), "Globex");
  json::array h = History(id);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(StrAt(h[0], "/reason"), "went with a cheaper offer");
  EXPECT_EQ(StrAt(h[0], "/competitor"), "Globex");

  // Competitor is optional.
  const std::string other = NewCustomer();
  Reply no_competitor = Move(other, "lost", "no budget");
  ASSERT_EQ(no_competitor.status, 200) << no_competitor.Summary();
  EXPECT_TRUE(IsNullAt(no_competitor.Json(), "/transitions/0/competitor"));
}

TEST_F(StageTest, LostIsPossibleFromEveryPreOrderStage) {
  for (const auto& from : kPreOrder) {
    SCOPED_TRACE(from);
    const std::string id = NewCustomer();
    if (from != "contact") MoveOk(id, from);
    json::value ts = MoveOk(id, "lost", "timing");
    EXPECT_EQ(MovesOf(ts), (Moves{{from, "lost"}}));
    EXPECT_EQ(StrAt(Customer(id), "/stage"), "lost");
  }
}

TEST_F(StageTest, CompetitorOnlyWithLost) {
  const std::string id = NewCustomer();
  ExpectInvalid(id, R"({"stage": "lead", "competitor": "Globex"})", "competitor");
  MoveOk(id, "romance");
  ExpectInvalid(id, R"({"stage": "churned", "reason": "moved away", "competitor": "Globex"})",
                "competitor");
}

TEST_F(StageTest, LostCanBeReopenedToAPreOrderStage) {
  for (const auto& to : kPreOrder) {
    SCOPED_TRACE(to);
    const std::string id = NewCustomer();
    MoveOk(id, "proposal");
    MoveOk(id, "lost", "stalled");
    json::value ts = MoveOk(id, to);
    EXPECT_EQ(MovesOf(ts), (Moves{{"lost", to}})) << "a re-open is one recorded move";
    EXPECT_EQ(StrAt(Customer(id), "/stage"), to);
  }
  const std::string id = NewCustomer();
  MoveOk(id, "lost", "stalled");
  ExpectConflict(id, "order", {"contact", "lead", "proposal", "negotiation"});
  ExpectConflict(id, "romance", {"contact"});
  ExpectConflict(id, "churned", {"contact"}, "gone");
  ExpectConflict(id, "lost", {"contact"}, "again");
}

TEST_F(StageTest, ChurnedOnlyFromRomanceWithAReasonAndBackToRomance) {
  const std::string early = NewCustomer();
  ExpectConflict(early, "churned", {"lead"}, "never bought");
  MoveOk(early, "order");
  ExpectConflict(early, "churned", {"romance"}, "bought once");

  const std::string id = NewCustomer();
  MoveOk(id, "romance");
  ExpectInvalid(id, R"({"stage": "churned"})", "reason");
  ExpectInvalid(id, R"({"stage": "churned", "reason": ""})", "reason");
  json::value churn = MoveOk(id, "churned", "stopped ordering");
  EXPECT_EQ(MovesOf(churn), (Moves{{"romance", "churned"}}));
  ASSERT_EQ(churn.as_array().size(), 1u);
  EXPECT_EQ(StrAt(churn.as_array()[0], "/reason"), "stopped ordering");

  for (const auto& s : kPreOrder) ExpectConflict(id, s, {"romance"});
  ExpectConflict(id, "order", {"romance"});
  ExpectConflict(id, "lost", {"romance"}, "gone");
  ExpectConflict(id, "churned", {"romance"}, "again");

  json::value winback = MoveOk(id, "romance");
  EXPECT_EQ(MovesOf(winback), (Moves{{"churned", "romance"}}));
  EXPECT_EQ(StrAt(Customer(id), "/stage"), "romance");
}

TEST_F(StageTest, HistoryIsOldestFirstAndRecordsWhoMoved) {
  HttpClient rep = server_->Client(server_->rep_token());
  std::string rep_id;
  const std::string id = NewCustomer(&rep, &rep_id);
  ASSERT_NE(rep_id, AdminId());
  MoveOk(id, "lead");  // by admin
  Reply r = Move(id, "lost", "budget cut", "Initech", &rep);
  ASSERT_EQ(r.status, 200) << r.Summary();
  MoveOk(id, "proposal");  // re-open, by admin

  json::array h = History(id);
  ASSERT_EQ(h.size(), 3u) << Dump(h);
  EXPECT_EQ(MovesOf(h), (Moves{{"contact", "lead"}, {"lead", "lost"}, {"lost", "proposal"}}));
  EXPECT_EQ(StrAt(h[0], "/by"), AdminId());
  EXPECT_EQ(StrAt(h[1], "/by"), rep_id);
  EXPECT_EQ(StrAt(h[2], "/by"), AdminId());
  EXPECT_EQ(StrAt(h[1], "/reason"), "budget cut");
  EXPECT_EQ(StrAt(h[1], "/competitor"), "Initech");
  EXPECT_TRUE(IsNullAt(h[0], "/reason"));
  for (std::size_t i = 1; i < h.size(); ++i) {
    EXPECT_LE(StrAt(h[i - 1], "/at"), StrAt(h[i], "/at")) << "oldest first";
  }
  for (const auto& t : h) {
    for (const char* key : {"/from", "/to", "/at", "/by", "/reason", "/competitor"}) {
      EXPECT_NE(At(t, key), nullptr) << key << " missing in " << Dump(t);
    }
  }
}

TEST_F(StageTest, HistoryPaginates) {
  const std::string id = NewCustomer();
  MoveOk(id, "romance");  // 5
  for (int i = 0; i < 4; ++i) {
    MoveOk(id, "churned", "round " + std::to_string(i));
    MoveOk(id, "romance");
  }  // 13 in all
  json::array whole = History(id, 500);
  ASSERT_EQ(whole.size(), 13u);
  for (std::size_t i = 1; i < whole.size(); ++i) {
    EXPECT_EQ(StrAt(whole[i - 1], "/to"), StrAt(whole[i], "/from")) << "at " << i;
  }
  for (int limit : {1, 5, 13}) {
    EXPECT_EQ(History(id, limit), whole) << "limit=" << limit;
  }
  Reply first = client_->Get("/api/v1/customers/" + id + "/history?limit=5");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.Json().at("data").as_array().size(), 5u);
  EXPECT_TRUE(first.Json().at("next_cursor").is_string());

  for (const char* bad : {"limit=0", "limit=501", "limit=x", "cursor=garbage", "bogus=1"}) {
    Reply r = client_->Get("/api/v1/customers/" + id + "/history?" + bad);
    ExpectError(r, 422, "invalid_argument");
  }
  Reply bad_limit = client_->Get("/api/v1/customers/" + id + "/history?limit=0");
  EXPECT_NE(At(bad_limit.Json(), "/error/fields/limit"), nullptr) << bad_limit.body;
  Reply bad_cursor = client_->Get("/api/v1/customers/" + id + "/history?cursor=garbage");
  EXPECT_NE(At(bad_cursor.Json(), "/error/fields/cursor"), nullptr) << bad_cursor.body;
}

TEST_F(StageTest, UnknownCustomerIs404) {
  ExpectError(Move("999999999", "lead"), 404, "not_found");
  ExpectError(Move("abc", "lead"), 404, "not_found");
  ExpectError(client_->Get("/api/v1/customers/999999999/history"), 404, "not_found");
  ExpectError(client_->Get("/api/v1/customers/abc/history"), 404, "not_found");
}

TEST_F(StageTest, MalformedStageBodyIs400AndChangesNothing) {
  const std::string id = NewCustomer();
  Reply r = client_->Post("/api/v1/customers/" + id + "/stage", R"({"stage": "lead")");
  ExpectError(r, 400, "malformed");
  EXPECT_EQ(StrAt(Customer(id), "/stage"), "contact");
  EXPECT_TRUE(History(id).empty());
}

}  // namespace
