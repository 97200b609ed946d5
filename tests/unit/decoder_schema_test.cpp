// Every request-body decoder (the *FromJson functions of src/http/*_json.cpp) reads exactly the
// fields the OpenAPI document gives the bodies of its routes: every property of each route's
// request schema is read, and every field read is a property of one of them. The fields a decoder
// reads are recorded while it decodes an empty body (http::FieldReadRecorder); the schemas come
// from the document the router serves.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "analytics/clv/clv_engine.hpp"
#include "core/clock.hpp"
#include "domain/services.hpp"
#include "http/account/account_json.hpp"
#include "http/api.hpp"
#include "http/care/care_json.hpp"
#include "http/commerce/commerce_json.hpp"
#include "http/customer/customer_json.hpp"
#include "http/json_body.hpp"
#include "http/relationship/relationship_json.hpp"
#include "http/romance/romance_json.hpp"
#include "store/database.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;

struct Decoder {
  const char* name;
  std::function<void(const json::object&)> decode;
  // The routes whose request body it decodes: "METHOD /path".
  std::vector<std::pair<std::string, std::string>> routes;
};

std::vector<Decoder> Decoders() {
  return {
      {"CustomerInputFromJson", [](const json::object& b) { (void)CustomerInputFromJson(b); },
       {{"post", "/api/v1/customers"}, {"patch", "/api/v1/customers/{id}"}}},
      {"StageChangeFromJson", [](const json::object& b) { (void)StageChangeFromJson(b); },
       {{"post", "/api/v1/customers/{id}/stage"}}},
      {"NewUserFromJson", [](const json::object& b) { (void)NewUserFromJson(b); }, {{"post", "/api/v1/users"}}},
      {"UserPatchFromJson", [](const json::object& b) { (void)UserPatchFromJson(b); }, {{"patch", "/api/v1/users/{id}"}}},
      {"ProductInputFromJson", [](const json::object& b) { (void)ProductInputFromJson(b); },
       {{"post", "/api/v1/products"}, {"patch", "/api/v1/products/{id}"}}},
      {"DealInputFromJson", [](const json::object& b) { (void)DealInputFromJson(b); },
       {{"post", "/api/v1/deals"}, {"patch", "/api/v1/deals/{id}"}}},
      {"DealStageFromJson", [](const json::object& b) { (void)DealStageFromJson(b); }, {{"post", "/api/v1/deals/{id}/stage"}}},
      {"OrderInputFromJson", [](const json::object& b) { (void)OrderInputFromJson(b); }, {{"post", "/api/v1/orders"}}},
      {"RefundFromJson", [](const json::object& b) { (void)RefundFromJson(b); }, {{"post", "/api/v1/orders/{id}/refund"}}},
      {"SubscriptionInputFromJson", [](const json::object& b) { (void)SubscriptionInputFromJson(b); },
       {{"post", "/api/v1/subscriptions"}}},
      {"WinBackOfferFromJson", [](const json::object& b) { (void)WinBackOfferFromJson(b); },
       {{"post", "/api/v1/customers/{id}/win-back-offers"}}},
      {"ReferralInputFromJson", [](const json::object& b) { (void)ReferralInputFromJson(b); }, {{"post", "/api/v1/referrals"}}},
      {"EventInputFromJson", [](const json::object& b) { (void)EventInputFromJson(b); },
       {{"post", "/api/v1/events"}, {"patch", "/api/v1/events/{id}"}}},
      {"InvitationUpdateFromJson", [](const json::object& b) { (void)InvitationUpdateFromJson(b); },
       {{"patch", "/api/v1/events/{id}/invitations/{customer_id}"}}},
      {"InteractionInputFromJson", [](const json::object& b) { (void)InteractionInputFromJson(b); },
       {{"post", "/api/v1/customers/{id}/interactions"}}},
      {"TaskInputFromJson", [](const json::object& b) { (void)TaskInputFromJson(b); },
       {{"post", "/api/v1/tasks"}, {"patch", "/api/v1/tasks/{id}"}}},
      {"CadenceRuleInputFromJson", [](const json::object& b) { (void)CadenceRuleInputFromJson(b); },
       {{"post", "/api/v1/cadences"}, {"patch", "/api/v1/cadences/{id}"}}},
      {"CaseInputFromJson", [](const json::object& b) { (void)CaseInputFromJson(b); },
       {{"post", "/api/v1/cases"}, {"patch", "/api/v1/cases/{id}"}}},
      {"AssignInputFromJson", [](const json::object& b) { (void)AssignInputFromJson(b); },
       {{"post", "/api/v1/cases/{id}/assign"}}},
      {"CasePolicyFromJson",
       [](const json::object& b) {
         std::map<std::string, std::string> errors;
         (void)CasePolicyFromJson(b, domain::CasePolicy{}, errors);
       },
       {{"put", "/api/v1/cases/policy"}}},
      {"FeedbackInputFromJson", [](const json::object& b) { (void)FeedbackInputFromJson(b); }, {{"post", "/api/v1/feedback"}}},
      {"CareSettingsInputFromJson", [](const json::object& b) { (void)CareSettingsInputFromJson(b); },
       {{"put", "/api/v1/care/settings"}}},
      {"PromiseInputFromJson", [](const json::object& b) { (void)PromiseInputFromJson(b); },
       {{"post", "/api/v1/promises"}, {"patch", "/api/v1/promises/{id}"}}},
  };
}

class DecoderSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::OpenDatabase(":memory:");
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    services_ = std::make_unique<domain::Services>(*db_, clock_, clv_engine_, domain::ServicesConfig{});
    ctx_ = std::make_unique<ApiContext>(ApiContext{*services_});
    Router router;
    RegisterApiRoutes(router, *ctx_);
    Request req;
    req.method = "GET";
    req.path = "/api/v1/openapi.json";
    doc_ = json::parse(router.Dispatch(req).body).as_object();
  }

  // The top-level properties of the request body schema of `method path`; fails the test when the
  // route has no JSON request body or its schema has no properties.
  std::set<std::string> BodyProperties(const std::string& method, const std::string& path) {
    std::set<std::string> out;
    const auto* item = doc_.at("paths").as_object().if_contains(path);
    EXPECT_NE(item, nullptr) << path;
    if (!item) return out;
    const auto* op = item->as_object().if_contains(method);
    EXPECT_NE(op, nullptr) << method << " " << path;
    if (!op) return out;
    const auto* body = op->as_object().if_contains("requestBody");
    EXPECT_NE(body, nullptr) << method << " " << path << " has no requestBody";
    if (!body) return out;
    json::object schema = body->at_pointer("/content/application~1json/schema").as_object();
    if (const auto* ref = schema.if_contains("$ref")) {
      const std::string name = std::string(ref->as_string()).substr(std::string("#/components/schemas/").size());
      schema = doc_.at("components").as_object().at("schemas").as_object().at(name).as_object();
    }
    const auto* props = schema.if_contains("properties");
    EXPECT_NE(props, nullptr) << method << " " << path << ": the request schema has no properties";
    if (props) for (const auto& [key, _] : props->as_object()) out.insert(std::string(key));
    return out;
  }

  core::SystemClock clock_;
  analytics::clv::ClvEngine clv_engine_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<domain::Services> services_;
  std::unique_ptr<ApiContext> ctx_;
  json::object doc_;
};

// The top-level fields `decode` reads from an empty body, from a body with every property of
// `schema_properties` null, and with every one an empty object: some decoders read a field only
// when it is present (a role) or read the keys of the body (the case policy's severities, whose
// nested fields show as "high.respond_minutes").
std::set<std::string> FieldsRead(const Decoder& d, const std::set<std::string>& schema_properties) {
  FieldReadRecorder recorder;
  d.decode(json::object{});
  json::object nulls, objects;
  for (const auto& p : schema_properties) {
    nulls[p] = nullptr;
    objects[p] = json::object{};
  }
  d.decode(nulls);
  d.decode(objects);
  std::set<std::string> top;
  for (const auto& k : recorder.keys()) top.insert(k.substr(0, k.find_first_of(".[")));
  return top;
}

// Fields a decoder reads that its request schema does not describe (yet). Empty: DealInput's
// `currency`, the one found when this test was written, is documented now. An entry here is a
// debt to pay by documenting the field, not a way to silence the test.
const std::map<std::string, std::set<std::string>>& KnownUndocumented() {
  static const std::map<std::string, std::set<std::string>> known{};
  return known;
}

TEST_F(DecoderSchema, EveryFieldReadIsInTheSchemaAndBack) {
  for (const auto& d : Decoders()) {
    SCOPED_TRACE(d.name);
    std::map<std::pair<std::string, std::string>, std::set<std::string>> schemas;
    std::set<std::string> described;
    for (const auto& route : d.routes) {
      schemas[route] = BodyProperties(route.first, route.second);
      described.insert(schemas[route].begin(), schemas[route].end());
    }
    const auto read = FieldsRead(d, described);
    EXPECT_FALSE(read.empty());
    for (const auto& [route, props] : schemas) {
      for (const auto& p : props) {
        EXPECT_TRUE(read.contains(p)) << route.first << " " << route.second << ": schema property `" << p
                                      << "` is never read";
      }
    }
    const auto known = KnownUndocumented().find(d.name);
    for (const auto& f : read) {
      if (known != KnownUndocumented().end() && known->second.contains(f)) {
        EXPECT_FALSE(described.contains(f)) << "`" << f << "` is documented now: drop it from KnownUndocumented";
        continue;
      }
      EXPECT_TRUE(described.contains(f)) << "field `" << f << "` is read but in no request schema of its routes";
    }
  }
}

// Recording changes nothing about unknown-field handling: an unknown field still gets its error.
TEST(FieldReadRecorder, LeavesUnknownFieldHandlingAlone) {
  std::map<std::string, std::string> errors;
  json::object body{{"name", nullptr}, {"not_a_field", 1}};
  {
    FieldReadRecorder recorder;
    FieldReader r(body, "", errors);
    (void)r.String("name");
    r.RejectUnknown();
    EXPECT_EQ(recorder.keys(), (std::set<std::string>{"name"}));
  }
  EXPECT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors["not_a_field"], "unknown field");
}

}  // namespace
}  // namespace rapport::http
