// Appreciation events (issue 5): events (managers and admins create and change them), invitations
// (once per event, re-inviting reports who was invited already), responses and attendance with the
// capacity enforced, a customer's invitations, and the target list (most valuable customers not
// invited since a date).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
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

std::string DateText(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::chrono::sys_days Today() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

class EventsTest : public rapport_test::FreshServerWithIdsSuite {
 protected:
  std::string NewCustomer(const std::string& name, HttpClient* as = nullptr) {
    Reply r = (as ? *as : *client_).Post("/api/v1/customers", Dump(json::object{{"name", name}}));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? StrAt(r.Json(), "/id") : "";
  }

  std::string Order(const std::string& customer, std::int64_t amount) {
    Reply r = client_->Post("/api/v1/orders", Dump(json::object{{"customer_id", customer}, {"amount_cents", amount}}));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? StrAt(r.Json(), "/id") : "";
  }

  json::value NewEvent(json::object body) {
    if (!body.contains("name")) body["name"] = "Summer garden party";
    if (!body.contains("starts_at")) body["starts_at"] = "2030-06-21T17:00:00Z";
    Reply r = client_->Post("/api/v1/events", Dump(body));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? r.Json() : json::value();
  }

  Reply Invite(const std::string& event, const std::vector<std::string>& customers, HttpClient* as = nullptr) {
    json::array ids;
    for (const auto& c : customers) ids.emplace_back(c);
    return (as ? *as : *client_).Post("/api/v1/events/" + event + "/invitations",
                                       Dump(json::object{{"customer_ids", ids}}));
  }

  Reply Respond(const std::string& event, const std::string& customer, const std::string& body) {
    return client_->Patch("/api/v1/events/" + event + "/invitations/" + customer, body);
  }

  void ExpectInvalid(const Reply& r, const std::vector<std::string>& fields) {
    EXPECT_EQ(r.status, 422) << r.Summary();
    if (r.status != 422) return;
    const json::value v = r.Json();
    for (const auto& f : fields) EXPECT_NE(At(v, "/error/fields/" + f), nullptr) << "field " << f << ": " << r.body;
  }

  static std::vector<std::string> Strings(const json::value& v, std::string_view pointer) {
    std::vector<std::string> out;
    const json::value* a = At(v, pointer);
    if (!a || !a->is_array()) return out;
    for (const auto& e : a->as_array()) out.emplace_back(e.as_string());
    return out;
  }
};

TEST_F(EventsTest, ManagersCreateAndChangeEventsEveryoneReads) {
  Reply by_rep = rep_->Post("/api/v1/events", R"({"name": "Rep party", "starts_at": "2030-01-01T18:00:00Z", "online": true})");
  EXPECT_EQ(by_rep.status, 403) << by_rep.Summary();
  ExpectInvalid(client_->Post("/api/v1/events", "{}"), {"name", "starts_at", "place"});
  ExpectInvalid(client_->Post("/api/v1/events", R"({"name": "x", "starts_at": "tomorrow", "online": true, "capacity": 0, "dress": "smart"})"),
                {"starts_at", "capacity", "dress"});
  ExpectInvalid(client_->Post("/api/v1/events", R"({"name": "x", "starts_at": "2030-01-01T18:00:00Z"})"), {"place"});

  json::value e = NewEvent({{"place", "Rooftop, 5 Main St"}, {"capacity", 2}});
  ASSERT_FALSE(e.is_null());
  const std::string id = StrAt(e, "/id");
  EXPECT_EQ(StrAt(e, "/name"), "Summer garden party");
  EXPECT_EQ(StrAt(e, "/starts_at"), "2030-06-21T17:00:00.000Z");
  EXPECT_EQ(StrAt(e, "/place"), "Rooftop, 5 Main St");
  EXPECT_EQ(At(e, "/online")->as_bool(), false);
  EXPECT_EQ(IntAt(e, "/capacity"), 2);
  EXPECT_EQ(IntAt(e, "/seats_left"), 2);
  EXPECT_EQ(IntAt(e, "/invitations/invited"), 0);
  EXPECT_EQ(IntAt(e, "/version"), 1);

  json::value online = NewEvent({{"name", "Product webinar"}, {"online", true}});
  EXPECT_TRUE(IsNullAt(online, "/place"));
  EXPECT_TRUE(IsNullAt(online, "/capacity"));
  EXPECT_TRUE(IsNullAt(online, "/seats_left"));

  // Everyone reads; newest first.
  Reply got = rep_->Get("/api/v1/events/" + id);
  ASSERT_EQ(got.status, 200) << got.Summary();
  EXPECT_EQ(got.Header("etag"), "\"1\"");
  json::value list = rapport_test::GetJson(*rep_, "/api/v1/events");
  ASSERT_TRUE(list.is_object());
  ASSERT_EQ(list.at("data").as_array().size(), 2u);
  EXPECT_EQ(StrAt(list, "/data/0/id"), StrAt(online, "/id"));
  EXPECT_EQ(client_->Get("/api/v1/events/999999").status, 404);

  // Changes: managers and admins, If-Match checked, unchanged fields left alone.
  EXPECT_EQ(rep_->Patch("/api/v1/events/" + id, R"({"capacity": 3})").status, 403);
  EXPECT_EQ(client_->Patch("/api/v1/events/" + id, R"({"capacity": 3})", {{"If-Match", "\"7\""}}).status, 412);
  Reply p = client_->Patch("/api/v1/events/" + id, R"({"capacity": 3, "name": "Midsummer party"})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(p.status, 200) << p.Summary();
  EXPECT_EQ(StrAt(p.Json(), "/name"), "Midsummer party");
  EXPECT_EQ(IntAt(p.Json(), "/capacity"), 3);
  EXPECT_EQ(IntAt(p.Json(), "/version"), 2);
  EXPECT_EQ(StrAt(p.Json(), "/place"), "Rooftop, 5 Main St");
  ExpectInvalid(client_->Patch("/api/v1/events/" + id, R"({"place": null})"), {"place"});
  ExpectInvalid(client_->Patch("/api/v1/events/" + id, R"({"name": ""})"), {"name"});
  Reply same = client_->Patch("/api/v1/events/" + id, R"({"capacity": 3})");
  ASSERT_EQ(same.status, 200);
  EXPECT_EQ(IntAt(same.Json(), "/version"), 2) << "a change to nothing writes nothing";
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "event.create").size(), 2u);
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "event.update").size(), 1u);
}

TEST_F(EventsTest, InvitationsOncePerEventAndTheCapacityHolds) {
  const std::string id = StrAt(NewEvent({{"place", "The old mill"}, {"capacity", 2}}), "/id");
  std::vector<std::string> c;
  for (int i = 1; i <= 5; ++i) c.push_back(NewCustomer("Guest " + std::to_string(i)));

  Reply first = Invite(id, {c[0], c[1], c[2]});
  ASSERT_EQ(first.status, 200) << first.Summary();
  EXPECT_EQ(Strings(first.Json(), "/invited"), (std::vector<std::string>{c[0], c[1], c[2]}));
  EXPECT_TRUE(Strings(first.Json(), "/already_invited").empty());
  EXPECT_EQ(IntAt(first.Json(), "/event/invitations/invited"), 3);
  EXPECT_EQ(IntAt(first.Json(), "/event/invitations/pending"), 3);

  Reply again = Invite(id, {c[0], c[3], c[3]});
  ASSERT_EQ(again.status, 200) << again.Summary();
  EXPECT_EQ(Strings(again.Json(), "/invited"), (std::vector<std::string>{c[3]}));
  EXPECT_EQ(Strings(again.Json(), "/already_invited"), (std::vector<std::string>{c[0]}));
  EXPECT_EQ(IntAt(again.Json(), "/event/invitations/invited"), 4);
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "event.invite").size(), 4u);

  ExpectInvalid(Invite(id, {c[4], "999999"}), {"customer_ids[1]"});
  ExpectInvalid(Invite(id, {}), {"customer_ids"});
  ExpectInvalid(client_->Post("/api/v1/events/" + id + "/invitations", R"({"customer_ids": ["x"]})"), {"customer_ids[0]"});
  ExpectInvalid(Invite(id, {c[4]}, rep_.get()), {"customer_ids[0]"});  // not the rep's customer
  EXPECT_EQ(Invite("999999", {c[4]}).status, 404);

  // Accept up to the capacity; one more is refused with the capacity in the message.
  Reply a0 = Respond(id, c[0], R"({"response": "accepted"})");
  ASSERT_EQ(a0.status, 200) << a0.Summary();
  EXPECT_EQ(StrAt(a0.Json(), "/response"), "accepted");
  EXPECT_FALSE(IsNullAt(a0.Json(), "/responded_at"));
  EXPECT_TRUE(IsNullAt(a0.Json(), "/attended"));
  EXPECT_EQ(StrAt(a0.Json(), "/event_name"), "Summer garden party");
  ASSERT_EQ(Respond(id, c[1], R"({"response": "accepted"})").status, 200);
  Reply full = Respond(id, c[2], R"({"response": "accepted"})");
  ASSERT_EQ(full.status, 409) << full.Summary();
  EXPECT_NE(StrAt(full.Json(), "/error/message").find("capacity is 2"), std::string::npos) << full.body;
  // Accepting again what is accepted already is no new seat.
  EXPECT_EQ(Respond(id, c[1], R"({"response": "accepted"})").status, 200);
  // The capacity cannot fall below the accepted invitations.
  EXPECT_EQ(client_->Patch("/api/v1/events/" + id, R"({"capacity": 1})").status, 409);

  // A decline frees a seat.
  ASSERT_EQ(Respond(id, c[0], R"({"response": "declined"})").status, 200);
  Reply a2 = Respond(id, c[2], R"({"response": "accepted", "attended": true})");
  ASSERT_EQ(a2.status, 200) << a2.Summary();
  EXPECT_EQ(At(a2.Json(), "/attended")->as_bool(), true);
  ASSERT_EQ(Respond(id, c[1], R"({"attended": false})").status, 200);

  json::value e = rapport_test::GetJson(*client_, "/api/v1/events/" + id);
  EXPECT_EQ(IntAt(e, "/invitations/invited"), 4);
  EXPECT_EQ(IntAt(e, "/invitations/accepted"), 2);
  EXPECT_EQ(IntAt(e, "/invitations/declined"), 1);
  EXPECT_EQ(IntAt(e, "/invitations/pending"), 1);
  EXPECT_EQ(IntAt(e, "/invitations/attended"), 1);
  EXPECT_EQ(IntAt(e, "/seats_left"), 0);

  // Lifting the limit lets the last one in.
  Reply unlimited = client_->Patch("/api/v1/events/" + id, R"({"capacity": null})");
  ASSERT_EQ(unlimited.status, 200) << unlimited.Summary();
  EXPECT_TRUE(IsNullAt(unlimited.Json(), "/seats_left"));
  EXPECT_EQ(Respond(id, c[3], R"({"response": "accepted"})").status, 200);

  // Errors.
  EXPECT_EQ(Respond(id, c[4], R"({"response": "accepted"})").status, 404) << "not invited";
  EXPECT_EQ(Respond(id, "999999", R"({"response": "accepted"})").status, 404);
  EXPECT_EQ(Respond("999999", c[0], R"({"response": "accepted"})").status, 404);
  ExpectInvalid(Respond(id, c[0], R"({"response": "maybe"})"), {"response"});
  ExpectInvalid(Respond(id, c[0], R"({"attended": "yes"})"), {"attended"});
  ExpectInvalid(Respond(id, c[0], R"({})"), {"response"});
  EXPECT_EQ(rep_->Patch("/api/v1/events/" + id + "/invitations/" + c[0], R"({"response": "accepted"})").status, 404);

  // The event's invitations, by customer; one customer's invitations (for the timeline).
  json::value inv = rapport_test::GetJson(*client_, "/api/v1/events/" + id + "/invitations");
  ASSERT_TRUE(inv.is_object());
  ASSERT_EQ(inv.at("data").as_array().size(), 4u);
  EXPECT_EQ(StrAt(inv, "/data/0/customer_id"), c[0]);
  EXPECT_EQ(StrAt(inv, "/data/0/response"), "declined");
  EXPECT_EQ(StrAt(inv, "/data/0/customer_name"), "Guest 1");
  EXPECT_EQ(StrAt(inv, "/data/2/response"), "accepted");
  const rapport_test::Walk walk = rapport_test::WalkPages(*client_, "/api/v1/events/" + id + "/invitations?limit=3");
  ASSERT_TRUE(walk.ok);
  EXPECT_EQ(walk.page_sizes, (std::vector<std::size_t>{3, 1}));
  json::value rep_inv = rapport_test::GetJson(*rep_, "/api/v1/events/" + id + "/invitations");
  ASSERT_TRUE(rep_inv.is_object());
  EXPECT_TRUE(rep_inv.at("data").as_array().empty()) << "the rep sees none of these customers";

  json::value mine = rapport_test::GetJson(*client_, "/api/v1/customers/" + c[2] + "/invitations");
  ASSERT_TRUE(mine.is_object());
  ASSERT_EQ(mine.at("data").as_array().size(), 1u);
  EXPECT_EQ(StrAt(mine, "/data/0/event_id"), id);
  EXPECT_EQ(StrAt(mine, "/data/0/response"), "accepted");
  EXPECT_EQ(At(mine, "/data/0/attended")->as_bool(), true);
  EXPECT_EQ(StrAt(mine, "/data/0/event_starts_at"), "2030-06-21T17:00:00.000Z");
  EXPECT_EQ(rep_->Get("/api/v1/customers/" + c[2] + "/invitations").status, 404);
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "event.invitation").size(), 6u);
}

TEST_F(EventsTest, TargetsRankByLifetimeNetRevenueAndLeaveOutTheInvited) {
  const std::string t1 = NewCustomer("Top spender"), t2 = NewCustomer("Second"), t3 = NewCustomer("Refunded"),
                    t4 = NewCustomer("Small"), t5 = NewCustomer("Never bought");
  Order(t1, 50000);
  Order(t2, 30000);
  const std::string cancelled = Order(t2, 99999);
  ASSERT_EQ(client_->Post("/api/v1/orders/" + cancelled + "/cancel", R"({"reason": "mistake"})").status, 200);
  const std::string refunded = Order(t3, 40000);
  ASSERT_EQ(client_->Post("/api/v1/orders/" + refunded + "/refund", R"({"amount_cents": 20000, "reason": "half back"})").status, 200);
  Order(t4, 6000);
  Order(t4, 4000);
  (void)t5;

  auto targets = [&](const std::string& query, HttpClient* as = nullptr) {
    std::vector<std::string> out;  // "id:value"
    json::value v = rapport_test::GetJson(as ? *as : *client_, "/api/v1/events/targets" + query);
    if (!v.is_object()) return out;
    for (const auto& row : v.at("data").as_array())
      out.push_back(StrAt(row, "/customer_id") + ":" + std::to_string(IntAt(row, "/value_cents")));
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(targets(""), (V{t1 + ":50000", t2 + ":30000", t3 + ":20000", t4 + ":10000"}));
  json::value first = rapport_test::GetJson(*client_, "/api/v1/events/targets?limit=1");
  const std::string year = DateText(Today()).substr(0, 4);
  EXPECT_EQ(StrAt(first, "/not_invited_since"), year + "-01-01");
  EXPECT_EQ(StrAt(first, "/data/0/name"), "Top spender");
  EXPECT_EQ(IntAt(first, "/data/0/orders"), 1);
  EXPECT_TRUE(IsNullAt(first, "/data/0/last_invited_at"));

  // Invited this year: left out of this year's list, back in a list of those not invited since tomorrow.
  const std::string event = StrAt(NewEvent({{"online", true}}), "/id");
  ASSERT_EQ(Invite(event, {t1, t3}).status, 200);
  EXPECT_EQ(targets(""), (V{t2 + ":30000", t4 + ":10000"}));
  EXPECT_EQ(targets("?limit=1"), (V{t2 + ":30000"}));
  const std::string tomorrow = DateText(Today() + std::chrono::days(1));
  EXPECT_EQ(targets("?not_invited_since=" + tomorrow), (V{t1 + ":50000", t2 + ":30000", t3 + ":20000", t4 + ":10000"}));
  json::value later = rapport_test::GetJson(*client_, "/api/v1/events/targets?limit=1&not_invited_since=" + tomorrow);
  EXPECT_FALSE(IsNullAt(later, "/data/0/last_invited_at"));

  // By lifecycle stage.
  ASSERT_EQ(client_->Post("/api/v1/customers/" + t4 + "/stage", R"({"stage": "romance"})").status, 200);
  EXPECT_EQ(targets("?stage=romance"), (V{t4 + ":10000"}));
  EXPECT_EQ(targets("?stage=order"), (V{t2 + ":30000"}));

  // A rep ranks their own customers only.
  const std::string mine = NewCustomer("Rep's best", rep_.get());
  ASSERT_EQ(rep_->Post("/api/v1/orders", Dump(json::object{{"customer_id", mine}, {"amount_cents", 700}})).status, 201);
  EXPECT_EQ(targets("", rep_.get()), (V{mine + ":700"}));

  ExpectInvalid(client_->Get("/api/v1/events/targets?not_invited_since=2026-13-01&stage=courting&limit=0"),
                {"not_invited_since", "stage", "limit"});
  ExpectInvalid(client_->Get("/api/v1/events/targets?top=5"), {"top"});
}

}  // namespace
