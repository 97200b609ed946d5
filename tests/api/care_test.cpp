// Care over HTTP (issue 7): complaint cases (defaults, validation, the status machine with its
// 409s, resolution required, reopening recorded, If-Match, closed cases frozen), counted
// transfers, the deadline policy, feedback with NPS figures and the detractor's case, promises
// kept or refused once closed, the reply queue with time left and in Today, response figures,
// the first response through an interaction, care on the timeline and the customer, next actions,
// the check-in after a resolution, the dashboard, and erasure of care's free text.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <set>
#include <string>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::IntAt;
using rapport_test::Dump;
using rapport_test::HttpClient;
using rapport_test::Reply;
using rapport_test::StrAt;

std::string IsoFromNow(std::chrono::seconds offset) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + offset);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class CareApiTest : public rapport_test::FreshServerWithIdsSuite {
 protected:
  std::string NewCustomer(const std::string& name, HttpClient* as = nullptr) {
    Reply r = (as ? *as : *client_).Post("/api/v1/customers", Dump(json::object{{"name", name}}));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? StrAt(r.Json(), "/id") : "";
  }
  json::value Ok(Reply r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.Summary();
    return r.status == status ? r.Json() : json::value();
  }
  json::value NewCase(const std::string& customer, json::object extra = {}) {
    extra["customer_id"] = customer;
    if (!extra.contains("title")) extra["title"] = "Parcel arrived damaged";
    return Ok(client_->Post("/api/v1/cases", Dump(extra)), 201, "open case");
  }
  Reply PatchCase(const std::string& id, json::object body, HttpClient* as = nullptr) {
    return (as ? *as : *client_).Patch("/api/v1/cases/" + id, Dump(body));
  }
  std::set<std::string> ActionKinds(const std::string& customer) {
    const json::value v = Ok(client_->Get("/api/v1/customers/" + customer + "/next-actions"), 200, "next actions");
    std::set<std::string> kinds;
    if (const auto* data = At(v, "/data"))
      for (const auto& a : data->as_array()) kinds.insert(StrAt(a, "/kind"));
    return kinds;
  }
};

TEST_F(CareApiTest, ACaseOpensWithDefaultsAndRefusesBadInput) {
  const std::string c = NewCustomer("Case Customer", rep_.get());
  const json::value k = NewCase(c);
  EXPECT_EQ(StrAt(k, "/status"), "open");
  EXPECT_EQ(StrAt(k, "/severity"), "normal");
  EXPECT_EQ(StrAt(k, "/channel"), "other");
  EXPECT_EQ(StrAt(k, "/owner_id"), rep_id_) << "the customer's owner owns the case";
  EXPECT_EQ(IntAt(k, "/transfer_count"), 0);
  EXPECT_FALSE(k.at("response_breached").as_bool());
  // Normal: respond within a day, resolve within 7 (ISO strings of equal length compare as times).
  EXPECT_GT(StrAt(k, "/respond_by"), IsoFromNow(std::chrono::hours(23)));
  EXPECT_LT(StrAt(k, "/respond_by"), IsoFromNow(std::chrono::hours(25)));
  EXPECT_GT(StrAt(k, "/resolve_by"), IsoFromNow(std::chrono::hours(7 * 24 - 1)));

  Reply bad = client_->Post("/api/v1/cases", Dump(json::object{{"customer_id", c}, {"severity", "critical"}, {"channel", "fax"},
                                                              {"status", "closed"}}));
  ASSERT_EQ(bad.status, 422) << bad.Summary();
  for (const char* field : {"/error/fields/title", "/error/fields/severity", "/error/fields/channel", "/error/fields/status"})
    EXPECT_NE(At(bad.Json(), field), nullptr) << field << ": " << bad.body;
  Reply nobody = client_->Post("/api/v1/cases", Dump(json::object{{"customer_id", "999999"}, {"title", "x"}}));
  ASSERT_EQ(nobody.status, 422) << nobody.Summary();
  EXPECT_NE(At(nobody.Json(), "/error/fields/customer_id"), nullptr);
  // A rep may not hand a new case to someone else than themselves or the customer's owner.
  Reply given = rep_->Post("/api/v1/cases", Dump(json::object{{"customer_id", c}, {"title", "x"}, {"owner_id", admin_id_}}));
  EXPECT_EQ(given.status, 403) << given.Summary();
  // Nothing was written by the refused requests.
  const json::value list = Ok(client_->Get("/api/v1/cases?customer_id=" + c), 200, "list");
  EXPECT_EQ(list.at("data").as_array().size(), 1u);
  // Urgent deadlines are an hour and a day.
  const json::value urgent = NewCase(c, {{"severity", "urgent"}, {"channel", "phone"}});
  EXPECT_LT(StrAt(urgent, "/respond_by"), IsoFromNow(std::chrono::minutes(61)));
}

TEST_F(CareApiTest, TheStatusMachineAllowsTheSpecifiedMovesOnly) {
  const std::string c = NewCustomer("Machine");
  const std::string id = StrAt(NewCase(c), "/id");
  auto status_is = [&](const char* s) {
    EXPECT_EQ(StrAt(Ok(client_->Get("/api/v1/cases/" + id), 200, "get"), "/status"), s);
  };
  Reply closed = PatchCase(id, {{"status", "closed"}});
  ASSERT_EQ(closed.status, 409) << closed.Summary();
  EXPECT_NE(closed.body.find("it can move to in_progress or resolved"), std::string::npos) << closed.body;
  EXPECT_EQ(PatchCase(id, {{"status", "in_progress"}}).status, 200);
  EXPECT_EQ(PatchCase(id, {{"status", "open"}}).status, 409) << "in progress goes on to resolved only";
  Reply no_resolution = PatchCase(id, {{"status", "resolved"}});
  ASSERT_EQ(no_resolution.status, 422) << no_resolution.Summary();
  EXPECT_NE(At(no_resolution.Json(), "/error/fields/resolution"), nullptr);
  status_is("in_progress");
  const json::value resolved = Ok(PatchCase(id, {{"status", "resolved"}, {"resolution", "Sent a new one"}}), 200, "resolve");
  EXPECT_FALSE(StrAt(resolved, "/resolved_at").empty());
  EXPECT_FALSE(StrAt(resolved, "/first_response_at").empty()) << "the resolution answers the customer";
  EXPECT_EQ(PatchCase(id, {{"status", "in_progress"}}).status, 409);
  EXPECT_EQ(PatchCase(id, {{"status", "closed"}}).status, 200);
  EXPECT_EQ(PatchCase(id, {{"title", "Changed after closing"}}).status, 409) << "a closed case is frozen";
  EXPECT_EQ(PatchCase(id, {{"status", "resolved"}}).status, 409);
  EXPECT_EQ(PatchCase(id, {{"reason", "no move"}}).status, 422) << "a reason goes with a status change";
  const json::value reopened = Ok(PatchCase(id, {{"status", "open"}, {"reason", "It broke again"}}), 200, "reopen");
  EXPECT_EQ(IntAt(reopened, "/reopen_count"), 1);
  EXPECT_TRUE(At(reopened, "/resolved_at")->is_null());
  // Stale If-Match: 412, and nothing changes.
  Reply stale = client_->Patch("/api/v1/cases/" + id, R"({"severity": "high"})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412) << stale.Summary();
  status_is("open");
  const json::value events = Ok(client_->Get("/api/v1/cases/" + id + "/events"), 200, "events");
  std::vector<std::string> kinds;
  for (const auto& e : events.at("data").as_array()) kinds.push_back(StrAt(e, "/kind"));
  EXPECT_EQ(kinds, (std::vector<std::string>{"opened", "status", "status", "status", "reopened"})) << Dump(events);
  EXPECT_EQ(StrAt(events.at("data").as_array().back(), "/note"), "It broke again");
}

TEST_F(CareApiTest, TransfersNeedAReasonAndAreCounted) {
  const std::string c = NewCustomer("Transfers", rep_.get());
  const std::string id = StrAt(NewCase(c), "/id");
  const std::string assign = "/api/v1/cases/" + id + "/assign";
  Reply no_reason = client_->Post(assign, Dump(json::object{{"owner_id", admin_id_}}));
  ASSERT_EQ(no_reason.status, 422) << no_reason.Summary();
  EXPECT_NE(At(no_reason.Json(), "/error/fields/reason"), nullptr);
  Reply same = client_->Post(assign, Dump(json::object{{"owner_id", rep_id_}, {"reason", "x"}}));
  EXPECT_EQ(same.status, 422) << "already the owner: " << same.Summary();
  Reply ghost = client_->Post(assign, Dump(json::object{{"owner_id", "424242"}, {"reason", "x"}}));
  EXPECT_EQ(ghost.status, 422) << ghost.Summary();
  const json::value first = Ok(rep_->Post(assign, Dump(json::object{{"owner_id", admin_id_}, {"reason", "Needs a refund approval"}})), 200,
                               "the owner hands it on");
  EXPECT_EQ(IntAt(first, "/transfer_count"), 1);
  EXPECT_EQ(StrAt(first, "/owner_id"), admin_id_);
  // The rep no longer owns it: they may not move it again.
  EXPECT_EQ(rep_->Post(assign, Dump(json::object{{"owner_id", rep_id_}, {"reason", "Back to me"}})).status, 403);
  const json::value second = Ok(client_->Post(assign, Dump(json::object{{"owner_id", rep_id_}, {"reason", "Approved; back to the rep"}})), 200,
                                "the manager hands it back");
  EXPECT_EQ(IntAt(second, "/transfer_count"), 2);
  EXPECT_EQ(client_->Patch("/api/v1/cases/" + id, Dump(json::object{{"owner_id", admin_id_}})).status, 422)
      << "PATCH does not change the owner";
  const json::value d = Ok(client_->Get("/api/v1/cases/figures"), 200, "figures");
  EXPECT_EQ(IntAt(d, "/overall/transfers"), 2);
  EXPECT_EQ(IntAt(d, "/transfer_distribution/2"), 1);
  bool rep_line = false;
  for (const auto& o : d.at("by_owner").as_array())
    if (StrAt(o, "/owner_id") == rep_id_) {
      rep_line = true;
      EXPECT_EQ(IntAt(o, "/transfers"), 2);
      EXPECT_EQ(IntAt(o, "/open"), 1);
    }
  EXPECT_TRUE(rep_line) << Dump(d);
  PatchCase(id, {{"status", "resolved"}, {"resolution", "Refunded"}});
  PatchCase(id, {{"status", "closed"}});
  EXPECT_EQ(client_->Post(assign, Dump(json::object{{"owner_id", admin_id_}, {"reason", "x"}})).status, 409) << "closed";
}

TEST_F(CareApiTest, ThePolicySetsTheDeadlinesOfNewCases) {
  const json::value p = Ok(client_->Get("/api/v1/cases/policy"), 200, "policy");
  EXPECT_EQ(IntAt(p, "/urgent/respond_minutes"), 60);
  EXPECT_EQ(IntAt(p, "/normal/resolve_minutes"), 7 * 24 * 60);
  EXPECT_EQ(rep_->Send("PUT", "/api/v1/cases/policy", R"({"low": {"respond_minutes": 10}})").status, 403);
  Reply bad = client_->Send("PUT", "/api/v1/cases/policy", R"({"high": {"respond_minutes": 5000, "resolve_minutes": 100}, "severe": {}})");
  ASSERT_EQ(bad.status, 422) << bad.Summary();
  EXPECT_NE(At(bad.Json(), "/error/fields/severe"), nullptr) << bad.body;
  EXPECT_NE(At(bad.Json(), "/error/fields/high.respond_minutes"), nullptr) << bad.body;
  const json::value changed =
      Ok(client_->Send("PUT", "/api/v1/cases/policy", R"({"high": {"respond_minutes": 30, "resolve_minutes": 600}})"), 200, "put");
  EXPECT_EQ(IntAt(changed, "/high/respond_minutes"), 30);
  EXPECT_EQ(IntAt(changed, "/urgent/respond_minutes"), 60) << "left out, unchanged";
  const json::value k = NewCase(NewCustomer("Policy"), {{"severity", "high"}});
  EXPECT_LT(StrAt(k, "/respond_by"), IsoFromNow(std::chrono::minutes(31)));
  EXPECT_GT(StrAt(k, "/respond_by"), IsoFromNow(std::chrono::minutes(29)));
}

TEST_F(CareApiTest, FeedbackFiguresAndTheDetractorsCase) {
  const std::string a = NewCustomer("Nps A"), b = NewCustomer("Nps B");
  Reply bad = client_->Post("/api/v1/feedback", Dump(json::object{{"customer_id", a}, {"kind", "nps"}, {"score", 11}}));
  ASSERT_EQ(bad.status, 422) << bad.Summary();
  EXPECT_NE(At(bad.Json(), "/error/fields/score"), nullptr);
  EXPECT_EQ(client_->Post("/api/v1/feedback", Dump(json::object{{"customer_id", a}, {"kind", "free"}})).status, 422);
  EXPECT_EQ(client_->Post("/api/v1/feedback", Dump(json::object{{"customer_id", a}, {"kind", "smiley"}, {"score", 1}})).status, 422);
  // Scores 8, 7, 5, 3, 10, 9: 2 promoters, 2 passives, 2 detractors: NPS 0. A answers last with 9.
  std::string detractor_case;
  for (int score : {8, 7, 5, 3, 10, 9}) {
    const json::value f = Ok(client_->Post("/api/v1/feedback", Dump(json::object{{"customer_id", score > 6 ? a : b}, {"kind", "nps"},
                                                                                 {"score", score}, {"comment", "score " + std::to_string(score)}})),
                             201, "feedback");
    if (score <= 6) {
      ASSERT_TRUE(At(f, "/opened_case") && At(f, "/opened_case")->is_object()) << Dump(f);
      EXPECT_EQ(StrAt(f, "/opened_case/channel"), "survey");
      EXPECT_EQ(StrAt(f, "/group"), "detractor");
      if (score == 3) detractor_case = StrAt(f, "/opened_case/id");
    } else {
      EXPECT_TRUE(At(f, "/opened_case")->is_null());
    }
  }
  EXPECT_EQ(StrAt(Ok(client_->Get("/api/v1/cases/" + detractor_case), 200, "case"), "/severity"), "high") << "NPS 3 is severe";
  const json::value total = Ok(client_->Get("/api/v1/feedback/figures"), 200, "figures");
  EXPECT_EQ(IntAt(total, "/total/responses"), 6);
  EXPECT_EQ(IntAt(total, "/total/promoters"), 2);
  EXPECT_EQ(IntAt(total, "/total/detractors"), 2);
  EXPECT_EQ(At(total, "/total/nps")->to_number<double>(), 0.0);
  const json::value by_owner = Ok(client_->Get("/api/v1/feedback/figures?by=owner"), 200, "by owner");
  ASSERT_EQ(by_owner.at("groups").as_array().size(), 1u);
  EXPECT_EQ(StrAt(by_owner.at("groups").as_array()[0], "/key"), admin_id_);
  const json::value by_month = Ok(client_->Get("/api/v1/feedback/figures?by=month"), 200, "by month");
  ASSERT_EQ(by_month.at("groups").as_array().size(), 1u);
  EXPECT_EQ(StrAt(by_month.at("groups").as_array()[0], "/key"), IsoFromNow(std::chrono::seconds(0)).substr(0, 7));
  EXPECT_EQ(client_->Get("/api/v1/feedback/figures?by=planet").status, 422);
  EXPECT_EQ(client_->Get("/api/v1/feedback/figures?kind=free").status, 422);
  // Settings: off, a detractor opens nothing; managers only.
  EXPECT_EQ(rep_->Send("PUT", "/api/v1/care/settings", R"({"detractor_opens_case": false})").status, 403);
  EXPECT_EQ(client_->Send("PUT", "/api/v1/care/settings", R"({"detractor_max_score": 11})").status, 422);
  // A wrong type names the field and changes nothing, not even the fields given right beside it.
  const Reply wrong = client_->Send("PUT", "/api/v1/care/settings", R"({"detractor_max_score": "x", "detractor_opens_case": false})");
  ASSERT_EQ(wrong.status, 422) << wrong.Summary();
  EXPECT_NE(wrong.body.find("detractor_max_score"), std::string::npos) << wrong.body;
  const json::value unchanged = Ok(client_->Get("/api/v1/care/settings"), 200, "settings after a refused change");
  EXPECT_TRUE(unchanged.at("detractor_opens_case").as_bool());
  const json::value off = Ok(client_->Send("PUT", "/api/v1/care/settings", R"({"detractor_opens_case": false})"), 200, "settings");
  EXPECT_FALSE(off.at("detractor_opens_case").as_bool());
  const json::value quiet = Ok(client_->Post("/api/v1/feedback", Dump(json::object{{"customer_id", b}, {"kind", "nps"}, {"score", 1}})), 201, "quiet");
  EXPECT_TRUE(At(quiet, "/opened_case")->is_null());
  // A promoter with no open case is worth a referral ask.
  EXPECT_TRUE(ActionKinds(a).contains("ask_for_referral"));
  EXPECT_FALSE(ActionKinds(b).contains("ask_for_referral"));
}

TEST_F(CareApiTest, PromisesAndTheCasesRemedy) {
  const std::string c = NewCustomer("Promised");
  Reply bad = client_->Post("/api/v1/promises", Dump(json::object{{"customer_id", c}, {"description", "x"}}));
  ASSERT_EQ(bad.status, 422) << bad.Summary();
  EXPECT_NE(At(bad.Json(), "/error/fields/due_at"), nullptr);
  EXPECT_EQ(client_->Post("/api/v1/promises", Dump(json::object{{"customer_id", c}, {"description", "x"}, {"due_at", "2020-01-01T00:00:00Z"}})).status,
            422)
      << "a promise is recorded when it is made";
  const json::value p = Ok(client_->Post("/api/v1/promises", Dump(json::object{{"customer_id", c}, {"kind", "callback"},
                                                                             {"description", "Call back on Monday"},
                                                                             {"due_at", IsoFromNow(std::chrono::hours(30))}})),
                           201, "promise");
  EXPECT_EQ(StrAt(p, "/status"), "open");
  EXPECT_EQ(StrAt(p, "/promised_by"), admin_id_);
  EXPECT_TRUE(ActionKinds(c).contains("promise_due")) << "due within two days";
  const std::string path = "/api/v1/promises/" + StrAt(p, "/id");
  const json::value kept = Ok(client_->Patch(path, R"({"status": "kept"})"), 200, "keep");
  EXPECT_EQ(StrAt(kept, "/status"), "kept");
  EXPECT_FALSE(StrAt(kept, "/kept_at").empty());
  EXPECT_EQ(client_->Patch(path, R"({"status": "broken"})").status, 409) << "closed for good";
  EXPECT_EQ(client_->Patch(path, R"({"status": "open"})").status, 409);
  // A case's remedy is a promise by its owner, due when the case must be resolved.
  const json::value k = NewCase(c, {{"remedy_promised", "A replacement within the week"}});
  ASSERT_FALSE(StrAt(k, "/promise_id").empty()) << Dump(k);
  const json::value remedy = Ok(client_->Get("/api/v1/promises/" + StrAt(k, "/promise_id")), 200, "remedy");
  EXPECT_EQ(StrAt(remedy, "/kind"), "remedy");
  EXPECT_EQ(StrAt(remedy, "/due_at"), StrAt(k, "/resolve_by"));
  const json::value listed = Ok(client_->Get("/api/v1/promises?customer_id=" + c + "&status=open"), 200, "list");
  ASSERT_EQ(listed.at("data").as_array().size(), 1u);
  const json::value care = Ok(client_->Get("/api/v1/customers/" + c + "/care"), 200, "care");
  EXPECT_EQ(IntAt(care, "/promises/kept"), 1);
  EXPECT_EQ(IntAt(care, "/promises/open"), 1);
  EXPECT_EQ(care.at("active_cases").as_array().size(), 1u);
}

TEST_F(CareApiTest, RepliesWaitWithTheirTimeLeftAndTheFirstResponseIsMeasured) {
  const std::string c = NewCustomer("Writes In", rep_.get());
  const std::string k = StrAt(NewCase(c), "/id");
  const json::value late = Ok(rep_->Post("/api/v1/customers/" + c + "/interactions",
                                         Dump(json::object{{"kind", "email"}, {"direction", "inbound"}, {"needs_reply", true},
                                                           {"summary", "Where is my refund?"}, {"at", IsoFromNow(-std::chrono::hours(30))},
                                                           {"reply_due_at", IsoFromNow(-std::chrono::hours(6))}, {"case_id", k}})),
                              201, "inbound");
  Ok(rep_->Post("/api/v1/customers/" + c + "/interactions",
                Dump(json::object{{"kind", "social"}, {"direction", "inbound"}, {"needs_reply", true}, {"summary", "Any news?"},
                                  {"reply_due_at", IsoFromNow(std::chrono::hours(3 * 24))}})),
     201, "inbound later");
  const json::value queue = Ok(rep_->Get("/api/v1/replies"), 200, "queue");
  ASSERT_EQ(IntAt(queue, "/total"), 2);
  const auto& first = queue.at("data").as_array()[0];
  EXPECT_EQ(StrAt(first, "/summary"), "Where is my refund?") << "most urgent first";
  EXPECT_TRUE(first.at("overdue").as_bool());
  EXPECT_LT(IntAt(first, "/seconds_left"), -5 * 3600);
  EXPECT_EQ(StrAt(first, "/customer_name"), "Writes In");
  EXPECT_EQ(rep_->Get("/api/v1/replies?owner_id=" + admin_id_).status, 403);
  EXPECT_EQ(IntAt(Ok(client_->Get("/api/v1/replies?owner_id=" + rep_id_), 200, "manager view"), "/total"), 2);
  // Today shows the one due today or overdue.
  const json::value today = Ok(rep_->Get("/api/v1/today"), 200, "today");
  EXPECT_EQ(IntAt(today, "/replies/total"), 1) << Dump(today.at("replies"));
  EXPECT_TRUE(ActionKinds(c).contains("unanswered_message"));
  EXPECT_TRUE(ActionKinds(c).contains("case_response_due"));
  // The answer, about the case: closes the message and is the case's first response.
  Ok(rep_->Post("/api/v1/customers/" + c + "/interactions",
                Dump(json::object{{"kind", "email"}, {"summary", "Refund sent today"}, {"reply_to_id", StrAt(late, "/id")}, {"case_id", k}})),
     201, "reply");
  EXPECT_EQ(IntAt(Ok(rep_->Get("/api/v1/replies"), 200, "queue after"), "/total"), 1);
  const json::value answered = Ok(client_->Get("/api/v1/cases/" + k), 200, "case");
  EXPECT_FALSE(StrAt(answered, "/first_response_at").empty());
  EXPECT_FALSE(ActionKinds(c).contains("case_response_due"));
  EXPECT_TRUE(ActionKinds(c).contains("case_resolution_due"));
  const json::value fig = Ok(client_->Get("/api/v1/replies/figures"), 200, "reply figures");
  EXPECT_EQ(IntAt(fig, "/overall/received"), 2);
  EXPECT_EQ(IntAt(fig, "/overall/answered"), 1);
  EXPECT_EQ(IntAt(fig, "/overall/answered_late"), 1);
  EXPECT_EQ(IntAt(fig, "/by_channel/email/answered"), 1);
  EXPECT_GT(At(fig, "/by_channel/email/response/median_minutes")->to_number<double>(), 29 * 60.0);
  // A case of another customer is refused, and nothing is logged.
  const std::string other = NewCustomer("Other");
  Reply wrong = client_->Post("/api/v1/customers/" + other + "/interactions",
                              Dump(json::object{{"kind", "call"}, {"case_id", k}}));
  ASSERT_EQ(wrong.status, 422) << wrong.Summary();
  EXPECT_EQ(Ok(client_->Get("/api/v1/customers/" + other + "/timeline"), 200, "timeline").at("data").as_array().size(), 0u);
}

TEST_F(CareApiTest, CareIsOnTheTimelineAndAResolutionBringsACheckIn) {
  const std::string c = NewCustomer("Timeline Care");
  const std::string k = StrAt(NewCase(c), "/id");
  Ok(client_->Post("/api/v1/feedback", Dump(json::object{{"customer_id", c}, {"kind", "csat"}, {"score", 4}, {"case_id", k}})), 201, "csat");
  Ok(client_->Post("/api/v1/promises", Dump(json::object{{"customer_id", c}, {"description", "Visit next week"},
                                                        {"due_at", IsoFromNow(std::chrono::hours(24 * 7))}})),
     201, "promise");
  const json::value t = Ok(client_->Get("/api/v1/customers/" + c + "/timeline"), 200, "timeline");
  std::set<std::string> types;
  for (const auto& e : t.at("data").as_array()) types.insert(StrAt(e, "/type"));
  EXPECT_TRUE(types.contains("case") && types.contains("feedback") && types.contains("promise")) << Dump(t);
  // The default after_case_resolved rule applies from install time, before this case.
  Ok(PatchCase(k, {{"status", "resolved"}, {"resolution", "Fixed on site"}}), 200, "resolve");
  Ok(client_->Post("/api/v1/cadences/run"), 200, "run");
  const json::value tasks = Ok(client_->Get("/api/v1/tasks?customer_id=" + c + "&kind=check_in"), 200, "tasks");
  ASSERT_EQ(tasks.at("data").as_array().size(), 1u) << Dump(tasks);
  EXPECT_NE(StrAt(tasks.at("data").as_array()[0], "/title").find("case " + k), std::string::npos);
  EXPECT_GT(StrAt(tasks.at("data").as_array()[0], "/due_at"), IsoFromNow(std::chrono::hours(13 * 24)));
}

TEST_F(CareApiTest, ErasureRedactsCareText) {
  const std::string c = NewCustomer("Quentin Erasable");
  const std::string secret = "Quentin's neighbour Zoltan signed for it";
  const std::string k = StrAt(NewCase(c, {{"description", secret}, {"remedy_promised", secret}}), "/id");
  PatchCase(k, {{"status", "resolved"}, {"resolution", secret}, {"reason", secret}});
  Ok(client_->Post("/api/v1/feedback", Dump(json::object{{"customer_id", c}, {"kind", "free"}, {"comment", secret}})), 201, "free");
  Ok(client_->Post("/api/v1/customers/" + c + "/erase"), 200, "erase");
  const json::value x = Ok(client_->Get("/api/v1/customers/" + c + "/export"), 200, "export");
  const std::string dump = Dump(x);
  EXPECT_EQ(dump.find("Zoltan"), std::string::npos) << dump;
  EXPECT_EQ(x.at("cases").as_array().size(), 1u);
  EXPECT_EQ(StrAt(x.at("cases").as_array()[0], "/resolution"), "[erased]");
  EXPECT_EQ(StrAt(x.at("feedback").as_array()[0], "/comment"), "[erased]");
  EXPECT_EQ(StrAt(x.at("promises").as_array()[0], "/description"), "[erased]");
}

}  // namespace
