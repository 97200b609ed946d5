// The audit log (issue 4, docs/accounts.md "Audit log"): every write appends exactly one entry
// naming who (user_id), from where (client_address), what (action, entity, customer) and the
// before/after of each changed field; GET /api/v1/audit filters by customer, user and time and
// pages newest first; reps may not read it; nothing can change it. The customer export carries
// the customer's audit entries with its stage history.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <regex>
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
using rapport_test::FreshServerWithIdsSuite;
using rapport_test::Headers;
using rapport_test::HttpClient;
using rapport_test::IsNullAt;
using rapport_test::RapportServer;
using rapport_test::Reply;
using rapport_test::StrAt;
using rapport_test::UrlEncode;

const std::regex kTimestamp(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");

long long Num(const std::string& id) { return std::stoll(id); }

// Audit values that hold ids (owner_id, company_id, user_id) are written as JSON numbers while
// the rest of the API writes ids as strings; compare them as strings.
json::value NormalizeIds(json::value changes) {
  if (!changes.is_object()) return changes;
  for (auto& [field, change] : changes.as_object()) {
    if (field != "owner_id" && field != "company_id" && field != "user_id") continue;
    if (!change.is_object()) continue;
    for (const char* side : {"before", "after"}) {
      auto it = change.as_object().find(side);
      if (it == change.as_object().end()) continue;
      if (it->value().is_int64()) it->value() = std::to_string(it->value().get_int64());
      else if (it->value().is_uint64()) it->value() = std::to_string(it->value().get_uint64());
    }
  }
  return changes;
}

json::value J(json::value v) { return v; }
json::value J(const std::string& s) { return json::value(s); }
json::value J(const char* s) { return json::value(s); }

template <class Before, class After>
json::object Change(const Before& before, const After& after) {
  return json::object{{"before", J(before)}, {"after", J(after)}};
}

json::value Null() { return json::value(nullptr); }

// A server per test: the tests count exact sets of customers, users and audit entries.
class AuditTest : public FreshServerWithIdsSuite {
 protected:
  // The newest entry's id ("0" when there is none): entries after it are what a step wrote.
  std::string Marker() {
    Reply r = client_->Get("/api/v1/audit?limit=1");
    EXPECT_EQ(r.status, 200) << r.Summary();
    if (r.status != 200) return "0";
    const json::value v = r.Json();
    const auto& data = v.at("data").as_array();
    return data.empty() ? "0" : StrAt(data[0], "/id");
  }

  // Every entry (newest first), for `query`, following the cursor.
  std::vector<json::value> All(const std::string& query = "", int limit = 1000) {
    const std::string target = "/api/v1/audit?limit=" + std::to_string(limit) + (query.empty() ? "" : "&" + query);
    return rapport_test::WalkPages(*client_, target, 1000).items;
  }

  // The entries written after `marker`, newest first.
  std::vector<json::value> After(const std::string& marker) {
    std::vector<json::value> out;
    for (auto& e : All()) {
      if (Num(StrAt(e, "/id")) > Num(marker)) out.push_back(std::move(e));
    }
    return out;
  }

  // Exactly one entry written after `marker`; returns it (null, with a failure, otherwise).
  json::value OnlyEntryAfter(const std::string& marker, const std::string& what) {
    std::vector<json::value> entries = After(marker);
    std::string dump;
    for (const auto& e : entries) dump += "\n  " + Dump(e);
    EXPECT_EQ(entries.size(), 1u) << what << " should leave exactly one entry; got:" << dump;
    return entries.size() == 1 ? entries[0] : json::value();
  }

  // Checks the fixed fields of an entry; `changes` is compared exactly (ids as strings).
  static void ExpectEntry(const json::value& e, const std::string& action, const json::value& user_id,
                          const std::string& entity_type, const json::value& entity_id,
                          const json::value& customer_id, const json::value& changes) {
    ASSERT_TRUE(e.is_object()) << Dump(e);
    EXPECT_EQ(StrAt(e, "/action"), action) << Dump(e);
    EXPECT_EQ(e.at("user_id"), user_id) << Dump(e);
    EXPECT_EQ(StrAt(e, "/client_address"), "127.0.0.1") << Dump(e);
    EXPECT_EQ(StrAt(e, "/entity_type"), entity_type) << Dump(e);
    EXPECT_EQ(e.at("entity_id"), entity_id) << Dump(e);
    EXPECT_EQ(e.at("customer_id"), customer_id) << Dump(e);
    EXPECT_TRUE(std::regex_match(StrAt(e, "/at"), kTimestamp)) << Dump(e);
    ASSERT_NE(At(e, "/changes"), nullptr) << Dump(e);
    EXPECT_EQ(NormalizeIds(e.at("changes")), changes) << Dump(e);
  }

  json::value CreateCustomer(const json::value& body, HttpClient* as = nullptr) {
    Reply r = (as ? *as : *client_).Post("/api/v1/customers", Dump(body));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? r.Json() : json::value();
  }
  json::value Patch(const std::string& id, const json::value& body) {
    Reply r = client_->Patch("/api/v1/customers/" + id, Dump(body));
    EXPECT_EQ(r.status, 200) << Dump(body) << " -> " << r.Summary();
    return r.status == 200 ? r.Json() : json::value();
  }
  json::value Stage(const std::string& id, const json::value& body) {
    Reply r = client_->Post("/api/v1/customers/" + id + "/stage", Dump(body));
    EXPECT_EQ(r.status, 200) << Dump(body) << " -> " << r.Summary();
    return r.status == 200 ? r.Json() : json::value();
  }

};

TEST_F(AuditTest, CustomerCreateListsEverySetFieldWithBeforeNull) {
  json::value company = CreateCustomer(json::parse(R"({"kind": "company", "name": "Audit Engines Ltd"})"));
  const std::string company_id = StrAt(company, "/id");
  const std::string marker = Marker();
  json::value body = json::parse(R"({
    "kind": "person",
    "name": "Ada Audit",
    "email": "ada.audit@example.org",
    "phone": "+44 20 7946 0018",
    "address": {"street": "12 St James's Square", "city": "London", "region": "Greater London",
                "postal_code": "SW1Y 4JH", "country": "GB"},
    "time_zone": "Europe/London",
    "source": "referral",
    "acquisition_cost_cents": 12345,
    "tags": ["vip", "engine"],
    "custom": {"industry": "computing", "seats": 12, "nested": {"a": [1, "two", null]}},
    "notes": {"expectations": "Precise numbers", "preferences": "Letters", "idiosyncrasies": "Signs as A.A.L."}
  })");
  body.as_object()["company_id"] = company_id;
  json::value c = CreateCustomer(body);
  ASSERT_TRUE(c.is_object());
  const std::string id = StrAt(c, "/id");

  json::object expected{
      {"kind", Change(Null(), "person")},
      {"name", Change(Null(), "Ada Audit")},
      {"company_id", Change(Null(), company_id)},
      {"email", Change(Null(), "ada.audit@example.org")},
      {"phone", Change(Null(), "+44 20 7946 0018")},
      {"address.street", Change(Null(), "12 St James's Square")},
      {"address.city", Change(Null(), "London")},
      {"address.region", Change(Null(), "Greater London")},
      {"address.postal_code", Change(Null(), "SW1Y 4JH")},
      {"address.country", Change(Null(), "GB")},
      {"time_zone", Change(Null(), "Europe/London")},
      {"source", Change(Null(), "referral")},
      {"owner_id", Change(Null(), admin_id_)},
      {"acquisition_cost_cents", Change(Null(), 12345)},
      {"tags", Change(Null(), json::array{"vip", "engine"})},
      {"custom.industry", Change(Null(), "computing")},
      {"custom.seats", Change(Null(), 12)},
      {"custom.nested", Change(Null(), json::parse(R"({"a": [1, "two", null]})"))},
      {"notes.expectations", Change(Null(), "Precise numbers")},
      {"notes.preferences", Change(Null(), "Letters")},
      {"notes.idiosyncrasies", Change(Null(), "Signs as A.A.L.")},
      {"stage", Change(Null(), "contact")},
  };
  json::value e = OnlyEntryAfter(marker, "POST /customers");
  ExpectEntry(e, "customer.create", json::value(admin_id_), "customer", json::value(id), json::value(id), expected);
  if (e.is_object()) {
    EXPECT_EQ(StrAt(e, "/at"), StrAt(c, "/created_at")) << "the entry is the write's";
  }

  // A minimal customer: only what is set (the defaults are values too).
  const std::string marker2 = Marker();
  json::value minimal = CreateCustomer(json::parse(R"({"name": "Minimal Audit"})"), rep_.get());
  const std::string mid = StrAt(minimal, "/id");
  ExpectEntry(OnlyEntryAfter(marker2, "POST /customers (minimal, by the rep)"), "customer.create",
              json::value(rep_id_), "customer", json::value(mid), json::value(mid),
              json::object{{"kind", Change(Null(), "person")},
                           {"name", Change(Null(), "Minimal Audit")},
                           {"owner_id", Change(Null(), rep_id_)},
                           {"acquisition_cost_cents", Change(Null(), 0)},
                           {"stage", Change(Null(), "contact")}});
}

TEST_F(AuditTest, PatchRecordsOnlyTheChangedFields) {
  json::value c = CreateCustomer(json::parse(R"({
    "name": "Patch Me", "email": "patch.me@example.org", "phone": "+1 555 0100",
    "address": {"city": "Lyon", "country": "FR"}, "custom": {"industry": "wine", "size": 3},
    "tags": ["a"], "notes": {"preferences": "Mornings"}})"));
  const std::string id = StrAt(c, "/id");
  const json::value cid(id);

  // name and address.city change; the same email again is no change.
  std::string marker = Marker();
  json::value after = Patch(id, json::parse(R"({"name": "Patched", "address": {"city": "Paris"},
                                                "email": "patch.me@example.org"})"));
  json::value e = OnlyEntryAfter(marker, "PATCH name, address.city");
  ExpectEntry(e, "customer.update", json::value(admin_id_), "customer", cid, cid,
              json::object{{"name", Change("Patch Me", "Patched")},
                           {"address.city", Change("Lyon", "Paris")}});
  if (e.is_object()) {
    EXPECT_EQ(StrAt(e, "/at"), StrAt(after, "/updated_at"));
  }

  // Clearing, adding and changing custom fields, tags and notes.
  marker = Marker();
  Patch(id, json::parse(R"({"phone": null, "custom": {"industry": "cheese", "size": null, "since": 2019},
                            "tags": ["a", "b"], "notes": {"preferences": null, "expectations": "Fast"}})"));
  ExpectEntry(OnlyEntryAfter(marker, "PATCH phone, custom, tags, notes"), "customer.update",
              json::value(admin_id_), "customer", cid, cid,
              json::object{{"phone", Change("+1 555 0100", Null())},
                           {"custom.industry", Change("wine", "cheese")},
                           {"custom.size", Change(3, Null())},
                           {"custom.since", Change(Null(), 2019)},
                           {"tags", Change(json::array{"a"}, json::array{"a", "b"})},
                           {"notes.preferences", Change("Mornings", Null())},
                           {"notes.expectations", Change(Null(), "Fast")}});

  // A PATCH that changes nothing writes nothing: no entry, and the version (the ETag) stays.
  marker = Marker();
  const std::string version_before = client_->Get("/api/v1/customers/" + id).Header("etag");
  json::value same = Patch(id, json::parse(R"({"name": "Patched", "address": {"city": "Paris"}})"));
  EXPECT_EQ(After(marker).size(), 0u);
  EXPECT_EQ(client_->Get("/api/v1/customers/" + id).Header("etag"), version_before);

  // By the rep, on their own customer: the rep is named.
  json::value mine = CreateCustomer(json::parse(R"({"name": "Rep Patch"})"), rep_.get());
  const std::string mid = StrAt(mine, "/id");
  marker = Marker();
  Reply r = rep_->Patch("/api/v1/customers/" + mid, R"({"source": "fair"})");
  ASSERT_EQ(r.status, 200) << r.Summary();
  ExpectEntry(OnlyEntryAfter(marker, "rep PATCH"), "customer.update", json::value(rep_id_), "customer",
              json::value(mid), json::value(mid), json::object{{"source", Change(Null(), "fair")}});

  // A refused PATCH (validation) writes nothing.
  marker = Marker();
  Reply bad = client_->Patch("/api/v1/customers/" + id, R"({"email": "not an email"})");
  EXPECT_EQ(bad.status, 422) << bad.Summary();
  EXPECT_EQ(After(marker).size(), 0u);
}

TEST_F(AuditTest, StageChangeRecordsStageAndReason) {
  json::value c = CreateCustomer(json::parse(R"({"name": "Stage Audit"})"));
  const std::string id = StrAt(c, "/id");
  const json::value cid(id);

  std::string marker = Marker();
  json::value moved = Stage(id, json::parse(R"({"stage": "lead"})"));
  json::value e = OnlyEntryAfter(marker, "stage contact -> lead");
  ExpectEntry(e, "customer.stage", json::value(admin_id_), "customer", cid, cid,
              json::object{{"stage", Change("contact", "lead")}});
  if (e.is_object()) {
    EXPECT_EQ(StrAt(e, "/at"), StrAt(moved, "/customer/stage_changed_at"));
  }

  // A move through several stages (two transitions) is one entry.
  marker = Marker();
  moved = Stage(id, json::parse(R"({"stage": "negotiation"})"));
  ASSERT_EQ(moved.at("transitions").as_array().size(), 2u) << Dump(moved);
  ExpectEntry(OnlyEntryAfter(marker, "stage lead -> negotiation"), "customer.stage", json::value(admin_id_),
              "customer", cid, cid, json::object{{"stage", Change("lead", "negotiation")}});

  // Lost, with the reason and the competitor.
  marker = Marker();
  Stage(id, json::parse(R"({"stage": "lost", "reason": "Chose a cheaper offer", "competitor": "Acme"})"));
  ExpectEntry(OnlyEntryAfter(marker, "stage -> lost"), "customer.stage", json::value(admin_id_), "customer",
              cid, cid,
              json::object{{"stage", Change("negotiation", "lost")},
                           {"reason", Change(Null(), "Chose a cheaper offer")},
                           {"competitor", Change(Null(), "Acme")}});

  // A refused move writes nothing.
  marker = Marker();
  Reply bad = client_->Post("/api/v1/customers/" + id + "/stage", R"({"stage": "romance"})");
  EXPECT_EQ(bad.status, 409) << bad.Summary();
  EXPECT_EQ(After(marker).size(), 0u);
}

TEST_F(AuditTest, ArchiveRecordsArchivedAt) {
  json::value c = CreateCustomer(json::parse(R"({"name": "Archive Audit"})"));
  const std::string id = StrAt(c, "/id");
  std::string marker = Marker();
  Reply del = client_->Delete("/api/v1/customers/" + id);
  ASSERT_EQ(del.status, 204) << del.Summary();
  Reply got = client_->Get("/api/v1/customers/" + id);
  ASSERT_EQ(got.status, 200) << got.Summary();
  const std::string archived_at = StrAt(got.Json(), "/archived_at");
  ASSERT_TRUE(std::regex_match(archived_at, kTimestamp)) << got.body;
  json::value e = OnlyEntryAfter(marker, "DELETE (archive)");
  ExpectEntry(e, "customer.archive", json::value(admin_id_), "customer", json::value(id), json::value(id),
              json::object{{"archived_at", Change(Null(), archived_at)}});
  if (e.is_object()) {
    EXPECT_EQ(StrAt(e, "/at"), archived_at);
  }

  // Archiving again changes nothing and writes nothing.
  marker = Marker();
  Reply again = client_->Delete("/api/v1/customers/" + id);
  EXPECT_EQ(again.status, 204) << again.Summary();
  EXPECT_EQ(After(marker).size(), 0u);
}

TEST_F(AuditTest, ReassignRecordsTheOwners) {
  json::value c = CreateCustomer(json::parse(R"({"name": "Reassign Audit"})"));
  const std::string id = StrAt(c, "/id");
  const std::string marker = Marker();
  Patch(id, json::object{{"owner_id", rep_id_}});
  ExpectEntry(OnlyEntryAfter(marker, "PATCH owner_id"), "customer.reassign", json::value(admin_id_), "customer",
              json::value(id), json::value(id), json::object{{"owner_id", Change(admin_id_, rep_id_)}});
}

TEST_F(AuditTest, UserCreateAndUpdate) {
  constexpr const char* kSecret = "a secret passphrase 42";
  std::string marker = Marker();
  Reply r = client_->Post("/api/v1/users", Dump(json::object{{"email", "audited@example.com"},
                                                              {"name", "Audited User"},
                                                              {"role", "rep"},
                                                              {"team", "east"},
                                                              {"password", kSecret}}));
  ASSERT_EQ(r.status, 201) << r.Summary();
  const std::string uid = StrAt(r.Json(), "/id");
  json::value e = OnlyEntryAfter(marker, "POST /users");
  ExpectEntry(e, "user.create", json::value(admin_id_), "user", json::value(uid), Null(),
              json::object{{"email", Change(Null(), "audited@example.com")},
                           {"name", Change(Null(), "Audited User")},
                           {"role", Change(Null(), "rep")},
                           {"team", Change(Null(), "east")},
                           {"active", Change(Null(), true)}});
  EXPECT_EQ(Dump(e).find(kSecret), std::string::npos) << "the password is never in the audit log";

  marker = Marker();
  Reply p = client_->Patch("/api/v1/users/" + uid, R"({"name": "Audited Person", "team": null, "role": "rep"})");
  ASSERT_EQ(p.status, 200) << p.Summary();
  ExpectEntry(OnlyEntryAfter(marker, "PATCH /users"), "user.update", json::value(admin_id_), "user",
              json::value(uid), Null(),
              json::object{{"name", Change("Audited User", "Audited Person")}, {"team", Change("east", Null())}});

  // Refused (a rep may not) and nothing written.
  marker = Marker();
  Reply refused = rep_->Patch("/api/v1/users/" + uid, R"({"name": "Nope"})");
  EXPECT_EQ(refused.status, 403) << refused.Summary();
  EXPECT_EQ(After(marker).size(), 0u);
}

TEST_F(AuditTest, TokenCreateAndRevoke) {
  std::string marker = Marker();
  Reply r = client_->Post("/api/v1/tokens", R"({"name": "ci"})");
  ASSERT_EQ(r.status, 201) << r.Summary();
  const json::value token = r.Json();
  const std::string tid = StrAt(token, "/id");
  json::value e = OnlyEntryAfter(marker, "POST /tokens");
  ExpectEntry(e, "token.create", json::value(admin_id_), "token", json::value(tid), Null(),
              json::object{{"name", Change(Null(), "ci")}, {"user_id", Change(Null(), admin_id_)}});
  EXPECT_EQ(Dump(e).find(StrAt(token, "/token")), std::string::npos) << "the secret is never in the log";

  // For another user (admins may), with an expiry.
  marker = Marker();
  Reply other = client_->Post("/api/v1/tokens", Dump(json::object{{"name", "for the rep"},
                                                                  {"user_id", rep_id_},
                                                                  {"expires_at", "2099-01-31T00:00:00Z"}}));
  ASSERT_EQ(other.status, 201) << other.Summary();
  const std::string other_id = StrAt(other.Json(), "/id");
  ExpectEntry(OnlyEntryAfter(marker, "POST /tokens for the rep"), "token.create", json::value(admin_id_), "token",
              json::value(other_id), Null(),
              json::object{{"name", Change(Null(), "for the rep")},
                           {"user_id", Change(Null(), rep_id_)},
                           {"expires_at", Change(Null(), "2099-01-31T00:00:00.000Z")}});

  marker = Marker();
  Reply del = client_->Delete("/api/v1/tokens/" + tid);
  ASSERT_EQ(del.status, 200) << del.Summary();
  const std::string revoked_at = StrAt(del.Json(), "/revoked_at");
  ExpectEntry(OnlyEntryAfter(marker, "DELETE /tokens/{id}"), "token.revoke", json::value(admin_id_), "token",
              json::value(tid), Null(), json::object{{"revoked_at", Change(Null(), revoked_at)}});

  // Revoking again is no write.
  marker = Marker();
  Reply again = client_->Delete("/api/v1/tokens/" + tid);
  EXPECT_EQ(again.status, 200) << again.Summary();
  EXPECT_EQ(After(marker).size(), 0u);
}

TEST_F(AuditTest, LoginFailedLoginAndLogout) {
  HttpClient browser = server_->Client("");
  constexpr const char* kWrong = "not the password at all";

  // A wrong password for a known account: no user acted, the account is the entity, the email
  // tried is the detail; the password is nowhere.
  std::string marker = Marker();
  Reply failed = browser.Post("/api/v1/auth/login",
                              Dump(json::object{{"email", RapportServer::kRepEmail}, {"password", kWrong}}));
  ASSERT_EQ(failed.status, 401) << failed.Summary();
  json::value e = OnlyEntryAfter(marker, "failed sign-in");
  ExpectEntry(e, "auth.login_failed", Null(), "user", json::value(rep_id_), Null(), json::object{});
  EXPECT_EQ(StrAt(e, "/detail"), RapportServer::kRepEmail) << Dump(e);
  EXPECT_EQ(Dump(e).find(kWrong), std::string::npos);

  // An unknown email: no entity.
  marker = Marker();
  Reply unknown = browser.Post("/api/v1/auth/login",
                               Dump(json::object{{"email", "nobody@example.com"}, {"password", kWrong}}));
  ASSERT_EQ(unknown.status, 401) << unknown.Summary();
  e = OnlyEntryAfter(marker, "sign-in with an unknown email");
  ExpectEntry(e, "auth.login_failed", Null(), "user", Null(), Null(), json::object{});
  EXPECT_EQ(StrAt(e, "/detail"), "nobody@example.com") << Dump(e);

  // Signing in: the user, the session as the entity.
  marker = Marker();
  Reply login = browser.Post("/api/v1/auth/login", Dump(json::object{{"email", RapportServer::kRepEmail},
                                                                     {"password", RapportServer::kPassword}}));
  ASSERT_EQ(login.status, 200) << login.Summary();
  e = OnlyEntryAfter(marker, "sign-in");
  ASSERT_TRUE(e.is_object());
  const json::value session_id = e.at("entity_id");
  ASSERT_TRUE(session_id.is_string()) << Dump(e);
  ExpectEntry(e, "auth.login", json::value(rep_id_), "session", session_id, Null(), json::object{});
  EXPECT_EQ(Dump(e).find(RapportServer::kPassword), std::string::npos);

  // Signing out of that session.
  const std::string set_cookie = login.Header("set-cookie");
  const auto start = set_cookie.find("rapport_session=");
  ASSERT_NE(start, std::string::npos) << set_cookie;
  const std::string cookie = set_cookie.substr(start, set_cookie.find(';', start) - start);
  const std::string csrf = StrAt(login.Json(), "/csrf_token");
  marker = Marker();
  Reply logout = browser.Post("/api/v1/auth/logout", "", Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(logout.status, 204) << logout.Summary();
  ExpectEntry(OnlyEntryAfter(marker, "sign-out"), "auth.logout", json::value(rep_id_), "session", session_id,
              Null(), json::object{});
}

TEST_F(AuditTest, FiltersByCustomerUserAndTime) {
  json::value a = CreateCustomer(json::parse(R"({"name": "Filter A"})"));
  json::value b = CreateCustomer(json::parse(R"({"name": "Filter B"})"), rep_.get());
  const std::string aid = StrAt(a, "/id"), bid = StrAt(b, "/id");
  Patch(aid, json::parse(R"({"source": "one"})"));
  Reply rp = rep_->Patch("/api/v1/customers/" + bid, R"({"source": "two"})");
  ASSERT_EQ(rp.status, 200) << rp.Summary();
  Stage(bid, json::parse(R"({"stage": "lead"})"));
  Patch(aid, json::parse(R"({"source": "three"})"));

  const std::vector<json::value> everything = All();
  auto select = [&](auto pred) {
    std::vector<std::string> ids;
    for (const auto& e : everything)
      if (pred(e)) ids.push_back(StrAt(e, "/id"));
    return ids;
  };
  auto ids_of = [](const std::vector<json::value>& entries) {
    std::vector<std::string> ids;
    for (const auto& e : entries) ids.push_back(StrAt(e, "/id"));
    return ids;
  };

  // customer_id: that customer's entries only.
  const auto a_entries = All("customer_id=" + aid);
  EXPECT_EQ(ids_of(a_entries), select([&](const json::value& e) { return StrAt(e, "/customer_id") == aid; }));
  ASSERT_EQ(a_entries.size(), 3u);
  EXPECT_EQ(StrAt(a_entries[0], "/action"), "customer.update");
  EXPECT_EQ(StrAt(a_entries[2], "/action"), "customer.create");
  const auto b_entries = All("customer_id=" + bid);
  ASSERT_EQ(b_entries.size(), 3u);
  for (const auto& e : b_entries) EXPECT_EQ(StrAt(e, "/customer_id"), bid) << Dump(e);

  // user_id: what that user did.
  const auto by_rep = All("user_id=" + rep_id_);
  EXPECT_EQ(ids_of(by_rep), select([&](const json::value& e) { return StrAt(e, "/user_id") == rep_id_; }));
  EXPECT_EQ(by_rep.size(), 2u) << "the rep created B and patched it";
  EXPECT_EQ(ids_of(All("user_id=" + rep_id_ + "&customer_id=" + aid)), std::vector<std::string>{});
  EXPECT_EQ(ids_of(All("user_id=" + admin_id_ + "&customer_id=" + bid)).size(), 1u) << "the stage move";

  // since: entries at or after the time given.
  ASSERT_GE(everything.size(), 4u);
  const std::string since = StrAt(everything[3], "/at");
  EXPECT_EQ(ids_of(All("since=" + UrlEncode(since))),
            select([&](const json::value& e) { return StrAt(e, "/at") >= since; }));
  EXPECT_EQ(ids_of(All("since=2099-01-01T00:00:00Z")), std::vector<std::string>{});
  EXPECT_EQ(ids_of(All("since=2000-01-01T00:00:00Z")), ids_of(everything));
  EXPECT_EQ(ids_of(All("since=" + UrlEncode(since) + "&customer_id=" + aid)),
            select([&](const json::value& e) { return StrAt(e, "/at") >= since && StrAt(e, "/customer_id") == aid; }));

  // Bad filters are refused, not ignored.
  for (const char* q : {"since=yesterday", "customer_id=abc", "limit=0", "limit=1001", "cursor=xyz", "colour=red"}) {
    Reply r = client_->Get(std::string("/api/v1/audit?") + q);
    EXPECT_EQ(r.status, 422) << q << ": " << r.Summary();
  }
}

TEST_F(AuditTest, PagesAreNewestFirstWithoutDuplicates) {
  for (int i = 0; i < 7; ++i) CreateCustomer(json::object{{"name", "Page " + std::to_string(i)}});
  const std::vector<json::value> one_page = All("", 1000);
  ASSERT_GE(one_page.size(), 7u);
  for (std::size_t i = 1; i < one_page.size(); ++i) {
    EXPECT_GT(Num(StrAt(one_page[i - 1], "/id")), Num(StrAt(one_page[i], "/id"))) << "newest first, at " << i;
    EXPECT_GE(StrAt(one_page[i - 1], "/at"), StrAt(one_page[i], "/at")) << "newest first, at " << i;
  }
  for (int limit : {1, 2, 3}) {
    std::vector<json::value> paged = All("", limit);
    std::vector<std::string> ids;
    for (const auto& e : paged) ids.push_back(StrAt(e, "/id"));
    std::set<std::string> unique(ids.begin(), ids.end());
    EXPECT_EQ(unique.size(), ids.size()) << "limit=" << limit << ": an entry came twice";
    EXPECT_EQ(paged, one_page) << "limit=" << limit;
  }
  Reply first = client_->Get("/api/v1/audit?limit=2");
  ASSERT_EQ(first.status, 200) << first.Summary();
  const json::value v = first.Json();
  EXPECT_EQ(v.at("data").as_array().size(), 2u);
  EXPECT_TRUE(v.at("next_cursor").is_string()) << first.body;
  // The default page is 100 entries.
  for (int i = 0; i < 100; ++i) CreateCustomer(json::object{{"name", "Bulk " + std::to_string(i)}});
  Reply dflt = client_->Get("/api/v1/audit");
  ASSERT_EQ(dflt.status, 200) << dflt.Summary();
  const json::value dv = dflt.Json();
  EXPECT_EQ(dv.at("data").as_array().size(), 100u);
  EXPECT_TRUE(dv.at("next_cursor").is_string());
}

TEST_F(AuditTest, RepsMayNotReadIt) {
  json::value mine = CreateCustomer(json::parse(R"({"name": "Rep Own"})"), rep_.get());
  for (const std::string& q : {std::string(), "customer_id=" + StrAt(mine, "/id"), "user_id=" + rep_id_}) {
    Reply r = rep_->Get("/api/v1/audit" + (q.empty() ? "" : "?" + q));
    EXPECT_EQ(r.status, 403) << q << ": " << r.Summary();
    EXPECT_EQ(StrAt(r.Json(), "/error/code"), "permission_denied") << r.body;
    EXPECT_EQ(r.body.find("customer."), std::string::npos) << "no entry leaks: " << r.body;
  }
}

TEST_F(AuditTest, NoRouteChangesEntries) {
  CreateCustomer(json::parse(R"({"name": "Immutable"})"));
  const std::vector<json::value> before = All();
  ASSERT_FALSE(before.empty());
  const std::string some_id = StrAt(before.front(), "/id");
  for (const char* method : {"PATCH", "DELETE", "PUT", "POST"}) {
    Reply r = client_->Send(method, "/api/v1/audit", method == std::string("DELETE") ? "" : R"({"changes": {}})");
    EXPECT_EQ(r.status, 405) << method << " /api/v1/audit: " << r.Summary();
    EXPECT_EQ(r.Header("allow"), "GET") << method;
  }
  for (const char* method : {"GET", "PATCH", "DELETE", "PUT"}) {
    Reply r = client_->Send(method, "/api/v1/audit/" + some_id,
                            method == std::string("PATCH") || method == std::string("PUT") ? R"({"action": "x"})" : "");
    EXPECT_EQ(r.status, 404) << method << " /api/v1/audit/" << some_id << ": " << r.Summary();
  }
  EXPECT_EQ(All(), before) << "the log is unchanged";
}

TEST_F(AuditTest, CustomerExportHasCustomerHistoryAndAudit) {
  json::value c = CreateCustomer(json::parse(R"({"name": "Export Me", "email": "export.me@example.org"})"));
  const std::string id = StrAt(c, "/id");
  CreateCustomer(json::parse(R"({"name": "Someone Else"})"));
  Patch(id, json::parse(R"({"phone": "+1 555 0199", "custom": {"industry": "tea"}})"));
  Stage(id, json::parse(R"({"stage": "proposal"})"));
  Stage(id, json::parse(R"({"stage": "lost", "reason": "Went elsewhere"})"));
  Patch(id, json::object{{"owner_id", rep_id_}});

  Reply r = client_->Get("/api/v1/customers/" + id + "/export");
  ASSERT_EQ(r.status, 200) << r.Summary();
  const json::value x = r.Json();
  ASSERT_TRUE(x.is_object()) << r.body;
  EXPECT_EQ(std::set<std::string>({"customer", "stage_history", "audit", "deals", "orders", "loyalty_ledger", "usage",
                                  "subscriptions", "referrals", "invitations", "win_back_offers", "interactions", "tasks",
                                  "cases", "feedback", "promises", "exported_at"}),
            [&] {
              std::set<std::string> keys;
              for (const auto& [k, v] : x.as_object()) keys.insert(std::string(k));
              return keys;
            }())
      << r.body;
  EXPECT_TRUE(std::regex_match(StrAt(x, "/exported_at"), kTimestamp)) << r.body;

  Reply got = client_->Get("/api/v1/customers/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(x.at("customer"), got.Json());

  Reply history = client_->Get("/api/v1/customers/" + id + "/history");
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(x.at("stage_history"), history.Json().at("data"));
  EXPECT_EQ(x.at("stage_history").as_array().size(), 3u) << "contact->lead->proposal, proposal->lost";

  // The audit entries are the audit log's for this customer (in either order), and only those.
  std::vector<json::value> logged = All("customer_id=" + id);
  std::vector<json::value> exported(x.at("audit").as_array().begin(), x.at("audit").as_array().end());
  auto by_id = [](const json::value& l, const json::value& r) { return Num(StrAt(l, "/id")) < Num(StrAt(r, "/id")); };
  std::sort(logged.begin(), logged.end(), by_id);
  std::sort(exported.begin(), exported.end(), by_id);
  EXPECT_EQ(exported, logged);
  std::vector<std::string> actions;
  for (const auto& e : logged) actions.push_back(StrAt(e, "/action"));
  EXPECT_EQ(actions, (std::vector<std::string>{"customer.create", "customer.update", "customer.stage",
                                               "customer.stage", "customer.reassign"}));

  // The rep now owns it and may export it; another rep may not.
  Reply as_rep = rep_->Get("/api/v1/customers/" + id + "/export");
  ASSERT_EQ(as_rep.status, 200) << as_rep.Summary();
  EXPECT_EQ(as_rep.Json().at("audit"), x.at("audit"));
  Reply other = client_->Post("/api/v1/users", R"({"email": "other.rep@example.com", "name": "Other", "role": "rep"})");
  ASSERT_EQ(other.status, 201) << other.Summary();
  Reply tok = client_->Post("/api/v1/tokens",
                            Dump(json::object{{"name", "x"}, {"user_id", StrAt(other.Json(), "/id")}}));
  ASSERT_EQ(tok.status, 201) << tok.Summary();
  HttpClient other_rep = server_->Client(StrAt(tok.Json(), "/token"));
  EXPECT_EQ(other_rep.Get("/api/v1/customers/" + id + "/export").status, 404);
}

}  // namespace
