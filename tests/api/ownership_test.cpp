// Record ownership (issue 4, docs/accounts.md "Who sees what"): a rep sees the customers they own
// and those of their team's members; a rep without a team shares nothing; managers and admins
// see everything. Another rep's customer is a 404 everywhere, with the same body as a customer
// that does not exist, and never shows up in lists, search or cursor pages. Only managers and
// admins give a customer to another user, and that is audited as customer.reassign.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::FreshServerSuite;
using rapport_test::HttpClient;
using rapport_test::IdText;
using rapport_test::Reply;
using rapport_test::StrAt;
using rapport_test::UrlEncode;
using rapport_test::Walk;

using IdSet = std::set<std::string>;

std::string Join(const IdSet& ids) {
  std::string out = "{";
  for (const auto& id : ids) out += (out.size() > 1 ? ", " : "") + id;
  return out + "}";
}

// Replaces every occurrence of `id` in `text` by "<id>".
std::string WithoutId(std::string text, const std::string& id) {
  for (std::size_t p = text.find(id); p != std::string::npos; p = text.find(id, p + 4))
    text.replace(p, id.size(), "<id>");
  return text;
}

// Follows next_cursor from the first page to the last; `query` has no cursor.
Walk WalkAll(HttpClient& client, const std::string& query) {
  return rapport_test::WalkPages(client, "/api/v1/customers?" + query, 1000);
}

// A server per test: the tests count exact sets of customers, users and audit entries.
class OwnershipTest : public FreshServerSuite {
 protected:
  struct Member {
    std::string id;
    std::unique_ptr<HttpClient> client;
    std::vector<std::string> customers;  // ids, in creation order
  };

  void SetUp() override {
    FreshServerSuite::SetUp();
    if (HasFatalFailure()) return;
    admin_.id = rapport_test::SelfId(*client_);
    admin_.client = std::make_unique<HttpClient>(server_->Client());
    ASSERT_NO_FATAL_FAILURE(AddUser(rep_a_, "repa@example.com", "Rep A", "rep", json::value("north")));
    ASSERT_NO_FATAL_FAILURE(AddUser(rep_b_, "repb@example.com", "Rep B", "rep", json::value("north")));
    ASSERT_NO_FATAL_FAILURE(AddUser(rep_c_, "repc@example.com", "Rep C", "rep", json::value(nullptr)));
    ASSERT_NO_FATAL_FAILURE(AddUser(manager_, "manager@example.com", "Manager", "manager", json::value(nullptr)));

    // Every customer's name has "Ownership" in it; each also has a word only its owner's
    // customers have, so q can aim at one owner.
    struct Plan {
      Member* owner;
      const char* word;
      int count;
    };
    for (const Plan& p : {Plan{&rep_a_, "Aardvark", 3}, Plan{&rep_b_, "Bumblebee", 2},
                          Plan{&rep_c_, "Xylophone", 2}, Plan{&manager_, "Marmot", 1},
                          Plan{&admin_, "Aubergine", 2}}) {
      for (int i = 0; i < p.count; ++i) {
        const std::string name = std::string("Ownership ") + p.word + " " + std::to_string(i);
        Reply r = p.owner->client->Post("/api/v1/customers", Dump(json::object{{"name", name}}));
        ASSERT_EQ(r.status, 201) << name << ": " << r.Summary();
        json::value c = r.Json();
        ASSERT_EQ(StrAt(c, "/owner_id"), p.owner->id) << "the creator owns the customer";
        p.owner->customers.push_back(StrAt(c, "/id"));
      }
    }
  }

  // A user made by the admin (no password: nobody signs in with it) and an API token for them.
  void AddUser(Member& m, const std::string& email, const std::string& name, const std::string& role,
               const json::value& team) {
    const rapport_test::UserAndToken made = rapport_test::CreateUserWithToken(
        *client_, {{"email", email}, {"name", name}, {"role", role}, {"team", team}}, "ownership test");
    ASSERT_FALSE(made.token.empty()) << email;
    m.id = made.id;
    m.client = std::make_unique<HttpClient>(server_->Client(made.token));
  }

  static IdSet Of(std::initializer_list<const Member*> members) {
    IdSet out;
    for (const Member* m : members) out.insert(m->customers.begin(), m->customers.end());
    return out;
  }
  IdSet Everything() const {
    IdSet all = Of({&rep_a_, &rep_b_, &rep_c_, &manager_, &admin_});
    return all;
  }

  // One page (limit 500) of ids for `query`, as `client` sees it.
  static IdSet List(HttpClient& client, const std::string& query) {
    Reply r = client.Get("/api/v1/customers?limit=500&" + query);
    EXPECT_EQ(r.status, 200) << query << " -> " << r.Summary();
    IdSet ids;
    if (r.status != 200) return ids;
    const json::value v = r.Json();
    for (const auto& item : v.at("data").as_array()) ids.insert(StrAt(item, "/id"));
    return ids;
  }

  // What `who` sees, checked every way there is: GET of each visible id, one page, q search,
  // and cursor pages of one (several sort orders) that give exactly the set, none twice.
  void ExpectSees(Member& who, const IdSet& expected, const std::string& label) {
    SCOPED_TRACE(label + " (user " + who.id + ")");
    for (const auto& id : expected) {
      Reply r = who.client->Get("/api/v1/customers/" + id);
      EXPECT_EQ(r.status, 200) << "GET " << id << ": " << r.Summary();
    }
    EXPECT_EQ(List(*who.client, ""), expected) << "expected " << Join(expected);
    EXPECT_EQ(List(*who.client, "q=ownership"), expected) << "q=ownership";
    for (const char* sort : {"-created_at", "name", "-updated_at"}) {
      for (const char* q : {"", "&q=ownership"}) {
        const std::string query = std::string("limit=1&sort=") + sort + q;
        Walk w = WalkAll(*who.client, query);
        ASSERT_TRUE(w.ok) << query;
        EXPECT_EQ(w.ids.size(), expected.size()) << query << ": every visible customer once";
        EXPECT_EQ(IdSet(w.ids.begin(), w.ids.end()), expected) << query;
      }
    }
  }

  // `who` must not see customer `id`: every customer route answers 404 exactly as for an id
  // that does not exist, and nothing about the customer changes.
  void ExpectHidden(Member& who, const std::string& id) {
    SCOPED_TRACE("customer " + id + " for user " + who.id);
    Reply before = admin_.client->Get("/api/v1/customers/" + id);
    ASSERT_EQ(before.status, 200) << before.Summary();

    const std::string missing = std::to_string(std::stoll(id) + 1000000);
    struct Call {
      const char* method;
      std::string suffix;
      std::string body;
    };
    const std::vector<Call> calls = {
        {"GET", "", ""},
        {"PATCH", "", R"({"name": "Taken over"})"},
        {"DELETE", "", ""},
        {"POST", "/stage", R"({"stage": "lead"})"},
        {"GET", "/history", ""},
        {"GET", "/export", ""},
    };
    for (const Call& call : calls) {
      Reply hidden = who.client->Send(call.method, "/api/v1/customers/" + id + call.suffix, call.body);
      Reply absent = who.client->Send(call.method, "/api/v1/customers/" + missing + call.suffix, call.body);
      EXPECT_EQ(hidden.status, 404) << call.method << " " << id << call.suffix << ": " << hidden.Summary();
      EXPECT_EQ(absent.status, 404) << call.method << " " << missing << call.suffix << ": " << absent.Summary();
      EXPECT_EQ(WithoutId(hidden.body, id), WithoutId(absent.body, missing))
          << call.method << call.suffix << ": a hidden customer must look exactly like a missing one";
      EXPECT_EQ(hidden.Header("content-type"), absent.Header("content-type"));
    }
    Reply after = admin_.client->Get("/api/v1/customers/" + id);
    ASSERT_EQ(after.status, 200) << after.Summary();
    EXPECT_EQ(after.Json(), before.Json()) << "a refused write changed the customer";
  }

  Member admin_, rep_a_, rep_b_, rep_c_, manager_;
};

TEST_F(OwnershipTest, RepSeesOwnAndTeammatesCustomers) {
  ExpectSees(rep_a_, Of({&rep_a_, &rep_b_}), "rep A");
  ExpectSees(rep_b_, Of({&rep_a_, &rep_b_}), "rep B");
  // q aimed at one teammate's customers finds exactly those.
  EXPECT_EQ(List(*rep_a_.client, "q=bumblebee"), Of({&rep_b_}));
  EXPECT_EQ(List(*rep_a_.client, "owner_id=" + rep_b_.id), Of({&rep_b_}));
  EXPECT_EQ(List(*rep_a_.client, "owner_id=" + rep_a_.id), Of({&rep_a_}));
  // A teammate's customer can be worked on.
  Reply patch = rep_a_.client->Patch("/api/v1/customers/" + rep_b_.customers[0],
                                     R"({"source": "team work"})");
  EXPECT_EQ(patch.status, 200) << patch.Summary();
  Reply stage = rep_a_.client->Post("/api/v1/customers/" + rep_b_.customers[0] + "/stage",
                                    R"({"stage": "lead"})");
  EXPECT_EQ(stage.status, 200) << stage.Summary();
}

TEST_F(OwnershipTest, OthersCustomersAreMissingForARep) {
  for (const auto& id : Of({&rep_c_, &admin_, &manager_})) ExpectHidden(rep_a_, id);
  // Not in lists, filters or search either.
  for (const Member* other : {&rep_c_, &admin_, &manager_}) {
    EXPECT_EQ(List(*rep_a_.client, "owner_id=" + other->id), IdSet{}) << "owner_id=" << other->id;
    EXPECT_EQ(List(*rep_a_.client, "owner_id=" + other->id + "&include_archived=true"), IdSet{});
  }
  EXPECT_EQ(List(*rep_a_.client, "q=xylophone"), IdSet{});
  EXPECT_EQ(List(*rep_a_.client, "q=aubergine"), IdSet{});
  EXPECT_EQ(List(*rep_a_.client, "q=" + UrlEncode("Ownership Xylophone 0")), IdSet{});
  EXPECT_EQ(List(*rep_a_.client, "include_archived=true"), Of({&rep_a_, &rep_b_}));
  // The same searches find them for the admin, so the empty answers above are the scope's doing.
  EXPECT_EQ(List(*client_, "q=xylophone"), Of({&rep_c_}));
  EXPECT_EQ(List(*client_, "owner_id=" + rep_c_.id), Of({&rep_c_}));
}

TEST_F(OwnershipTest, RepWithoutTeamSeesOnlyOwnCustomers) {
  ExpectSees(rep_c_, Of({&rep_c_}), "rep C (no team)");
  for (const auto& id : Of({&rep_a_, &rep_b_, &admin_, &manager_})) ExpectHidden(rep_c_, id);
  EXPECT_EQ(List(*rep_c_.client, "q=aardvark"), IdSet{});
  EXPECT_EQ(List(*rep_c_.client, "owner_id=" + rep_a_.id), IdSet{});
  // The fixture's rep (no team either) sees nothing of all this.
  HttpClient rep = server_->Client(server_->rep_token());
  Reply r = rep.Get("/api/v1/customers?limit=500&q=ownership");
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(r.Json().at("data").as_array().size(), 0u) << r.body;
}

TEST_F(OwnershipTest, ManagerAndAdminSeeEveryone) {
  ExpectSees(manager_, Everything(), "manager");
  ExpectSees(admin_, Everything(), "admin");
  EXPECT_EQ(List(*manager_.client, "owner_id=" + rep_c_.id), Of({&rep_c_}));
  EXPECT_EQ(List(*manager_.client, "q=xylophone"), Of({&rep_c_}));
}

TEST_F(OwnershipTest, RepCannotGiveACustomerToSomeoneElse) {
  const IdSet all_before = List(*client_, "include_archived=true");
  Reply audit_before = client_->Get("/api/v1/audit?limit=1");
  ASSERT_EQ(audit_before.status, 200) << audit_before.Summary();
  const std::string last_audit = StrAt(audit_before.Json(), "/data/0/id");

  // On create: to a teammate, to another rep, to the admin.
  for (const Member* other : {&rep_b_, &rep_c_, &admin_}) {
    Reply r = rep_a_.client->Post("/api/v1/customers",
                                  Dump(json::object{{"name", "Gift " + other->id}, {"owner_id", other->id}}));
    EXPECT_EQ(r.status, 403) << "create with owner_id " << other->id << ": " << r.Summary();
    EXPECT_EQ(StrAt(r.Json(), "/error/code"), "permission_denied") << r.body;
  }
  // On PATCH: their own customer and a teammate's.
  for (const std::string& id : {rep_a_.customers[0], rep_b_.customers[0]}) {
    for (const Member* other : {&rep_b_, &rep_c_, &manager_}) {
      if (other == &rep_b_ && id == rep_b_.customers[0]) continue;  // that is no change
      Reply before = client_->Get("/api/v1/customers/" + id);
      Reply r = rep_a_.client->Patch("/api/v1/customers/" + id,
                                     Dump(json::object{{"owner_id", other->id}, {"source", "moved"}}));
      EXPECT_EQ(r.status, 403) << "PATCH " << id << " owner_id " << other->id << ": " << r.Summary();
      EXPECT_EQ(StrAt(r.Json(), "/error/code"), "permission_denied") << r.body;
      Reply after = client_->Get("/api/v1/customers/" + id);
      EXPECT_EQ(after.Json(), before.Json()) << "a refused PATCH changed customer " << id;
    }
  }
  // Nothing was created and nothing was audited.
  EXPECT_EQ(List(*client_, "include_archived=true"), all_before);
  Reply audit_after = client_->Get("/api/v1/audit?limit=1");
  ASSERT_EQ(audit_after.status, 200) << audit_after.Summary();
  EXPECT_EQ(StrAt(audit_after.Json(), "/data/0/id"), last_audit) << audit_after.body;

  // Naming themselves is not a change of owner: allowed.
  Reply own = rep_a_.client->Post("/api/v1/customers",
                                  Dump(json::object{{"name", "Self assigned"}, {"owner_id", rep_a_.id}}));
  EXPECT_EQ(own.status, 201) << own.Summary();
  Reply same = rep_a_.client->Patch("/api/v1/customers/" + rep_b_.customers[0],
                                    Dump(json::object{{"owner_id", rep_b_.id}}));
  EXPECT_EQ(same.status, 200) << "keeping the current owner is no reassignment: " << same.Summary();
}

TEST_F(OwnershipTest, ManagerReassignsAndItIsAudited) {
  const std::string id = rep_a_.customers[0];
  Reply r = manager_.client->Patch("/api/v1/customers/" + id, Dump(json::object{{"owner_id", rep_c_.id}}));
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(StrAt(r.Json(), "/owner_id"), rep_c_.id);

  Reply audit = client_->Get("/api/v1/audit?customer_id=" + id);
  ASSERT_EQ(audit.status, 200) << audit.Summary();
  const json::value audit_json = audit.Json();
  const json::array& entries = audit_json.at("data").as_array();
  ASSERT_EQ(entries.size(), 2u) << "create and reassign: " << audit.body;
  const json::value& e = entries[0];  // newest first
  EXPECT_EQ(StrAt(e, "/action"), "customer.reassign") << Dump(e);
  EXPECT_EQ(StrAt(e, "/user_id"), manager_.id) << Dump(e);
  EXPECT_EQ(StrAt(e, "/entity_type"), "customer") << Dump(e);
  EXPECT_EQ(StrAt(e, "/entity_id"), id) << Dump(e);
  EXPECT_EQ(StrAt(e, "/customer_id"), id) << Dump(e);
  EXPECT_EQ(StrAt(e, "/client_address"), "127.0.0.1") << Dump(e);
  ASSERT_TRUE(At(e, "/changes") && At(e, "/changes")->is_object()) << Dump(e);
  EXPECT_EQ(e.at("changes").as_object().size(), 1u) << "only the owner changed: " << Dump(e);
  EXPECT_EQ(IdText(At(e, "/changes/owner_id/before")), rep_a_.id) << Dump(e);
  EXPECT_EQ(IdText(At(e, "/changes/owner_id/after")), rep_c_.id) << Dump(e);
  EXPECT_EQ(StrAt(entries[1], "/action"), "customer.create") << Dump(entries[1]);

  // The customer moved out of rep A's sight into rep C's.
  EXPECT_EQ(rep_a_.client->Get("/api/v1/customers/" + id).status, 404);
  EXPECT_EQ(rep_c_.client->Get("/api/v1/customers/" + id).status, 200);
  IdSet a_now = Of({&rep_a_, &rep_b_});
  a_now.erase(id);
  EXPECT_EQ(List(*rep_a_.client, ""), a_now);
  IdSet c_now = Of({&rep_c_});
  c_now.insert(id);
  EXPECT_EQ(List(*rep_c_.client, ""), c_now);

  // The admin reassigns too.
  Reply back = client_->Patch("/api/v1/customers/" + id, Dump(json::object{{"owner_id", rep_a_.id}}));
  ASSERT_EQ(back.status, 200) << back.Summary();
  Reply audit2 = client_->Get("/api/v1/audit?customer_id=" + id + "&limit=1");
  ASSERT_EQ(audit2.status, 200) << audit2.Summary();
  const json::value audit2_json = audit2.Json();
  const json::value& e2 = audit2_json.at("data").as_array().at(0);
  EXPECT_EQ(StrAt(e2, "/action"), "customer.reassign") << Dump(e2);
  EXPECT_EQ(StrAt(e2, "/user_id"), admin_.id) << Dump(e2);
  EXPECT_EQ(IdText(At(e2, "/changes/owner_id/before")), rep_c_.id) << Dump(e2);
  EXPECT_EQ(IdText(At(e2, "/changes/owner_id/after")), rep_a_.id) << Dump(e2);
}

TEST_F(OwnershipTest, LeavingTheTeamEndsSharing) {
  Reply r = client_->Patch("/api/v1/users/" + rep_b_.id, R"({"team": null})");
  ASSERT_EQ(r.status, 200) << r.Summary();
  ASSERT_TRUE(At(r.Json(), "/team") && At(r.Json(), "/team")->is_null()) << r.body;

  ExpectSees(rep_a_, Of({&rep_a_}), "rep A after B left");
  ExpectSees(rep_b_, Of({&rep_b_}), "rep B after leaving");
  for (const auto& id : rep_b_.customers) ExpectHidden(rep_a_, id);
  for (const auto& id : rep_a_.customers) ExpectHidden(rep_b_, id);
  EXPECT_EQ(List(*rep_a_.client, "q=bumblebee"), IdSet{});
  EXPECT_EQ(List(*rep_a_.client, "owner_id=" + rep_b_.id), IdSet{});

  // Joining again shares again; joining another team shares with that team only.
  Reply back = client_->Patch("/api/v1/users/" + rep_b_.id, R"({"team": "north"})");
  ASSERT_EQ(back.status, 200) << back.Summary();
  EXPECT_EQ(List(*rep_a_.client, ""), Of({&rep_a_, &rep_b_}));
  Reply south = client_->Patch("/api/v1/users/" + rep_c_.id, R"({"team": "south"})");
  ASSERT_EQ(south.status, 200) << south.Summary();
  EXPECT_EQ(List(*rep_a_.client, ""), Of({&rep_a_, &rep_b_}));
  EXPECT_EQ(List(*rep_c_.client, ""), Of({&rep_c_}));
}

}  // namespace
