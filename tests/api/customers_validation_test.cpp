// Customers: input validation on create and update. Every rejection is a 422 invalid_argument
// whose `fields` names each bad field, and a rejected request changes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::HttpClient;
using rapport_test::RapportServer;
using rapport_test::ServerSuite;
using rapport_test::Reply;
using rapport_test::StrAt;
using rapport_test::UrlEncode;

class CustomersValidationTest : public ServerSuite {
 protected:

  // Number of customers (not archived) whose name, email or phone contains `q`.
  int CountMatching(const std::string& q) {
    Reply r = client_->Get("/api/v1/customers?limit=500&q=" + UrlEncode(q));
    EXPECT_EQ(r.status, 200) << r.Summary();
    if (r.status != 200) return -1;
    return static_cast<int>(r.Json().at("data").as_array().size());
  }

  // POSTs `body` (raw JSON text); expects 422 invalid_argument naming exactly... at least the
  // `expected` fields; and that no customer named `marker` exists afterwards.
  void ExpectRejected(const std::string& body, const std::set<std::string>& expected,
                      const std::string& marker) {
    SCOPED_TRACE(body);
    Reply r = client_->Post("/api/v1/customers", body);
    ASSERT_EQ(r.status, 422) << r.Summary();
    json::value v = r.Json();
    EXPECT_EQ(StrAt(v, "/error/code"), "invalid_argument") << r.body;
    EXPECT_TRUE(At(v, "/error/message") && At(v, "/error/message")->is_string()) << r.body;
    const json::value* fields = At(v, "/error/fields");
    ASSERT_TRUE(fields && fields->is_object()) << r.body;
    for (const auto& name : expected) {
      const json::value* reason = fields->as_object().if_contains(name);
      EXPECT_NE(reason, nullptr) << "fields should name \"" << name << "\": " << r.body;
      if (reason != nullptr) {
        EXPECT_TRUE(reason->is_string() && !reason->get_string().empty())
            << "reason for " << name << ": " << r.body;
      }
    }
    if (!marker.empty()) {
      EXPECT_EQ(CountMatching(marker), 0) << "a rejected create must not create anything";
    }
  }

  std::string CreateId(const std::string& body) {
    Reply r = client_->Post("/api/v1/customers", body);
    EXPECT_EQ(r.status, 201) << body << " -> " << r.Summary();
    return r.status == 201 ? StrAt(r.Json(), "/id") : std::string();
  }

};

TEST_F(CustomersValidationTest, NameIsRequiredAndNotBlank) {
  ExpectRejected(R"({"email": "noname1@example.org"})", {"name"}, "noname1@example");
  ExpectRejected(R"({"name": "", "email": "noname2@example.org"})", {"name"}, "noname2@example");
  ExpectRejected(R"({"name": "   \t ", "email": "noname3@example.org"})", {"name"},
                 "noname3@example");
  ExpectRejected(R"({"name": null, "email": "noname4@example.org"})", {"name"}, "noname4@example");
}

TEST_F(CustomersValidationTest, NameIsAtMost200CharactersAfterTrimming) {
  const std::string n200 = "Lengthy" + std::string(193, 'x');
  ASSERT_EQ(n200.size(), 200u);
  ExpectRejected(Dump(json::object{{"name", n200 + "y"}}), {"name"}, n200.substr(0, 60));
  EXPECT_FALSE(CreateId(Dump(json::object{{"name", n200}})).empty());
  // Surrounding blanks do not count.
  EXPECT_FALSE(CreateId(Dump(json::object{{"name", "  " + n200 + "  "}})).empty());
  // Characters, not bytes: 200 two-byte letters are fine.
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "\xC3\xA9";  // é
  EXPECT_FALSE(CreateId(Dump(json::object{{"name", accented}})).empty());
  ExpectRejected(Dump(json::object{{"name", accented + "\xC3\xA9"}}), {"name"}, "");
}

TEST_F(CustomersValidationTest, EmailMustBeAnAddress) {
  ExpectRejected(R"({"name": "Bad Email Bertha", "email": "not-an-email"})", {"email"},
                 "Bad Email Bertha");
  ExpectRejected(R"({"name": "Bad Email Bertha", "email": "a@"})", {"email"}, "Bad Email Bertha");
  ExpectRejected(R"({"name": "Bad Email Bertha", "email": "two@@example.org"})", {"email"},
                 "Bad Email Bertha");
  EXPECT_FALSE(CreateId(R"({"name": "Good Email Gina", "email": "gina@example.org"})").empty());
}

TEST_F(CustomersValidationTest, TimeZoneMustBeAnIanaName) {
  ExpectRejected(R"({"name": "Martian Marvin", "time_zone": "Mars/Base"})", {"time_zone"},
                 "Martian Marvin");
  ExpectRejected(R"({"name": "Martian Marvin", "time_zone": ""})", {"time_zone"}, "Martian Marvin");
  EXPECT_FALSE(CreateId(R"({"name": "Berliner Bernd", "time_zone": "Europe/Berlin"})").empty());
  EXPECT_FALSE(CreateId(R"({"name": "Kolkata Kavya", "time_zone": "Asia/Kolkata"})").empty());
}

TEST_F(CustomersValidationTest, AcquisitionCostIsANonNegativeInteger) {
  for (const char* bad : {"12.5", "-1", "\"12\"", "true", "[]", "{}"}) {
    ExpectRejected(std::string(R"({"name": "Costly Carl", "acquisition_cost_cents": )") + bad + "}",
                   {"acquisition_cost_cents"}, "Costly Carl");
  }
  EXPECT_FALSE(CreateId(R"({"name": "Free Fran", "acquisition_cost_cents": 0})").empty());
  std::string id = CreateId(R"({"name": "Paid Paul", "acquisition_cost_cents": 250000})");
  ASSERT_FALSE(id.empty());
  Reply r = client_->Get("/api/v1/customers/" + id);
  EXPECT_EQ(r.Json().at("acquisition_cost_cents"), json::value(250000));
}

TEST_F(CustomersValidationTest, OwnerMustBeAnExistingUser) {
  ExpectRejected(R"({"name": "Orphan Olga", "owner_id": "987654321"})", {"owner_id"},
                 "Orphan Olga");
  ExpectRejected(R"({"name": "Orphan Olga", "owner_id": "abc"})", {"owner_id"}, "Orphan Olga");
}

TEST_F(CustomersValidationTest, CompanyMustBeAnExistingCompanyAndOnlyForAPerson) {
  const std::string company = CreateId(R"({"kind": "company", "name": "Acme Widgets"})");
  const std::string person = CreateId(R"({"kind": "person", "name": "Wile Coyote"})");
  ASSERT_FALSE(company.empty());
  ASSERT_FALSE(person.empty());

  ExpectRejected(R"({"name": "Lost Lucy", "company_id": "987654321"})", {"company_id"},
                 "Lost Lucy");
  ExpectRejected(Dump(json::object{{"name", "Lost Lucy"}, {"company_id", person}}), {"company_id"},
                 "Lost Lucy");
  ExpectRejected(
      Dump(json::object{{"kind", "company"}, {"name", "Subsidiary Lucy"}, {"company_id", company}}),
      {"company_id"}, "Subsidiary Lucy");
  EXPECT_FALSE(
      CreateId(Dump(json::object{{"name", "Road Runner"}, {"company_id", company}})).empty());
}

TEST_F(CustomersValidationTest, TagsMustBeAnArrayOfStrings) {
  ExpectRejected(R"({"name": "Tagged Tom", "tags": "vip"})", {"tags"}, "Tagged Tom");
  ExpectRejected(R"({"name": "Tagged Tom", "tags": [1]})", {"tags[0]"}, "Tagged Tom");
  ExpectRejected(R"({"name": "Tagged Tom", "tags": ["a", "b", 3]})", {"tags[2]"}, "Tagged Tom");
}

TEST_F(CustomersValidationTest, CustomMustBeAnObject) {
  ExpectRejected(R"({"name": "Custom Cora", "custom": [1, 2]})", {"custom"}, "Custom Cora");
  ExpectRejected(R"({"name": "Custom Cora", "custom": "x"})", {"custom"}, "Custom Cora");
}

TEST_F(CustomersValidationTest, UnknownFieldIsNamed) {
  ExpectRejected(R"({"name": "Nick Nameless", "nickname": "Nicky"})", {"nickname"},
                 "Nick Nameless");
  ExpectRejected(R"({"name": "Nick Nameless", "address": {"planet": "Earth"}})", {"address.planet"},
                 "Nick Nameless");
}

TEST_F(CustomersValidationTest, StageIsNotSetByCreateAndPointsToTheStageRoute) {
  Reply r = client_->Post("/api/v1/customers", R"({"name": "Eager Ellen", "stage": "order"})");
  ASSERT_EQ(r.status, 422) << r.Summary();
  json::value v = r.Json();
  ASSERT_NE(At(v, "/error/fields/stage"), nullptr) << r.body;
  const std::string text = StrAt(v, "/error/message") + " " + StrAt(v, "/error/fields/stage");
  EXPECT_NE(text.find("/stage"), std::string::npos)
      << "the message should point to POST /customers/{id}/stage: " << r.body;
  EXPECT_EQ(CountMatching("Eager Ellen"), 0);
}

TEST_F(CustomersValidationTest, WrongJsonTypeIsNamed) {
  ExpectRejected(R"({"name": 42})", {"name"}, "");
  ExpectRejected(R"({"name": "Typed Tina", "email": true})", {"email"}, "Typed Tina");
  ExpectRejected(R"({"name": "Typed Tina", "kind": "robot"})", {"kind"}, "Typed Tina");
  ExpectRejected(R"({"name": "Typed Tina", "address": "Berlin"})", {"address"}, "Typed Tina");
  ExpectRejected(R"({"name": "Typed Tina", "address": {"city": 5}})", {"address.city"},
                 "Typed Tina");
  ExpectRejected(R"({"name": "Typed Tina", "notes": {"preferences": 1}})", {"notes.preferences"},
                 "Typed Tina");
  ExpectRejected(R"({"name": "Typed Tina", "phone": 5551234})", {"phone"}, "Typed Tina");
}

TEST_F(CustomersValidationTest, EveryBadFieldIsNamedAtOnce) {
  ExpectRejected(R"({"name": "", "email": "x", "time_zone": "Mars/Base",
                     "acquisition_cost_cents": -1})",
                 {"name", "email", "time_zone", "acquisition_cost_cents"}, "");
}

// References that need the database (owner, company) are reported together with the rest.
TEST_F(CustomersValidationTest, ReferenceErrorsAreNamedWithTheOthers) {
  ExpectRejected(R"({"name": "Doubly Wrong", "email": "x", "owner_id": "987654321",
                     "company_id": "987654321"})",
                 {"email", "owner_id", "company_id"}, "Doubly Wrong");
}

// Wrong types and unknown fields are reported together with the other invalid values, not in a
// first round that hides them.
TEST_F(CustomersValidationTest, TypeErrorsAndValueErrorsAreNamedTogether) {
  ExpectRejected(R"({"name": "", "email": "x", "time_zone": "Mars/Base",
                     "acquisition_cost_cents": -1, "tags": ["ok", 2], "bogus": 1})",
                 {"name", "email", "time_zone", "acquisition_cost_cents", "tags[1]", "bogus"}, "");
}

TEST_F(CustomersValidationTest, BodyMustBeAnObject) {
  for (const char* body : {"[]", "\"name\"", "42", "null"}) {
    Reply r = client_->Post("/api/v1/customers", body);
    EXPECT_TRUE(r.status == 400 || r.status == 422) << body << " -> " << r.Summary();
  }
}

TEST_F(CustomersValidationTest, PatchRejectsBadInputAndChangesNothing) {
  const std::string id = CreateId(R"({"name": "Stable Stella", "email": "stella@example.org"})");
  ASSERT_FALSE(id.empty());
  Reply before = client_->Get("/api/v1/customers/" + id);
  ASSERT_EQ(before.status, 200);

  struct Case {
    const char* body;
    const char* field;
  };
  for (const Case& c :
       {Case{R"({"stage": "lead"})", "stage"}, Case{R"({"name": ""})", "name"},
        Case{R"({"name": null})", "name"},
        Case{R"({"email": "nope", "source": "changed"})", "email"},
        Case{R"({"time_zone": "Mars/Base"})", "time_zone"},
        Case{R"({"acquisition_cost_cents": 1.5})", "acquisition_cost_cents"},
        Case{R"({"tags": ["x", {}]})", "tags[1]"}, Case{R"({"nickname": "Stel"})", "nickname"},
        Case{R"({"id": "1"})", "id"}, Case{R"({"version": 7})", "version"}}) {
    SCOPED_TRACE(c.body);
    Reply r = client_->Patch("/api/v1/customers/" + id, c.body);
    EXPECT_EQ(r.status, 422) << r.Summary();
    EXPECT_EQ(StrAt(r.Json(), "/error/code"), "invalid_argument");
    EXPECT_NE(At(r.Json(), std::string("/error/fields/") + c.field), nullptr) << r.body;
  }
  Reply after = client_->Get("/api/v1/customers/" + id);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.Json(), before.Json()) << "rejected PATCHes must change nothing";
}

TEST_F(CustomersValidationTest, PatchKeepsCompanyLinksValid) {
  const std::string company = CreateId(R"({"kind": "company", "name": "Linked Co"})");
  const std::string person =
      CreateId(Dump(json::object{{"name", "Linked Person"}, {"company_id", company}}));
  const std::string loner = CreateId(R"({"name": "Loner Person"})");
  ASSERT_FALSE(company.empty() || person.empty() || loner.empty());
  struct Case {
    std::string id, body, field;
  };
  for (const Case& c : std::vector<Case>{
           // a company cannot belong to a company
           {company, Dump(json::object{{"company_id", company}}), "company_id"},
           // a person linked to a company cannot become a company (kind may also be immutable)
           {person, R"({"kind": "company"})", "kind|company_id"},
           // the link must point to a company
           {loner, Dump(json::object{{"company_id", person}}), "company_id"},
           {loner, R"({"company_id": "987654321"})", "company_id"},
       }) {
    SCOPED_TRACE(c.body);
    Reply before = client_->Get("/api/v1/customers/" + c.id);
    Reply r = client_->Patch("/api/v1/customers/" + c.id, c.body);
    EXPECT_EQ(r.status, 422) << r.Summary();
    if (r.status == 422) {
      bool named = false;
      for (std::size_t b = 0, e; b <= c.field.size(); b = e + 1) {
        e = c.field.find('|', b);
        if (e == std::string::npos) e = c.field.size();
        named |= At(r.Json(), "/error/fields/" + c.field.substr(b, e - b)) != nullptr;
      }
      EXPECT_TRUE(named) << "fields should name " << c.field << ": " << r.body;
    }
    Reply after = client_->Get("/api/v1/customers/" + c.id);
    EXPECT_EQ(after.body, before.body) << "a rejected PATCH changes nothing";
  }
}

TEST_F(CustomersValidationTest, InvalidUtf8IsRejectedNotStored) {
  for (const std::string& name : {std::string("Bad \xff\xfe Bytes"), std::string("Cut \xc3")}) {
    Reply r = client_->Post("/api/v1/customers", "{\"name\": \"" + name + "\"}");
    EXPECT_TRUE(r.status == 400 || r.status == 422) << r.Summary();
  }
  EXPECT_EQ(CountMatching("Bytes"), 0);
}

}  // namespace
