// The romance engine over HTTP (issue 6): interactions and their validation, replies closing an
// inbound message, the merged timeline and its pages, tasks (create, change, complete with the
// interaction logged, reopen), cadence rules (managers only, validated), the scheduler on demand,
// Today with the forgotten customers and their reasons, the team view, and next best actions.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
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
using rapport_test::IsoDaysAgo;
using rapport_test::StrAt;


class RomanceApiTest : public rapport_test::FreshServerWithIdsSuite {
 protected:
  std::string NewCustomer(const std::string& name, const std::string& stage = "", HttpClient* as = nullptr) {
    HttpClient& c = as ? *as : *client_;
    Reply r = c.Post("/api/v1/customers", Dump(json::object{{"name", name}}));
    EXPECT_EQ(r.status, 201) << r.Summary();
    const std::string id = r.status == 201 ? StrAt(r.Json(), "/id") : "";
    if (!stage.empty() && !id.empty()) {
      Reply s = c.Post("/api/v1/customers/" + id + "/stage", Dump(json::object{{"stage", stage}}));
      EXPECT_EQ(s.status, 200) << s.Summary();
    }
    return id;
  }
  Reply Log(const std::string& customer, json::object body, HttpClient* as = nullptr) {
    return (as ? *as : *client_).Post("/api/v1/customers/" + customer + "/interactions", Dump(body));
  }
  json::value Today(const std::string& query = "") {
    Reply r = client_->Get("/api/v1/today" + query);
    EXPECT_EQ(r.status, 200) << r.Summary();
    return r.status == 200 ? r.Json() : json::value();
  }
  // The forgotten entry of `customer` in Today, or null.
  static const json::value* Forgotten(const json::value& today, const std::string& customer) {
    const auto* data = At(today, "/forgotten/data");
    if (!data || !data->is_array()) return nullptr;
    for (const auto& f : data->as_array())
      if (StrAt(f, "/customer_id") == customer) return &f;
    return nullptr;
  }
  std::set<std::string> ActionKinds(const std::string& customer) {
    Reply r = client_->Get("/api/v1/customers/" + customer + "/next-actions");
    EXPECT_EQ(r.status, 200) << r.Summary();
    std::set<std::string> kinds;
    if (r.status != 200) return kinds;
    const auto body = r.Json();
    for (const auto& a : body.at("data").as_array()) kinds.insert(StrAt(a, "/kind"));
    return kinds;
  }
};

TEST_F(RomanceApiTest, InteractionsAreValidatedFieldByField) {
  const std::string c = NewCustomer("Validated");
  struct Case {
    json::object body;
    const char* field;
  } cases[] = {
      {{}, "kind"},
      {{{"kind", "fax"}}, "kind"},
      {{{"kind", "newsletter"}, {"personal", true}}, "personal"},
      {{{"kind", "email"}, {"needs_reply", true}}, "needs_reply"},
      {{{"kind", "email"}, {"direction", "sideways"}}, "direction"},
      {{{"kind", "call"}, {"at", "2099-01-01T00:00:00Z"}}, "at"},
      {{{"kind", "call"}, {"at", "yesterday"}}, "at"},
      {{{"kind", "call"}, {"reply_due_at", "2026-01-01T00:00:00Z"}}, "reply_due_at"},
      {{{"kind", "call"}, {"mood", "great"}}, "mood"},
      {{{"kind", "call"}, {"summary", std::string(501, 'x')}}, "summary"},
      {{{"kind", "email"}, {"direction", "inbound"}, {"reply_to_id", "1"}}, "reply_to_id"},
  };
  for (const auto& k : cases) {
    Reply r = Log(c, k.body);
    EXPECT_EQ(r.status, 422) << Dump(k.body) << " -> " << r.Summary();
    EXPECT_TRUE(r.status == 422 && At(r.Json(), std::string("/error/fields/") + k.field)) << Dump(k.body) << " -> " << r.body;
  }
  EXPECT_EQ(Log("999999", {{"kind", "call"}}).status, 404);
  EXPECT_EQ(client_->Post("/api/v1/customers/" + c + "/interactions", "{not json").status, 400);
  // Nothing was logged by the refused requests.
  Reply timeline = client_->Get("/api/v1/customers/" + c + "/timeline");
  ASSERT_EQ(timeline.status, 200);
  const auto timeline_body = timeline.Json();
  for (const auto& e : timeline_body.at("data").as_array()) EXPECT_NE(StrAt(e, "/type"), "interaction") << Dump(e);

  Reply ok = Log(c, {{"kind", "call"}, {"summary", "Talked about the renewal"}, {"channel", "+44 20 7946 0000"}});
  ASSERT_EQ(ok.status, 201) << ok.Summary();
  const auto x = ok.Json();
  EXPECT_EQ(StrAt(x, "/direction"), "outbound");
  EXPECT_EQ(StrAt(x, "/user_id"), admin_id_) << "user defaults to the caller";
  EXPECT_TRUE(x.at("personal").as_bool());
  EXPECT_TRUE(x.at("counts_as_touch").as_bool());
  Reply got = client_->Get(ok.Header("Location"));
  EXPECT_EQ(got.status, 200) << got.Summary();
  EXPECT_EQ(Log(c, {{"kind", "newsletter"}}).Json().at("personal").as_bool(), false);
  EXPECT_EQ(client_->Get("/api/v1/interactions/" + StrAt(x, "/id"), {}).status, 200);
  EXPECT_EQ(rep_->Get("/api/v1/interactions/" + StrAt(x, "/id")).status, 404) << "a rep sees only their customers' interactions";
}

TEST_F(RomanceApiTest, AReplyClosesAnInboundMessageOnce) {
  const std::string c = NewCustomer("Asks questions");
  const std::string other = NewCustomer("Someone else");
  Reply in = Log(c, {{"kind", "email"}, {"direction", "inbound"}, {"needs_reply", true},
                     {"summary", "Where is my invoice?"}, {"at", IsoDaysAgo(2)}});
  ASSERT_EQ(in.status, 201) << in.Summary();
  const std::string message = StrAt(in.Json(), "/id");
  EXPECT_FALSE(in.Json().at("counts_as_touch").as_bool());
  EXPECT_FALSE(StrAt(in.Json(), "/reply_due_at").empty()) << "a day after the message by default";

  Reply actions = client_->Get("/api/v1/customers/" + c + "/next-actions");
  ASSERT_EQ(actions.status, 200);
  const auto actions_body = actions.Json();
  const auto& first = actions_body.at("data").as_array().at(0);
  EXPECT_EQ(StrAt(first, "/kind"), "unanswered_message") << actions.body;
  EXPECT_EQ(StrAt(first, "/interaction_id"), message);
  EXPECT_NE(StrAt(first, "/reason").find("overdue"), std::string::npos) << StrAt(first, "/reason");

  Reply wrong = Log(other, {{"kind", "email"}, {"reply_to_id", message}});
  EXPECT_EQ(wrong.status, 422) << wrong.Summary();
  Reply reply = Log(c, {{"kind", "email"}, {"reply_to_id", message}, {"summary", "Sent it again"}});
  ASSERT_EQ(reply.status, 201) << reply.Summary();
  Reply closed = client_->Get("/api/v1/interactions/" + message);
  EXPECT_EQ(StrAt(closed.Json(), "/replied_by_id"), StrAt(reply.Json(), "/id"));
  Reply twice = Log(c, {{"kind", "email"}, {"reply_to_id", message}});
  EXPECT_EQ(twice.status, 409) << twice.Summary();
  EXPECT_FALSE(ActionKinds(c).contains("unanswered_message"));
}

TEST_F(RomanceApiTest, TheTimelineMergesEverythingNewestFirstInPages) {
  const std::string c = NewCustomer("Busy", "lead");
  ASSERT_EQ(Log(c, {{"kind", "meeting"}, {"at", IsoDaysAgo(30)}}).status, 201);
  ASSERT_EQ(Log(c, {{"kind", "note"}, {"at", IsoDaysAgo(20)}}).status, 201);
  ASSERT_EQ(Log(c, {{"kind", "call"}, {"at", IsoDaysAgo(1)}}).status, 201);
  Reply order = client_->Post("/api/v1/orders", Dump(json::object{{"customer_id", c}, {"amount_cents", 5000}, {"margin_cents", 2000},
                                                                {"ordered_at", IsoDaysAgo(10)}}));
  ASSERT_EQ(order.status, 201) << order.Summary();
  Reply task = client_->Post("/api/v1/tasks", Dump(json::object{{"customer_id", c}, {"due_at", IsoDaysAgo(-3)}, {"title", "Send the brochure"}}));
  ASSERT_EQ(task.status, 201) << task.Summary();

  std::vector<json::value> all;
  std::string target = "/api/v1/customers/" + c + "/timeline?limit=2";
  for (int page = 0; page < 20; ++page) {
    Reply r = client_->Get(target);
    ASSERT_EQ(r.status, 200) << r.Summary();
    const auto body = r.Json();
    for (const auto& e : body.at("data").as_array()) all.push_back(e);
    const auto* next = At(body, "/next_cursor");
    if (!next || next->is_null()) break;
    target = "/api/v1/customers/" + c + "/timeline?limit=2&cursor=" + std::string(next->as_string());
  }
  std::set<std::string> types;
  for (std::size_t i = 0; i < all.size(); ++i) {
    types.insert(StrAt(all[i], "/type"));
    ASSERT_TRUE(At(all[i], "/" + StrAt(all[i], "/type"))) << Dump(all[i]) << ": the entry carries its details";
    if (i > 0) {
      EXPECT_GE(StrAt(all[i - 1], "/at"), StrAt(all[i], "/at")) << "newest first";
    }
  }
  EXPECT_EQ(types, (std::set<std::string>{"interaction", "stage_change", "task", "order"}));
  // 3 interactions, the task, the order, and the stage changes (contact -> lead, then lead -> ... -> order).
  EXPECT_GE(all.size(), 7u);
  EXPECT_EQ(StrAt(all.front(), "/type"), "task") << "the task due in 3 days is the newest entry";
  EXPECT_EQ(client_->Get("/api/v1/customers/" + c + "/timeline?cursor=garbage").status, 422);
  EXPECT_EQ(rep_->Get("/api/v1/customers/" + c + "/timeline").status, 404);
}

TEST_F(RomanceApiTest, TasksAreCreatedChangedCompletedAndReopened) {
  const std::string c = NewCustomer("Has tasks");
  Reply missing = client_->Post("/api/v1/tasks", Dump(json::object{{"customer_id", c}, {"kind", "chore"}}));
  ASSERT_EQ(missing.status, 422) << missing.Summary();
  EXPECT_TRUE(At(missing.Json(), "/error/fields/due_at"));
  EXPECT_TRUE(At(missing.Json(), "/error/fields/kind"));
  EXPECT_EQ(client_->Post("/api/v1/tasks", Dump(json::object{{"customer_id", "424242"}, {"due_at", IsoDaysAgo(0)}})).status, 422);

  const std::string mine = NewCustomer("Rep's own", "", rep_.get());
  Reply given = rep_->Post("/api/v1/tasks", Dump(json::object{{"customer_id", mine}, {"due_at", IsoDaysAgo(-1)}, {"owner_id", admin_id_}}));
  EXPECT_EQ(given.status, 403) << "a rep may not give tasks to others: " << given.Summary();
  Reply own = rep_->Post("/api/v1/tasks", Dump(json::object{{"customer_id", mine}, {"due_at", IsoDaysAgo(-1)}}));
  ASSERT_EQ(own.status, 201) << own.Summary();
  EXPECT_EQ(StrAt(own.Json(), "/owner_id"), rep_id_);
  EXPECT_EQ(StrAt(own.Json(), "/title"), "Follow up");

  Reply t = client_->Post("/api/v1/tasks", Dump(json::object{{"customer_id", c}, {"kind", "thank_you"}, {"title", "Thank them for the referral"},
                                                           {"due_at", IsoDaysAgo(1)}}));
  ASSERT_EQ(t.status, 201) << t.Summary();
  const std::string id = StrAt(t.Json(), "/id");
  EXPECT_EQ(StrAt(t.Json(), "/source"), "manual");
  EXPECT_EQ(t.Header("ETag"), "\"1\"");
  Reply stale = client_->Patch("/api/v1/tasks/" + id, R"({"title": "x"})", {{"If-Match", "\"7\""}});
  EXPECT_EQ(stale.status, 412) << stale.Summary();
  Reply moved = client_->Patch("/api/v1/tasks/" + id, Dump(json::object{{"due_at", IsoDaysAgo(2)}}), {{"If-Match", "\"1\""}});
  ASSERT_EQ(moved.status, 200) << moved.Summary();
  EXPECT_EQ(IntAt(moved.Json(), "/version"), 2);
  EXPECT_EQ(client_->Patch("/api/v1/tasks/" + id, R"({"customer_id": "1"})").status, 422);

  Reply overdue = client_->Get("/api/v1/tasks?owner_id=me&due_before=" + IsoDaysAgo(0));
  ASSERT_EQ(overdue.status, 200) << overdue.Summary();
  EXPECT_EQ(overdue.Json().at("data").as_array().size(), 1u);

  Reply bad = client_->Post("/api/v1/tasks/" + id + "/complete", Dump(json::object{{"interaction", json::object{{"kind", "telegram"}}}}));
  ASSERT_EQ(bad.status, 422) << bad.Summary();
  EXPECT_TRUE(At(bad.Json(), "/error/fields/interaction.kind")) << bad.body;
  Reply done = client_->Post("/api/v1/tasks/" + id + "/complete",
                             Dump(json::object{{"interaction", json::object{{"kind", "thank_you"}, {"summary", "Card sent"}}}}));
  ASSERT_EQ(done.status, 200) << done.Summary();
  EXPECT_EQ(StrAt(done.Json(), "/status"), "done");
  EXPECT_EQ(StrAt(done.Json(), "/outcome"), "done");
  EXPECT_EQ(StrAt(done.Json(), "/interaction_id"), StrAt(done.Json(), "/interaction/id"));
  EXPECT_EQ(StrAt(done.Json(), "/interaction/customer_id"), c);
  EXPECT_EQ(client_->Post("/api/v1/tasks/" + id + "/complete").status, 409);
  Reply listed = client_->Get("/api/v1/tasks?status=done&customer_id=" + c);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.Json().at("data").as_array().size(), 1u);
  Reply reopened = client_->Post("/api/v1/tasks/" + id + "/reopen");
  ASSERT_EQ(reopened.status, 200) << reopened.Summary();
  EXPECT_EQ(StrAt(reopened.Json(), "/status"), "open");
  EXPECT_EQ(client_->Post("/api/v1/tasks/" + id + "/reopen").status, 409);
  Reply skipped = client_->Post("/api/v1/tasks/" + id + "/complete", R"({"skipped": true})");
  EXPECT_EQ(StrAt(skipped.Json(), "/outcome"), "skipped");
  EXPECT_EQ(client_->Get("/api/v1/tasks?status=maybe").status, 422);
  EXPECT_EQ(rep_->Get("/api/v1/tasks/" + id).status, 404);
}

TEST_F(RomanceApiTest, CadenceRulesAreForManagersAndValidated) {
  Reply list = rep_->Get("/api/v1/cadences");
  ASSERT_EQ(list.status, 200) << list.Summary();
  std::set<std::string> types;
  const auto rules = list.Json();
  for (const auto& r : rules.at("data").as_array()) types.insert(StrAt(r, "/type"));
  EXPECT_EQ(types, (std::set<std::string>{"touch_every", "after_order", "after_case_resolved", "after_stage"}));

  const json::object rule{{"name", "VIPs every 14 days"}, {"type", "touch_every"}, {"days", 14},
                          {"target", json::object{{"stages", json::array{"romance"}}, {"tag", "vip"}}}};
  EXPECT_EQ(rep_->Post("/api/v1/cadences", Dump(rule)).status, 403);
  Reply bad = client_->Post("/api/v1/cadences", Dump(json::object{{"type", "every_full_moon"}, {"days", -1},
                                                                 {"target", json::object{{"stages", json::array{"limbo"}}}}}));
  ASSERT_EQ(bad.status, 422) << bad.Summary();
  for (const char* f : {"name", "type", "days", "target.stages[0]"})
    EXPECT_TRUE(At(bad.Json(), std::string("/error/fields/") + f)) << f << ": " << bad.body;
  Reply no_stage = client_->Post("/api/v1/cadences", Dump(json::object{{"name", "x"}, {"type", "after_stage"}, {"days", 3}}));
  EXPECT_TRUE(no_stage.status == 422 && At(no_stage.Json(), "/error/fields/stage")) << no_stage.Summary();

  Reply made = client_->Post("/api/v1/cadences", Dump(rule));
  ASSERT_EQ(made.status, 201) << made.Summary();
  const std::string id = StrAt(made.Json(), "/id");
  EXPECT_EQ(StrAt(made.Json(), "/target/tag"), "vip");
  Reply stale = client_->Patch("/api/v1/cadences/" + id, R"({"days": 10})", {{"If-Match", "\"9\""}});
  EXPECT_EQ(stale.status, 412);
  Reply changed = client_->Patch("/api/v1/cadences/" + id, R"({"days": 10})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(changed.status, 200) << changed.Summary();
  EXPECT_EQ(IntAt(changed.Json(), "/days"), 10);
  EXPECT_EQ(rep_->Delete("/api/v1/cadences/" + id).status, 403);
  EXPECT_EQ(client_->Delete("/api/v1/cadences/" + id).status, 204);
  EXPECT_EQ(client_->Get("/api/v1/cadences/" + id).status, 404);
  auto audit = rapport_test::AuditEntries(*client_, "cadence.create");
  EXPECT_EQ(audit.size(), 1u);
}

TEST_F(RomanceApiTest, TodayListsForgottenCustomersWithTheirReasons) {
  const std::string c = NewCustomer("Long ago", "romance");
  const std::string fresh = NewCustomer("Just called", "romance");
  ASSERT_EQ(Log(c, {{"kind", "call"}, {"at", IsoDaysAgo(60)}}).status, 201);
  ASSERT_EQ(Log(fresh, {{"kind", "call"}}).status, 201);
  auto today = Today();
  const auto* f = Forgotten(today, c);
  ASSERT_TRUE(f) << Dump(today);
  EXPECT_EQ(StrAt(*f, "/reason").rfind("last personal touch 60 days ago; cadence 45 days", 0), 0u) << StrAt(*f, "/reason");
  EXPECT_EQ(IntAt(*f, "/cadence_days"), 45);
  EXPECT_FALSE(Forgotten(today, fresh));
  EXPECT_TRUE(At(today, "/scheduler/message"));
  EXPECT_TRUE(ActionKinds(c).contains("overdue_touch"));

  ASSERT_EQ(Log(c, {{"kind", "newsletter"}}).status, 201);
  EXPECT_TRUE(Forgotten(Today(), c)) << "a newsletter is not a personal touch";
  ASSERT_EQ(Log(c, {{"kind", "email"}, {"summary", "How are you doing?"}}).status, 201);
  EXPECT_FALSE(Forgotten(Today(), c));
  EXPECT_FALSE(ActionKinds(c).contains("overdue_touch"));

  // A rep's own Today, and who may look at whose.
  const std::string theirs = NewCustomer("Rep's forgotten", "romance", rep_.get());
  Reply rep_today = rep_->Get("/api/v1/today");
  ASSERT_EQ(rep_today.status, 200);
  EXPECT_TRUE(Forgotten(rep_today.Json(), theirs));
  EXPECT_EQ(rep_->Get("/api/v1/today?user_id=" + admin_id_).status, 403);
  EXPECT_TRUE(Forgotten(Today("?user_id=" + rep_id_), theirs));
  EXPECT_EQ(client_->Get("/api/v1/today?user_id=987654").status, 404);
  EXPECT_EQ(client_->Get("/api/v1/today?limit=0").status, 422);
  EXPECT_EQ(rep_->Get("/api/v1/today/team").status, 403);
  Reply team = client_->Get("/api/v1/today/team");
  ASSERT_EQ(team.status, 200) << team.Summary();
  bool rep_listed = false;
  const auto team_body = team.Json();
  for (const auto& o : team_body.at("owners").as_array())
    if (StrAt(o, "/owner_id") == rep_id_) {
      rep_listed = true;
      EXPECT_EQ(IntAt(o, "/forgotten"), 1);
    }
  EXPECT_TRUE(rep_listed) << team.body;
}

// Today's tasks carry their customer's name, so a screen shows the list without a request per task.
TEST_F(RomanceApiTest, TodaysTasksNameTheirCustomerAndCountPastThePage) {
  const std::string c = NewCustomer("Named on Today");
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(client_->Post("/api/v1/tasks", Dump(json::object{{"customer_id", c}, {"kind", "thank_you"}, {"title", "Call " + std::to_string(i)},
                                                                {"due_at", IsoDaysAgo(1 + i)}})).status, 201);
  const auto today = Today("?tasks_limit=2");
  EXPECT_EQ(IntAt(today, "/overdue_tasks/total"), 3);
  const auto* data = At(today, "/overdue_tasks/data");
  ASSERT_TRUE(data && data->is_array()) << Dump(today);
  ASSERT_EQ(data->as_array().size(), 2u);
  for (const auto& t : data->as_array()) {
    EXPECT_EQ(StrAt(t, "/customer_id"), c);
    EXPECT_EQ(StrAt(t, "/customer_name"), "Named on Today") << Dump(t);
  }
  EXPECT_EQ(StrAt(data->as_array()[0], "/title"), "Call 2") << "the most overdue first";
}

TEST_F(RomanceApiTest, TheSchedulerTurnsAnOrderIntoTasksOnce) {
  const std::string c = NewCustomer("Just bought");
  Reply order = client_->Post("/api/v1/orders", Dump(json::object{{"customer_id", c}, {"amount_cents", 9900}, {"margin_cents", 4000}}));
  ASSERT_EQ(order.status, 201) << order.Summary();
  EXPECT_EQ(rep_->Post("/api/v1/cadences/run").status, 403);
  Reply run = client_->Post("/api/v1/cadences/run");
  ASSERT_EQ(run.status, 200) << run.Summary();
  Reply tasks = client_->Get("/api/v1/tasks?customer_id=" + c);
  ASSERT_EQ(tasks.status, 200);
  std::set<std::string> kinds;
  const auto tasks_body = tasks.Json();
  for (const auto& t : tasks_body.at("data").as_array()) {
    kinds.insert(StrAt(t, "/kind"));
    EXPECT_EQ(StrAt(t, "/source"), "cadence");
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"thank_you", "post_purchase_conversation"})) << tasks.body;
  Reply again = client_->Post("/api/v1/cadences/run?full=true");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(IntAt(again.Json(), "/tasks_created"), 0) << again.body;
  EXPECT_EQ(client_->Get("/api/v1/tasks?customer_id=" + c).Json().at("data").as_array().size(), 2u);
  Reply status = client_->Get("/api/v1/cadences/scheduler");
  ASSERT_EQ(status.status, 200);
  EXPECT_FALSE(status.Json().at("stale").as_bool()) << status.body;
  EXPECT_EQ(client_->Post("/api/v1/cadences/run?full=maybe").status, 422);
}

}  // namespace
