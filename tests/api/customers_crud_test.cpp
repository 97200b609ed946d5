// Customers: create, read, partial update, archive.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <regex>
#include <string>

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

const std::regex kTimestamp(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");
const std::regex kId(R"(^[1-9][0-9]*$)");

class CustomersCrudTest : public ServerSuite {
 protected:

  // POSTs `body`, expects 201 and returns the customer (null on failure, with a test failure).
  json::value Create(const json::value& body) {
    Reply r = client_->Post("/api/v1/customers", Dump(body));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? r.Json() : json::value();
  }

};

json::value FullPerson() {
  return json::parse(R"({
    "kind": "person",
    "name": "Ada Lovelace",
    "email": "ada@example.org",
    "phone": "+44 20 7946 0018",
    "address": {"street": "12 St James's Square", "city": "London", "region": "Greater London",
                "postal_code": "SW1Y 4JH", "country": "GB"},
    "time_zone": "Europe/London",
    "source": "referral",
    "acquisition_cost_cents": 12345,
    "tags": ["vip", "analytical-engine"],
    "custom": {"favourite_number": 42, "newsletter": true, "nested": {"a": [1, "two", null]}},
    "notes": {"expectations": "Precise numbers", "preferences": "Letters, not calls",
              "idiosyncrasies": "Signs as A.A.L."}
  })");
}

TEST_F(CustomersCrudTest, CreateReturns201WithEveryFieldEchoed) {
  json::value in = FullPerson();
  Reply r = client_->Post("/api/v1/customers", Dump(in));
  ASSERT_EQ(r.status, 201) << r.Summary();
  json::value c = r.Json();
  ASSERT_TRUE(c.is_object()) << r.body;

  const json::value* id = At(c, "/id");
  ASSERT_NE(id, nullptr);
  ASSERT_TRUE(id->is_string()) << "ids are JSON strings, got " << Dump(*id);
  EXPECT_TRUE(std::regex_match(std::string(id->get_string()), kId)) << Dump(*id);

  EXPECT_EQ(StrAt(c, "/kind"), "person");
  EXPECT_EQ(StrAt(c, "/name"), "Ada Lovelace");
  EXPECT_TRUE(IsNullAt(c, "/company_id")) << r.body;
  EXPECT_EQ(StrAt(c, "/email"), "ada@example.org");
  EXPECT_EQ(StrAt(c, "/phone"), "+44 20 7946 0018");
  EXPECT_EQ(c.at("address"), in.at("address")) << r.body;
  EXPECT_EQ(StrAt(c, "/time_zone"), "Europe/London");
  EXPECT_EQ(StrAt(c, "/source"), "referral");
  ASSERT_NE(At(c, "/acquisition_cost_cents"), nullptr);
  EXPECT_EQ(c.at("acquisition_cost_cents"), json::value(12345)) << r.body;
  EXPECT_EQ(StrAt(c, "/currency"), "USD");
  EXPECT_EQ(c.at("tags"), in.at("tags")) << r.body;
  EXPECT_EQ(c.at("custom"), in.at("custom")) << r.body;
  EXPECT_EQ(c.at("notes"), in.at("notes")) << r.body;
  EXPECT_EQ(StrAt(c, "/stage"), "contact") << "new customers start in contact";
  EXPECT_TRUE(IsNullAt(c, "/archived_at")) << r.body;
  ASSERT_NE(At(c, "/version"), nullptr);
  EXPECT_EQ(c.at("version"), json::value(1));
  for (const char* field : {"/created_at", "/updated_at", "/stage_changed_at"}) {
    EXPECT_TRUE(std::regex_match(StrAt(c, field), kTimestamp)) << field << " = " << StrAt(c, field);
  }
  EXPECT_TRUE(std::regex_match(StrAt(c, "/owner_id"), kId)) << "owner defaults to the caller";
  // Timestamps are UTC and current.
  {
    std::tm tm{};
    const std::string created = StrAt(c, "/created_at");
    ASSERT_NE(::strptime(created.c_str(), "%Y-%m-%dT%H:%M:%S", &tm), nullptr) << created;
    const auto server_time = std::chrono::system_clock::from_time_t(::timegm(&tm));
    const auto skew = std::chrono::duration_cast<std::chrono::seconds>(
        server_time - std::chrono::system_clock::now());
    EXPECT_LT(std::abs(skew.count()), 300) << "created_at " << created << " is not now in UTC";
  }
  EXPECT_EQ(r.Header("etag"), "\"1\"");
  EXPECT_NE(r.Header("content-type").find("application/json"), std::string::npos);
}

TEST_F(CustomersCrudTest, CreateWithOnlyANameUsesDefaults) {
  json::value c = Create(json::parse(R"({"name": "Minimal Person"})"));
  ASSERT_TRUE(c.is_object());
  EXPECT_EQ(StrAt(c, "/kind"), "person");
  EXPECT_EQ(StrAt(c, "/stage"), "contact");
  EXPECT_TRUE(IsNullAt(c, "/email"));
  EXPECT_TRUE(IsNullAt(c, "/phone"));
  EXPECT_TRUE(IsNullAt(c, "/company_id"));
  EXPECT_EQ(c.at("tags"), json::array());
  EXPECT_EQ(c.at("custom"), json::object());
  EXPECT_EQ(c.at("acquisition_cost_cents"), json::value(0));
  EXPECT_EQ(StrAt(c, "/currency"), "USD");
  for (const char* key : {"street", "city", "region", "postal_code", "country"}) {
    EXPECT_TRUE(IsNullAt(c, std::string("/address/") + key)) << key << " in " << Dump(c);
  }
  for (const char* key : {"expectations", "preferences", "idiosyncrasies"}) {
    EXPECT_TRUE(IsNullAt(c, std::string("/notes/") + key)) << key << " in " << Dump(c);
  }
  EXPECT_EQ(StrAt(c, "/created_at"), StrAt(c, "/updated_at"));
}

TEST_F(CustomersCrudTest, OwnerDefaultsToTheCaller) {
  json::value mine = Create(json::parse(R"({"name": "Owned By Admin"})"));
  HttpClient rep = server_->Client(server_->rep_token());
  Reply r = rep.Post("/api/v1/customers", R"({"name": "Owned By Rep"})");
  ASSERT_EQ(r.status, 201) << r.Summary();
  json::value theirs = r.Json();
  ASSERT_TRUE(mine.is_object());
  EXPECT_TRUE(std::regex_match(StrAt(mine, "/owner_id"), kId));
  EXPECT_TRUE(std::regex_match(StrAt(theirs, "/owner_id"), kId));
  EXPECT_NE(StrAt(mine, "/owner_id"), StrAt(theirs, "/owner_id"));

  // An explicit owner is kept.
  json::object body{{"name", "Assigned To Rep"}, {"owner_id", StrAt(theirs, "/owner_id")}};
  json::value assigned = Create(body);
  ASSERT_TRUE(assigned.is_object());
  EXPECT_EQ(StrAt(assigned, "/owner_id"), StrAt(theirs, "/owner_id"));
}

TEST_F(CustomersCrudTest, GetReturnsWhatCreateReturned) {
  json::value created = Create(FullPerson());
  ASSERT_TRUE(created.is_object());
  const std::string id = StrAt(created, "/id");
  Reply r = client_->Get("/api/v1/customers/" + id);
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(r.Json(), created);
  EXPECT_EQ(r.Header("etag"), "\"1\"");
}

TEST_F(CustomersCrudTest, UnknownOrNonNumericIdIs404) {
  for (const char* id :
       {"999999999", "abc", "12abc", "-1", "0", "99999999999999999999999", "1.0", "%31%32abc"}) {
    Reply r = client_->Get(std::string("/api/v1/customers/") + id);
    EXPECT_EQ(r.status, 404) << id << ": " << r.Summary();
    EXPECT_EQ(StrAt(r.Json(), "/error/code"), "not_found") << id;
  }
  Reply patch = client_->Patch("/api/v1/customers/999999999", R"({"name": "x"})");
  EXPECT_EQ(patch.status, 404) << patch.Summary();
  Reply del = client_->Delete("/api/v1/customers/999999999");
  EXPECT_EQ(del.status, 404) << del.Summary();
}

TEST_F(CustomersCrudTest, PatchChangesOnlyTheGivenFields) {
  json::value created = Create(FullPerson());
  ASSERT_TRUE(created.is_object());
  const std::string id = StrAt(created, "/id");
  Reply r = client_->Patch("/api/v1/customers/" + id, R"({"email": "countess@example.org"})");
  ASSERT_EQ(r.status, 200) << r.Summary();
  json::value updated = r.Json();
  EXPECT_EQ(StrAt(updated, "/email"), "countess@example.org");
  EXPECT_EQ(updated.at("version"), json::value(2));
  EXPECT_EQ(r.Header("etag"), "\"2\"");
  EXPECT_GE(StrAt(updated, "/updated_at"), StrAt(created, "/updated_at"));

  // Everything else is as before.
  json::object expected = created.as_object();
  for (const char* changed : {"email", "version", "updated_at"}) expected.erase(changed);
  json::object actual = updated.as_object();
  for (const char* changed : {"email", "version", "updated_at"}) actual.erase(changed);
  EXPECT_EQ(json::value(actual), json::value(expected));

  // And the change is stored.
  Reply get = client_->Get("/api/v1/customers/" + id);
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.Json(), updated);
}

TEST_F(CustomersCrudTest, PatchNullClearsOptionalFields) {
  json::value created = Create(FullPerson());
  ASSERT_TRUE(created.is_object());
  const std::string id = StrAt(created, "/id");
  Reply r = client_->Patch("/api/v1/customers/" + id,
                           R"({"email": null, "phone": null, "source": null, "time_zone": null})");
  ASSERT_EQ(r.status, 200) << r.Summary();
  json::value c = r.Json();
  for (const char* field : {"/email", "/phone", "/source", "/time_zone"}) {
    EXPECT_TRUE(IsNullAt(c, field)) << field << " in " << r.body;
  }
  EXPECT_EQ(StrAt(c, "/name"), "Ada Lovelace");
}

TEST_F(CustomersCrudTest, PatchMergesAddressNotesAndCustomPerKey) {
  json::value created = Create(FullPerson());
  ASSERT_TRUE(created.is_object());
  const std::string id = StrAt(created, "/id");
  Reply r = client_->Patch("/api/v1/customers/" + id, R"({
    "address": {"city": "Marylebone", "street": null},
    "notes": {"preferences": "Email is fine"},
    "custom": {"newsletter": null, "added": "yes"}
  })");
  ASSERT_EQ(r.status, 200) << r.Summary();
  json::value c = r.Json();
  EXPECT_EQ(StrAt(c, "/address/city"), "Marylebone");
  EXPECT_TRUE(IsNullAt(c, "/address/street")) << r.body;
  EXPECT_EQ(StrAt(c, "/address/postal_code"), "SW1Y 4JH");
  EXPECT_EQ(StrAt(c, "/address/country"), "GB");
  EXPECT_EQ(StrAt(c, "/notes/preferences"), "Email is fine");
  EXPECT_EQ(StrAt(c, "/notes/expectations"), "Precise numbers");
  EXPECT_EQ(StrAt(c, "/notes/idiosyncrasies"), "Signs as A.A.L.");
  EXPECT_EQ(c.at("custom"), json::parse(R"({"favourite_number": 42, "added": "yes",
                                            "nested": {"a": [1, "two", null]}})"))
      << r.body;
}

TEST_F(CustomersCrudTest, PatchTagsReplacesTheList) {
  json::value created = Create(FullPerson());
  ASSERT_TRUE(created.is_object());
  const std::string id = StrAt(created, "/id");
  Reply r = client_->Patch("/api/v1/customers/" + id, R"({"tags": ["poet"]})");
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(r.Json().at("tags"), json::parse(R"(["poet"])"));
  r = client_->Patch("/api/v1/customers/" + id, R"({"tags": []})");
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(r.Json().at("tags"), json::array());
}

TEST_F(CustomersCrudTest, IfMatchCurrentVersionSucceedsStaleVersionIs412) {
  json::value created = Create(json::parse(R"({"name": "Versioned"})"));
  ASSERT_TRUE(created.is_object());
  const std::string id = StrAt(created, "/id");
  Reply ok =
      client_->Patch("/api/v1/customers/" + id, R"({"source": "web"})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(ok.status, 200) << ok.Summary();
  EXPECT_EQ(ok.Header("etag"), "\"2\"");

  Reply stale =
      client_->Patch("/api/v1/customers/" + id, R"({"source": "fair"})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412) << stale.Summary();
  EXPECT_EQ(StrAt(stale.Json(), "/error/code"), "precondition_failed");
  Reply future =
      client_->Patch("/api/v1/customers/" + id, R"({"source": "fair"})", {{"If-Match", "\"99\""}});
  EXPECT_EQ(future.status, 412) << future.Summary();

  Reply get = client_->Get("/api/v1/customers/" + id);
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(StrAt(get.Json(), "/source"), "web") << "a rejected PATCH changes nothing";
  EXPECT_EQ(get.Json().at("version"), json::value(2));
}

TEST_F(CustomersCrudTest, PersonCanBelongToACompany) {
  json::value company = Create(json::parse(R"({"kind": "company", "name": "Analytical Ltd"})"));
  ASSERT_TRUE(company.is_object());
  EXPECT_EQ(StrAt(company, "/kind"), "company");
  json::object person{{"name", "Charles Babbage"}, {"company_id", StrAt(company, "/id")}};
  json::value p = Create(person);
  ASSERT_TRUE(p.is_object());
  EXPECT_EQ(StrAt(p, "/company_id"), StrAt(company, "/id"));

  Reply r = client_->Patch("/api/v1/customers/" + StrAt(p, "/id"), R"({"company_id": null})");
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_TRUE(IsNullAt(r.Json(), "/company_id"));
}

TEST_F(CustomersCrudTest, DeleteArchivesTheCustomer) {
  json::value created = Create(json::parse(R"({"name": "Archivable Zebediah"})"));
  ASSERT_TRUE(created.is_object());
  const std::string id = StrAt(created, "/id");
  auto listed = [&] {
    Reply list = client_->Get("/api/v1/customers?q=zebediah&limit=500");
    EXPECT_EQ(list.status, 200) << list.Summary();
    if (list.status != 200) return false;
    const json::value page = list.Json();
    for (const auto& item : page.at("data").as_array()) {
      if (StrAt(item, "/id") == id) return true;
    }
    return false;
  };
  EXPECT_TRUE(listed());

  Reply del = client_->Delete("/api/v1/customers/" + id);
  EXPECT_EQ(del.status, 204) << del.Summary();
  EXPECT_EQ(del.body, "");

  Reply get = client_->Get("/api/v1/customers/" + id);
  ASSERT_EQ(get.status, 200) << get.Summary();
  EXPECT_TRUE(std::regex_match(StrAt(get.Json(), "/archived_at"), kTimestamp)) << get.body;
  EXPECT_FALSE(listed()) << "archived customers are hidden from lists";
}

}  // namespace
