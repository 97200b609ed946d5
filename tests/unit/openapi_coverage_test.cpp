// Every route the server serves must be described in the OpenAPI document, and every operation the
// document describes must be served: both come from one route table (http::ApiRoutes).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <set>
#include <utility>

#include "analytics/clv/clv_engine.hpp"
#include "core/clock.hpp"
#include "domain/services.hpp"
#include "http/api.hpp"
#include "store/database.hpp"

namespace rapport::http {
namespace {

std::string Lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

class OpenApi : public ::testing::Test {
 protected:
  void SetUp() override {
    // The services are never called: only the route table and the document are inspected.
    auto db = store::OpenDatabase(":memory:");
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    services_ = std::make_unique<domain::Services>(*db_, clock_, clv_engine_, domain::ServicesConfig{});
    ctx_ = std::make_unique<ApiContext>(ApiContext{*services_});
    RegisterApiRoutes(router_, *ctx_);
  }

  // The document as served at GET /api/v1/openapi.json.
  boost::json::object ServedDocument() {
    Request req;
    req.method = "GET";
    req.path = "/api/v1/openapi.json";
    const Response r = router_.Dispatch(req);
    EXPECT_EQ(r.status, 200);
    return boost::json::parse(r.body).as_object();
  }

  core::SystemClock clock_;
  analytics::clv::ClvEngine clv_engine_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<domain::Services> services_;
  std::unique_ptr<ApiContext> ctx_;
  Router router_;
};

TEST_F(OpenApi, DescribesEveryServedRoute) {
  const auto doc = ServedDocument();
  EXPECT_TRUE(doc.at("openapi").as_string().starts_with("3.1"));
  const auto& paths = doc.at("paths").as_object();
  ASSERT_FALSE(router_.Routes().empty());
  for (const auto& route : router_.Routes()) {
    const auto* path = paths.if_contains(route.pattern);
    ASSERT_NE(path, nullptr) << "path missing from OpenAPI: " << route.pattern;
    EXPECT_TRUE(path->as_object().contains(Lower(route.method)))
        << "method missing from OpenAPI: " << route.method << " " << route.pattern;
  }
}

TEST_F(OpenApi, ServesEveryDescribedOperation) {
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& route : router_.Routes()) served.emplace(Lower(route.method), route.pattern);
  const auto doc = ServedDocument();
  std::size_t operations = 0;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [key, op] : item.as_object()) {
      if (key == "parameters") continue;
      ++operations;
      EXPECT_TRUE(served.contains({std::string(key), std::string(path)}))
          << "described but not served: " << key << " " << path;
      EXPECT_TRUE(op.as_object().contains("responses")) << key << " " << path;
    }
  }
  EXPECT_EQ(operations, served.size());
}

// Every {name} of a path is described as a path parameter, once per path (ApiRoutes::PathParameters).
TEST_F(OpenApi, DescribesEveryPathParameter) {
  const auto doc = ServedDocument();
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    std::set<std::string> names;
    for (std::size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
      names.insert(std::string(path.substr(open + 1, path.find('}', open) - open - 1)));
    }
    std::set<std::string> described;
    if (const auto* params = item.as_object().if_contains("parameters")) {
      for (const auto& p : params->as_array()) {
        if (p.as_object().at("in").as_string() == "path") described.insert(std::string(p.as_object().at("name").as_string()));
      }
    }
    EXPECT_EQ(names, described) << path;
  }
}

// Every $ref of the document names a schema of components.schemas.
TEST_F(OpenApi, EveryReferenceResolves) {
  const auto doc = ServedDocument();
  const auto& schemas = doc.at("components").as_object().at("schemas").as_object();
  std::vector<const boost::json::value*> stack{&doc.at("paths")};
  for (const auto& [name, schema] : schemas) stack.push_back(&schema);
  std::size_t refs = 0;
  while (!stack.empty()) {
    const auto* v = stack.back();
    stack.pop_back();
    if (const auto* o = v->if_object()) {
      for (const auto& [key, child] : *o) {
        if (key == "$ref") {
          ++refs;
          const std::string ref(child.as_string());
          const std::string prefix = "#/components/schemas/";
          ASSERT_TRUE(ref.starts_with(prefix)) << ref;
          EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << "unresolved " << ref;
        } else {
          stack.push_back(&child);
        }
      }
    } else if (const auto* a = v->if_array()) {
      for (const auto& child : *a) stack.push_back(&child);
    }
  }
  EXPECT_GT(refs, 0u);
}

}  // namespace
}  // namespace rapport::http
