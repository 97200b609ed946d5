// GET /api/v1/openapi.json: an OpenAPI 3.1 document describing every route of the contract.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::HttpClient;
using rapport_test::RapportServer;
using rapport_test::Reply;
using rapport_test::StrAt;

// "/api/v1/customers/{customer_id}/stage" -> "/api/v1/customers/{}/stage"
std::string Normalize(const std::string& path) {
  static const std::regex kParam(R"(\{[^}/]*\})");
  return std::regex_replace(path, kParam, "{}");
}

class OpenApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      server_ = std::make_unique<RapportServer>();
      HttpClient anon = server_->Client("");
      reply_ = anon.Get("/api/v1/openapi.json");
      doc_ = reply_.Json();
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override {
    ASSERT_TRUE(server_) << "setup failed: " << setup_error_;
    ASSERT_EQ(reply_.status, 200) << reply_.Summary();
    ASSERT_TRUE(doc_.is_object()) << "setup failed: " << setup_error_;
  }

  // The path item for a contract route (full path, "{}" for parameters), accepting paths
  // written relative to the document's first server URL. nullptr when absent.
  static const json::object* PathItem(const std::string& route) {
    const json::value* paths = At(doc_, "/paths");
    if (!paths || !paths->is_object()) return nullptr;
    std::string prefix;
    if (const json::value* url = At(doc_, "/servers/0/url"); url && url->is_string()) {
      prefix = std::string(url->get_string());
      if (auto p = prefix.find("://"); p != std::string::npos) {
        auto slash = prefix.find('/', p + 3);
        prefix = slash == std::string::npos ? "" : prefix.substr(slash);
      }
      while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    }
    for (const auto& [key, item] : paths->as_object()) {
      const std::string k = Normalize(std::string(key));
      if ((k == route || (!prefix.empty() && prefix + k == route)) && item.is_object()) {
        return &item.as_object();
      }
    }
    return nullptr;
  }

  static inline std::unique_ptr<RapportServer> server_;
  static inline std::string setup_error_;
  static inline Reply reply_;
  static inline json::value doc_;
};

const std::map<std::string, std::vector<std::string>> kRoutes = {
    {"/healthz", {"get"}},
    {"/api/v1/openapi.json", {"get"}},
    {"/api/v1/customers", {"get", "post"}},
    {"/api/v1/customers/{}", {"get", "patch", "delete"}},
    {"/api/v1/customers/{}/stage", {"post"}},
    {"/api/v1/customers/{}/history", {"get"}},
};

TEST_F(OpenApiTest, ServedWithoutAuthAsOpenApi31Json) {
  EXPECT_NE(reply_.Header("content-type").find("json"), std::string::npos)
      << reply_.Header("content-type");
  EXPECT_EQ(StrAt(doc_, "/openapi").rfind("3.1", 0), 0u) << "openapi = " << StrAt(doc_, "/openapi");
  EXPECT_FALSE(StrAt(doc_, "/info/title").empty());
  EXPECT_NE(StrAt(doc_, "/info/version"), "<missing>");
  ASSERT_TRUE(At(doc_, "/paths") && At(doc_, "/paths")->is_object());
}

TEST_F(OpenApiTest, EveryRouteIsDocumentedWithItsMethods) {
  for (const auto& [route, methods] : kRoutes) {
    const json::object* item = PathItem(route);
    ASSERT_NE(item, nullptr) << route << " missing from paths";
    for (const auto& m : methods) {
      const json::value* op = item->if_contains(m);
      ASSERT_TRUE(op && op->is_object()) << m << " " << route << " not documented";
      const json::value* responses = op->as_object().if_contains("responses");
      EXPECT_TRUE(responses && responses->is_object() && !responses->as_object().empty())
          << m << " " << route << " has no responses";
    }
  }
}

TEST_F(OpenApiTest, PathParametersAreDeclared) {
  for (const auto& [route, methods] : kRoutes) {
    if (route.find("{}") == std::string::npos) continue;
    const json::object* item = PathItem(route);
    ASSERT_NE(item, nullptr) << route;
    for (const auto& m : methods) {
      bool declared = false;
      auto scan = [&](const json::value* params) {
        if (!params || !params->is_array()) return;
        for (const auto& p : params->as_array()) {
          if (StrAt(p, "/in") == "path") declared = true;
          if (const json::value* ref = At(p, "/$ref"); ref && ref->is_string()) {
            std::string pointer = std::string(ref->get_string());
            if (pointer.rfind("#", 0) == 0) pointer.erase(0, 1);
            if (const json::value* target = At(doc_, pointer); target) {
              if (StrAt(*target, "/in") == "path") declared = true;
            }
          }
        }
      };
      scan(item->if_contains("parameters"));
      if (const json::value* op = item->if_contains(m); op && op->is_object()) {
        scan(op->as_object().if_contains("parameters"));
      }
      EXPECT_TRUE(declared) << m << " " << route << " does not declare its path parameter";
    }
  }
}

TEST_F(OpenApiTest, ListOperationDocumentsItsQueryParameters) {
  const json::object* item = PathItem("/api/v1/customers");
  ASSERT_NE(item, nullptr);
  const json::value* get = item->if_contains("get");
  ASSERT_TRUE(get && get->is_object()) << "GET /customers not documented";
  const json::value* params = get->as_object().if_contains("parameters");
  ASSERT_TRUE(params && params->is_array()) << "GET /customers has no parameters";
  std::set<std::string> names;
  for (const auto& p : params->as_array()) {
    json::value resolved = p;
    if (const json::value* ref = At(p, "/$ref"); ref && ref->is_string()) {
      std::string pointer = std::string(ref->get_string());
      if (pointer.rfind("#", 0) == 0) pointer.erase(0, 1);
      if (const json::value* target = At(doc_, pointer)) resolved = *target;
    }
    if (StrAt(resolved, "/in") == "query") names.insert(StrAt(resolved, "/name"));
  }
  for (const char* name : {"stage", "owner_id", "source", "tag", "kind", "company_id", "q", "sort",
                           "limit", "cursor"}) {
    EXPECT_TRUE(names.count(name)) << "query parameter " << name << " not documented";
  }
}

TEST_F(OpenApiTest, EveryLocalRefResolves) {
  std::vector<std::string> broken;
  std::vector<const json::value*> stack = {&doc_};
  while (!stack.empty()) {
    const json::value* v = stack.back();
    stack.pop_back();
    if (v->is_object()) {
      for (const auto& [key, child] : v->as_object()) {
        if (key == "$ref" && child.is_string()) {
          std::string ref(child.get_string());
          if (ref.rfind("#", 0) == 0 && At(doc_, ref.substr(1)) == nullptr) broken.push_back(ref);
        } else {
          stack.push_back(&child);
        }
      }
    } else if (v->is_array()) {
      for (const auto& child : v->as_array()) stack.push_back(&child);
    }
  }
  EXPECT_TRUE(broken.empty()) << "unresolved $ref: " << (broken.empty() ? "" : broken.front())
                              << " (+" << (broken.empty() ? 0 : broken.size() - 1) << " more)";
}

}  // namespace
