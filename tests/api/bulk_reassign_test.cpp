// POST /api/v1/customers/reassign (issue 9, the customers list's bulk reassign): managers and
// admins give 1..500 customers to one active user in one transaction. Any unknown, archived or
// repeated id, or an owner who is not an active user, is a 422 naming the field, and nothing
// changes; each change is audited like a single PATCH of owner_id (customer.reassign).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::Dump;
using rapport_test::Reply;
using rapport_test::StrAt;

class BulkReassignTest : public rapport_test::FreshServerWithIdsSuite {
 protected:
  std::vector<std::string> MakeCustomers(int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      Reply r = client_->Post("/api/v1/customers", Dump(json::object{{"name", "Bulk " + std::to_string(i)}}));
      EXPECT_EQ(r.status, 201) << r.Summary();
      ids.push_back(StrAt(r.Json(), "/id"));
    }
    return ids;
  }
  std::string Owner(const std::string& id) {
    Reply r = client_->Get("/api/v1/customers/" + id);
    EXPECT_EQ(r.status, 200) << r.Summary();
    return StrAt(r.Json(), "/owner_id");
  }
  static std::string Body(const std::vector<std::string>& ids, const std::string& owner) {
    json::array a;
    for (const auto& id : ids) a.emplace_back(id);
    return Dump(json::object{{"customer_ids", std::move(a)}, {"owner_id", owner}});
  }
  static std::string Field(const Reply& r, const std::string& name) {
    const json::value v = r.Json();
    const auto* error = v.as_object().if_contains("error");
    if (!error || !error->is_object()) return "";
    const auto* fields = error->as_object().if_contains("fields");
    if (!fields || !fields->is_object()) return "";
    const auto* f = fields->as_object().if_contains(name);
    return f && f->is_string() ? std::string(f->as_string()) : "";
  }
};

TEST_F(BulkReassignTest, AllChangeOwnerAndEachIsAuditedAsAReassign) {
  const auto ids = MakeCustomers(3);
  const auto before = rapport_test::AuditEntries(*client_, "customer.reassign").size();
  Reply r = client_->Post("/api/v1/customers/reassign", Body(ids, rep_id_));
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(r.Json().at("reassigned").as_int64(), 3);
  EXPECT_EQ(StrAt(r.Json(), "/owner_id"), rep_id_);
  for (const auto& id : ids) {
    EXPECT_EQ(Owner(id), rep_id_) << id;
    Reply c = client_->Get("/api/v1/customers/" + id);
    EXPECT_EQ(c.Json().at("version").as_int64(), 2) << "one new version per customer, as a PATCH";
  }
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "customer.reassign").size(), before + 3);
  // The rep now sees them.
  for (const auto& id : ids) EXPECT_EQ(rep_->Get("/api/v1/customers/" + id).status, 200);
}

TEST_F(BulkReassignTest, AnUnknownOrArchivedIdChangesNothingAndIsNamed) {
  auto ids = MakeCustomers(4);
  ASSERT_EQ(client_->Delete("/api/v1/customers/" + ids[2]).status, 204);
  const auto audit_before = rapport_test::AuditEntries(*client_, "customer.reassign").size();
  ids.push_back(std::to_string(std::stoll(ids[0]) + 1000000));  // index 4: no such customer
  Reply r = client_->Post("/api/v1/customers/reassign", Body(ids, rep_id_));
  ASSERT_EQ(r.status, 422) << r.Summary();
  EXPECT_NE(Field(r, "customer_ids[2]").find("archived"), std::string::npos) << r.body;
  EXPECT_NE(Field(r, "customer_ids[4]").find("no customer"), std::string::npos) << r.body;
  for (int i : {0, 1, 3}) EXPECT_EQ(Owner(ids[static_cast<std::size_t>(i)]), admin_id_) << "nothing changed";
  EXPECT_EQ(rapport_test::AuditEntries(*client_, "customer.reassign").size(), audit_before);
}

TEST_F(BulkReassignTest, TheOwnerMustBeAnActiveUser) {
  const auto ids = MakeCustomers(2);
  Reply unknown = client_->Post("/api/v1/customers/reassign", Body(ids, "999999"));
  ASSERT_EQ(unknown.status, 422) << unknown.Summary();
  EXPECT_NE(Field(unknown, "owner_id").find("active user"), std::string::npos) << unknown.body;
  const json::value leaver = rapport_test::CreateUser(
      *client_, {{"email", "leaver@example.com"}, {"name", "Leaver"}, {"role", "rep"}});
  const std::string leaver_id = StrAt(leaver, "/id");
  Reply off = client_->Post("/api/v1/users/" + leaver_id + "/deactivate", "{}");
  ASSERT_EQ(off.status, 200) << off.Summary();
  Reply inactive = client_->Post("/api/v1/customers/reassign", Body(ids, leaver_id));
  ASSERT_EQ(inactive.status, 422) << inactive.Summary();
  EXPECT_FALSE(Field(inactive, "owner_id").empty());
  for (const auto& id : ids) EXPECT_EQ(Owner(id), admin_id_);
}

TEST_F(BulkReassignTest, BadBodiesAreNamedFieldByField) {
  const auto ids = MakeCustomers(2);
  Reply empty = client_->Post("/api/v1/customers/reassign", Body({}, rep_id_));
  EXPECT_EQ(empty.status, 422);
  EXPECT_FALSE(Field(empty, "customer_ids").empty()) << empty.body;
  Reply dup = client_->Post("/api/v1/customers/reassign", Body({ids[0], ids[1], ids[0]}, rep_id_));
  EXPECT_EQ(dup.status, 422);
  EXPECT_NE(Field(dup, "customer_ids[2]").find("duplicate"), std::string::npos) << dup.body;
  std::vector<std::string> many(501);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = std::to_string(i + 1);
  Reply too_many = client_->Post("/api/v1/customers/reassign", Body(many, rep_id_));
  EXPECT_EQ(too_many.status, 422);
  EXPECT_NE(Field(too_many, "customer_ids").find("500"), std::string::npos) << too_many.body;
  Reply not_an_id = client_->Post("/api/v1/customers/reassign",
                                  R"({"customer_ids": ["x"], "owner_id": ")" + rep_id_ + "\"}");
  EXPECT_EQ(not_an_id.status, 422);
  EXPECT_FALSE(Field(not_an_id, "customer_ids[0]").empty()) << not_an_id.body;
  Reply missing = client_->Post("/api/v1/customers/reassign", R"({"extra": 1})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_FALSE(Field(missing, "customer_ids").empty()) << missing.body;
  EXPECT_FALSE(Field(missing, "owner_id").empty()) << missing.body;
  EXPECT_FALSE(Field(missing, "extra").empty()) << missing.body;
  for (const auto& id : ids) EXPECT_EQ(Owner(id), admin_id_);
}

TEST_F(BulkReassignTest, RepsAreRefusedWithAReason) {
  Reply mine = rep_->Post("/api/v1/customers", R"({"name": "Rep's own"})");
  ASSERT_EQ(mine.status, 201);
  const std::string id = StrAt(mine.Json(), "/id");
  Reply r = rep_->Post("/api/v1/customers/reassign", Body({id}, admin_id_));
  ASSERT_EQ(r.status, 403) << r.Summary();
  EXPECT_NE(r.body.find("managers and admins"), std::string::npos) << r.body;
  EXPECT_EQ(Owner(id), rep_id_);
}

}  // namespace
